package reconcile

import (
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// earlyDiscount posts the early-payment discount (escompte, seed 004) that
// closes an invoice paid early for less than it owes: a rectifying entry
// of type discount referencing the invoice, in the invoice's journal,
// dated at the payment. Customer side: Dr 665000 (HT share) + Dr VAT share
// / Cr receivable; supplier side: Dr payable / Cr 765000 + Cr VAT share.
// The VAT share is the discount's part of the invoice's taxes, prorated
// over them by largest remainder (ties to the first tax), taken from the
// transition account for on-payment taxes and from the final account
// otherwise; the HT share is prorated over the invoice's bases (untaxed
// lines, and each tax's base lines, those of a tax that is exempt or
// rounded to zero included). It is lettered to the invoice by a discount
// partial before the payment is, so that the payment's cash-basis share is
// what remains.
func (w *work) earlyDiscount(doc *item, payDate journal.Date, discount currency.Amount) error {
	e := doc.entry
	switch {
	case e.Type != journal.TypeInvoice:
		return fmt.Errorf("%w: %s is a %s", ErrDiscount, e.Name(), e.Type)
	case discount.Sign() <= 0 || mustCmp(discount, doc.residual.AmountCurrency.Abs()) >= 0:
		return fmt.Errorf("%w: a discount of %s on %s due", ErrDiscount, discount, doc.residual.AmountCurrency.Abs())
	}
	if err := w.firstPayment(e); err != nil {
		return err
	}
	// The invoice's taxes and bases: weights of the VAT and HT shares.
	cur := discount.Currency()
	ttc := currency.Zero(cur)
	type taxPart struct {
		t           tax.Tax
		amount      currency.Amount
		base        currency.Amount
		baseAccount string
	}
	var parts []taxPart
	untaxed := currency.Zero(cur)
	for i := range e.Lines {
		l := &e.Lines[i]
		a, err := w.t.Account(l.Account)
		if err != nil {
			return err
		}
		switch {
		case a.Kind.NeedsPartner():
			ttc = mustAdd(ttc, l.AmountCurrency.Abs())
		case l.TaxRole == tax.RoleTax:
			parts = append(parts, taxPart{t: l.Taxes[0], amount: l.AmountCurrency.Abs()})
		case l.TaxRole == tax.RoleNone:
			untaxed = mustAdd(untaxed, l.AmountCurrency.Abs())
		}
	}
	// A tax whose amount rounded to zero has no tax line, yet its base
	// lines are part of the HT: it joins with a zero VAT weight, so that
	// the HT share still has somewhere to go.
	for i := range e.Lines {
		l := &e.Lines[i]
		if l.TaxRole != tax.RoleBase {
			continue
		}
		for _, t := range l.Taxes {
			if !slices.ContainsFunc(parts, func(p taxPart) bool { return p.t.ID == t.ID }) {
				parts = append(parts, taxPart{t: t, amount: currency.Zero(cur)})
			}
		}
	}
	for k := range parts {
		parts[k].base = w.taxBase(e, parts[k].t)
	}
	rounding := w.t.Book().Rounding()
	vatTotal := currency.Zero(cur)
	taxWeights := make([]currency.Amount, len(parts))
	for k, p := range parts {
		vatTotal = mustAdd(vatTotal, p.amount)
		taxWeights[k] = p.amount
	}
	vatShare := currency.Zero(cur)
	var err error
	if !vatTotal.IsZero() {
		if vatShare, err = currency.MulDiv(discount, vatTotal, ttc, cur, rounding); err != nil {
			return err
		}
	}
	htShare := mustSub(discount, vatShare)
	vatParts := make([]currency.Amount, len(parts))
	if !vatShare.IsZero() {
		if vatParts, err = currency.Prorate(vatShare, taxWeights); err != nil {
			return err
		}
	}
	baseWeights := []currency.Amount{untaxed}
	for _, p := range parts {
		baseWeights = append(baseWeights, p.base)
	}
	htParts, err := currency.Prorate(htShare, baseWeights)
	if err != nil {
		return err
	}
	supplier := doc.line.AmountCurrency.Sign() < 0
	sign := func(a currency.Amount) currency.Amount { // the debit side of the discount entry
		if supplier {
			return a.Neg()
		}
		return a
	}
	discountAccount := w.r.cfg.DiscountGranted
	if supplier {
		discountAccount = w.r.cfg.DiscountObtained
	}
	label := "Escompte " + e.Name()
	lines := []journal.Line{{Account: doc.line.Account, Partner: doc.line.Partner, Label: label, AmountCurrency: sign(discount).Neg()}}
	if !htParts[0].IsZero() {
		lines = append(lines, journal.Line{Account: discountAccount, Label: label, AmountCurrency: sign(htParts[0])})
	}
	for k, p := range parts {
		snap := []tax.Tax{p.t}
		if !htParts[k+1].IsZero() {
			lines = append(lines, journal.Line{Account: discountAccount, Label: label, TaxRole: tax.RoleBase, Taxes: snap,
				AmountCurrency: sign(htParts[k+1])})
		}
		if !vatParts[k].IsZero() {
			account := p.t.FinalAccount
			if p.t.Exigibility == tax.OnPayment {
				account = p.t.TransitionAccount
			}
			lines = append(lines, journal.Line{Account: account, Label: label + " " + p.t.Name, TaxRole: tax.RoleTax, Taxes: snap,
				AmountCurrency: sign(vatParts[k])})
		}
	}
	pid := journal.NewID()
	entry := journal.Entry{Journal: e.Journal, Date: laterDate(payDate, e.Date), Type: journal.TypeDiscount, Ref: e.Name(),
		Label: label, Currency: e.Currency, Origin: pid, Lines: lines}
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	entry.Date = locks.FirstOpenDate(entry.Date, true)
	posted, _, err := w.t.Post(entry)
	if err != nil {
		return fmt.Errorf("posting the discount of %s: %w", e.Name(), err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	line, err := w.load(posted.LineRef(0))
	if err != nil {
		return err
	}
	d, c := doc, line
	if supplier {
		d, c = line, doc
	}
	p, err := w.t.PutPartial(journal.Partial{ID: pid, Debit: d.ref, Credit: c.ref, Amount: line.line.Balance.Abs(),
		DebitAmountCurrency: discount, CreditAmountCurrency: discount,
		Date: laterDate(doc.entry.Date, posted.Date), Kind: journal.KindDiscount, Operation: w.op})
	if err != nil {
		return err
	}
	w.res.Partials = append(w.res.Partials, p)
	doc.residual, err = w.t.Residual(doc.ref)
	return err
}

// firstPayment refuses a discount on an invoice that already has a payment
// or a discount.
func (w *work) firstPayment(e *journal.Entry) error {
	for i := range e.Lines {
		ps, err := w.t.LivePartials(e.LineRef(i))
		if err != nil && !isNotReconcilable(err) {
			return err
		}
		for _, q := range ps {
			if q.Kind == journal.KindPayment || q.Kind == journal.KindClearing || q.Kind == journal.KindDiscount {
				return fmt.Errorf("%w: %s already has a payment or a discount", ErrDiscount, e.Name())
			}
		}
	}
	return nil
}
