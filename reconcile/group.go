package reconcile

import (
	"errors"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// item is a posted line of a reconcilable account with what lettering
// needs to know about it.
type item struct {
	ref      journal.LineRef
	entry    *journal.Entry
	line     *journal.Line
	residual ledger.Residual
}

// String names the line as the command line and the reports do: its
// entry's number and its 0-based index, "line VT/2026/00042:1".
func (it *item) String() string { return fmt.Sprintf("line %s:%d", it.entry.Name(), it.ref.Index) }

// sortDate is the line's due date, or its entry's date when it has none.
func (it *item) sortDate() journal.Date {
	if !it.line.DueDate.IsZero() {
		return it.line.DueDate
	}
	return it.entry.Date
}

// load reads a line and its residual. Unknown entries and lines give
// ErrNotPosted; a line of a non-reconcilable account ErrNotReconcilable.
func (w *work) load(ref journal.LineRef) (*item, error) {
	it := new(item)
	if err := w.read(ref, it); err != nil {
		return nil, err
	}
	return it, nil
}

// read is load into an item of the caller's: a line read only to look
// at it costs no allocation.
func (w *work) read(ref journal.LineRef, it *item) error {
	e, err := w.sharedEntry(ref.Entry)
	if errors.Is(err, ledger.ErrNotFound) {
		return fmt.Errorf("%w: entry %s", ErrNotPosted, ref.Entry)
	} else if err != nil {
		return err
	}
	if ref.Index < 0 || ref.Index >= len(e.Lines) {
		return fmt.Errorf("%w: line %s (the entry has %d lines)", ErrNotPosted, ref, len(e.Lines))
	}
	res, err := w.t.Residual(ref)
	if err != nil {
		return fmt.Errorf("line %s:%d: %w", e.Name(), ref.Index, err)
	}
	*it = item{ref: ref, entry: e, line: &e.Lines[ref.Index], residual: res}
	return nil
}

// group is a connected set of lines: the lines reachable from a start
// through live partials.
type group struct {
	lines    []journal.LineRef
	partials []journal.ID // the live partials' ids, in id order
}

// groupOf walks the live partials from start and returns its connected
// group (just start when it has none).
func (w *work) groupOf(start journal.LineRef) (group, error) {
	// g.lines is the walk's queue too: a line is added once, when first
	// seen, and its partials are read in turn. Most groups are an invoice
	// and its payment: whether a line or a partial was seen is looked up
	// in the lists themselves, and in sets only past groupListMax of them.
	room := new(groupRoom)
	g := group{lines: room.lines[:1], partials: room.partials[:0]}
	g.lines[0] = start
	var seen map[journal.LineRef]bool
	var seenP map[journal.ID]bool
	ids := w.liveIDs[:0] // a line's live partials, reused line after line and group after group
	for next := 0; next < len(g.lines); next++ {
		var err error
		if ids, err = w.t.AppendLivePartialIDs(ids[:0], g.lines[next]); err != nil {
			return group{}, err
		}
		for _, id := range ids {
			if seenP[id] || seenP == nil && slices.Contains(g.partials, id) {
				continue
			}
			p, err := w.t.Partial(id)
			if err != nil {
				return group{}, err
			}
			g.partials = append(g.partials, id)
			if seenP != nil {
				seenP[id] = true
			} else if len(g.partials) > groupListMax {
				seenP = make(map[journal.ID]bool, 2*len(g.partials))
				for _, id := range g.partials {
					seenP[id] = true
				}
			}
			for _, other := range [2]journal.LineRef{p.Debit, p.Credit} {
				if seen[other] || seen == nil && slices.Contains(g.lines, other) {
					continue
				}
				g.lines = append(g.lines, other)
				if seen != nil {
					seen[other] = true
				} else if len(g.lines) > groupListMax {
					seen = make(map[journal.LineRef]bool, 2*len(g.lines))
					for _, ref := range g.lines {
						seen[ref] = true
					}
				}
			}
		}
	}
	w.liveIDs = ids[:0]
	slices.SortFunc(g.lines, compareRefs)
	slices.SortFunc(g.partials, compareIDs)
	return g, nil
}

// groupRoom is a group's first room for its lines and partials, in one
// allocation: most groups are an invoice and its payment, or two invoices
// and a payment. The match made of a group keeps its lists.
type groupRoom struct {
	lines    [4]journal.LineRef
	partials [2]journal.ID
}

// groupListMax is how many lines, or partials, groupOf looks up in its
// lists before it keeps a set of them.
const groupListMax = 32

func compareIDs(a, b journal.ID) int { return slices.Compare(a[:], b[:]) }

func compareRefs(a, b journal.LineRef) int {
	if c := compareIDs(a.Entry, b.Entry); c != 0 {
		return c
	}
	return a.Index - b.Index
}

// settle records as a Match, with the next letter code, every group of
// the given lines whose lines all have a zero residual; open groups stay
// without a match. Each group is walked once however many of its lines
// are given, so a cheque deposit of n payments costs O(n), not O(n²).
func (w *work) settle(refs ...journal.LineRef) error {
	done := map[journal.LineRef]bool{}
	for _, start := range refs {
		if done[start] {
			continue
		}
		if _, in, err := w.t.MatchOf(start); err != nil {
			return err
		} else if in {
			continue
		}
		// A line left open keeps its group open: no walk to find that
		// out (a part payment, a credit note smaller than its invoice).
		var it item
		if err := w.read(start, &it); err != nil {
			return err
		} else if !it.residual.IsZero() {
			continue
		}
		g, err := w.groupOf(start)
		if err != nil {
			return err
		}
		for _, ref := range g.lines {
			done[ref] = true
		}
		if len(g.partials) > 0 {
			if err := w.match(g); err != nil {
				return err
			}
		}
	}
	return nil
}

// match records g as a Match if every line of it is at zero.
func (w *work) match(g group) error {
	var last journal.Date
	var account, partner string
	var it item
	for _, ref := range g.lines {
		if err := w.read(ref, &it); err != nil {
			return err
		}
		if !it.residual.IsZero() {
			return nil // an open group
		}
		last = laterDate(last, it.entry.Date)
		account = it.line.Account
		if a, err := w.t.Account(account); err != nil {
			return err
		} else if a.Kind.NeedsPartner() {
			partner = it.line.Partner
		}
	}
	last, err := w.afterClosing(last)
	if err != nil {
		return err
	}
	return w.putGroupMatch(g, account, partner, last)
}

// putGroupMatch records g, every line of it at zero, as a Match of account
// and partner dated last, with the next letter code (or the one the step
// wants).
func (w *work) putGroupMatch(g group, account, partner string, last journal.Date) error {
	code, err := w.wantedCode(account, partner)
	if err != nil {
		return err
	}
	counted := code == ""
	for {
		if counted {
			n, err := w.wr.NextCounter(w.codeCounterOf(account, partner))
			if err != nil {
				return err
			}
			code = LetterCode(n)
		}
		m, err := w.wr.PutMatch(journal.Match{Code: code, Account: account, Partner: partner,
			Lines: g.lines, Partials: g.partials, Date: last, Operation: w.op})
		// A counter behind the codes given (restored from an older copy,
		// or damaged) would otherwise refuse every lettering of the
		// partner for ever: a code never given twice is passed over, as
		// wantedCode passes over a code asked for, until the counter is
		// past the codes again.
		if counted && errors.Is(err, booktx.ErrCodeTaken) {
			continue
		}
		if err != nil {
			return err
		}
		w.res.Matches = append(w.res.Matches, m)
		return nil
	}
}

func isNotReconcilable(err error) bool { return errors.Is(err, ledger.ErrNotReconcilable) }
