package ledger

import (
	"bytes"
	"context"
	"fmt"

	"github.com/lettrage/lettrage/journal"
)

// ReverseOptions configure a reversal.
type ReverseOptions struct {
	// ID is the reversal's id, for idempotent retries; NoID makes one.
	ID journal.ID
	// Date is the reversal's accounting date; zero means the original's
	// date. A locked date moves to the first open date
	// (LockDates.FirstOpenDate), and so does the original's date in a
	// closed fiscal year: the reversal of an entry of a closed year is
	// dated in the next year. A Date asked for in a closed year is
	// refused (ErrYearClosed): that year can never change, and so is a
	// Date before the original's (ErrReversalDate).
	Date journal.Date
	// Label replaces the book's label, Labels.Reversal and the original's
	// number: "Extourne de VT/2026/00042".
	Label string
}

// Reverse posts the reversal (extourne) of a posted entry: the same lines
// with every amount negated, in the original's journal, numbered there. An
// entry is reversed at most once and a reversal never is. It returns
// ErrNotFound, ErrReverseReversal, ErrAlreadyReversed, ErrLettered (the
// entry has live partials: unletter it first), ErrReversalDate (a Date
// before the original's), ErrNoFiscalYear,
// ErrYearClosed for a date asked for in a closed fiscal year, or a replay
// when opts.ID was already used for the same reversal: the same entry and
// options, whatever date the book gave the reversal (a retry after the lock
// date moved past it replays). opts.ID used otherwise returns
// ErrIdempotencyConflict.
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
	for i := range orig.Lines {
		if a, err := t.Account(orig.Lines[i].Account); err == nil && lineTouchesTax(a, &orig.Lines[i]) {
			touchesTax = true
		}
	}
	locks, err := t.LockDates()
	if err != nil {
		return journal.Entry{}, false, err
	}
	// A retry of a reversal made is a replay whatever was closed since:
	// it writes nothing for a closing to protect.
	if opts.ID != journal.NoID {
		stored, found, err := t.entryRec(opts.ID)
		if err != nil {
			return journal.Entry{}, false, err
		}
		if found {
			if !bytes.Equal(stored.Input, reverseFingerprint(id, &opts)) {
				return journal.Entry{}, false, fmt.Errorf("%w: entry %s", ErrIdempotencyConflict, opts.ID)
			}
			e, err := stored.entry(t)
			return e, true, err
		}
	}
	if !opts.Date.IsZero() && !locks.Closed.IsZero() && !opts.Date.After(locks.Closed) {
		return journal.Entry{}, false, fmt.Errorf("%w: a reversal dated %s, on or before %s", ErrYearClosed, opts.Date, locks.Closed)
	}
	// The date asked for is checked before a lock moves it: a lock date
	// must not turn a refused request into an accepted one.
	if !opts.Date.IsZero() && opts.Date.Before(orig.Date) {
		return journal.Entry{}, false, fmt.Errorf("%w: %s is dated %s, its reversal %s", ErrReversalDate, orig.Name(), orig.Date, opts.Date)
	}
	if opts.ID == journal.NoID {
		opts.ID = journal.NewID()
	}
	rev := orig.Reversal(opts.ID, locks.FirstOpenDate(date, touchesTax))
	rev.Label = t.b.labels.Reversal + " " + orig.Name()
	if opts.Label != "" {
		rev.Label = opts.Label
	}
	var r PostResult
	err = t.postAs(rev, reverseFingerprint(id, &opts), &r)
	return r.Entry, r.Replay, err
}

// reverseRequest is a Reverse call's input, all its fingerprint holds: the
// date the book gives the reversal (the first open date when the one asked
// for is locked) and the label it makes are its own, and a retry after the
// lock date moved must replay, not conflict.
type reverseRequest struct {
	Kind  string `cbor:"1,keyasint"` // "reverse": text where an entry's record has its id bytes, so the two never encode alike
	Of    []byte `cbor:"2,keyasint"`
	Date  uint32 `cbor:"3,keyasint,omitempty"`
	Label string `cbor:"4,keyasint,omitempty"`
}

func reverseFingerprint(id journal.ID, opts *ReverseOptions) []byte {
	h, _ := digest(&reverseRequest{Kind: "reverse", Of: id[:], Date: opts.Date.Key(), Label: opts.Label})
	return h[:fingerprintSize]
}
