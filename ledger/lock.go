package ledger

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// LockKind is which lock date a change sets.
type LockKind uint8

const (
	// LockGeneral: no entry may be dated on or before it.
	LockGeneral LockKind = iota
	// LockTax: no entry touching a tax account may be dated on or before it
	// (the last VAT return filed).
	LockTax
)

// String returns "general" or "tax".
func (k LockKind) String() string {
	if k == LockTax {
		return "tax"
	}
	return "general"
}

// LockChange is one change of a lock date, kept forever.
type LockChange struct {
	Kind   LockKind     // general or tax
	Date   journal.Date // the new lock date; zero unlocks
	At     time.Time    // when, by the book's clock
	Reason string       // the caller's reason, free text; may be empty
}

// LockDates are the lock dates in force.
type LockDates struct {
	General journal.Date // no entry dated on or before it; zero when unlocked
	Tax     journal.Date // no entry on a tax account dated on or before it; zero when unlocked
	// Closed is the end of the last closed fiscal year (see
	// Book.CloseFiscalYear), zero when none is: a lock no call moves back.
	Closed journal.Date
}

type lockRec struct {
	Kind   uint8  `cbor:"1,keyasint"`
	Date   uint32 `cbor:"2,keyasint"`
	At     int64  `cbor:"3,keyasint"`
	Reason string `cbor:"4,keyasint,omitempty"`
}

// SetLockDate changes a lock date and records the change with its reason.
// Moving a lock date back (reopening a period) is allowed and recorded too,
// but never before the end of a closed fiscal year: a date before it (zero
// included) returns ErrYearClosed. A date after the last fiscal year's end
// (any date, in a book with no fiscal year yet) returns ErrNoFiscalYear:
// it would lock a period the book does not have yet, and every entry of
// the years added later. It returns ErrKind, or a
// *journal.TextError for a reason journal.CheckText refuses.
func (b *Book) SetLockDate(ctx context.Context, kind LockKind, date journal.Date, reason string) error {
	return b.SetLockDates(ctx, LockChange{Kind: kind, Date: date, Reason: reason})
}

// SetLockDates makes several lock-date changes, in order, in one
// transaction: all are recorded, or none (the tax lock refused leaves the
// general one as it was). Each is checked as SetLockDate checks it; At is
// the book's clock, whatever the change says.
func (b *Book) SetLockDates(ctx context.Context, changes ...LockChange) error {
	for _, c := range changes {
		if c.Kind > LockTax {
			return fmt.Errorf("%w: lock kind %d", ErrKind, c.Kind)
		}
		if err := journal.CheckText("lock reason", c.Reason); err != nil {
			return err
		}
	}
	return b.Update(ctx, func(t *Tx) error {
		closings, err := t.Closings()
		if err != nil {
			return err
		}
		years, err := t.FiscalYears()
		if err != nil {
			return err
		}
		for _, c := range changes {
			if n := len(years); n > 0 && years[n-1].End.Before(c.Date) {
				return fmt.Errorf("%w: a %s lock date %s is after the last fiscal year's end, %s; lock a date within the book's years",
					ErrNoFiscalYear, c.Kind, c.Date, years[n-1].End)
			} else if n == 0 && !c.Date.IsZero() {
				return fmt.Errorf("%w: a %s lock date %s, and the book has no fiscal year yet; add one first", ErrNoFiscalYear, c.Kind, c.Date)
			}
			if end := closedEnd(closings); !end.IsZero() && c.Date.Before(end) {
				return fmt.Errorf("%w: fiscal year %s is closed; a %s lock date cannot move before %s",
					ErrYearClosed, closings[len(closings)-1].Year.Label, c.Kind, end)
			}
			n, err := t.next(ctrLock)
			if err != nil {
				return err
			}
			key := binary.BigEndian.AppendUint64(nil, n)
			// The history is kept forever: a counter that names a change
			// already there is damage, never a place to write.
			if _, err := t.st.Get(bLock, key); err == nil {
				return fmt.Errorf("%w: the lock-date counter says %d changes, the history holds more", ErrIntegrity, n-1)
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			rec := lockRec{Kind: uint8(c.Kind), Date: c.Date.Key(), At: t.b.clock().UnixNano(), Reason: c.Reason}
			if err := t.st.Put(bLock, key, encode(rec)); err != nil {
				return err
			}
		}
		t.locks = nil // the next read sees the changes
		return nil
	})
}

// LockDates returns the lock dates in force.
func (b *Book) LockDates(ctx context.Context) (LockDates, error) {
	return read(ctx, b, (*Tx).LockDates)
}

// LockHistory returns every lock-date change in order. It returns
// ErrIntegrity when changes are missing from the history.
func (b *Book) LockHistory(ctx context.Context) ([]LockChange, error) {
	var out []LockChange
	err := b.view(ctx, func(t *Tx) error {
		out = out[:0]
		return t.lockChanges(func(c LockChange) { out = append(out, c) })
	})
	return out, err
}

// LockDates returns the lock dates in force, the end of the last closed
// fiscal year included. It returns ErrIntegrity when changes or closings
// are missing from the book: a deleted change must not reopen a locked
// period.
func (t *Tx) LockDates() (LockDates, error) {
	if t.locks != nil {
		return *t.locks, nil
	}
	var l LockDates
	err := t.lockChanges(func(c LockChange) {
		if c.Kind == LockTax {
			l.Tax = c.Date
		} else {
			l.General = c.Date
		}
	})
	if err != nil {
		return LockDates{}, err
	}
	closings, err := t.Closings()
	if err != nil {
		return LockDates{}, err
	}
	l.Closed = closedEnd(closings)
	t.locks = &l
	return l, nil
}

// lockChanges calls fn with each lock-date change in order, after checking
// that the history holds changes 1..n, n being the lock counter.
func (t *Tx) lockChanges(fn func(LockChange)) error {
	var n uint64
	err := t.st.Scan(bLock, nil, nil, false, func(k, v []byte) error {
		n++
		if len(k) != 8 || binary.BigEndian.Uint64(k) != n {
			return fmt.Errorf("%w: lock-date change %d is missing from the history", ErrIntegrity, n)
		}
		c, err := decodeLockChange(v)
		if err != nil {
			return err
		}
		fn(c)
		return nil
	})
	if err != nil {
		return err
	}
	if ctr, err := t.counter(ctrLock); err != nil {
		return err
	} else if ctr != n {
		return fmt.Errorf("%w: the lock-date history holds %d changes of %d", ErrIntegrity, n, ctr)
	}
	return nil
}

func decodeLockChange(v []byte) (LockChange, error) {
	var r lockRec
	if err := decode(v, &r); err != nil {
		return LockChange{}, err
	}
	d, err := journal.DateFromKey(r.Date)
	if err != nil {
		return LockChange{}, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if LockKind(r.Kind) > LockTax {
		return LockChange{}, fmt.Errorf("%w: lock kind %d", ErrFormat, r.Kind)
	}
	return LockChange{Kind: LockKind(r.Kind), Date: d, At: timeFrom(r.At), Reason: r.Reason}, nil
}

// FirstOpenDate returns the first date on or after d that the lock dates
// and the closed fiscal years allow, for an entry that touches tax or not:
// the rule for generated entries and reversals whose natural date is
// locked.
func (l LockDates) FirstOpenDate(d journal.Date, touchesTax bool) journal.Date {
	lock := l.General
	if l.Closed.After(lock) {
		lock = l.Closed
	}
	if touchesTax && l.Tax.After(lock) {
		lock = l.Tax
	}
	if !lock.IsZero() && !d.After(lock) {
		return lock.AddDays(1)
	}
	return d
}

// Refusal is why an entry dated d may not be posted, nil when it may:
// ErrYearClosed (which matches ErrLocked too) on or before the end of a
// closed fiscal year, ErrLocked on or before a lock date — the tax lock's
// too when the entry touches tax — each naming the first open date.
func (l LockDates) Refusal(d journal.Date, touchesTax bool) error {
	open := l.FirstOpenDate(d, touchesTax)
	switch {
	case open == d:
		return nil
	case !d.After(l.Closed):
		return fmt.Errorf("%w: %s is in a closed fiscal year; first open date %s", ErrYearClosed, d, open)
	default:
		return fmt.Errorf("%w: %s is on or before the lock date; first open date %s", ErrLocked, d, open)
	}
}
