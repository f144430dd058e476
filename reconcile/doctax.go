package reconcile

import (
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// docTax is one tax of a document, as its lines record it (the tax
// snapshot, never today's configuration): its tax line, and its bases per
// base account.
type docTax struct {
	tax tax.Tax
	// line is the tax's first tax line; nil for a tax that has none: an
	// exempt (0 %) tax, or one that rounded to zero on this document.
	line *journal.Line
	// own and company are the tax's lines summed, signed, in the
	// document's currency and in the company currency: one tax may be
	// booked on several lines (Odoo splits them by analytic account; an
	// imported or hand-typed invoice may too). For a self-assessed tax
	// they net to zero; what waits on the transition account is waiting.
	own, company currency.Amount
	// waiting and waitingCompany are the tax's lines on its transition
	// account, summed, signed (unset when it has none): for a tax due on
	// payment, what its cash-basis entries move — all of its lines, but
	// for a self-assessed tax only the side booked to wait (its other
	// side is booked where it is due).
	waiting, waitingCompany currency.Amount
	bases                   []accountBase
}

// accountBase is the base of a tax on one account of a document.
type accountBase struct {
	account string
	amount  currency.Amount // in the document's currency, positive
	company currency.Amount // the same in the company currency, as booked
	sign    int             // the sign of the base lines, net of rebates
	line    *journal.Line   // one of them, for its rate
}

// taxesOf returns every tax of a document: those it has a tax line for and
// those that appear only on its base lines, in order of first appearance,
// tax groups flattened (a base line carries each tax of its group).
func taxesOf(e *journal.Entry) []docTax {
	var out []docTax
	find := func(t tax.Tax) int {
		k := slices.IndexFunc(out, func(x docTax) bool { return x.tax.ID == t.ID })
		if k < 0 {
			out = append(out, docTax{tax: t})
			k = len(out) - 1
		}
		return k
	}
	for i := range e.Lines {
		l := &e.Lines[i]
		switch l.TaxRole {
		case tax.RoleTax:
			if len(l.Taxes) == 1 {
				x := &out[find(l.Taxes[0])]
				if x.line == nil {
					x.line, x.own, x.company = l, l.AmountCurrency, l.Balance
				} else {
					x.own, x.company = mustAdd(x.own, l.AmountCurrency), mustAdd(x.company, l.Balance)
				}
				if l.Account == l.Taxes[0].TransitionAccount {
					x.waiting, x.waitingCompany = addOr(x.waiting, l.AmountCurrency), addOr(x.waitingCompany, l.Balance)
				}
			}
		case tax.RoleBase:
			for _, t := range l.Taxes {
				find(t)
			}
		}
	}
	for k := range out {
		out[k].bases = taxBases(e, out[k].tax)
	}
	return out
}

// onPayment returns the taxes of a document that become due on payment.
func onPayment(taxes []docTax) []docTax {
	var out []docTax
	for _, x := range taxes {
		if x.tax.Exigibility == tax.OnPayment {
			out = append(out, x)
		}
	}
	return out
}

// amounts returns the tax amount, positive, in the document's currency and
// in the company currency; zero for a tax without a tax line.
func (x *docTax) amounts(cur, company currency.Currency) (own, comp currency.Amount) {
	if x.line == nil {
		return currency.Zero(cur), currency.Zero(company)
	}
	return x.own.Abs(), x.company.Abs()
}

// pending returns what of a tax due on payment waits on its transition
// account, positive, in the document's currency and in the company
// currency, and the sign it was booked with (see waiting); zero when
// nothing waits.
func (x *docTax) pending(cur, company currency.Currency) (own, comp currency.Amount, sign int) {
	if !x.waiting.IsSet() {
		return currency.Zero(cur), currency.Zero(company), x.sign()
	}
	sign = x.waiting.Sign()
	if sign == 0 {
		sign = x.sign()
	}
	return x.waiting.Abs(), x.waitingCompany.Abs(), sign
}

// sign is the sign of the tax on the document: its tax lines' sum (its
// first line's when they cancel out), or for a tax without one, its bases'
// (a sales invoice credits both).
func (x *docTax) sign() int {
	if x.line != nil {
		if s := x.own.Sign(); s != 0 {
			return s
		}
		return lineSign(x.line)
	}
	for _, b := range x.bases {
		if b.sign != 0 {
			return b.sign
		}
	}
	return 0
}

func baseKey(taxID, account string) string { return taxID + "\x00" + account }

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
			out = append(out, accountBase{account: account, amount: currency.Zero(l.AmountCurrency.Currency()),
				company: currency.Zero(l.Balance.Currency()), line: l})
			k = len(out) - 1
		}
		out[k].amount = mustAdd(out[k].amount, l.AmountCurrency) // signed: a rebate line lowers the base
		out[k].company = mustAdd(out[k].company, l.Balance)
	}
	for k := range out {
		out[k].sign = out[k].amount.Sign()
		out[k].amount, out[k].company = out[k].amount.Abs(), out[k].company.Abs()
	}
	return out
}
