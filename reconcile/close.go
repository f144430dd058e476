package reconcile

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
)

// CloseFiscalYear closes the fiscal year labelled label for good, in the
// name of by (see ledger.Book.CloseFiscalYear), once the bank statements
// the Reconciler keeps allow it: an imported statement entry booked in
// the year and not posted yet (see OpenImported) is money the year's
// books do not show, and the closing would lock it out of the year. It
// returns an *UnpostedStatementsError (matching ErrUnpostedStatements)
// naming how many such entries there are and the first of them, on any
// bank journal; post them (PostImported, ApplyImported) first. When
// Revalue ran for the year's last day, and items posted since (dated on
// or before it, on an account the run covered, in any currency) make
// that revaluation out of date, it returns a *StaleRevaluationError
// (matching ErrStaleRevaluation): the balance sheet would show them at
// their historical rate; run Revalue for that day again as it was asked
// (the error gives its rates and provision) first. An account whose last
// revaluation of the day was taken back (Undo) is not checked. It returns
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
				if err := (&work{r: r, t: t}).staleRevaluation(y); err != nil {
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

// staleRevaluation returns a *StaleRevaluationError when Revalue ran for
// y's last day and, run again for each account as the last run that
// covered it was asked (its rates, else the book's on the day), would
// post more: items posted since, dated on or before the day, that it did
// not revalue. An account whose last run took the revaluation back
// (Undo), or that no run covered (a run limited to other accounts), is
// not looked at; nor is a day Revalue never ran for.
func (w *work) staleRevaluation(y ledger.FiscalYear) error {
	evs, err := w.t.Events(revaluationsOn(y.End))
	if err != nil {
		return err
	}
	var runs []revaluationRunRec
	for _, ev := range evs {
		if ev.Kind != revaluationRunEvent {
			continue
		}
		var run revaluationRunRec
		if err := json.Unmarshal(ev.Data, &run); err != nil {
			return fmt.Errorf("%w: a revaluation run of %s: %v", ledger.ErrFormat, y.End, err)
		}
		runs = append(runs, run)
	}
	if len(runs) == 0 {
		return nil
	}
	accounts, err := w.t.Accounts()
	if err != nil {
		return err
	}
	var out *StaleRevaluationError
	for _, a := range accounts {
		if a.Kind != ledger.KindReceivable && a.Kind != ledger.KindPayable {
			continue
		}
		var last *revaluationRunRec // the last run that covered the account
		for i := len(runs) - 1; i >= 0 && last == nil; i-- {
			if len(runs[i].Accounts) == 0 || slices.Contains(runs[i].Accounts, a.Code) {
				last = &runs[i]
			}
		}
		if last == nil || last.Undo {
			continue
		}
		rates := make(map[string]currency.Rate, len(last.Rates))
		for code, text := range last.Rates {
			if rates[code], err = currency.ParseRate(text); err != nil {
				return fmt.Errorf("%w: a revaluation run of %s: rate %s of %s: %v", ledger.ErrFormat, y.End, text, code, err)
			}
		}
		groups, err := w.revaluationGroups(a.Code, Revaluation{Date: y.End, Rates: rates}, true)
		if err != nil {
			return err
		}
		for _, g := range groups {
			if !g.noRate && g.holds() {
				continue
			}
			if out == nil {
				out = &StaleRevaluationError{Year: y.Label, Date: y.End, Account: a.Code, Partner: g.partner, Currency: g.cur,
					Rate: g.rate, Missing: g.diff, Rates: rates, Provision: last.Provision}
				if g.noRate {
					out.Missing = currency.Zero(w.t.Book().Currency())
				}
			}
			out.Groups++
		}
	}
	if out != nil {
		return out
	}
	return nil
}
