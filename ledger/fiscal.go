package ledger

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/lettrage/lettrage/journal"
)

// FiscalYear is a stored accounting period. Years are added contiguously
// over the book's life; a date outside every year cannot be posted.
type FiscalYear struct {
	Start journal.Date // first day
	End   journal.Date // inclusive
	Label string       // "2026" for a calendar year, "2025-2026" otherwise
}

// fiscalYearMonthsMax is the longest fiscal year: a first French year may
// last up to 24 months.
const fiscalYearMonthsMax = 24

// FiscalYearFrom is the month-based generator: the year that starts on
// start and lasts months months, labelled "2026" when it starts and ends in one calendar year, "2025-2026"
// otherwise.
func FiscalYearFrom(start journal.Date, months int) FiscalYear {
	end := start.AddMonths(months).AddDays(-1)
	return FiscalYear{Start: start, End: end, Label: fiscalLabel(start, end)}
}

// CalendarYear returns the fiscal year 1 January – 31 December of y. A year
// outside journal.DateYearMin to journal.DateYearMax gives the zero
// FiscalYear, which AddFiscalYear refuses with ErrFiscalYear.
func CalendarYear(y int) FiscalYear {
	start, err := journal.NewDate(y, time.January, 1)
	if err != nil {
		return FiscalYear{}
	}
	return FiscalYearFrom(start, 12)
}

func fiscalLabel(start, end journal.Date) string {
	if start.Year() == end.Year() {
		return fmt.Sprint(start.Year())
	}
	return fmt.Sprintf("%d-%d", start.Year(), end.Year())
}

type fiscalRec struct {
	Start uint32 `cbor:"1,keyasint"`
	End   uint32 `cbor:"2,keyasint"`
	Label string `cbor:"3,keyasint"`
}

// Contains reports whether d falls in the year.
func (y FiscalYear) Contains(d journal.Date) bool { return !d.Before(y.Start) && !d.After(y.End) }

// AddFiscalYear adds a fiscal year after the last one (or the first one).
// An empty Label gets the default. It returns ErrFiscalYear for an empty or
// over-24-month period, a gap or overlap with the last year, or a label
// already used or not made of 1 to 32 letters, digits, '-', '_' or '.':
// the label is part of every entry number ("VT/2025-2026/00042"), which
// must read back as journal, year and number.
func (b *Book) AddFiscalYear(ctx context.Context, y FiscalYear) error {
	return b.AddFiscalYears(ctx, y)
}

// AddFiscalYears adds fiscal years, each after the one before it, as
// AddFiscalYear does, in one transaction: when one is refused, none is
// added.
func (b *Book) AddFiscalYears(ctx context.Context, ys ...FiscalYear) error {
	ys = slices.Clone(ys)
	for i := range ys {
		y := &ys[i]
		if y.Label == "" && !y.Start.IsZero() && !y.End.IsZero() {
			y.Label = fiscalLabel(y.Start, y.End)
		}
		switch {
		case y.Start.IsZero() || y.End.IsZero() || y.End.Before(y.Start):
			return fmt.Errorf("%w: %s to %s", ErrFiscalYear, y.Start, y.End)
		case y.Start.AddMonths(fiscalYearMonthsMax).IsZero():
			return fmt.Errorf("%w: %s to %s: a fiscal year must start %d months before the last date a book holds, 9999-12-31", ErrFiscalYear, y.Start, y.End, fiscalYearMonthsMax)
		case !y.End.Before(y.Start.AddMonths(fiscalYearMonthsMax)):
			return fmt.Errorf("%w: %s to %s is longer than %d months", ErrFiscalYear, y.Start, y.End, fiscalYearMonthsMax)
		case checkCode(y.Label) != nil:
			return fmt.Errorf("%w: label %q must be 1 to %d letters, digits, '-', '_' or '.'", ErrFiscalYear, y.Label, codeMax)
		}
	}
	return b.Update(ctx, func(t *Tx) error {
		years, err := t.FiscalYears()
		if err != nil {
			return err
		}
		years = slices.Clone(years)
		for _, y := range ys {
			if n := len(years); n > 0 && years[n-1].End.AddDays(1) != y.Start {
				return fmt.Errorf("%w: fiscal year %s must start the day after %s ends (%s)", ErrFiscalYear, y.Label, years[n-1].Label, years[n-1].End)
			}
			for _, o := range years {
				if o.Label == y.Label {
					return fmt.Errorf("%w: label %q already used", ErrFiscalYear, y.Label)
				}
			}
			if err := t.st.Put(bFiscal, u32(nil, y.Start.Key()), encode(fiscalRec{Start: y.Start.Key(), End: y.End.Key(), Label: y.Label})); err != nil {
				return err
			}
			years = append(years, y)
		}
		return nil
	})
}

// FiscalYears returns the fiscal years in order.
func (b *Book) FiscalYears(ctx context.Context) ([]FiscalYear, error) {
	return read(ctx, b, (*Tx).FiscalYears)
}

// FiscalYears returns the fiscal years in order.
func (t *Tx) FiscalYears() ([]FiscalYear, error) {
	if t.years != nil {
		return t.years, nil
	}
	seq, hash, cached, err := t.configHead()
	if err != nil {
		return nil, err
	}
	if cached {
		if years := t.b.config.fiscalYears(seq, hash); years != nil {
			t.years = years
			return years, nil
		}
	}
	years := []FiscalYear{}
	err = t.st.Scan(bFiscal, nil, nil, false, func(k, v []byte) error {
		var r fiscalRec
		if err := decode(v, &r); err != nil {
			return err
		}
		s, err1 := journal.DateFromKey(r.Start)
		e, err2 := journal.DateFromKey(r.End)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("%w: fiscal year %s", ErrFormat, r.Label)
		}
		years = append(years, FiscalYear{Start: s, End: e, Label: r.Label})
		return nil
	})
	if err != nil {
		return nil, err
	}
	t.years = years
	if cached {
		t.b.config.keepFiscalYears(seq, hash, years)
	}
	return years, nil
}

// FiscalYear returns the fiscal year containing d, or ErrNoFiscalYear.
func (t *Tx) FiscalYear(d journal.Date) (FiscalYear, error) {
	years, err := t.FiscalYears()
	if err != nil {
		return FiscalYear{}, err
	}
	for _, y := range years {
		if y.Contains(d) {
			return y, nil
		}
	}
	return FiscalYear{}, fmt.Errorf("%w: %s", ErrNoFiscalYear, d)
}
