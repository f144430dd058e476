package ledger

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/lettrage/lettrage/journal"
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

func (k LockKind) String() string {
	if k == LockTax {
		return "tax"
	}
	return "general"
}

// LockChange is one change of a lock date, kept forever.
type LockChange struct {
	Kind   LockKind
	Date   journal.Date // the new lock date; zero unlocks
	At     time.Time
	Reason string
}

// LockDates are the lock dates in force.
type LockDates struct {
	General journal.Date
	Tax     journal.Date
}

type lockRec struct {
	Kind   uint8  `cbor:"1,keyasint"`
	Date   uint32 `cbor:"2,keyasint"`
	At     int64  `cbor:"3,keyasint"`
	Reason string `cbor:"4,keyasint,omitempty"`
}

// SetLockDate changes a lock date and records the change with its reason.
// Moving a lock date back (reopening a period) is allowed and recorded too.
// It returns ErrKind, or a *journal.TextError for a reason
// journal.CheckText refuses.
func (b *Book) SetLockDate(ctx context.Context, kind LockKind, date journal.Date, reason string) error {
	if kind > LockTax {
		return fmt.Errorf("%w: lock kind %d", ErrKind, kind)
	}
	if err := journal.CheckText("lock reason", reason); err != nil {
		return err
	}
	return b.Update(ctx, func(t *Tx) error {
		n, err := t.next(ctrLock)
		if err != nil {
			return err
		}
		rec := lockRec{Kind: uint8(kind), Date: date.Key(), At: t.b.clock().UnixNano(), Reason: reason}
		return t.st.Put(bLock, binary.BigEndian.AppendUint64(nil, n), encode(rec))
	})
}

// LockDates returns the lock dates in force.
func (b *Book) LockDates(ctx context.Context) (LockDates, error) {
	return read(ctx, b, (*Tx).LockDates)
}

// LockHistory returns every lock-date change in order.
func (b *Book) LockHistory(ctx context.Context) ([]LockChange, error) {
	var out []LockChange
	err := b.view(ctx, func(t *Tx) error {
		out = out[:0]
		return t.st.Scan(bLock, nil, nil, false, func(k, v []byte) error {
			var r lockRec
			if err := decode(v, &r); err != nil {
				return err
			}
			d, err := journal.DateFromKey(r.Date)
			if err != nil {
				return fmt.Errorf("%w: %v", ErrFormat, err)
			}
			out = append(out, LockChange{Kind: LockKind(r.Kind), Date: d, At: timeFrom(r.At), Reason: r.Reason})
			return nil
		})
	})
	return out, err
}

// LockDates returns the lock dates in force.
func (t *Tx) LockDates() (LockDates, error) {
	if t.locks != nil {
		return *t.locks, nil
	}
	var l LockDates
	err := t.st.Scan(bLock, nil, nil, false, func(k, v []byte) error {
		var r lockRec
		if err := decode(v, &r); err != nil {
			return err
		}
		d, err := journal.DateFromKey(r.Date)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrFormat, err)
		}
		if LockKind(r.Kind) == LockTax {
			l.Tax = d
		} else {
			l.General = d
		}
		return nil
	})
	if err != nil {
		return LockDates{}, err
	}
	t.locks = &l
	return l, nil
}

// FirstOpenDate returns the first date on or after d that the lock dates
// allow, for an entry that touches tax or not: the rule for
// generated entries and reversals whose natural date is locked.
func (l LockDates) FirstOpenDate(d journal.Date, touchesTax bool) journal.Date {
	lock := l.General
	if touchesTax && l.Tax.After(lock) {
		lock = l.Tax
	}
	if !lock.IsZero() && !d.After(lock) {
		return lock.AddDays(1)
	}
	return d
}
