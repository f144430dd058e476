package reconcile

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// DoubtfulDebt is the impairment one customer's debts need at a closing:
// what the accountant, having weighed the customer's difficulties, expects
// to lose of them.
type DoubtfulDebt struct {
	Partner string // the customer
	// Amount is the impairment the customer's debts need at the closing
	// date, in the company currency. It is estimated net of VAT: the VAT of
	// a debt that proves lost is recovered, not lost. Zero takes back all
	// that is held.
	Amount currency.Amount
}

// Impairment asks Impair to bring the impairment of doubtful customers'
// debts to the accountant's estimates at a closing.
type Impairment struct {
	Operation journal.ID     // the caller's id for retries; NoID: a fresh one
	Date      journal.Date   // the closing date
	Debts     []DoubtfulDebt // the customers' estimates
	Journal   string         // "" means Config.WriteOffJournal ("OD")
}

// Impair brings the impairment (dépréciation) of each doubtful customer's
// debts to the amount the accountant estimates at a closing date. The
// impairment a customer's debts hold is the balance of the impairment
// account (French chart: 491000, Config.Impairment) on lines naming the
// customer, at the end of the date.
//
// As for any provision, a year's charge is one figure. The impairments
// Impair posted earlier in the same fiscal year (a run for the same
// closing, at another estimate) are reversed on the date; against what
// earlier years left, the difference is a further charge (Dr 681740 / Cr
// 491000, Config.ImpairmentCharge) when the estimate is more, a reprise
// (Dr 491000 / Cr 781740, Config.ImpairmentTakenBack) when it is less: an
// impairment of last year taken back is income of this year, not a
// negative charge. Running Impair twice with the same estimates posts
// nothing the second time. A debt that proves lost is written off on its
// own; its impairment is then taken back by estimating the customer at
// zero. The entries are misc entries dated on the closing date, in
// Journal, one a customer, each naming the customer on its impairment
// line.
//
// A customer whose impairment account has lines dated after the date is
// refused with ErrLaterImpairment: estimate it at that later closing. The
// estimate is refused with ErrAmount when it is negative, not in the
// company currency, or more than the customer owes on the receivable
// accounts at the date (its debit balance there, VAT included); a customer
// named twice is ErrAmount too. Impair returns ledger.ErrUnknownPartner
// for an unknown customer, journal.ErrNoDate without a closing date,
// ledger.ErrYearClosed or ledger.ErrLocked for a closed or locked date,
// ErrConfig when an impairment account is not in the book, or
// ErrIdempotencyConflict. Nothing is written on error.
func (r *Reconciler) Impair(ctx context.Context, im Impairment) (Result, error) {
	if im.Date.IsZero() {
		return Result{}, fmt.Errorf("%w: an impairment needs its closing date (Impairment.Date)", journal.ErrNoDate)
	}
	if len(im.Debts) == 0 {
		return Result{}, fmt.Errorf("%w: name the doubtful customers and the impairment each needs (Impairment.Debts)", ErrAmount)
	}
	type debt struct {
		Partner string
		Amount  string
	}
	req := struct {
		Date    journal.Date
		Debts   []debt
		Journal string
	}{Date: im.Date, Journal: im.Journal}
	for _, d := range im.Debts {
		req.Debts = append(req.Debts, debt{d.Partner, d.Amount.Plain()})
	}
	return r.operation(ctx, im.Operation, "impair", req, func(w *work) error { return w.impairAll(im) })
}

// impairAll is Impair inside its operation.
func (w *work) impairAll(im Impairment) error {
	if err := w.checkClosingDate(im.Date); err != nil {
		return err
	}
	cfg := &w.r.cfg
	for _, code := range []string{cfg.Impairment, cfg.ImpairmentCharge, cfg.ImpairmentTakenBack} {
		if _, err := w.t.Account(code); errors.Is(err, ledger.ErrUnknownAccount) {
			return fmt.Errorf("%w: the impairment account %s: %v", ErrConfig, code, err)
		} else if err != nil {
			return err
		}
	}
	jrnl := im.Journal
	if jrnl == "" {
		jrnl = cfg.WriteOffJournal
	}
	receivables, err := w.receivableAccounts()
	if err != nil {
		return err
	}
	var seen []string
	for _, d := range im.Debts {
		if slices.Contains(seen, d.Partner) {
			return fmt.Errorf("%w: customer %s is named twice: give one estimate of its debts", ErrAmount, d.Partner)
		}
		seen = append(seen, d.Partner)
		if err := w.impair(jrnl, im.Date, d, receivables); err != nil {
			return err
		}
	}
	return nil
}

// receivableAccounts are the book's receivable accounts, whose debit
// balance bounds what a customer's impairment may be.
func (w *work) receivableAccounts() ([]string, error) {
	all, err := w.t.Accounts()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range all {
		if a.Kind == ledger.KindReceivable {
			out = append(out, a.Code)
		}
	}
	return out, nil
}

// owed is what partner owes on the receivable accounts at date: its
// balance there, in the company currency (less than zero when it holds a
// credit).
func (w *work) owed(partner string, receivables []string, date journal.Date) (currency.Amount, error) {
	sum := currency.Zero(w.t.Book().Currency())
	for _, account := range receivables {
		b, err := w.t.Balance(ledger.BalanceQuery{Account: account, Partner: partner, At: date})
		if err != nil {
			return sum, err
		}
		if sum, err = sum.Add(b.Balance); err != nil {
			return sum, fmt.Errorf("%w: what customer %s owes is more than an amount holds: %v", ErrAmount, partner, err)
		}
	}
	return sum, nil
}

// impair brings one customer's impairment to d.Amount at date.
func (w *work) impair(jrnl string, date journal.Date, d DoubtfulDebt, receivables []string) error {
	company := w.t.Book().Currency()
	p, err := w.t.Partner(d.Partner)
	if err != nil {
		return err
	}
	if !d.Amount.IsSet() || d.Amount.Currency() != company || d.Amount.Sign() < 0 {
		return fmt.Errorf("%w: the impairment of customer %s must be zero or more, in %s (got %s)", ErrAmount, d.Partner, company.Code(), d.Amount)
	}
	owed, err := w.owed(d.Partner, receivables, date)
	if err != nil {
		return err
	}
	if c, err := d.Amount.Cmp(owed); err != nil {
		return err
	} else if d.Amount.Sign() > 0 && c > 0 {
		if owed.Sign() < 0 {
			owed = currency.Zero(company)
		}
		return fmt.Errorf("%w: the impairment %s of customer %s is more than it owes on %s (%s, VAT included)",
			ErrAmount, d.Amount.French(), d.Partner, "the receivable accounts", owed.French())
	}
	fy, err := w.t.FiscalYear(date)
	if err != nil {
		return err
	}
	lines, err := w.t.Lines(ledger.LineFilter{Account: w.r.cfg.Impairment, Partner: d.Partner})
	if err != nil {
		return err
	}
	// An impairment dated after the closing is the estimate of a later
	// one: one at this date would add to it, not replace it.
	last := date
	for _, l := range lines {
		last = laterDate(last, l.Date)
	}
	if last.After(date) {
		return fmt.Errorf("%w: customer %s was impaired on %s, after %s: estimate it on or after %s",
			ErrLaterImpairment, d.Partner, last.French(), date.French(), last.French())
	}
	held := currency.Zero(company)  // the impairment standing at date
	prior := currency.Zero(company) // all of it but what Impair posted this fiscal year
	var thisYear []journal.ID
	for _, l := range lines {
		held = mustAdd(held, l.Line.Balance.Neg())
		mine, err := w.impairedThisYear(l, fy)
		if err != nil {
			return err
		}
		if !mine {
			prior = mustAdd(prior, l.Line.Balance.Neg())
		} else if !slices.Contains(thisYear, l.Ref.Entry) {
			thisYear = append(thisYear, l.Ref.Entry)
		}
	}
	if held.Equal(d.Amount) {
		return nil
	}
	for _, id := range thisYear {
		rev, _, err := w.t.Reverse(id, ledger.ReverseOptions{Date: date})
		if err != nil {
			return err
		}
		w.res.Entries = append(w.res.Entries, rev)
	}
	change, err := d.Amount.Sub(prior)
	if err != nil {
		return fmt.Errorf("%w: the impairment of customer %s: %v", ErrAmount, d.Partner, err)
	}
	if change.IsZero() {
		return nil
	}
	name := cmp.Or(strings.TrimSpace(p.Name), d.Partner)
	label, against := w.r.cfg.Labels.Impairment, w.r.cfg.ImpairmentCharge
	if change.Sign() < 0 {
		label, against = w.r.cfg.Labels.ImpairmentTakenBack, w.r.cfg.ImpairmentTakenBack
	}
	label = clip(label+" "+name, journal.TextMax-8)
	lines2 := []journal.Line{
		{Account: against, Label: label, Balance: change},
		{Account: w.r.cfg.Impairment, Partner: d.Partner, Label: label, Balance: change.Neg()},
	}
	if change.Sign() < 0 { // the debit first
		lines2[0], lines2[1] = lines2[1], lines2[0]
	}
	e := journal.Entry{Journal: jrnl, Date: date, Type: journal.TypeMisc, Label: label, Origin: w.op, Lines: lines2}
	posted, _, err := w.wr.PostGenerated(e)
	if err != nil {
		return err
	}
	w.res.Entries = append(w.res.Entries, posted)
	return nil
}

// impairedThisYear reports whether an impairment line is one Impair
// posted in fiscal year fy and that stands (not reversed): the entries a
// later run for the same closing replaces. One posted by hand, a reversal,
// or one of an earlier year is what the year found held.
func (w *work) impairedThisYear(l ledger.LineItem, fy ledger.FiscalYear) (bool, error) {
	if l.Date.Before(fy.Start) || l.ReversalOf != journal.NoID {
		return false, nil
	}
	e, err := w.entry(l.Ref.Entry)
	if err != nil {
		return false, err
	}
	if e.Origin == journal.NoID || e.Type != journal.TypeMisc {
		return false, nil
	}
	// The operation under way is recorded once it is done: an entry it
	// posted (an earlier Impairment step of a PostAndLetter) is its own.
	if e.Origin != w.op {
		if _, _, byOperation, err := w.t.Operation(e.Origin); err != nil || !byOperation {
			return false, err
		}
	}
	_, reversed, err := w.t.ReversedBy(e.ID)
	return !reversed, err
}

// ImpairedDebt is one customer's impairment at a date, beside what it
// owes.
type ImpairedDebt struct {
	Partner  string          // the customer's code
	Name     string          // the customer's name
	Impaired currency.Amount // the impairment held (a credit of the impairment account), company currency
	Owed     currency.Amount // its balance on the receivable accounts, VAT included
}

// Impaired lists the customers whose debts hold an impairment at the end
// of date, in partner code order, with what each owes: the figures an
// accountant reviews before estimating them again with Impair.
func (r *Reconciler) Impaired(ctx context.Context, date journal.Date) ([]ImpairedDebt, error) {
	var out []ImpairedDebt
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		out = nil
		if _, err := t.Account(r.cfg.Impairment); errors.Is(err, ledger.ErrUnknownAccount) {
			return nil // a chart without one holds no impairment
		} else if err != nil {
			return err
		}
		w := &work{r: r, t: t}
		receivables, err := w.receivableAccounts()
		if err != nil {
			return err
		}
		after := ""
		for {
			page, err := t.AccountPartners(r.cfg.Impairment, after, 0)
			if err != nil {
				return err
			}
			for _, code := range page {
				b, err := t.Balance(ledger.BalanceQuery{Account: r.cfg.Impairment, Partner: code, At: date})
				if err != nil {
					return err
				}
				if b.Balance.IsZero() {
					continue
				}
				p, err := t.Partner(code)
				if err != nil {
					return err
				}
				owed, err := w.owed(code, receivables, date)
				if err != nil {
					return err
				}
				out = append(out, ImpairedDebt{Partner: code, Name: p.Name, Impaired: b.Balance.Neg(), Owed: owed})
			}
			if len(page) == 0 {
				return nil
			}
			after = page[len(page)-1]
		}
	})
	return out, err
}
