package ledger

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// Closing is the definitive closing (clôture définitive) of a fiscal year:
// from it on, no entry may be dated on or before the year's end, and no
// lock date may move back before it.
type Closing struct {
	Year FiscalYear // the fiscal year closed
	By   string     // who closed the year
	At   time.Time  // when, by the book's clock
	// Seq is the book's posting sequence when the year was closed: every
	// entry logged after it is dated after the year's end, which Check
	// verifies.
	Seq uint64
}

type closeRec struct {
	Start uint32 `cbor:"1,keyasint"`
	End   uint32 `cbor:"2,keyasint"`
	Label string `cbor:"3,keyasint"`
	By    string `cbor:"4,keyasint"`
	At    int64  `cbor:"5,keyasint"`
	Seq   uint64 `cbor:"6,keyasint"`
}

// Closings are stored as lock-date changes are: under their number 1..n
// in bClose, n kept by a counter, both in the configuration chain. The
// n-th closing closes the n-th fiscal year, since years close in order.
var bClose = []byte("close") // n → closeRec

const ctrClose = "close"

// CloseFiscalYear closes the fiscal year labelled label for good, in the
// name of by, at the time the book's clock gives. It writes only the
// closing record: nothing is posted. From then on Post, PostBatch and every
// entry the lettering layer generates refuse, or move past, dates on or
// before the year's end exactly as for a lock date (see
// LockDates.FirstOpenDate), except that the closing can never be undone:
// SetLockDate refuses to move a lock date before it. A posting refused for
// it returns ErrYearClosed, which also matches ErrLocked. The year's income
// and expense stay where they were posted: TrialBalance shows the result
// of each earlier year on the result accounts, computed.
//
// Entries still lagging behind their indexes are indexed first, so the
// suspense balances read are complete.
//
// Closing a year already closed by the same by returns the stored closing,
// true, and writes nothing: a retry after a lost reply is harmless. It
// returns a *journal.TextError for a by journal.CheckText refuses,
// ErrClosingBy for an empty by, ErrNoFiscalYear for an unknown label,
// ErrAlreadyClosed when another closed the year, ErrEarlierYearOpen when an
// earlier year is not closed yet, ErrYearNotEnded before the day after the
// year's end by the book's clock, and ErrSuspense when an account of kind
// suspense has a balance at the year's end. A refused closing writes
// nothing. Bank statements imported but not posted are kept by the
// lettering layer, out of this package's sight: a book that imports them
// closes its years through that layer (reconcile.Reconciler.CloseFiscalYear),
// which refuses the closing while an entry of the year is unposted.
func (b *Book) CloseFiscalYear(ctx context.Context, label, by string) (Closing, bool, error) {
	var out Closing
	var replay bool
	err := b.Update(ctx, func(t *Tx) error {
		var err error
		out, replay, err = t.CloseFiscalYear(label, by)
		return err
	})
	if err != nil {
		return Closing{}, false, err
	}
	return out, replay, nil
}

// CloseFiscalYear is Book.CloseFiscalYear inside the transaction, for a
// layer above that checks what it keeps in the same transaction as the
// closing.
func (t *Tx) CloseFiscalYear(label, by string) (Closing, bool, error) {
	if err := journal.CheckText("closed by", by); err != nil {
		return Closing{}, false, err
	}
	if strings.TrimSpace(by) == "" {
		return Closing{}, false, ErrClosingBy
	}
	return t.closeYear(label, by)
}

func (t *Tx) closeYear(label, by string) (Closing, bool, error) {
	years, err := t.FiscalYears()
	if err != nil {
		return Closing{}, false, err
	}
	closings, err := t.Closings()
	if err != nil {
		return Closing{}, false, err
	}
	i := -1
	for j, y := range years {
		if y.Label == label {
			i = j
		}
	}
	switch {
	case i < 0:
		return Closing{}, false, fmt.Errorf("%w: no fiscal year is labelled %q", ErrNoFiscalYear, label)
	case i < len(closings) && closings[i].By == by:
		return closings[i], true, nil
	case i < len(closings):
		return Closing{}, false, fmt.Errorf("%w: %s, by %s on %s", ErrAlreadyClosed, label, closings[i].By, closings[i].At.Format(time.RFC3339))
	case i > len(closings):
		return Closing{}, false, fmt.Errorf("%w: %s must be closed before %s", ErrEarlierYearOpen, years[len(closings)].Label, label)
	}
	y := years[i]
	if today := journal.DateOf(t.b.clock()); !today.After(y.End) {
		return Closing{}, false, fmt.Errorf("%w: %s ends on %s, today is %s", ErrYearNotEnded, y.Label, y.End, today)
	}
	if err := t.checkSuspense(y.End); err != nil {
		return Closing{}, false, err
	}
	seq, err := t.logEnd()
	if err != nil {
		return Closing{}, false, err
	}
	n, err := t.next(ctrClose)
	if err != nil {
		return Closing{}, false, err
	}
	key := binary.BigEndian.AppendUint64(nil, n)
	if _, err := t.st.Get(bClose, key); err == nil {
		return Closing{}, false, fmt.Errorf("%w: the closing counter says %d closings, the book holds more", ErrIntegrity, n-1)
	} else if !errors.Is(err, store.ErrNotFound) {
		return Closing{}, false, err
	}
	at := t.b.clock()
	rec := closeRec{Start: y.Start.Key(), End: y.End.Key(), Label: y.Label, By: by, At: at.UnixNano(), Seq: seq}
	if err := t.st.Put(bClose, key, encode(rec)); err != nil {
		return Closing{}, false, err
	}
	t.closings, t.locks = nil, nil // what this transaction posts next sees the closing
	return Closing{Year: y, By: by, At: timeFrom(rec.At), Seq: seq}, false, nil
}

// checkSuspense returns ErrSuspense when an account of kind suspense has
// a balance at end.
func (t *Tx) checkSuspense(end journal.Date) error {
	accounts, err := t.accountsList()
	if err != nil {
		return err
	}
	var open []string
	for _, a := range accounts {
		if a.Kind != KindSuspense {
			continue
		}
		s, err := t.sumAgg(a.Code, "", currency.Currency{}, journal.Date{}, end)
		if err != nil {
			return err
		}
		if !s.Balance.IsZero() {
			open = append(open, fmt.Sprintf("%s %s", a.Code, s.Balance.Plain()))
		}
	}
	if len(open) > 0 {
		return fmt.Errorf("%w: on %s: %s", ErrSuspense, end, strings.Join(open, ", "))
	}
	return nil
}

// ClosedYears returns the closings in order: the n-th closes the n-th
// fiscal year. It returns ErrIntegrity when closings are missing from the
// book.
func (b *Book) ClosedYears(ctx context.Context) ([]Closing, error) {
	return read(ctx, b, (*Tx).Closings)
}

// Closings returns the closings in order; see Book.ClosedYears.
func (t *Tx) Closings() ([]Closing, error) {
	if t.closings != nil {
		return t.closings, nil
	}
	out := []Closing{}
	var n uint64
	err := t.st.Scan(bClose, nil, nil, false, func(k, v []byte) error {
		n++
		if len(k) != 8 || binary.BigEndian.Uint64(k) != n {
			return fmt.Errorf("%w: closing %d is missing", ErrIntegrity, n)
		}
		c, err := decodeClosing(v)
		if err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// A deleted last closing would reopen its year without a trace: the
	// counter, chained with the closings, says how many there are.
	if ctr, err := t.counter(ctrClose); err != nil {
		return nil, err
	} else if ctr != n {
		return nil, fmt.Errorf("%w: the book holds %d closings of %d", ErrIntegrity, n, ctr)
	}
	t.closings = out
	return out, nil
}

func decodeClosing(v []byte) (Closing, error) {
	var r closeRec
	if err := decode(v, &r); err != nil {
		return Closing{}, err
	}
	s, err1 := journal.DateFromKey(r.Start)
	e, err2 := journal.DateFromKey(r.End)
	if err1 != nil || err2 != nil || s.IsZero() || e.Before(s) {
		return Closing{}, fmt.Errorf("%w: closing of %s runs from %d to %d", ErrFormat, r.Label, r.Start, r.End)
	}
	return Closing{Year: FiscalYear{Start: s, End: e, Label: r.Label}, By: r.By, At: timeFrom(r.At), Seq: r.Seq}, nil
}

// closedEnd returns the end of the last closed year, zero when none is.
func closedEnd(closings []Closing) journal.Date {
	if len(closings) == 0 {
		return journal.Date{}
	}
	return closings[len(closings)-1].Year.End
}
