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
	if settled {
		// A bill of exchange that took it over settles its account but
		// pays nothing until collected: its tax is due as it is.
		uncollected, err := c.billsUncollected(e)
		if err != nil {
			return err
		}
		settled = !uncollected
	}
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
		for i := range g.Lines {
			if t, ok := transitionLine(&g.Lines[i]); ok {
				moved[t.ID] = addMove(moved[t.ID], &g.Lines[i])
			}
		}
	}
	return moved, nil
}

// billsUncollected reports whether a bill of exchange took over part of
// document e (a live partial of kind bill on one of its lines) and is not
// collected in full yet. The bill's lines other than the one lettered
// with e are its lines on the bills account; they are collected by what
// pays them: a bank statement line, a payment, a write-off of a small
// difference or an exchange difference closed with them (a misc entry
// putting the debt back, as for a bill returned unpaid, collects nothing).
func (c *checker) billsUncollected(e *journal.Entry) (bool, error) {
	for i := range e.Lines {
		ps, err := c.livePartials(e, i)
		if err != nil {
			return false, err
		}
		for _, q := range ps {
			if q.Kind != journal.KindBill {
				continue
			}
			at := q.Debit
			if at == e.LineRef(i) {
				at = q.Credit
			}
			full, err := c.billCollected(at)
			if err != nil || !full {
				return !full, err
			}
		}
	}
	return false, nil
}

// billCollected reports whether the bill of exchange whose line at took
// over a document is collected in full.
func (c *checker) billCollected(at journal.LineRef) (bool, error) {
	b, found, err := c.entry(at.Entry)
	if err != nil || !found {
		return false, err // the partial pass names a partial on a missing entry
	}
	for i := range b.Lines {
		a, err := c.account(b.Lines[i].Account)
		if err != nil {
			return false, err
		}
		if i == at.Index || a == nil || !a.Reconcilable || !a.Kind.NeedsPartner() {
			continue
		}
		ps, err := c.livePartials(&b, i)
		if err != nil {
			return false, err
		}
		collected := currency.Zero(b.Lines[i].Balance.Currency())
		for _, q := range ps {
			other := q.Debit
			if other == b.LineRef(i) {
				other = q.Credit
			}
			pays := q.Kind == journal.KindClearing || q.Kind == journal.KindWriteOff || q.Kind == journal.KindExchange
			if q.Kind == journal.KindPayment {
				o, found, err := c.entry(other.Entry)
				if err != nil {
					return false, err
				}
				pays = found && (o.Type == journal.TypePayment || o.Type == journal.TypeStatementLine)
			}
			if pays {
				if collected, err = collected.Add(q.Amount); err != nil {
					return false, nil // the partial pass reports the currencies
				}
			}
		}
		if !collected.Equal(b.Lines[i].Balance.Abs()) {
			return false, nil
		}
	}
	return true, nil
}

// livePartials returns the live partials of line i of e.
func (c *checker) livePartials(e *journal.Entry, i int) ([]journal.Partial, error) {
	prefix := livePartialPrefix(e, i)
	var out []journal.Partial
	err := c.t.st.Scan(ixLine, prefix, prefixEnd(prefix), false, func(k, v []byte) error {
		p, found, err := c.partial(k[len(prefix):])
		if err == nil && found && p.Live() {
			out = append(out, p)
		}
		return err
	})
	return out, err
}
