package reconcile

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

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
	Result
	// Err is nil when the proposal was applied; ErrStale when one of its
	// lines changed since it was computed; else the error lettering its
	// lines gave (ErrTolerance, ErrMatched, a lock...). Nothing of a failed
	// proposal is written.
	Err error
}

// Applied is what Apply did, one outcome per proposal in order.
type Applied struct {
	Operation journal.ID
	// Replay is true when every chunk had already been applied under
	// this operation id: nothing was written again.
	Replay   bool
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
// committed ApplyChunk at a time, the first under op and the next under ids
// derived from it: calling Apply again with the same op and proposals
// replays what was committed and applies the rest. op NoID gets a fresh id.
//
// It returns an error only when the book cannot be read or written (the
// context ended, a store failure); ErrIdempotencyConflict when op was used
// for other proposals.
func (r *Reconciler) Apply(ctx context.Context, op journal.ID, proposals []Proposal) (Applied, error) {
	if op == journal.NoID {
		op = journal.NewID()
	}
	out := Applied{Operation: op, Replay: true, Outcomes: make([]Outcome, 0, len(proposals))}
	for k := 0; k < len(proposals); k += ApplyChunk {
		chunk := proposals[k:min(k+ApplyChunk, len(proposals))]
		// The first chunk is recorded under op itself, so that op names
		// this operation like any other; the next under ids derived from it.
		id := op
		if k > 0 {
			id = derivedID(op, fmt.Sprintf("apply/%d", k/ApplyChunk))
		}
		outs, replay, err := r.applyChunk(ctx, id, chunk)
		if err != nil {
			return Applied{}, err
		}
		out.Replay = out.Replay && replay
		out.Outcomes = append(out.Outcomes, outs...)
	}
	if len(proposals) == 0 {
		out.Replay = false
	}
	return out, nil
}

// derivedID is the id of a part of an operation: stable for the same
// operation and part, distinct from every other.
func derivedID(op journal.ID, part string) journal.ID {
	return uuid.NewSHA1(op, []byte(part))
}

// proposalRec is what identifies a proposal in an operation's
// fingerprint: a retry must name the same lines seen at the same
// residuals.
type proposalRec struct {
	Account  string            `json:"a"`
	Lines    []journal.LineRef `json:"l"`
	Seen     []ledger.Residual `json:"s"`
	WriteOff bool              `json:"w,omitempty"`
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
}

// applyFailure aborts a chunk's transaction when a proposal failed after
// writing part of its lettering; the chunk runs again without it.
type applyFailure struct {
	index int
	err   error
}

func (f *applyFailure) Error() string { return f.err.Error() }

// applyChunk applies proposals in one transaction under id.
func (r *Reconciler) applyChunk(ctx context.Context, id journal.ID, proposals []Proposal) ([]Outcome, bool, error) {
	recs := make([]proposalRec, len(proposals))
	for i, p := range proposals {
		recs[i] = proposalRec{Account: p.Account, Lines: p.Lines, Seen: p.Seen, WriteOff: p.WriteOff.IsSet()}
	}
	body, err := json.Marshal(recs)
	if err != nil {
		return nil, false, fmt.Errorf("reconcile: encoding the proposals: %w", err)
	}
	fp := append([]byte("apply\x00"), body...)
	failed := map[int]error{}
	for {
		var outs []Outcome
		replay := false
		err := r.book.Update(ctx, func(t *ledger.Tx) error {
			stored, result, found, err := t.Operation(id)
			if err != nil {
				return err
			}
			if found {
				if string(stored) != string(fp) {
					return fmt.Errorf("%w: operation %s was applied to other proposals", ErrIdempotencyConflict, id)
				}
				replay = true
				outs, err = loadChunk(t, id, result, len(proposals))
				return err
			}
			if err := freshOperation(t, id); err != nil {
				return err
			}
			w := &work{r: r, t: t, wr: booktx.Of(t), op: id, res: Result{Operation: id}}
			outs = make([]Outcome, len(proposals))
			orecs := make([]outcomeRec, len(proposals))
			for i := range proposals {
				if err, ok := failed[i]; ok {
					outs[i].Err, orecs[i].Err = err, err.Error()
					continue
				}
				before := w.res
				w.entries = nil // bounded memory: each proposal reads its own lines
				written, err := w.applyProposal(&proposals[i])
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
				outs[i].Result = Result{Operation: id,
					Entries:  w.res.Entries[len(before.Entries):],
					Partials: w.res.Partials[len(before.Partials):],
					Matches:  w.res.Matches[len(before.Matches):]}
				orecs[i] = outcomeRec{Entries: len(outs[i].Entries), Partials: len(outs[i].Partials), Matches: len(outs[i].Matches)}
			}
			result, err = json.Marshal(chunkRec{resultRec: w.res.rec(), Outcomes: orecs})
			if err != nil {
				return err
			}
			return booktx.Of(t).RecordOperation(id, fp, result)
		})
		var f *applyFailure
		if errors.As(err, &f) {
			failed[f.index] = f.err
			continue
		}
		if err != nil {
			return nil, false, err
		}
		return outs, replay, nil
	}
}

// applyProposal letters one proposal. written reports whether the error
// came after something was written (the transaction must then be rolled
// back).
func (w *work) applyProposal(p *Proposal) (written bool, err error) {
	if len(p.Lines) == 0 || len(p.Seen) != len(p.Lines) {
		return false, fmt.Errorf("%w: %d lines and %d residuals seen", ErrStale, len(p.Lines), len(p.Seen))
	}
	items, err := w.items(p.Lines)
	if errors.Is(err, ErrMatched) {
		return false, fmt.Errorf("%w: %v", ErrStale, err)
	}
	if err != nil {
		return false, err
	}
	if items[0].line.Account != p.Account {
		return false, fmt.Errorf("%w: the lines are on %s, the proposal on %s", ErrAccount, items[0].line.Account, p.Account)
	}
	for i, it := range items {
		seen := p.Seen[i]
		if !it.residual.Balance.Equal(seen.Balance) || !it.residual.AmountCurrency.Equal(seen.AmountCurrency) {
			return false, fmt.Errorf("%w: %s has %s left, %s when proposed", ErrStale, it, it.residual.AmountCurrency, seen.AmountCurrency)
		}
	}
	if err := w.letter(items, letterOptions{keepOrder: true, writeOff: p.WriteOff.IsSet()}); err != nil {
		return true, err
	}
	return true, nil
}

// loadChunk reads back the outcomes of a chunk applied before.
func loadChunk(t *ledger.Tx, id journal.ID, result []byte, n int) ([]Outcome, error) {
	var rec chunkRec
	if err := json.Unmarshal(result, &rec); err != nil {
		return nil, fmt.Errorf("reconcile: stored result of %s: %w", id, err)
	}
	if len(rec.Outcomes) != n {
		return nil, fmt.Errorf("%w: stored result of %s has %d outcomes for %d proposals", ledger.ErrFormat, id, len(rec.Outcomes), n)
	}
	res, err := rec.resultRec.load(t, id)
	if err != nil {
		return nil, err
	}
	outs := make([]Outcome, n)
	var e, p, m int
	for i, o := range rec.Outcomes {
		if o.Err != "" {
			outs[i] = Outcome{Err: storedError(o.Err)}
			continue
		}
		if e+o.Entries > len(res.Entries) || p+o.Partials > len(res.Partials) || m+o.Matches > len(res.Matches) {
			return nil, fmt.Errorf("%w: stored result of %s does not add up", ledger.ErrFormat, id)
		}
		outs[i].Result = Result{Operation: id, Replay: true,
			Entries:  res.Entries[e : e+o.Entries],
			Partials: res.Partials[p : p+o.Partials],
			Matches:  res.Matches[m : m+o.Matches]}
		e, p, m = e+o.Entries, p+o.Partials, m+o.Matches
	}
	return outs, nil
}

// refusals are the errors that refuse one proposal, not the whole call:
// the lettering's own refusals and the book's refusals of what it would
// post. Anything else (a store failure, the context) stops Apply.
var refusals = []error{ErrStale, ErrNotPosted, ErrAccount, ErrPartner, ErrNotReconcilable, ErrMatched,
	ErrDuplicateLine, ErrTooManyLines, ErrNothingToLetter, ErrOverAllocation, ErrAmount, ErrTolerance,
	ledger.ErrLocked, ledger.ErrNoFiscalYear, ledger.ErrNoRate, ledger.ErrInactiveAccount,
	ledger.ErrUnknownAccount, ledger.ErrUnknownPartner, ledger.ErrUnknownJournal, ledger.ErrAccountCurrency,
	ledger.ErrPartial, ledger.ErrMatch}

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
