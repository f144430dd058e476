package reconcile

import (
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// cashBasisKinds are the partials that make on-payment tax due (DESIGN §5):
// exchange partials post none, a discount posts its own entry, a reversal
// is no payment.
func cashBasisKind(k journal.PartialKind) bool {
	switch k {
	case journal.KindPayment, journal.KindCreditNote, journal.KindClearing, journal.KindWriteOff:
		return true
	}
	return false
}

// cashBasis posts, for each side of partial p that is a cash-basis
// document (an entry with on-payment tax lines), the share of each such
// tax that p makes due: moved from the transition account to the final
// account, with a neutral pair on the base account. Shares are cumulative
// — round(tax × Σ allocated / total) less the shares already live, never
// negative — and the allocation that completes the document takes exactly
// what remains, so the transition account ends at zero. One entry per
// (partial, document), dated at the partial's date (the first date the tax
// lock allows), Origin p, Ref the document's number.
func (w *work) cashBasis(p journal.Partial) error {
	if !cashBasisKind(p.Kind) {
		return nil
	}
	for _, side := range []journal.LineRef{p.Debit, p.Credit} {
		doc, err := w.entry(side.Entry)
		if err != nil {
			return err
		}
		if err := w.cashBasisOf(p, &doc); err != nil {
			return err
		}
	}
	return nil
}

// onPaymentTaxLines returns the indexes of a document's on-payment tax
// lines, selected by the tax snapshot on the line.
func onPaymentTaxLines(e *journal.Entry) []int {
	var out []int
	for i, l := range e.Lines {
		if l.TaxRole == tax.RoleTax && len(l.Taxes) == 1 && l.Taxes[0].Exigibility == tax.OnPayment {
			out = append(out, i)
		}
	}
	return out
}

func (w *work) cashBasisOf(p journal.Partial, doc *journal.Entry) error {
	taxLines := onPaymentTaxLines(doc)
	if len(taxLines) == 0 {
		return nil
	}
	progress, err := w.cashBasisProgress(doc)
	if err != nil {
		return err
	}
	rounding := w.t.Book().Rounding()
	foreign := docCurrency(doc) != w.t.Book().Currency()
	var payRate rateOf
	if foreign {
		if payRate, err = w.paymentRate(p, doc); err != nil {
			return err
		}
	}
	var lines []journal.Line
	for _, i := range taxLines {
		tl := &doc.Lines[i]
		t := tl.Taxes[0]
		due, err := cumulativeShare(tl.AmountCurrency.Abs(), progress, progress.taxShares[t.ID], rounding)
		if err != nil {
			return err
		}
		s := tl.AmountCurrency.Sign() // −1 on a sales invoice: the tax was credited
		snap := []tax.Tax{t}
		trans := journal.Line{Account: t.TransitionAccount, Label: t.Name, TaxRole: tax.RoleTax, Taxes: snap, AmountCurrency: signed(due, -s)}
		final := journal.Line{Account: t.FinalAccount, Label: t.Name, TaxRole: tax.RoleTax, Taxes: snap, AmountCurrency: signed(due, s)}
		switch {
		case due.IsZero():
			// No tax due this time (rounding); the base pairs below may be.
		case foreign:
			// The transition account is cleared at the invoice's company
			// amounts (the same cumulative formula on them), the final
			// account takes the payment's rate, the difference is an
			// exchange difference.
			companyDue, err := cumulativeShare(tl.Balance.Abs(), progress, progress.companyTaxShares[t.ID], rounding)
			if err != nil {
				return err
			}
			finalCompany, err := payRate.value(due, rounding)
			if err != nil {
				return err
			}
			trans.Balance, final.Balance = signed(companyDue, -s), signed(finalCompany, s)
			lines = append(lines, trans, final)
			if diff := mustAdd(trans.Balance, final.Balance).Neg(); !diff.IsZero() {
				account := w.r.cfg.ExchangeLoss
				if diff.Sign() < 0 {
					account = w.r.cfg.ExchangeGain
				}
				lines = append(lines, journal.Line{Account: account, Label: "Exchange difference " + t.Name, Balance: diff,
					AmountCurrency: currency.Zero(due.Currency())})
			}
		default:
			lines = append(lines, trans, final)
		}
		// The neutral base pairs, per (base account, tax), cumulative too.
		for _, b := range taxBases(doc, t) {
			baseDue, err := cumulativeShare(b.amount, progress, progress.baseShares[baseKey(t.ID, b.account)], rounding)
			if err != nil || baseDue.IsZero() {
				if err != nil {
					return err
				}
				continue
			}
			pair := []journal.Line{
				{Account: b.account, Label: "Base " + t.Name, AmountCurrency: signed(baseDue, -b.sign)},
				{Account: b.account, Label: "Base " + t.Name, TaxRole: tax.RoleBase, Taxes: snap, AmountCurrency: signed(baseDue, b.sign)},
			}
			if foreign { // a neutral pair at the invoice's rate
				v, err := currency.MulDiv(baseDue, b.line.Balance.Abs(), b.line.AmountCurrency.Abs(), w.t.Book().Currency(), rounding)
				if err != nil {
					return err
				}
				pair[0].Balance, pair[1].Balance = signed(v, -b.sign), signed(v, b.sign)
			}
			lines = append(lines, pair...)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	e := journal.Entry{Journal: w.r.cfg.CashBasisJournal, Date: locks.FirstOpenDate(p.Date, true), Type: journal.TypeCashBasis,
		Currency: doc.Currency, Ref: doc.Name(), Label: "TVA sur encaissements " + doc.Name(), Origin: p.ID, Lines: lines}
	if e.Currency == w.t.Book().Currency() {
		e.Currency = currency.Currency{}
	}
	posted, _, err := w.t.Post(e)
	if err != nil {
		return fmt.Errorf("posting the cash-basis entry of %s: %w", doc.Name(), err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	return nil
}

func signed(a currency.Amount, sign int) currency.Amount {
	if sign < 0 {
		return a.Neg()
	}
	return a
}

// rateOf values a foreign amount in the company currency: at a line's own
// rate (num/den, company over currency) or at a market rate.
type rateOf struct {
	num, den currency.Amount
	market   currency.Rate
	company  currency.Currency
}

func (r rateOf) value(a currency.Amount, rounding currency.Rounding) (currency.Amount, error) {
	if r.num.IsSet() {
		return currency.MulDiv(a, r.num, r.den, r.company, rounding)
	}
	return r.market.ToCompany(a, r.company, rounding)
}

// paymentRate is the rate of what paid a foreign document in partial p:
// the paying line's own rate when it is in the document's currency, the
// market rate of the partial's date otherwise.
func (w *work) paymentRate(p journal.Partial, doc *journal.Entry) (rateOf, error) {
	other := p.Debit
	if p.Debit.Entry == doc.ID {
		other = p.Credit
	}
	oe, err := w.entry(other.Entry)
	if err != nil {
		return rateOf{}, err
	}
	l := oe.Lines[other.Index]
	company := w.t.Book().Currency()
	if l.AmountCurrency.Currency() == docCurrency(doc) && !l.AmountCurrency.IsZero() && !l.Balance.IsZero() {
		return rateOf{num: l.Balance.Abs(), den: l.AmountCurrency.Abs(), company: company}, nil
	}
	rate, _, err := w.t.Rate(docCurrency(doc), p.Date)
	if err != nil {
		return rateOf{}, err
	}
	return rateOf{market: rate, company: company}, nil
}

// progress is how far a cash-basis document is paid: its total, what live
// partials allocated to it, whether it is complete, and the shares of each
// tax and base already made due by live cash-basis entries.
type progress struct {
	total, allocated currency.Amount
	complete         bool
	taxShares        map[string]currency.Amount
	baseShares       map[string]currency.Amount // by baseKey(tax, account)
	// companyTaxShares are the shares already made due in company
	// amounts: a foreign document's transition account is cleared at its
	// own company amounts, in the proportion paid in its currency.
	companyTaxShares map[string]currency.Amount
}

func (w *work) cashBasisProgress(doc *journal.Entry) (progress, error) {
	cur := currency.Zero(docCurrency(doc))
	pr := progress{total: cur, allocated: cur, complete: true, taxShares: map[string]currency.Amount{}, baseShares: map[string]currency.Amount{},
		companyTaxShares: map[string]currency.Amount{}}
	seen := map[journal.ID]bool{}
	for i := range doc.Lines {
		a, err := w.t.Account(doc.Lines[i].Account)
		if err != nil {
			return progress{}, err
		}
		if !a.Kind.NeedsPartner() {
			continue
		}
		ref := doc.LineRef(i)
		pr.total = mustAdd(pr.total, doc.Lines[i].AmountCurrency.Abs())
		res, err := w.t.Residual(ref)
		if err != nil {
			return progress{}, err
		}
		if !res.AmountCurrency.IsZero() {
			pr.complete = false
		}
		ps, err := w.t.LivePartials(ref)
		if err != nil {
			return progress{}, err
		}
		for _, q := range ps {
			if !cashBasisKind(q.Kind) && q.Kind != journal.KindDiscount {
				continue
			}
			own := q.DebitAmountCurrency
			if q.Credit == ref {
				own = q.CreditAmountCurrency
			}
			pr.allocated = mustAdd(pr.allocated, own)
			if seen[q.ID] {
				continue
			}
			seen[q.ID] = true
			if err := w.addLiveShares(&pr, q.ID, doc); err != nil {
				return progress{}, err
			}
		}
	}
	return pr, nil
}

// addLiveShares adds the shares of doc's taxes and bases that partial q's
// cash-basis (or discount) entries made due.
func (w *work) addLiveShares(pr *progress, q journal.ID, doc *journal.Entry) error {
	gens, err := w.t.Generated(q)
	if err != nil {
		return err
	}
	for _, id := range gens {
		g, err := w.entry(id)
		if err != nil {
			return err
		}
		if g.Ref != doc.Name() || g.ReversalOf != journal.NoID || (g.Type != journal.TypeCashBasis && g.Type != journal.TypeDiscount) {
			continue
		}
		if _, reversed, err := w.t.ReversedBy(id); err != nil || reversed {
			return err
		}
		for _, l := range g.Lines {
			if len(l.Taxes) != 1 || l.Taxes[0].Exigibility != tax.OnPayment {
				continue
			}
			id := l.Taxes[0].ID
			switch {
			case l.TaxRole == tax.RoleTax && l.Account == l.Taxes[0].TransitionAccount:
				pr.taxShares[id] = addOr(pr.taxShares[id], l.AmountCurrency.Abs())
				pr.companyTaxShares[id] = addOr(pr.companyTaxShares[id], l.Balance.Abs())
			case l.TaxRole == tax.RoleBase:
				account := l.Account
				if g.Type == journal.TypeDiscount { // a discount lowers the base on the document's (first) base account
					if bases := taxBases(doc, l.Taxes[0]); len(bases) > 0 {
						account = bases[0].account
					}
				}
				k := baseKey(id, account)
				pr.baseShares[k] = addOr(pr.baseShares[k], l.AmountCurrency.Abs())
			}
		}
	}
	return nil
}

func addOr(a, b currency.Amount) currency.Amount {
	if !a.IsSet() {
		return b
	}
	return mustAdd(a, b)
}

func docCurrency(doc *journal.Entry) currency.Currency {
	for _, l := range doc.Lines {
		return l.AmountCurrency.Currency()
	}
	return currency.Currency{}
}

// cumulativeShare is DESIGN §5's formula: what is due now of amount, given
// the document's progress and what live entries already made due.
func cumulativeShare(amount currency.Amount, pr progress, already currency.Amount, rounding currency.Rounding) (currency.Amount, error) {
	if !already.IsSet() {
		already = currency.Zero(amount.Currency())
	}
	target := amount
	if !pr.complete {
		var err error
		if target, err = currency.MulDiv(amount, pr.allocated, pr.total, amount.Currency(), rounding); err != nil {
			return currency.Amount{}, err
		}
	}
	due := mustSub(target, already)
	if due.Sign() < 0 {
		return currency.Zero(amount.Currency()), nil
	}
	return due, nil
}

// taxBase returns the base of tax t on a document: the signed sum of its
// base lines carrying t (a rebate line lowers it), in absolute value.
func (w *work) taxBase(doc *journal.Entry, t tax.Tax) currency.Amount {
	sum := currency.Zero(docCurrency(doc))
	for _, b := range taxBases(doc, tax.Tax{ID: t.ID, BaseAccount: "all"}) {
		sum = mustAdd(sum, signed(b.amount, b.sign))
	}
	return sum.Abs()
}

func baseKey(taxID, account string) string { return taxID + "\x00" + account }

// accountBase is the base of a tax on one account of a document.
type accountBase struct {
	account string
	amount  currency.Amount
	sign    int           // the sign of the document's base lines
	line    *journal.Line // one of them, for its rate
}

// taxBases returns a document's bases of tax t per base account: the tax's
// BaseAccount when it has one, else each base line's own account.
func taxBases(doc *journal.Entry, t tax.Tax) []accountBase {
	var out []accountBase
	for i := range doc.Lines {
		l := &doc.Lines[i]
		if l.TaxRole != tax.RoleBase || !slices.ContainsFunc(l.Taxes, func(x tax.Tax) bool { return x.ID == t.ID }) {
			continue
		}
		account := t.BaseAccount
		if account == "" {
			account = l.Account
		}
		k := slices.IndexFunc(out, func(b accountBase) bool { return b.account == account })
		if k < 0 {
			out = append(out, accountBase{account: account, amount: currency.Zero(l.AmountCurrency.Currency()), line: l})
			k = len(out) - 1
		}
		out[k].amount = mustAdd(out[k].amount, l.AmountCurrency) // signed: a rebate line lowers the base
	}
	for k := range out {
		out[k].sign = out[k].amount.Sign()
		out[k].amount = out[k].amount.Abs()
	}
	return out
}
