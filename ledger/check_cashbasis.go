package ledger

import (
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// Invariant 9: a document with taxes due on payment (TVA sur
// encaissements) is booked to transition accounts, and the cash-basis and
// early-payment discount entries that name it as their document move its
// tax from there as it is settled. The live ones (not reversed) have never
// moved more than its tax, nor the wrong way; once the document is settled
// — every receivable or payable line at zero in its own currency, whatever
// settled it — they have moved exactly its tax, in its currency and in the
// company currency, so that the transition accounts are at zero for it.
// A reversed document's tax went back with its reversal: nothing live
// moves it.

// cashBasisMove is what moved on a transition account for one tax.
type cashBasisMove struct {
	own, company currency.Amount
	mixed        bool // lines in more than one currency: no sum
	entries      int  // how many live entries moved it
}

// cashBasisDocument checks invariant 9 for entry e, if it is a document
// with taxes due on payment.
func (c *checker) cashBasisDocument(e *journal.Entry) error {
	if e.IsReversal() || e.Document != journal.NoID {
		return nil // a reversal or a generated entry is not a document of its own
	}
	booked := map[string]cashBasisMove{} // tax id → the document's tax lines on the transition account
	var order []string
	for i := range e.Lines {
		l := &e.Lines[i]
		if t, ok := transitionLine(l); ok {
			if _, seen := booked[t.ID]; !seen {
				order = append(order, t.ID)
			}
			booked[t.ID] = addMove(booked[t.ID], l)
		}
	}
	if len(order) == 0 {
		return nil
	}
	if _, reversed, err := c.get(bReversed, e.ID[:]); err != nil {
		return err
	} else if reversed {
		// Its reversal took its tax back off the transition accounts:
		// nothing may move it again, whatever letters it.
		moved, err := c.cashBasisMoves(e)
		if err != nil {
			return err
		}
		for _, id := range order {
			if mv := moved[id]; mv.mixed || mv.own.IsSet() && (!mv.own.IsZero() || !mv.company.IsZero()) {
				c.add(9, "entry "+e.Name(), "reversed, its cash-basis entries still move %s (%s) of tax %s", mv.own.Abs(), mv.company.Abs(), id)
			}
		}
		return nil
	}
	settled, partnerLines, err := c.documentSettled(e)
	if err != nil || partnerLines == 0 {
		return err
	}
	paid, err := c.documentPaid(e)
	if err != nil {
		return err
	}
	// A bill of exchange that took it over settles its account but pays
	// nothing until collected: its tax is due as it is.
	settled = settled && !paid.uncollected
	moved, err := c.cashBasisMoves(e)
	if err != nil {
		return err
	}
	for _, id := range order {
		tx, mv := booked[id], moved[id]
		if tx.mixed || mv.mixed {
			c.add(9, "entry "+e.Name(), "its tax %s is booked or moved in more than one currency", id)
			continue
		}
		if !mv.own.IsSet() {
			mv = cashBasisMove{own: currency.Zero(tx.own.Currency()), company: currency.Zero(tx.company.Currency())}
		}
		// A move clears the tax: it goes the other way and, added to it,
		// leaves something between zero and the tax.
		restOwn, err1 := tx.own.Add(mv.own)
		restCompany, err2 := tx.company.Add(mv.company)
		if err1 != nil || err2 != nil {
			c.add(9, "entry "+e.Name(), "its cash-basis entries move tax %s in other currencies than its own", id)
			continue
		}
		switch {
		case settled && (!restOwn.IsZero() || !restCompany.IsZero()):
			c.add(9, "entry "+e.Name(), "settled, it leaves %s (%s) of tax %s on its transition account: its cash-basis entries moved %s (%s) of %s (%s)",
				restOwn.Abs(), restCompany.Abs(), id, mv.own.Abs(), mv.company.Abs(), tx.own.Abs(), tx.company.Abs())
		case !within(restOwn, tx.own) || !within(restCompany, tx.company):
			c.add(9, "entry "+e.Name(), "its cash-basis entries moved %s (%s) of tax %s, booked %s (%s): too much or the wrong way",
				mv.own.Neg(), mv.company.Neg(), id, tx.own.Abs(), tx.company.Abs())
		case !settled:
			if due, over := paid.overshoot(tx.own, mv.own, mv.entries); over {
				c.add(9, "entry "+e.Name(), "its cash-basis entries moved %s of tax %s, more than the %s its %s paid of %s make due",
					mv.own.Abs(), id, due, paid.paid, paid.total)
			}
		}
	}
	return nil
}

// transitionLine reports whether l books a tax due on payment to its
// transition account, and which.
func transitionLine(l *journal.Line) (tax.Tax, bool) {
	if l.TaxRole != tax.RoleTax || len(l.Taxes) != 1 {
		return tax.Tax{}, false
	}
	t := l.Taxes[0]
	return t, t.Exigibility == tax.OnPayment && l.Account == t.TransitionAccount
}

func addMove(m cashBasisMove, l *journal.Line) cashBasisMove {
	if m.mixed {
		return m
	}
	if !m.own.IsSet() {
		return cashBasisMove{own: l.AmountCurrency, company: l.Balance}
	}
	own, err1 := m.own.Add(l.AmountCurrency)
	company, err2 := m.company.Add(l.Balance)
	if err1 != nil || err2 != nil {
		return cashBasisMove{mixed: true}
	}
	return cashBasisMove{own: own, company: company}
}

// within reports whether rest lies between zero and full, on full's side.
func within(rest, full currency.Amount) bool {
	if rest.IsZero() {
		return true
	}
	c, err := rest.Abs().Cmp(full.Abs())
	return err == nil && rest.Sign() == full.Sign() && c <= 0
}

// documentSettled reports whether every receivable or payable line of e is
// at zero in its own currency, and how many such lines e has.
func (c *checker) documentSettled(e *journal.Entry) (settled bool, n int, err error) {
	settled = true
	for i := range e.Lines {
		l := &e.Lines[i]
		a, err := c.account(l.Account)
		if err != nil {
			return false, 0, err
		}
		if a == nil || !a.Kind.NeedsPartner() || !a.Reconcilable {
			continue
		}
		n++
		r, err := c.residual(e, i) // a damaged one reads as unsettled: the residual pass names it
		if err != nil {
			return false, 0, err
		}
		if l.AmountCurrency.IsZero() && !r.Balance.IsZero() || !l.AmountCurrency.IsZero() && !r.AmountCurrency.IsZero() {
			settled = false
		}
	}
	return settled, n, nil
}

// cashBasisMoves sums, per tax, what the live cash-basis and discount
// entries naming e as their document moved on transition accounts.
func (c *checker) cashBasisMoves(e *journal.Entry) (map[string]cashBasisMove, error) {
	ids, err := c.t.DocumentEntries(e.ID)
	if err != nil {
		return nil, err
	}
	moved := map[string]cashBasisMove{}
	for _, id := range ids {
		g, found, err := c.entry(id)
		if err != nil {
			return nil, err
		}
		if !found {
			c.add(9, "entry "+e.Name(), "the document index names entry %s, which is not posted", id)
			continue
		}
		if g.IsReversal() || g.Type != journal.TypeCashBasis && g.Type != journal.TypeDiscount {
			continue
		}
		if _, reversed, err := c.get(bReversed, id[:]); err != nil {
			return nil, err
		} else if reversed {
			continue
		}
		counted := map[string]bool{}
		for i := range g.Lines {
			if t, ok := transitionLine(&g.Lines[i]); ok {
				mv := addMove(moved[t.ID], &g.Lines[i])
				mv.entries = moved[t.ID].entries
				if !counted[t.ID] {
					counted[t.ID] = true
					mv.entries++
				}
				moved[t.ID] = mv
			}
		}
	}
	return moved, nil
}

// overshoot reports whether moved, what n live entries moved of a tax
// booked as booked (both in the document's currency), is more than what
// is paid makes due: each entry took its cumulative share, round(tax ×
// paid / total) less what was live before it, so together they stay
// within one minor unit each of the share of what is paid now. due is
// that share.
func (p paidSoFar) overshoot(booked, moved currency.Amount, n int) (due currency.Amount, over bool) {
	if p.mixed || !p.paid.IsSet() || p.total.IsZero() || !moved.IsSet() {
		return due, false
	}
	cur := booked.Currency()
	if p.paid.Currency() != cur || moved.Currency() != cur {
		return due, false
	}
	due, err := currency.MulDiv(booked.Abs(), p.paid, p.total, cur, currency.AwayFromZero)
	if err != nil {
		return due, false
	}
	limit, err := due.Add(currency.FromMinor(cur, int64(n)))
	if err != nil {
		return due, false
	}
	cmp, err := moved.Abs().Cmp(limit)
	return due, err == nil && cmp > 0
}

// paidSoFar is what live partials paid of a document, the way cash basis
// counts it, in the document's currency: payments, credit notes, bank
// clearings, write-offs and discounts in full; what a bill of exchange
// took over as far as the bill's debt is collected (uncollected: some of
// it is not).
type paidSoFar struct {
	paid, total currency.Amount
	uncollected bool
	mixed       bool // lines in more than one currency: no sum
}

// documentPaid reads what live partials paid of document e.
func (c *checker) documentPaid(e *journal.Entry) (paidSoFar, error) {
	var out paidSoFar
	add := func(to *currency.Amount, a currency.Amount) {
		if out.mixed {
			return
		}
		if !to.IsSet() {
			*to = a
			return
		}
		sum, err := to.Add(a)
		if err != nil {
			out.mixed = true
			return
		}
		*to = sum
	}
	for i := range e.Lines {
		a, err := c.account(e.Lines[i].Account)
		if err != nil {
			return out, err
		}
		if a == nil || !a.Kind.NeedsPartner() || !a.Reconcilable {
			continue
		}
		ref := e.LineRef(i)
		add(&out.total, e.Lines[i].AmountCurrency.Abs())
		add(&out.paid, currency.Zero(e.Lines[i].AmountCurrency.Currency()))
		ps, err := c.livePartials(e, i)
		if err != nil {
			return out, err
		}
		for _, q := range ps {
			own, at := q.DebitAmountCurrency, q.Credit
			if q.Credit == ref {
				own, at = q.CreditAmountCurrency, q.Debit
			}
			switch q.Kind {
			case journal.KindPayment, journal.KindCreditNote, journal.KindClearing, journal.KindWriteOff, journal.KindDiscount,
				journal.KindExchange: // a company-currency document's exchange line settles part of it in its own currency
				add(&out.paid, own)
			case journal.KindBill:
				b, found, err := c.entry(at.Entry)
				if err != nil || !found {
					return out, err // the partial pass names a partial on a missing entry
				}
				collected, total, err := c.carried(&b, at.Index, map[journal.ID]bool{})
				if err != nil {
					return out, err
				}
				if collected.Equal(total) || total.IsZero() {
					add(&out.paid, own)
					continue
				}
				out.uncollected = true
				part, err := currency.MulDiv(own, collected, total, own.Currency(), c.t.b.Rounding())
				if err != nil {
					out.mixed = true
					continue
				}
				add(&out.paid, part)
			}
		}
	}
	return out, nil
}

// A bill of exchange takes over a document's debt; the debt may move on
// (a bill returned unpaid puts it back on the customer's account, a
// renewal hands it to a new bill, a discount to the bills-discounted
// account) before money pays it. carried reads how much of the debt that
// line via of entry e takes was collected, in the company currency: what
// settles e's forward lines (its other lines on lettered accounts, on the
// other side) is money (a payment with a line off the partners', a bank
// statement line), a small difference written off, an exchange
// difference, a credit note or a discount; an entry moving the debt on,
// in proportion to what of it is collected in turn; off the partners'
// accounts, anything else that clears the line (a bank confirming a
// discounted bill at maturity). On a partner's account, an entry that
// moves the debt nowhere collects nothing, nor does a reversal, nor an
// entry met twice on one path.
func (c *checker) carried(e *journal.Entry, via int, path map[journal.ID]bool) (collected, total currency.Amount, err error) {
	collected, total = currency.Zero(c.company), currency.Zero(c.company)
	if path[e.ID] {
		return collected, total, nil
	}
	path[e.ID] = true
	defer delete(path, e.ID)
	fwd, err := c.forwardLines(e, via)
	if err != nil {
		return collected, total, err
	}
	for _, i := range fwd {
		if total, err = total.Add(e.Lines[i].Balance.Abs()); err != nil {
			return collected, total, nil // the balance pass reports the currencies
		}
		a, err := c.account(e.Lines[i].Account)
		if err != nil {
			return collected, total, err
		}
		ps, err := c.livePartials(e, i)
		if err != nil {
			return collected, total, err
		}
		for _, q := range ps {
			if q.Kind == journal.KindReversal {
				continue
			}
			other := q.Other(e.LineRef(i))
			o, found, err := c.entry(other.Entry)
			if err != nil {
				return collected, total, err
			}
			if !found {
				continue // the partial pass names it
			}
			got := q.Amount
			next := 0
			money, err := movesMoney(&o, c.account)
			if err != nil {
				return collected, total, err
			}
			if (q.Kind == journal.KindBill || q.Kind == journal.KindPayment) && !money && !o.IsDocument() {
				n, err := c.forwardLines(&o, other.Index)
				if err != nil {
					return collected, total, err
				}
				next = len(n)
			}
			switch {
			case money || q.Kind == journal.KindClearing || q.Kind == journal.KindWriteOff || q.Kind == journal.KindExchange ||
				q.Kind == journal.KindCreditNote || q.Kind == journal.KindDiscount:
			case next > 0 && path[o.ID]:
				continue // met before on this path: it collects nothing the second time
			case next > 0:
				sub, subTotal, err := c.carried(&o, other.Index, path)
				if err != nil {
					return collected, total, err
				}
				if !sub.Equal(subTotal) {
					if got, err = currency.MulDiv(q.Amount, sub, subTotal, q.Amount.Currency(), c.t.b.Rounding()); err != nil {
						continue
					}
				}
			case a != nil && a.Kind.NeedsPartner():
				continue
			}
			if sum, err := collected.Add(got); err == nil {
				collected = sum
			}
		}
	}
	return collected, total, nil
}

// forwardLines returns the lines of e that carry on the debt its line via
// takes: its other lines on lettered accounts, on the other side, of the
// same partner or of none.
func (c *checker) forwardLines(e *journal.Entry, via int) ([]int, error) {
	s := e.Lines[via].Balance.Sign()
	var out []int
	for i := range e.Lines {
		if i == via || s == 0 || e.Lines[i].Balance.Sign() != -s || !debtPartners(&e.Lines[via], &e.Lines[i]) {
			continue
		}
		a, err := c.account(e.Lines[i].Account)
		if err != nil {
			return nil, err
		}
		if a != nil && a.Reconcilable {
			out = append(out, i)
		}
	}
	return out, nil
}

// debtPartners reports whether two lines of an entry may pass a debt on
// to each other: they name the same partner, or one names none.
func debtPartners(a, b *journal.Line) bool {
	return a.Partner == "" || b.Partner == "" || a.Partner == b.Partner
}

// livePartials returns the live partials of line i of e.
func (c *checker) livePartials(e *journal.Entry, i int) ([]journal.Partial, error) {
	st, _, err := c.lineState(e, i)
	if err != nil {
		return nil, err
	}
	var out []journal.Partial
	for _, id := range st.live {
		p, found, err := c.partial(id[:])
		if err != nil {
			return nil, err
		}
		if found && p.Live() {
			out = append(out, p)
		}
	}
	return out, nil
}
