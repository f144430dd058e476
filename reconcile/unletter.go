package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Unlettering request bodies, kept for idempotency fingerprints.
type (
	detachRequest struct {
		Line journal.LineRef `json:"line"`
	}
	unletterRequest struct {
		Line    journal.LineRef `json:"line"`
		Account string          `json:"account,omitempty"`
		Partner string          `json:"partner,omitempty"`
		Code    string          `json:"code,omitempty"`
	}
	unletterLinesRequest struct {
		Lines []journal.LineRef `json:"lines"`
	}
)

// Detach takes one line out of its lettering: only the partials touching it
// are undone (one payment taken off an invoice paid twice). Every entry
// those partials generated is reversed and lettered with its reversal, and
// a write-off or discount that completed the line's match is reversed too:
// it belongs to the match. One made while the group was still open
// belongs to the line it closed, and is reversed when a partial of that
// line is undone (so are the write-offs and discounts of every line
// those partials touch). A line of a generated entry (an exchange difference, say)
// is detached by undoing the partial that generated it, like any other
// detach. What stays connected becomes an open group again (or a new match
// when it still sums to zero), and the match's code is retired.
//
// It returns ErrNotPosted, ErrNotReconcilable (a line of an account that
// is not lettered), ErrNotLettered, ErrReversalPair, ErrRevalued (see
// Unletter) or ErrIdempotencyConflict.
func (r *Reconciler) Detach(ctx context.Context, op journal.ID, line journal.LineRef) (Result, error) {
	return r.operation(ctx, op, "detach", detachRequest{Line: line}, func(w *work) error {
		it, err := w.load(line)
		if err != nil {
			return err
		}
		ps, err := w.t.LivePartials(line)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return fmt.Errorf("%w: %s", ErrNotLettered, it)
		}
		if origin := it.entry.Origin; origin != journal.NoID && !it.entry.IsReversal() {
			// A generated line goes with what generated it.
			if p, err := w.t.Partial(origin); err == nil && p.Live() {
				ps = append(withoutOwnPair(ps, it.entry.ID), p)
			} else if err != nil && !errors.Is(err, ledger.ErrNotFound) {
				return err
			}
		}
		return w.undo(ps)
	})
}

// withoutOwnPair drops from ps the partials between two lines of entry id
// (a cash-basis entry's neutral base pair): undoing what generated the
// entry takes them with it, and reverses the entry.
func withoutOwnPair(ps []journal.Partial, id journal.ID) []journal.Partial {
	return slices.DeleteFunc(slices.Clone(ps), func(p journal.Partial) bool { return p.Debit.Entry == id && p.Credit.Entry == id })
}

// Unletter undoes the whole lettering group of a line (French délettrage of
// a code): every partial of the group, with the same reversals as Detach.
// It returns ErrNotPosted, ErrNotReconcilable (a line of an account that
// is not lettered), ErrNotLettered, ErrReversalPair, ErrRevalued (a
// partial dated on or before a closing that revalued its foreign lines:
// see Revalue) or ErrIdempotencyConflict.
func (r *Reconciler) Unletter(ctx context.Context, op journal.ID, line journal.LineRef) (Result, error) {
	return r.operation(ctx, op, "unletter", unletterRequest{Line: line}, func(w *work) error {
		return w.unletterGroup(line)
	})
}

// UnletterCode undoes the match holding a letter code on (account,
// partner); partner is "" off receivable and payable accounts. It returns
// ErrNotFound for an unknown or already retired code, ErrReversalPair for
// the match of an entry and its own reversal, or ErrIdempotencyConflict.
func (r *Reconciler) UnletterCode(ctx context.Context, op journal.ID, account, partner, code string) (Result, error) {
	req := unletterRequest{Account: account, Partner: partner, Code: code}
	return r.operation(ctx, op, "unletter", req, func(w *work) error {
		m, err := w.t.MatchByCode(account, partner, code)
		if errors.Is(err, ledger.ErrNotFound) {
			return fmt.Errorf("%w: letter code %q on account %q, partner %q", ErrNotFound, code, account, partner)
		} else if err != nil {
			return err
		}
		if !m.Live() {
			return fmt.Errorf("%w: letter code %q on account %q, partner %q was retired", ErrNotFound, code, account, partner)
		}
		return w.unletterGroup(m.Lines[0])
	})
}

// UnletterLines undoes the lettering groups of several lines in one
// operation, as Unletter does each: all of them, or none when any fails.
// Every line must be lettered when the call begins (ErrNotLettered names
// the first that is not); a line whose group an earlier line's took with
// it is done, not an error. It returns ErrNotLettered for no line,
// ErrDuplicateLine for a line named twice, ErrTooManyLines beyond
// RequestLinesMax, and what Unletter returns.
func (r *Reconciler) UnletterLines(ctx context.Context, op journal.ID, lines []journal.LineRef) (Result, error) {
	if len(lines) == 0 {
		return Result{}, fmt.Errorf("%w: no line named", ErrNotLettered)
	}
	if len(lines) > RequestLinesMax {
		return Result{}, fmt.Errorf("%w: %d lines, at most %d: unletter them in several calls", ErrTooManyLines, len(lines), RequestLinesMax)
	}
	for i, l := range lines {
		if slices.Contains(lines[:i], l) {
			return Result{}, fmt.Errorf("%w: %s", ErrDuplicateLine, l)
		}
	}
	req := unletterLinesRequest{Lines: slices.Clone(lines)}
	return r.operation(ctx, op, "unletter", req, func(w *work) error {
		// Every line is found, and lettered, before any is undone: a wrong
		// line undoes none of the others. Each line's group is taken as it
		// stands now: undoing one reverses the entries it generated and
		// letters each with its reversal, and a generated line named after
		// its invoice is then in a new group, of a reversal pair, which is
		// not the one named.
		groups := make([][]journal.ID, len(lines))
		for i, l := range lines {
			it, err := w.load(l)
			if err != nil {
				return err
			}
			g, err := w.groupOf(l)
			if err != nil {
				return err
			}
			if len(g.partials) == 0 {
				return fmt.Errorf("%w: %s", ErrNotLettered, it)
			}
			groups[i] = g.partials
		}
		for i, l := range lines {
			live := false
			for _, id := range groups[i] {
				got, err := w.t.Partial(id)
				if err != nil {
					return err
				}
				live = live || got.Live()
			}
			if !live {
				continue // undone with an earlier line's group
			}
			if err := w.unletterGroup(l); err != nil {
				return err
			}
		}
		return nil
	})
}

func (w *work) unletterGroup(line journal.LineRef) error {
	it, err := w.load(line)
	if err != nil {
		return err
	}
	g, err := w.groupOf(line)
	if err != nil {
		return err
	}
	if len(g.partials) == 0 {
		return fmt.Errorf("%w: %s", ErrNotLettered, it)
	}
	ps := make([]journal.Partial, len(g.partials))
	for i, id := range g.partials {
		if ps[i], err = w.t.Partial(id); err != nil {
			return err
		}
	}
	if origin := it.entry.Origin; origin != journal.NoID && !it.entry.IsReversal() {
		// A group of a generated entry's own lines (a cash-basis entry's
		// base pair) goes with what generated the entry, as Detach does.
		if rest := withoutOwnPair(ps, it.entry.ID); len(rest) < len(ps) {
			if p, err := w.t.Partial(origin); err == nil && p.Live() {
				ps = append(rest, p)
			} else if err != nil && !errors.Is(err, ledger.ErrNotFound) {
				return err
			}
		}
	}
	return w.undo(ps)
}

// undo tombstones partials and everything that hangs on them: the matches
// of their lines (and the write-offs and discounts of those matches), the
// entries they generated (reversed, each lettered with its reversal) and
// those entries' own partials. Then what stays connected is settled again.
func (w *work) undo(start []journal.Partial) error { return w.undoAt(start, journal.Date{}) }

// undoAt is undo with the generated entries reversed on date, or on their
// own date when it is later (or date is zero): what a return takes back
// happens when the money comes back, not when it came — the cash-basis
// VAT a cheque made due in a period already declared is regularised in
// the period of its return.
func (w *work) undoAt(start []journal.Partial, date journal.Date) error {
	for _, p := range start {
		if p.Kind == journal.KindReversal {
			e, err := w.entry(p.Debit.Entry)
			if err != nil {
				return err
			}
			return fmt.Errorf("%w: %s and its reversal", ErrReversalPair, e.Name())
		}
	}
	u := newUndoSet()
	if err := w.collectUndo(u, start); err != nil {
		return err
	}
	for _, p := range u.partials {
		if err := w.checkRevalued(p, "unlettered"); err != nil {
			return err
		}
	}
	for _, p := range u.partials {
		undone, err := w.wr.UndoPartial(p.ID, w.op)
		if err != nil {
			return err
		}
		w.res.UndonePartial = append(w.res.UndonePartial, undone)
	}
	for _, id := range u.matches {
		m, err := w.wr.UndoMatch(id, w.op)
		if err != nil {
			return err
		}
		w.res.UndoneMatches = append(w.res.UndoneMatches, m)
	}
	for _, g := range u.generated {
		at := date
		if !at.IsZero() {
			ge, err := w.entry(g)
			if err != nil {
				return err
			}
			at = laterDate(at, ge.Date)
		}
		if err := w.reverseAndLetter(g, at); err != nil {
			return err
		}
	}
	var again []journal.LineRef
	for _, ref := range u.touched {
		if !u.isGenerated[ref.Entry] {
			again = append(again, ref)
		}
	}
	return w.settle(again...)
}

// undoSet is everything an undo removes, each in the order found.
type undoSet struct {
	partials    []journal.Partial
	matches     []journal.ID
	generated   []journal.ID
	touched     []journal.LineRef // the lines of the removed partials
	isPartial   map[journal.ID]bool
	isMatch     map[journal.ID]bool
	isGenerated map[journal.ID]bool
	isTouched   map[journal.LineRef]bool
}

func newUndoSet() *undoSet {
	return &undoSet{isPartial: map[journal.ID]bool{}, isMatch: map[journal.ID]bool{},
		isGenerated: map[journal.ID]bool{}, isTouched: map[journal.LineRef]bool{}}
}

// collectUndo walks from the start partials to everything that hangs on
// them: the matches of their lines with those matches' write-offs and
// discounts, the entries they generated and the partials of those entries,
// and for a debt a bill took over, the collections past the partial that
// made tax due on an invoice before it.
func (w *work) collectUndo(u *undoSet, start []journal.Partial) error {
	queue := append([]journal.Partial(nil), start...)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if u.isPartial[p.ID] || !p.Live() {
			continue
		}
		u.isPartial[p.ID] = true
		u.partials = append(u.partials, p)
		for _, side := range []journal.LineRef{p.Debit, p.Credit} {
			if !u.isTouched[side] {
				u.isTouched[side] = true
				u.touched = append(u.touched, side)
			}
			belongs, err := w.matchOfLine(u, side)
			if err != nil {
				return err
			}
			queue = append(queue, belongs...)
		}
		// A bill off the invoice, or a debt it took over no longer
		// carried on to the money (a return, a renewal, a discount
		// unlettered), pays no tax of the invoice: the collections that
		// made it due go too, with their shares.
		cs, err := w.collectionsOn(p)
		if err != nil {
			return err
		}
		queue = append(queue, cs...)
		gens, err := w.generatedBy(p)
		if err != nil {
			return err
		}
		for _, g := range gens {
			if u.isGenerated[g] {
				continue
			}
			u.isGenerated[g] = true
			u.generated = append(u.generated, g)
			e, err := w.entry(g)
			if err != nil {
				return err
			}
			for i := range e.Lines {
				ps, err := w.t.LivePartials(e.LineRef(i))
				if err != nil && !errors.Is(err, ledger.ErrNotReconcilable) {
					return err
				}
				queue = append(queue, ps...)
			}
		}
	}
	return nil
}

// matchOfLine adds the live match of a line to u, the first time it is
// met, and returns the write-off and discount partials that belong to it:
// those of the line itself (they closed what the partials being undone
// leave of it), and the first time the match is met, those made by the
// operation that completed the match (they closed the match). A write-off
// an earlier operation made in the group while it was still open (a Limit
// left another invoice part paid) closed its own line, not the match: it
// goes only when a partial of that line is undone, so that undoing what
// completed the match restores every residual exactly.
func (w *work) matchOfLine(u *undoSet, ref journal.LineRef) ([]journal.Partial, error) {
	m, in, err := w.t.MatchOf(ref)
	if err != nil {
		return nil, err
	}
	ps, err := w.t.LivePartials(ref)
	if err != nil && !errors.Is(err, ledger.ErrNotReconcilable) {
		return nil, err
	}
	out := slices.DeleteFunc(ps, func(q journal.Partial) bool { return !closes(q) })
	if !in || u.isMatch[m.ID] {
		return out, nil
	}
	u.isMatch[m.ID] = true
	u.matches = append(u.matches, m.ID)
	for _, pid := range m.Partials {
		q, err := w.t.Partial(pid)
		if err != nil {
			return nil, err
		}
		if closes(q) && q.Operation == m.Operation {
			out = append(out, q)
		}
	}
	return out, nil
}

// closes reports whether a partial is a write-off or a discount: it closes
// what is left of a line instead of allocating a payment or a document.
func closes(p journal.Partial) bool {
	return p.Kind == journal.KindWriteOff || p.Kind == journal.KindDiscount
}

// generatedBy returns the entries a partial caused that are not reversed
// yet: those posted with it as Origin, the write-off or discount entry it
// letters, and the transfer of an advance it letters (with the invoice,
// or with the advance): the transfer goes with either of its partials.
func (w *work) generatedBy(p journal.Partial) ([]journal.ID, error) {
	ids, err := w.t.Generated(p.ID)
	if err != nil {
		return nil, err
	}
	if p.Kind != journal.KindReversal {
		for _, side := range []journal.LineRef{p.Debit, p.Credit} {
			e, err := w.sharedEntry(side.Entry)
			if err != nil {
				return nil, err
			}
			switch {
			case (p.Kind == journal.KindWriteOff || p.Kind == journal.KindDiscount) && e.Origin != journal.NoID &&
				(e.Type == journal.TypeWriteOff || e.Type == journal.TypeDiscount):
				ids = append(ids, e.ID)
			case isAdvanceTransfer(e) && !slices.Contains(ids, e.ID):
				ids = append(ids, e.ID)
			}
		}
	}
	out := ids[:0]
	for _, id := range ids {
		e, err := w.entry(id)
		if err != nil {
			return nil, err
		}
		if e.ReversalOf != journal.NoID {
			continue // a reversal carries its original's Origin; it is never reversed
		}
		if _, reversed, err := w.t.ReversedBy(id); err != nil {
			return nil, err
		} else if !reversed {
			out = append(out, id)
		}
	}
	return out, nil
}

// reverseAndLetter reverses an entry at date (zero: its own date; the
// first open date when locked) and letters each of its reconcilable lines
// with the reversal's mirror line, so that no line of either stays open.
func (w *work) reverseAndLetter(id journal.ID, date journal.Date) error {
	return w.reverseAndLetterAs(id, ledger.ReverseOptions{Date: date})
}

// reverseAndLetterAs is reverseAndLetter with the reversal's options.
func (w *work) reverseAndLetterAs(id journal.ID, opts ledger.ReverseOptions) error {
	rev, _, err := w.t.Reverse(id, opts)
	if err != nil {
		return err
	}
	w.res.Entries = append(w.res.Entries, rev)
	for i := range rev.Lines {
		a, err := w.t.Account(rev.Lines[i].Account)
		if err != nil {
			return err
		}
		if !a.Reconcilable || rev.Lines[i].Balance.IsZero() && rev.Lines[i].AmountCurrency.IsZero() {
			continue
		}
		orig, err := w.load(journal.LineRef{Entry: id, Index: i})
		if err != nil {
			return err
		}
		mirror, err := w.load(rev.LineRef(i))
		if err != nil {
			return err
		}
		if err := w.letter([]*item{orig, mirror}, letterOptions{keepOrder: true}); err != nil {
			return fmt.Errorf("lettering %s with its reversal: %w", orig.entry.Name(), err)
		}
	}
	return nil
}
