package reconcile

import (
	"context"

	"github.com/lettrage/lettrage/ledger"
)

// CloseFiscalYear closes the fiscal year labelled label for good, in the
// name of by (see ledger.Book.CloseFiscalYear), once the bank statements
// the Reconciler keeps allow it: an imported statement entry booked in
// the year and not posted yet (see OpenImported) is money the year's
// books do not show, and the closing would lock it out of the year. It
// returns an *UnpostedStatementsError (matching ErrUnpostedStatements)
// naming how many such entries there are and the first of them, on any
// bank journal; post them (PostImported, ApplyImported) first. It returns
// too the errors of ledger.Book.CloseFiscalYear. A refused closing writes
// nothing.
//
// A year already closed is left to the ledger, which returns the stored
// closing to the one who closed it: a retry after a lost reply is
// harmless. The statements are read in the closing's own transaction: a
// statement imported at the same time is either seen or imported after
// the closing, which refuses its entries booked in the closed year.
func (r *Reconciler) CloseFiscalYear(ctx context.Context, label, by string) (ledger.Closing, bool, error) {
	var out ledger.Closing
	var replay bool
	err := r.book.Update(ctx, func(t *ledger.Tx) error {
		years, err := t.FiscalYears()
		if err != nil {
			return err
		}
		closings, err := t.Closings()
		if err != nil {
			return err
		}
		for i, y := range years {
			if y.Label == label && i == len(closings) { // the next year to close: the ledger refuses any other
				if err := unpostedIn(t, y); err != nil {
					return err
				}
			}
		}
		// An unknown or closed year: the ledger says which.
		out, replay, err = t.CloseFiscalYear(label, by)
		return err
	})
	if err != nil {
		return ledger.Closing{}, false, err
	}
	return out, replay, nil
}

// unpostedIn returns an *UnpostedStatementsError when imported statement
// entries booked in y are not posted: the earliest booked is named, the
// first in journal code and statement order among those of one day.
func unpostedIn(t *ledger.Tx, y ledger.FiscalYear) error {
	journals, err := t.Journals()
	if err != nil {
		return err
	}
	var out *UnpostedStatementsError
	for _, j := range journals {
		open, err := openImported(t, j.Code)
		if err != nil {
			return err
		}
		for _, e := range open {
			if e.BookingDate.Before(y.Start) || e.BookingDate.After(y.End) {
				continue
			}
			if out == nil {
				out = &UnpostedStatementsError{Year: y.Label, First: e}
			} else if e.BookingDate.Before(out.First.BookingDate) {
				out.First = e
			}
			out.Count++
		}
	}
	if out != nil {
		return out
	}
	return nil
}
