package reconcile

import (
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// writeOff posts what remains open among items after pairing: one entry
// with a line per open item on its account (and partner), lettered to it
// by a write-off partial, and the total on the write-off loss account (a
// remaining debit) or gain account (a remaining credit), or on settleTo
// when given (bank fees). A write-off needs the total within the
// configured tolerance; a settlement to an account does not. The entry is
// dated at the lettering's latest line date, moved to the first open date
// when that is locked; its Origin is its first partial, so that undoing
// that partial reverses it.
func (w *work) writeOff(items []*item, settleTo string) error {
	company := w.t.Book().Currency()
	total := currency.Zero(company)
	var open []*item
	var date journal.Date
	for _, it := range items {
		if it.entry.Date.After(date) {
			date = it.entry.Date
		}
		if !it.residual.Balance.IsZero() {
			open = append(open, it)
			total = mustAdd(total, it.residual.Balance)
		}
	}
	if len(open) == 0 {
		return nil
	}
	if settleTo == "" {
		tol := w.r.cfg.tolerance(company)
		if mustCmp(total.Abs(), tol) > 0 {
			return fmt.Errorf("%w: %s open, tolerance %s", ErrTolerance, total.Abs(), tol)
		}
	}
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	date = locks.FirstOpenDate(date, false)
	account, label := settleTo, "Bank fees"
	if settleTo == "" {
		account, label = w.r.cfg.WriteOffLoss, "Write-off"
		if total.Sign() < 0 {
			account = w.r.cfg.WriteOffGain
		}
	}
	pids := make([]journal.ID, len(open))
	for i := range pids {
		pids[i] = journal.NewID()
	}
	e := journal.Entry{Journal: w.r.cfg.WriteOffJournal, Date: date, Type: journal.TypeWriteOff,
		Label: label, Origin: pids[0]}
	for _, it := range open {
		e.Lines = append(e.Lines, journal.Line{Account: it.line.Account, Partner: it.line.Partner,
			Label: label + " " + it.entry.Name(), Balance: it.residual.Balance.Neg()})
	}
	e.Lines = append(e.Lines, journal.Line{Account: account, Label: label, Balance: total})
	posted, _, err := w.t.Post(e)
	if err != nil {
		return fmt.Errorf("posting the %s: %w", label, err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	for i, it := range open {
		wo, err := w.load(posted.LineRef(i))
		if err != nil {
			return err
		}
		d, c := it, wo
		if it.residual.Balance.Sign() < 0 {
			d, c = wo, it
		}
		amount := it.residual.Balance.Abs()
		p, err := w.t.PutPartial(journal.Partial{ID: pids[i], Debit: d.ref, Credit: c.ref, Amount: amount,
			DebitAmountCurrency: amount, CreditAmountCurrency: amount, Date: laterDate(it.entry.Date, date),
			Kind: journal.KindWriteOff, Operation: w.op})
		if err != nil {
			return err
		}
		w.res.Partials = append(w.res.Partials, p)
		if err := w.cashBasis(p); err != nil {
			return err
		}
		if it.residual, err = w.t.Residual(it.ref); err != nil {
			return err
		}
	}
	return nil
}

func laterDate(a, b journal.Date) journal.Date {
	if b.After(a) {
		return b
	}
	return a
}
