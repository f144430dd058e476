package reconcile

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// ApplyChunk is how many proposals Apply letters in one book transaction:
// a large set is committed in chunks so that memory stays bounded and a
// crash loses at most one chunk, which a retry with the same operation id
// then applies.
const ApplyChunk = 5000

// Outcome is what applying one proposal did: what it wrote, or why it was
// not applied.
type Outcome struct {
	// Result is what applying the proposal wrote; empty when Err is set.
	Result
	// Err is nil when the proposal was applied; ErrStale when one of its
	// lines changed since it was computed (lettered meanwhile, say); else
	// the error lettering its lines gave (ErrTolerance, a lock...). Nothing
	// of a failed proposal is written.
	Err error
}

// Applied is what Apply did, one outcome per proposal in order.
type Applied struct {
	// Operation is the operation's id, the caller's or the one made.
	Operation journal.ID
	// Replay is true when every chunk had already been applied under
	// this operation id: nothing was written again.
	Replay bool
	// Outcomes are one per proposal, in the order given.
	Outcomes []Outcome
}

// Failed counts the proposals not applied.
func (a *Applied) Failed() int {
	n := 0
	for _, o := range a.Outcomes {
		if o.Err != nil {
			n++
		}
	}
	return n
}

// Apply letters each proposal as its own lettering: it re-reads the
// proposal's lines and refuses it (ErrStale) when one changed since it was
// computed, letters the others, and reports each outcome. One failing
// proposal writes nothing and does not stop the others. Proposals are
// committed ApplyChunk at a time under ids derived from op, and op itself
// records the whole set in the first chunk's transaction: calling Apply
// again with the same op and proposals replays what was committed and
// applies the rest; with other proposals it is refused. op NoID gets a
// fresh id.
//
// It returns an error only when the book cannot be read or written (the
// context ended, a store failure); ErrIdempotencyConflict when op was used
// for other proposals or another operation.
func (r *Reconciler) Apply(ctx context.Context, op journal.ID, proposals []Proposal) (Applied, error) {
	if op == journal.NoID {
		op = journal.NewID()
	}
	out := Applied{Operation: op, Replay: len(proposals) > 0, Outcomes: make([]Outcome, 0, len(proposals))}
	if len(proposals) == 0 {
		// Nothing to write, and nothing recorded: op stays free for the
		// proposals of a later call, unless it is taken already.
		err := r.book.View(ctx, func(t *ledger.Tx) error {
			if _, _, found, err := t.Operation(op); err != nil {
				return err
			} else if found {
				return fmt.Errorf("%w: operation %s was used for another request", ErrIdempotencyConflict, op)
			}
			return freshOperation(t, op)
		})
		if err != nil {
			return Applied{}, err
		}
		return out, nil
	}
	body, err := json.Marshal(proposalRecs(proposals))
	if err != nil {
		return Applied{}, fmt.Errorf("reconcile: encoding the proposals: %w", err)
	}
	whole := &claim{op: op, fp: []byte("apply\x00" + sha(body))}
	for k := 0; k < len(proposals); k += ApplyChunk {
		chunk := proposals[k:min(k+ApplyChunk, len(proposals))]
		body, err := json.Marshal(proposalRecs(chunk))
		if err != nil {
			return Applied{}, err
		}
		id := derivedID(op, fmt.Sprintf("apply/%d", k/ApplyChunk))
		outs, _, replay, err := r.applyChunk(ctx, id, append([]byte("apply\x00"), body...), chunk, false, whole, nil, nil, nil)
		if err != nil {
			return Applied{}, err
		}
		out.Replay = out.Replay && replay
		out.Outcomes = append(out.Outcomes, outs...)
	}
	return out, nil
}

// claim is an operation id standing for a call made of several chunks:
// each chunk's transaction checks it holds the call's fingerprint, and the
// first records it, so that the id cannot be reused for anything else.
type claim struct {
	op journal.ID
	fp []byte
}

// check verifies (and, when absent, records) the claim inside a chunk's
// transaction.
func (c *claim) check(t *ledger.Tx) error {
	stored, _, found, err := t.Operation(c.op)
	if err != nil {
		return err
	}
	if found {
		if string(stored) != string(c.fp) {
			return fmt.Errorf("%w: operation %s was used for another request", ErrIdempotencyConflict, c.op)
		}
		return nil
	}
	if err := freshOperation(t, c.op); err != nil {
		return err
	}
	return booktx.Of(t).RecordOperation(c.op, c.fp, []byte(claimResult))
}

// claimResult is the result a claim records: the chunks hold the rest.
const claimResult = "{}"

func proposalRecs(ps []Proposal) []proposalRec {
	recs := make([]proposalRec, len(ps))
	for i, p := range ps {
		recs[i] = proposalRec{Account: p.Account, Lines: p.Lines, Seen: p.Seen, WriteOff: p.WriteOff.IsSet()}
		if p.Discount.IsSet() {
			recs[i].Discount = p.Discount.String()
		}
	}
	return recs
}

// derivedID is the id of a part of an operation: stable for the same
// operation and part, distinct from every other. It keeps the operation's
// first six bytes (a UUIDv7's time) and takes the rest from a SHA-1 of the
// operation and the part, marked as a UUIDv8, so that it sorts right after
// the ids of the operation's millisecond: the part's record shares its
// pages with the operation's own instead of landing on a page of its own.
func derivedID(op journal.ID, part string) journal.ID {
	h := uuid.NewSHA1(op, []byte(part))
	id := op
	copy(id[6:], h[6:])
	id[6] = 0x80 | id[6]&0x0f // version 8
	id[8] = 0x80 | id[8]&0x3f // RFC 9562 variant
	return id
}

// proposalRec is what identifies a proposal in an operation's
// fingerprint: a retry must name the same lines seen at the same
// residuals.
type proposalRec struct {
	Account  string            `json:"a"`
	Lines    []journal.LineRef `json:"l"`
	Seen     []ledger.Residual `json:"s"`
	WriteOff bool              `json:"w,omitempty"`
	Discount string            `json:"d,omitempty"`
}

// outcomeRec is how one outcome is kept with the chunk's result: how many
// of the result's records are its, or its error.
type outcomeRec struct {
	Entries  int    `json:"e,omitempty"`
	Partials int    `json:"p,omitempty"`
	Matches  int    `json:"m,omitempty"`
	Err      string `json:"x,omitempty"`
}

// chunkRec is the stored result of one chunk.
type chunkRec struct {
	resultRec
	Outcomes []outcomeRec `json:"o"`
	// Extra is what the caller keeps with the chunk (AutoLetter: its
	// progress), written in the same transaction.
	Extra json.RawMessage `json:"x,omitempty"`
}

// appendChunkRec appends to dst the chunk record of res, orecs and extra
// as encoding/json writes a chunkRec of them, byte for byte (a replay of
// either reads the other): written directly, a chunk's thousands of ids
// are not copied into lists, then base64 encoded, then scanned again by the
// encoder's check of what a marshaler returned.
func appendChunkRec(dst []byte, res *Result, orecs []outcomeRec, extra json.RawMessage) ([]byte, error) {
	ids := len(res.Entries) + len(res.Partials) + len(res.Matches) + len(res.UndonePartial) + len(res.UndoneMatches)
	if dst == nil {
		// The ids in base64 (a third more), and an outcome's counts.
		dst = make([]byte, 0, 64+ids*len(journal.ID{})*4/3+len(orecs)*20+len(extra))
	}
	var raw []byte // an id list's bytes end to end, reused list after list
	first := true
	field := func(name string) {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(append(append(dst, '"'), name...), '"', ':')
	}
	list := func(name string, n int, id func(i int) journal.ID) {
		if n == 0 {
			return // omitempty
		}
		raw = raw[:0]
		for i := 0; i < n; i++ {
			x := id(i)
			raw = append(raw, x[:]...)
		}
		field(name)
		dst = append(base64.StdEncoding.AppendEncode(append(dst, '"'), raw), '"')
	}
	dst = append(dst, '{')
	list("e", len(res.Entries), func(i int) journal.ID { return res.Entries[i].ID })
	list("p", len(res.Partials), func(i int) journal.ID { return res.Partials[i].ID })
	list("m", len(res.Matches), func(i int) journal.ID { return res.Matches[i].ID })
	list("up", len(res.UndonePartial), func(i int) journal.ID { return res.UndonePartial[i].ID })
	list("um", len(res.UndoneMatches), func(i int) journal.ID { return res.UndoneMatches[i].ID })
	field("o")
	if orecs == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i, o := range orecs {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '{')
			n := 0
			count := func(name string, v int) {
				if v == 0 {
					return
				}
				if n > 0 {
					dst = append(dst, ',')
				}
				n++
				dst = strconv.AppendInt(append(append(append(dst, '"'), name...), '"', ':'), int64(v), 10)
			}
			count("e", o.Entries)
			count("p", o.Partials)
			count("m", o.Matches)
			if o.Err != "" {
				// A refusal's message: the encoder's own escaping.
				msg, err := json.Marshal(o.Err)
				if err != nil {
					return nil, err
				}
				if n > 0 {
					dst = append(dst, ',')
				}
				dst = append(append(dst, `"x":`...), msg...)
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if len(extra) > 0 {
		// As the encoder writes a raw message: compacted, HTML escaped.
		x, err := json.Marshal(extra)
		if err != nil {
			return nil, err
		}
		field("x")
		dst = append(dst, x...)
	}
	return append(dst, '}'), nil
}

// applyFailure aborts a chunk's transaction when a proposal failed after
// writing part of its lettering; the chunk runs again without it.
type applyFailure struct {
	index int
	err   error
}

func (f *applyFailure) Error() string { return f.err.Error() }

// applyChunk applies proposals in one transaction under id, whose
// fingerprint is fp. own says the proposals are AutoLetter's, proposed on
// this book: the entries they carry are used instead of being read again.
// whole, when set, is checked in the same transaction; extra, when set,
// computes from the outcomes what is kept with the chunk. A chunk already
// recorded is read back (replay), with its extra. bufs, when set, lends
// the chunk its result arrays (see chunkBufs).
func (r *Reconciler) applyChunk(ctx context.Context, id journal.ID, fp []byte, proposals []Proposal, own bool, whole *claim,
	extra func([]Outcome) (json.RawMessage, error), finish func(t *ledger.Tx) error, bufs *chunkBufs) ([]Outcome, json.RawMessage, bool, error) {
	return r.applyEach(ctx, id, fp, len(proposals), whole, extra, nil, finish, bufs, func(w *work, i int) (bool, error) {
		p := &proposals[i]
		if own {
			w.keepEntries(p)
		}
		return w.applyProposal(p)
	})
}

// chunkBufs are a chunk's result arrays, lent from one chunk to the next
// by a caller done with a chunk's outcomes once they are counted
// (AutoLetter). A million-line run made 42 chunks' arrays of partials,
// matches and outcomes, 170 MB, each zeroed when made and scanned by the
// garbage collector; lent, they are made once. A nil *chunkBufs lends
// nothing: each chunk makes its own.
type chunkBufs struct {
	partials []journal.Partial
	matches  []journal.Match
	outs     []Outcome
	orecs    []outcomeRec
}

// partialsFor returns an empty list of partials with room for n.
func (b *chunkBufs) partialsFor(n int) []journal.Partial {
	if b == nil {
		return make([]journal.Partial, 0, n)
	}
	return emptyWithRoom(b.partials, n)
}

// matchesFor returns an empty list of matches with room for n.
func (b *chunkBufs) matchesFor(n int) []journal.Match {
	if b == nil {
		return make([]journal.Match, 0, n)
	}
	return emptyWithRoom(b.matches, n)
}

// emptyWithRoom returns s emptied when it has room for n, a new list with
// that room otherwise.
func emptyWithRoom[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// outcomesFor returns n zero outcomes and n zero outcome records.
func (b *chunkBufs) outcomesFor(n int) ([]Outcome, []outcomeRec) {
	if b == nil {
		return make([]Outcome, n), make([]outcomeRec, n)
	}
	if cap(b.outs) < n {
		b.outs, b.orecs = make([]Outcome, n), make([]outcomeRec, n)
	}
	outs, orecs := b.outs[:n], b.orecs[:n]
	clear(outs)
	clear(orecs)
	return outs, orecs
}

// keep takes back the lists of res, grown or not, for the next chunk.
func (b *chunkBufs) keep(res *Result) {
	if b != nil {
		b.partials, b.matches = res.Partials, res.Matches
	}
}

// keepEntries hands the transaction the entries a proposal of AutoLetter
// carries (see Proposal.entries), each only for the line it was read for.
// The proposal lets go of them: the transaction keeps a bounded number, and
// a chunk's proposals holding all theirs until the chunk is done was a
// third more heap.
func (w *work) keepEntries(p *Proposal) {
	if len(p.entries) == len(p.Lines) {
		for i, e := range p.entries {
			if e != nil && e.ID == p.Lines[i].Entry {
				booktx.KeepEntry(w.t, e)
			}
		}
	}
	p.entries = nil
}

// applyEach applies n items in one transaction under id, whose
// fingerprint is fp: each through apply, its own atomic unit. An item
// refused before it wrote anything is reported; one that fails after
// writing reruns the transaction without it. whole, when set, is checked
// in the same transaction; extra, when set, computes from the outcomes
// what is kept with the chunk; setup, when set, runs first in each
// attempt; finish, when set, last, once the chunk is recorded (in the same
// commit). A chunk already recorded is read back (replay), with its extra;
// finish does not run then. bufs, when set, lends the chunk its result
// arrays: the outcomes returned are good until the next chunk given bufs.
func (r *Reconciler) applyEach(ctx context.Context, id journal.ID, fp []byte, n int, whole *claim,
	extra func([]Outcome) (json.RawMessage, error), setup func(w *work) error, finish func(t *ledger.Tx) error, bufs *chunkBufs,
	apply func(w *work, i int) (written bool, err error)) ([]Outcome, json.RawMessage, bool, error) {
	failed := map[int]error{}
	for {
		var outs []Outcome
		var kept json.RawMessage
		replay := false
		err := r.book.Update(ctx, func(t *ledger.Tx) error {
			if whole != nil {
				if err := whole.check(t); err != nil {
					return err
				}
			}
			stored, result, found, err := t.Operation(id)
			if err != nil {
				return err
			}
			if found {
				if string(stored) != string(fp) {
					return fmt.Errorf("%w: operation %s was applied to other proposals", ErrIdempotencyConflict, id)
				}
				replay = true
				want := n
				if extra != nil {
					// A chunk kept with its progress (AutoLetter's) is known
					// by its place in the walk, not by its proposals: another
					// run with the same id may have applied other ones (it
					// proposed before this run's lines were lettered, or
					// after), and its outcomes stand, however many.
					want = -1
				}
				outs, kept, err = loadChunk(t, id, result, want)
				return err
			}
			if err := freshOperation(t, id); err != nil {
				return err
			}
			// A proposal makes a partial or two and a match: room for them
			// up front, rather than the chunk's list regrown (and copied) a
			// dozen times. One and a half partials a proposal: a book's
			// payments mostly pay one invoice each (1.3 on the benchmark's);
			// past that, the list grows once.
			w := &work{r: r, t: t, wr: booktx.Of(t), op: id, res: Result{Operation: id,
				Partials: bufs.partialsFor(n + n/2), Matches: bufs.matchesFor(n)}}
			if setup != nil {
				if err := setup(w); err != nil {
					return err
				}
			}
			var orecs []outcomeRec
			outs, orecs = bufs.outcomesFor(n)
			for i := 0; i < n; i++ {
				if err, ok := failed[i]; ok {
					outs[i].Err, orecs[i].Err = err, err.Error()
					continue
				}
				before := w.res
				written, err := apply(w, i)
				if err != nil && (written || !refusal(err)) {
					if !refusal(err) {
						return err
					}
					return &applyFailure{index: i, err: err}
				}
				if err != nil {
					outs[i].Err, orecs[i].Err = err, err.Error()
					continue
				}
				// Capped: an outcome's lists share the chunk's arrays, and
				// appending to one must not write over the next's.
				outs[i].Result = Result{Operation: id,
					Entries:  w.res.Entries[len(before.Entries):len(w.res.Entries):len(w.res.Entries)],
					Partials: w.res.Partials[len(before.Partials):len(w.res.Partials):len(w.res.Partials)],
					Matches:  w.res.Matches[len(before.Matches):len(w.res.Matches):len(w.res.Matches)]}
				orecs[i] = outcomeRec{Entries: len(outs[i].Entries), Partials: len(outs[i].Partials), Matches: len(outs[i].Matches)}
			}
			bufs.keep(&w.res)
			if extra != nil {
				if kept, err = extra(outs); err != nil {
					return err
				}
			}
			result, err = appendChunkRec(nil, &w.res, orecs, kept)
			if err != nil {
				return err
			}
			if err := booktx.Of(t).RecordOperation(id, fp, result); err != nil {
				return err
			}
			if finish != nil {
				return finish(t)
			}
			return nil
		})
		var f *applyFailure
		if errors.As(err, &f) {
			failed[f.index] = f.err
			continue
		}
		if err != nil {
			return nil, nil, false, err
		}
		return outs, kept, replay, nil
	}
}

// applyProposal letters one proposal. written reports whether the error
// came after something was written (the transaction must then be rolled
// back).
func (w *work) applyProposal(p *Proposal) (written bool, err error) {
	if len(p.Lines) == 0 || len(p.Seen) != len(p.Lines) {
		return false, fmt.Errorf("%w: %d lines and %d residuals seen", ErrStale, len(p.Lines), len(p.Seen))
	}
	items, err := w.proposalItems(p.Lines)
	if errors.Is(err, ErrMatched) {
		return false, fmt.Errorf("%w: %v", ErrStale, err)
	}
	if err != nil {
		return false, err
	}
	if items[0].line.Account != p.Account {
		return false, fmt.Errorf("%w: the lines are on %s, the proposal on %s", ErrAccount, items[0].line.Account, p.Account)
	}
	named := func(id journal.ID) bool {
		return slices.ContainsFunc(items, func(it *item) bool { return it.entry.ID == id })
	}
	for i, it := range items {
		seen := p.Seen[i]
		if !it.residual.Balance.Equal(seen.Balance) || !it.residual.AmountCurrency.Equal(seen.AmountCurrency) {
			return false, fmt.Errorf("%w: %s has %s left, %s when proposed", ErrStale, it, it.residual.AmountCurrency, seen.AmountCurrency)
		}
		// An entry reversed since (a cancelled invoice) goes with its
		// reversal, not with a payment, while the reversal is open to go
		// with it (cancelledBy); so does a reversal whose original is
		// open again since (unlettered from what it went with).
		if by, err := cancelledBy(w.t, it.entry, it.line.Account, it.line.Partner, named); err != nil {
			return false, err
		} else if by != journal.NoID && it.entry.ReversalOf == journal.NoID {
			return false, fmt.Errorf("%w: %s was reversed since", ErrStale, it.entry.Name())
		} else if by != journal.NoID {
			return false, fmt.Errorf("%w: %s cancels an entry open again since, which it goes with", ErrStale, it.entry.Name())
		}
	}
	// A proposal that plans a discount partial takes a discount, whether
	// or not its Discount says so: discounted refuses the mismatch.
	discount := p.Discount.IsSet() || slices.ContainsFunc(p.Partials, func(pp PlannedPartial) bool { return pp.Discount })
	if !discount && !p.WriteOff.IsSet() && letterPairs {
		if ok, err := w.letterPair(items); ok || err != nil {
			return true, err
		}
	}
	if discount {
		docs, offs, payDate, err := w.discounted(p, items)
		if err != nil {
			return false, err
		}
		for k, doc := range docs {
			if err := w.earlyDiscount(doc, payDate, offs[k]); err != nil {
				return true, err
			}
		}
	}
	if err := w.letter(items, letterOptions{keepOrder: true, writeOff: p.WriteOff.IsSet()}); err != nil {
		return true, err
	}
	return true, nil
}

// letterPair letters a debit and a credit line of the company currency
// as letter does, without what letter computes for the cases they cannot
// be: most proposals are one invoice and one payment in the company
// currency, no rate, no write-off, no dust. It reports false, having
// written nothing, when the items are not such a pair; letter takes them
// then.
//
// For such a pair letter values both sides at their company residuals,
// matches the smaller (consume, settleDrops: the side consumed drops by
// all it has, the other by that amount in both columns, no exchange
// line), records the partial with the company-currency rates cash basis
// reads (paymentRate: none, the lines' own), and settles the group when
// both lines reach zero; a line left open keeps its group open. The
// partial, the cash-basis entries and the match written are those
// letter writes, field for field.
func (w *work) letterPair(items []*item) (bool, error) {
	if len(items) != 2 {
		return false, nil
	}
	d, c := items[0], items[1]
	if lineSign(d.line) < 0 {
		d, c = c, d
	}
	company := w.t.Book().Currency()
	if lineSign(d.line) <= 0 || lineSign(c.line) >= 0 || !inCompanyCurrency(d, company) || !inCompanyCurrency(c, company) {
		return false, nil
	}
	if err := w.wr.BeginLettering(); err != nil {
		return true, err
	}
	dOpen, cOpen := d.residual.Balance.Abs(), c.residual.Balance.Abs()
	amount := minAmount(dOpen, cOpen)
	date, err := w.matchDate(d, c)
	if err != nil {
		return true, err
	}
	p, err := w.putPartial(journal.Partial{Debit: d.ref, Credit: c.ref, Amount: amount,
		DebitAmountCurrency: amount, CreditAmountCurrency: amount, Date: date,
		Kind: w.partialKind(d, c), Operation: w.op})
	if err != nil {
		return true, err
	}
	w.res.Partials = append(w.res.Partials, p)
	if err := w.refresh(d, c); err != nil {
		return true, err
	}
	var rates paidAt
	rates.set(d.ref, rate{})
	rates.set(c.ref, rate{})
	if err := w.cashBasis(p, &rates); err != nil {
		return true, err
	}
	if !d.residual.IsZero() || !c.residual.IsZero() {
		return true, nil // the open line keeps the group open: no match
	}
	g, err := w.groupOf(items[0].ref)
	if err != nil {
		return true, err
	}
	if len(g.lines) == 2 {
		// The group is the pair, both lines at zero: its match is dated
		// as the partial (the later line, out of the closed years), on
		// their account, for their partner where the account has one —
		// what match finds reading them again.
		a, err := w.t.Account(d.line.Account)
		if err != nil {
			return true, err
		}
		partner := ""
		if a.Kind.NeedsPartner() {
			partner = d.line.Partner
		}
		return true, w.putGroupMatch(g, d.line.Account, partner, date)
	}
	return true, w.match(g)
}

// letterPairs turns letterPair on; a test turns it off to letter the same
// book through letter alone and compare what both wrote.
var letterPairs = true

// inCompanyCurrency reports whether it is a line kept in the company
// currency with something open, its residual the same in both columns.
func inCompanyCurrency(it *item, company currency.Currency) bool {
	return it.line.AmountCurrency.Currency() == company && it.line.Balance.Currency() == company &&
		!it.residual.Balance.IsZero() && it.residual.AmountCurrency.Currency() == company &&
		mustCmp(it.residual.AmountCurrency, it.residual.Balance) == 0
}

// discounted checks a proposal that takes early-payment discounts against
// its lines, read again, as Propose chose them: the credit notes the
// payment names, if any, then one payment (not a document), then the
// documents it pays, each discount partial on one of them, an invoice of
// one line on the account with nothing lettered, taking exactly its offer,
// the payment dated by the offer's last day; the discounts summing to the
// proposal's, and the payment with the credit notes paying exactly what
// the documents owe less them; no write-off beside. It returns the
// invoices and their discounts, and the payment's date.
func (w *work) discounted(p *Proposal, items []*item) ([]*item, []currency.Amount, journal.Date, error) {
	refuse := func(format string, args ...any) ([]*item, []currency.Amount, journal.Date, error) {
		return nil, nil, journal.Date{}, fmt.Errorf("%w: "+format, append([]any{ErrDiscount}, args...)...)
	}
	notes := 0
	for notes < len(items) && items[notes].entry.Type == journal.TypeCreditNote {
		notes++
	}
	if len(items)-notes < 2 || p.WriteOff.IsSet() {
		return refuse("a discount letters one payment, and the credit notes it names, with what it pays, without write-off (%d lines)", len(items))
	}
	pay := items[notes]
	if pay.entry.IsDocument() {
		return refuse("%s is a %s: only a payment takes a discount", pay, pay.entry.Type)
	}
	var docs []*item
	var offs []currency.Amount
	owed, taken := currency.Zero(pay.lineCurrency()), currency.Zero(pay.lineCurrency())
	credited := currency.Zero(pay.lineCurrency())
	for _, n := range items[:notes] {
		if n.lineCurrency() != pay.lineCurrency() || n.residual.Balance.Sign() != pay.residual.Balance.Sign() {
			return refuse("%s and %s are not a credit note and a payment on one side, in one currency", n, pay)
		}
		credited = mustAdd(credited, n.residual.AmountCurrency.Abs())
	}
	for _, doc := range items[notes+1:] {
		if doc.lineCurrency() != pay.lineCurrency() || doc.residual.Balance.Sign() == pay.residual.Balance.Sign() {
			return refuse("%s and %s are not a payment and what it pays, in one currency", pay, doc)
		}
		owed = mustAdd(owed, doc.residual.AmountCurrency.Abs())
	}
	for _, pp := range p.Partials {
		if !pp.Discount {
			continue
		}
		ref := pp.Debit
		if ref == (journal.LineRef{}) {
			ref = pp.Credit
		}
		k := slices.IndexFunc(items[notes+1:], func(it *item) bool { return it.ref == ref })
		if k < 0 || slices.Contains(docs, items[notes+1+k]) {
			return refuse("a discount partial on %s, not a document of the proposal, or twice", ref)
		}
		doc := items[notes+1+k]
		o, err := w.offerInTime(doc, pay.entry.Date)
		switch {
		case err != nil:
			return nil, nil, journal.Date{}, err
		case o == nil:
			return refuse("%s offers no early-payment discount a first payment on %s may take (an invoice of one instalment, "+
				"not reversed, nothing lettered, the offer not ended)", doc, pay.entry.Date)
		case !o.Amount.Equal(pp.Amount):
			return refuse("%s offers %s, the proposal takes %s", doc, o.Amount, pp.Amount)
		}
		docs, offs = append(docs, doc), append(offs, o.Amount)
		taken = mustAdd(taken, o.Amount)
	}
	switch {
	case len(docs) == 0 || !taken.Equal(p.Discount):
		return refuse("the proposal's discount partials sum to %s, its discount is %s", taken, p.Discount)
	case !mustSub(mustSub(owed, taken), credited).Equal(pay.residual.AmountCurrency.Abs()):
		return refuse("%s pays %s and its credit notes %s, its documents owe %s less %s", pay, pay.residual.AmountCurrency.Abs(),
			credited, owed, taken)
	}
	return docs, offs, pay.entry.Date, nil
}

// cancelledBy returns, for entry e on account and partner, the entry
// that cancels it there: its reversal when e was reversed, or its original
// when e is a reversal, as long as that entry is still open on the same
// account and partner and is not one with reports (lettered together;
// nil for none). A cancelled entry goes with what cancels it, not with a
// payment; once that entry went with another document, e is due again as
// any other. NoID when nothing cancels it.
func cancelledBy(t *ledger.Tx, e *journal.Entry, account, partner string, with func(journal.ID) bool) (journal.ID, error) {
	other := e.ReversalOf
	if other == journal.NoID {
		by, reversed, err := t.ReversedBy(e.ID)
		if err != nil || !reversed {
			return journal.NoID, err
		}
		other = by
	}
	if with != nil && with(other) {
		return journal.NoID, nil
	}
	open, err := openOn(t, other, account, partner)
	if err != nil || !open {
		return journal.NoID, err
	}
	return other, nil
}

// openOn reports whether entry id has a line left open on account, for
// partner.
func openOn(t *ledger.Tx, id journal.ID, account, partner string) (bool, error) {
	e, err := t.Entry(id)
	if err != nil {
		return false, err
	}
	for i, l := range e.Lines {
		if l.Account != account || l.Partner != partner {
			continue
		}
		r, err := t.Residual(e.LineRef(i))
		if err != nil {
			return false, err
		}
		if !r.IsZero() {
			return true, nil
		}
	}
	return false, nil
}

// loadChunk reads back the outcomes of a chunk applied before, and what
// was kept with it.
func loadChunk(t *ledger.Tx, id journal.ID, result []byte, n int) ([]Outcome, json.RawMessage, error) {
	var rec chunkRec
	if err := json.Unmarshal(result, &rec); err != nil {
		return nil, nil, fmt.Errorf("reconcile: stored result of %s: %w", id, err)
	}
	if n >= 0 && len(rec.Outcomes) != n {
		return nil, nil, fmt.Errorf("%w: stored result of %s has %d outcomes for %d proposals", ledger.ErrFormat, id, len(rec.Outcomes), n)
	}
	res, err := rec.resultRec.load(t, id)
	if err != nil {
		return nil, nil, err
	}
	outs := make([]Outcome, len(rec.Outcomes))
	var e, p, m int
	for i, o := range rec.Outcomes {
		if o.Err != "" {
			outs[i] = Outcome{Err: storedError(o.Err)}
			continue
		}
		if e+o.Entries > len(res.Entries) || p+o.Partials > len(res.Partials) || m+o.Matches > len(res.Matches) {
			return nil, nil, fmt.Errorf("%w: stored result of %s does not add up", ledger.ErrFormat, id)
		}
		outs[i].Result = Result{Operation: id, Replay: true,
			Entries:  res.Entries[e : e+o.Entries : e+o.Entries],
			Partials: res.Partials[p : p+o.Partials : p+o.Partials],
			Matches:  res.Matches[m : m+o.Matches : m+o.Matches]}
		e, p, m = e+o.Entries, p+o.Partials, m+o.Matches
	}
	return outs, rec.Extra, nil
}

// refusals are the errors that refuse one proposal, not the whole call:
// the lettering's own refusals and the book's refusals of what it would
// post. Anything else (a store failure, the context) stops Apply.
var refusals = []error{ErrStale, ErrNotPosted, ErrAccount, ErrPartner, ErrNotReconcilable, ErrMatched,
	ErrDuplicateLine, ErrTooManyLines, ErrNothingToLetter, ErrOverAllocation, ErrAmount, ErrTolerance,
	ErrPosted, ErrCleared, ErrSettled, ErrNotDocument, ErrJournal, ErrNotFound, ErrDiscount,
	ledger.ErrLocked, ledger.ErrNoFiscalYear, ledger.ErrNoRate, ledger.ErrInactiveAccount,
	ledger.ErrUnknownAccount, ledger.ErrUnknownPartner, ledger.ErrUnknownJournal, ledger.ErrAccountCurrency,
	ledger.ErrPartial, ledger.ErrMatch, ErrNotFee, ErrDomiciled, ErrReversalPair, journal.ErrDate, journal.ErrNoDate,
	ledger.ErrReversalDate, ErrRevalued}

func refusal(err error) bool {
	for _, r := range refusals {
		if errors.Is(err, r) {
			return true
		}
	}
	var te *journal.TextError
	return errors.As(err, &te)
}

// storedError rebuilds a refusal read back from a stored outcome: its
// message as recorded, matching the sentinel it wrapped.
func storedError(msg string) error {
	for _, r := range refusals {
		if strings.Contains(msg, r.Error()) {
			return &replayedError{msg: msg, sentinel: r}
		}
	}
	return errors.New(msg)
}

type replayedError struct {
	msg      string
	sentinel error
}

func (e *replayedError) Error() string { return e.msg }
func (e *replayedError) Unwrap() error { return e.sentinel }

// sha is a short digest for ids derived from content.
func sha(b []byte) string {
	s := sha256.Sum256(b)
	return fmt.Sprintf("%x", s[:16])
}
