package ledger

import (
	"context"

	"github.com/lettrage/lettrage/journal"
)

// ReverseOptions configure a reversal.
type ReverseOptions struct {
	// ID is the reversal's id, for idempotent retries; NoID makes one.
	ID journal.ID
	// Date is the reversal's accounting date; zero means the original's
	// date. A locked date moves to the first open date.
	Date journal.Date
	// Label replaces the default "Reversal of VT/2026/00042".
	Label string
}

// Reverse posts the reversal (extourne) of a posted entry: the same lines
// with every amount negated, in the original's journal, numbered there. An
// entry is reversed at most once and a reversal never is. It returns
// ErrNotFound, ErrReverseReversal, ErrAlreadyReversed, ErrLettered (the
// entry has live partials: unletter it first), ErrNoFiscalYear, or a replay
// when opts.ID was already used for the same reversal.
func (b *Book) Reverse(ctx context.Context, id journal.ID, opts ReverseOptions) (PostResult, error) {
	if opts.ID == journal.NoID {
		opts.ID = journal.NewID()
	}
	var res PostResult
	err := b.Update(ctx, func(t *Tx) error {
		e, replay, err := t.Reverse(id, opts)
		res = PostResult{Entry: e, Replay: replay}
		return err
	})
	if err != nil {
		return PostResult{Err: err}, err
	}
	return res, nil
}

// Reverse posts the reversal of entry id inside the transaction; see
// Book.Reverse.
func (t *Tx) Reverse(id journal.ID, opts ReverseOptions) (journal.Entry, bool, error) {
	orig, err := t.Entry(id)
	if err != nil {
		return journal.Entry{}, false, err
	}
	date := opts.Date
	if date.IsZero() {
		date = orig.Date
	}
	touchesTax := false
	for _, l := range orig.Lines {
		if a, err := t.Account(l.Account); err == nil && a.Kind.TouchesTax() {
			touchesTax = true
		}
	}
	locks, err := t.LockDates()
	if err != nil {
		return journal.Entry{}, false, err
	}
	if opts.ID == journal.NoID {
		opts.ID = journal.NewID()
	}
	rev := orig.Reversal(opts.ID, locks.FirstOpenDate(date, touchesTax))
	if opts.Label != "" {
		rev.Label = opts.Label
	}
	return t.Post(rev)
}
