package reconcile

import (
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/tax"
)

// An early-payment discount (escompte) closes an invoice paid early for
// less than it owes with a rectifying entry of type discount that names
// the invoice, in the invoice's journal, dated at the payment. Customer
// side: Dr 665000 (tax-excluded share) + Dr VAT share / Cr receivable;
// supplier side: Dr payable / Cr 765000 + Cr VAT share. The VAT share is
// the discount's part of the invoice's taxes, prorated over them by largest
// remainder (ties to the first tax), taken from the transition account for
// taxes due on payment and from the final account otherwise; the
// tax-excluded share is prorated over the invoice's bases — its untaxed
// lines and each tax's base lines, net of rebates, exempt taxes included.
// A self-assessed tax (reverse charge), booked on two sides that net to
// zero, is lowered on both sides by its share of the discount. Amounts are
// in the invoice's currency and valued at its rate. The entry
// is lettered to the invoice by a discount partial before the payment is,
// so that the payment's cash-basis share is what remains.

// earlyDiscount posts the discount of the invoice line doc, for a payment
// dated payDate, and letters it.
func (w *work) earlyDiscount(doc *item, payDate journal.Date, discount currency.Amount) error {
	e := doc.entry
	switch {
	case e.Type != journal.TypeInvoice:
		return fmt.Errorf("%w: %s is a %s", ErrDiscount, e.Name(), e.Type)
	case discount.Sign() <= 0 || mustCmp(discount, doc.residual.AmountCurrency.Abs()) >= 0:
		return fmt.Errorf("%w: a discount of %s on %s due", ErrDiscount, discount, doc.residual.AmountCurrency.Abs())
	}
	if _, reversed, err := w.t.ReversedBy(e.ID); err != nil {
		return err
	} else if reversed {
		return fmt.Errorf("%w: %s is reversed: there is nothing left to discount", ErrDiscount, e.Name())
	}
	if err := w.firstPayment(e); err != nil {
		return err
	}
	d, err := w.document(e.ID)
	if err != nil {
		return err
	}
	sh, err := w.discountShares(d, discount)
	if err != nil {
		return err
	}
	lines, err := w.discountLines(d, doc, discount, sh)
	if err != nil {
		return err
	}
	pid := w.wr.NewPartialID()
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	entry := journal.Entry{Journal: e.Journal, Date: locks.FirstOpenDate(laterDate(payDate, e.Date), true), Type: journal.TypeDiscount,
		Ref: e.Name(), Label: w.r.cfg.Labels.Discount + " " + e.Name(), Currency: e.Currency, Origin: pid, Document: e.ID, Lines: lines}
	posted, _, err := w.wr.PostGenerated(entry)
	if err != nil {
		return fmt.Errorf("posting the discount of %s: %w", e.Name(), err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	line, err := w.load(posted.LineRef(0))
	if err != nil {
		return err
	}
	dr, cr := doc, line
	if d.side() < 0 {
		dr, cr = line, doc
	}
	p, err := w.putPartial(journal.Partial{ID: pid, Debit: dr.ref, Credit: cr.ref, Amount: line.line.Balance.Abs(),
		DebitAmountCurrency: discount, CreditAmountCurrency: discount,
		Date: laterDate(doc.entry.Date, posted.Date), Kind: journal.KindDiscount, Operation: w.op})
	if err != nil {
		return err
	}
	w.res.Partials = append(w.res.Partials, p)
	return w.refresh(doc)
}

// offersDiscount reports whether invoice e may still take the
// early-payment discount it offers (journal.Entry.DiscountOffer) through
// its line on account: an invoice a caller posted, neither a reversal nor
// reversed, whose one partner line (receivable or payable) is on the
// account — the offer is on the whole invoice, and an instalment is not
// all of it. Whether that line has anything lettered, and whether the
// payment comes in time, is the caller's to check.
func offersDiscount(t *ledger.Tx, e *journal.Entry, account string) (bool, error) {
	if ok, err := offersDiscountShape(t, e, account); !ok || err != nil {
		return false, err
	}
	_, reversed, err := t.ReversedBy(e.ID)
	return !reversed, err
}

// offersDiscountShape is offersDiscount but for the invoice's reversal:
// an invoice that may offer one by its kind and lines.
func offersDiscountShape(t *ledger.Tx, e *journal.Entry, account string) (bool, error) {
	if o := e.DiscountOffer; o == nil || e.Type != journal.TypeInvoice || e.ReversalOf != journal.NoID || o.Amount.Sign() <= 0 {
		return false, nil
	}
	// Its one partner line (receivable or payable: what the discount
	// entry credits or debits) is the line on account.
	n := 0
	for i := range e.Lines {
		a, err := t.Account(e.Lines[i].Account)
		if err != nil {
			return false, err
		}
		if isPartnerLine(a) {
			if e.Lines[i].Account != account {
				return false, nil
			}
			n++
		}
	}
	return n == 1, nil
}

// offersDiscountAt is offersDiscount as things stood at the end of date
// at (zero: now): an invoice cancelled after at still offered it then.
func offersDiscountAt(t *ledger.Tx, e *journal.Entry, account string, at journal.Date) (bool, error) {
	if at.IsZero() {
		return offersDiscount(t, e, account)
	}
	if ok, err := offersDiscountShape(t, e, account); !ok || err != nil {
		return false, err
	}
	rid, reversed, err := t.ReversedBy(e.ID)
	if err != nil || !reversed {
		return !reversed, err
	}
	r, err := t.Entry(rid)
	return err == nil && r.Date.After(at), err
}

// offerInTime returns the early-payment discount invoice line d offers a
// first payment dated date, nil when it offers none that payment may take:
// its invoice may not take one (offersDiscount), something is lettered on
// the line already, the offer ended before date, or it is in another
// currency than the line.
func (w *work) offerInTime(d *item, date journal.Date) (*journal.DiscountOffer, error) {
	ok, err := offersDiscount(w.t, d.entry, d.line.Account)
	if err != nil || !ok {
		return nil, err
	}
	o := d.entry.DiscountOffer
	if !d.residual.AmountCurrency.Equal(d.line.AmountCurrency) || date.After(o.Until) || o.Amount.Currency() != d.lineCurrency() {
		return nil, nil
	}
	return o, nil
}

// takesOffers checks that a payment of paid, dated date, of the invoices
// whose lines are docs, takes exactly the early-payment discounts they
// offer in time: each such invoice of one partner line with nothing
// lettered on it takes its whole offer, the others none, and paid is what
// they owe less those and less what the documents set off against them
// owe. It returns the lines taking one, with their offers.
func (w *work) takesOffers(docs, setOff []*item, paid currency.Amount, date journal.Date) ([]*item, []currency.Amount, error) {
	for _, n := range setOff {
		if n.lineCurrency() != paid.Currency() {
			return nil, nil, fmt.Errorf("%w: paid in %s, %s is in %s", ErrDiscount, paid.Currency(), n, n.lineCurrency())
		}
		paid = mustAdd(paid, n.residual.AmountCurrency.Abs())
	}
	var takers []*item
	var offers []currency.Amount
	owed, taken := currency.Zero(paid.Currency()), currency.Zero(paid.Currency())
	for _, d := range docs {
		if d.lineCurrency() != paid.Currency() {
			return nil, nil, fmt.Errorf("%w: paid in %s, %s is in %s", ErrDiscount, paid.Currency(), d, d.lineCurrency())
		}
		owed = mustAdd(owed, d.residual.AmountCurrency.Abs())
		o, err := w.offerInTime(d, date)
		if err != nil {
			return nil, nil, err
		}
		if o != nil {
			takers, offers = append(takers, d), append(offers, o.Amount)
			taken = mustAdd(taken, o.Amount)
		}
	}
	switch {
	case len(takers) == 0:
		return nil, nil, fmt.Errorf("%w: no invoice paid offers an early-payment discount a first payment on %s may take", ErrDiscount, date)
	case !mustSub(owed, taken).Equal(paid):
		return nil, nil, fmt.Errorf("%w: %s paid on %s owed, the offers in time take %s off", ErrDiscount, paid, owed, taken)
	}
	return takers, offers, nil
}

// offersPaid returns the invoices among docs whose early-payment discounts
// a payment of paid, dated date, takes by paying exactly what docs owe
// less the offers in time and less what setOff owe (takesOffers), with
// those offers; none when it pays anything else. As Odoo's register
// payment, a payment of the discounted amount in time takes the discount.
func (w *work) offersPaid(docs, setOff []*item, paid currency.Amount, date journal.Date) ([]*item, []currency.Amount, error) {
	takers, offers, err := w.takesOffers(docs, setOff, paid, date)
	if errors.Is(err, ErrDiscount) {
		return nil, nil, nil
	}
	return takers, offers, err
}

// discountShare is how a discount splits: its untaxed part, and per tax
// of the invoice its tax-excluded and VAT parts, each signed like the
// discount (a rebate's part goes the other way).
type discountShare struct {
	taxes   []docTax
	untaxed currency.Amount
	ht, vat []currency.Amount // per tax
	base    []currency.Amount // per tax: its bases, in the invoice's natural direction
}

// discountShares splits a discount over the invoice's taxes and bases.
func (w *work) discountShares(d *document, discount currency.Amount) (discountShare, error) {
	cur, company := d.cur(), w.t.Book().Currency()
	ttc, _ := d.total()
	// Weights in the invoice's natural direction: a sales line credited
	// weighs positive, a rebate debited on the same invoice negative.
	natural := func(a currency.Amount) currency.Amount { return signed(a, -d.side()) }
	sh := discountShare{taxes: taxesOf(d.entry)}
	untaxed := currency.Zero(cur)
	for i := range d.entry.Lines {
		l := &d.entry.Lines[i]
		if l.TaxRole == tax.RoleNone && !d.has(d.entry.LineRef(i)) {
			untaxed = mustAdd(untaxed, natural(l.AmountCurrency))
		}
	}
	vatTotal := currency.Zero(cur)
	taxWeights := make([]currency.Amount, len(sh.taxes))
	baseWeights := []currency.Amount{untaxed}
	for k := range sh.taxes {
		x := &sh.taxes[k]
		own, _ := x.amounts(cur, company)
		if x.line != nil {
			own = natural(x.own) // every tax line of the tax, not only the first
		}
		taxWeights[k] = own
		vatTotal = mustAdd(vatTotal, own)
		base := currency.Zero(cur)
		for _, b := range x.bases {
			base = mustAdd(base, natural(signed(b.amount, b.sign)))
		}
		baseWeights = append(baseWeights, base)
	}
	rounding := w.t.Book().Rounding()
	vatShare := currency.Zero(cur)
	var err error
	if !vatTotal.IsZero() {
		if vatShare, err = currency.MulDiv(discount, vatTotal, ttc, cur, rounding); err != nil {
			return sh, err
		}
	}
	sh.vat = make([]currency.Amount, len(sh.taxes))
	for k := range sh.vat {
		sh.vat[k] = currency.Zero(cur)
	}
	if !vatShare.IsZero() {
		if sh.vat, err = currency.Prorate(vatShare, taxWeights); err != nil {
			return sh, err
		}
	}
	parts, err := currency.Prorate(mustSub(discount, vatShare), baseWeights)
	if err != nil {
		return sh, fmt.Errorf("%w: %s has no tax-excluded amount to spread it over: %v", ErrDiscount, d.name(), err)
	}
	sh.untaxed, sh.ht, sh.base = parts[0], parts[1:], baseWeights[1:]
	return sh, nil
}

// discountLines returns the discount entry's lines: the partner line
// first, then the untaxed share, then each tax's base and VAT shares, in
// the invoice's currency valued at its rate (the partner line takes the
// rounding).
func (w *work) discountLines(d *document, doc *item, discount currency.Amount, sh discountShare) ([]journal.Line, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	supplier := d.side() < 0
	debit := func(a currency.Amount) currency.Amount { // the debit side of the discount entry
		if supplier {
			return a.Neg()
		}
		return a
	}
	account := w.r.cfg.DiscountGranted
	if supplier {
		account = w.r.cfg.DiscountObtained
	}
	label := w.r.cfg.Labels.Discount + " " + d.name()
	// value is a company value at the invoice's rate, nil in the company
	// currency.
	var value func(currency.Amount) (currency.Amount, error)
	if d.cur() != company {
		r := lineRate(doc)
		value = func(a currency.Amount) (currency.Amount, error) { return r.value(a, company, rounding) }
	}
	lines := []journal.Line{{Account: doc.line.Account, Partner: doc.line.Partner, Label: label, AmountCurrency: debit(discount).Neg()}}
	if !sh.untaxed.IsZero() {
		lines = append(lines, journal.Line{Account: account, Label: label, AmountCurrency: debit(sh.untaxed)})
	}
	for k, x := range sh.taxes {
		snap := []tax.Tax{x.tax}
		if !sh.ht[k].IsZero() {
			lines = append(lines, journal.Line{Account: account, Label: label, TaxRole: tax.RoleBase, Taxes: snap,
				AmountCurrency: debit(sh.ht[k])})
		}
		if !sh.vat[k].IsZero() {
			vatAccount := x.tax.FinalAccount
			if x.tax.Exigibility == tax.OnPayment {
				vatAccount = x.tax.TransitionAccount
			}
			lines = append(lines, journal.Line{Account: vatAccount, Label: label + " " + x.tax.Name, TaxRole: tax.RoleTax, Taxes: snap,
				AmountCurrency: debit(sh.vat[k])})
		}
		own, err := selfAssessed(d.entry, &sh.taxes[k], sh.ht[k], sh.base[k], label+" "+x.tax.Name, rounding, value)
		if err != nil {
			return nil, err
		}
		lines = append(lines, own...)
	}
	if d.cur() == company {
		for i := range lines {
			lines[i].Balance = lines[i].AmountCurrency
		}
		return lines, nil
	}
	// At the invoice's rate, the partner line balancing the rest; the lines
	// of a self-assessed tax are valued already.
	sum := currency.Zero(company)
	for i := 1; i < len(lines); i++ {
		if !lines[i].Balance.IsSet() {
			v, err := value(lines[i].AmountCurrency.Abs())
			if err != nil {
				return nil, err
			}
			lines[i].Balance = signed(v, lines[i].AmountCurrency.Sign())
		}
		sum = mustAdd(sum, lines[i].Balance)
	}
	lines[0].Balance = sum.Neg()
	return lines, nil
}

// selfAssessed returns the lines that lower a self-assessed tax for a
// discount whose tax-excluded share on the tax's bases is ht, out of base
// (both in the invoice's natural direction). A reverse-charge tax is
// booked on two sides that net to zero (Dr 445660 deductible / Cr 445200
// due on an intra-EU purchase): it weighs nothing in the discount's VAT
// share, yet the price actually paid lowers both sides alike (CGI art. 267
// and 283-2: 1 000.00 at 20 % paid 980.00 is 196.00 due and deductible).
// Each side is lowered by the tax's share of the discount, prorated over
// its lines, so that the two still net to zero — in the company currency
// too: with value (a foreign invoice), each side's company value is the
// share's, valued once and prorated alike. Each line is lowered on its
// own account: for a tax due on payment, the side waiting on the
// transition account is lowered there, and the cash-basis entries move
// the rest. None for any other tax.
func selfAssessed(e *journal.Entry, x *docTax, ht, base currency.Amount, label string, rounding currency.Rounding,
	value func(currency.Amount) (currency.Amount, error)) ([]journal.Line, error) {
	if x.line == nil || !x.own.IsZero() || base.IsZero() || ht.IsZero() {
		return nil, nil
	}
	cur := x.own.Currency()
	var debits, credits []int // the tax's lines on each side
	side := currency.Zero(cur)
	for i := range e.Lines {
		l := &e.Lines[i]
		if l.TaxRole != tax.RoleTax || len(l.Taxes) != 1 || l.Taxes[0].ID != x.tax.ID {
			continue
		}
		switch l.AmountCurrency.Sign() {
		case 1:
			debits = append(debits, i)
			side = mustAdd(side, l.AmountCurrency)
		case -1:
			credits = append(credits, i)
		}
	}
	if len(debits) == 0 || len(credits) == 0 {
		return nil, nil
	}
	lower, err := currency.MulDiv(side, ht, base, cur, rounding)
	if err != nil || lower.IsZero() {
		return nil, err
	}
	var lowerCompany currency.Amount
	if value != nil {
		if lowerCompany, err = value(lower); err != nil {
			return nil, err
		}
	}
	var out []journal.Line
	for _, lines := range [][]int{debits, credits} {
		weights := make([]currency.Amount, len(lines))
		for j, i := range lines {
			weights[j] = e.Lines[i].AmountCurrency.Abs()
		}
		parts, err := currency.Prorate(lower, weights)
		if err != nil {
			return nil, err
		}
		var valued []currency.Amount
		if value != nil {
			if valued, err = currency.Prorate(lowerCompany, weights); err != nil {
				return nil, err
			}
		}
		for j, i := range lines {
			l := &e.Lines[i]
			out = append(out, journal.Line{Account: l.Account, Label: label, TaxRole: tax.RoleTax, Taxes: []tax.Tax{x.tax},
				AmountCurrency: signed(parts[j], -l.AmountCurrency.Sign())})
			if value != nil {
				out[len(out)-1].Balance = signed(valued[j], -l.AmountCurrency.Sign())
			}
		}
	}
	return out, nil
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
			if q.Kind == journal.KindPayment || q.Kind == journal.KindClearing || q.Kind == journal.KindDiscount || q.Kind == journal.KindBill {
				return fmt.Errorf("%w: %s already has a payment or a discount", ErrDiscount, e.Name())
			}
		}
	}
	return nil
}
