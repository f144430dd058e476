package report

import (
	"context"
	"errors"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Period is a range of accounting dates, both inclusive.
type Period struct {
	From, To journal.Date // first and last day, both required
}

// String returns "01/01/2026 – 31/12/2026".
func (p Period) String() string { return p.From.French() + " – " + p.To.French() }

// check validates the period against the book's fiscal years and returns
// the fiscal year of From. With oneYear the period must lie in one fiscal
// year: income and expense accounts restart at its start, so a balance
// spanning two years would add what the closing separates.
func (p Period) check(ctx context.Context, book *ledger.Book, oneYear bool) (ledger.FiscalYear, error) {
	if p.From.IsZero() || p.To.IsZero() {
		return ledger.FiscalYear{}, &PeriodError{Period: p, Reason: "both dates are required", Err: ErrPeriod}
	}
	if p.From.After(p.To) {
		return ledger.FiscalYear{}, &PeriodError{Period: p, Reason: "From is after To", Err: ErrPeriod}
	}
	var from, to ledger.FiscalYear
	err := book.View(ctx, func(t *ledger.Tx) error {
		var err error
		if from, err = t.FiscalYear(p.From); err != nil {
			return err
		}
		to, err = t.FiscalYear(p.To)
		return err
	})
	if errors.Is(err, ledger.ErrNoFiscalYear) {
		return ledger.FiscalYear{}, &PeriodError{Period: p, Reason: err.Error(), Err: ErrNoFiscalYear}
	} else if err != nil {
		return ledger.FiscalYear{}, err
	}
	if oneYear && from.Start != to.Start {
		return ledger.FiscalYear{}, &PeriodError{Period: p, Reason: "it spans fiscal years " + from.Label + " and " + to.Label, Err: ErrPeriod}
	}
	return from, nil
}
