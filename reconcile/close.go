package reconcile

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
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
// Revalue revalued the foreign items open on the year's last day, and
// items posted since (dated on or before it) make that revaluation out of
// date, it returns a *StaleRevaluationError (matching
// ErrStaleRevaluation): the balance sheet would show them at their
// historical rate; run Revalue for that day again, at the same rates,
// first. It returns
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

// staleRevaluation returns a *StaleRevaluationError when Revalue posted a
// revaluation on y's last day and, run again for that day at the rates it
// recorded then, would post more: items posted since, dated on or before
// the day, that it did not revalue. A currency no revaluation of the day
// names is not looked at (nothing says at which rate, nor that the
// caller revalues it); nor one whose last revaluation of the day records
// no rate: taken back (Undo) or posted by hand.
func (w *work) staleRevaluation(y ledger.FiscalYear) error {
	// The day's last revaluation of each currency: its rate, or none when
	// it records none (an Undo, or posted by hand).
	type last struct {
		seq   uint64
		rate  currency.Rate
		rated bool
	}
	lasts := map[string]last{}
	var accounts []string
	for _, a := range [2]string{unrealisedLoss, unrealisedGain} {
		lines, err := w.t.Lines(ledger.LineFilter{Account: a, From: y.End, To: y.End})
		if err != nil {
			return err
		}
		for _, it := range lines {
			e, err := w.sharedEntry(it.Ref.Entry)
			if err != nil {
				return err
			}
			if e.Type != journal.TypeRevaluation || e.ReversalOf != journal.NoID {
				continue
			}
			evs, err := w.t.Events(e.ID)
			if err != nil {
				return err
			}
			l := last{seq: e.Seq}
			for _, ev := range evs {
				if ev.Kind != revaluationRateEvent {
					continue
				}
				var rec revaluationRateRec
				if err := json.Unmarshal(ev.Data, &rec); err != nil {
					return fmt.Errorf("%w: the revaluation rate of %s: %v", ledger.ErrFormat, e.Name(), err)
				}
				if l.rate, err = currency.ParseRate(rec.Rate); err != nil {
					return fmt.Errorf("%w: the revaluation rate of %s: %v", ledger.ErrFormat, e.Name(), err)
				}
				l.rated = true
			}
			if was, ok := lasts[e.Currency.Code()]; !ok || e.Seq > was.seq {
				lasts[e.Currency.Code()] = l
			}
			for _, l := range e.Lines {
				if l.Account != unrealisedLoss && l.Account != unrealisedGain && !slices.Contains(accounts, l.Account) {
					accounts = append(accounts, l.Account)
				}
			}
		}
	}
	rates := map[string]currency.Rate{}
	for code, l := range lasts {
		if l.rated {
			rates[code] = l.rate
		}
	}
	if len(rates) == 0 {
		return nil
	}
	slices.Sort(accounts)
	var out *StaleRevaluationError
	for _, account := range accounts {
		if a, err := w.t.Account(account); err != nil {
			return err
		} else if a.Kind != ledger.KindReceivable && a.Kind != ledger.KindPayable {
			continue
		}
		groups, err := w.revaluationGroups(account, Revaluation{Date: y.End, Rates: rates}, true)
		if err != nil {
			return err
		}
		for _, g := range groups {
			if g.holds() {
				continue
			}
			if out == nil {
				out = &StaleRevaluationError{Year: y.Label, Date: y.End, Account: account, Partner: g.partner, Currency: g.cur,
					Rate: g.rate, Missing: g.diff}
			}
			out.Groups++
		}
	}
	if out != nil {
		return out
	}
	return nil
}
