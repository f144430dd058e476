package reconcile

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// Cash-basis VAT (TVA sur encaissements). A tax due on payment is booked
// on the document to a transition account; as the document is settled,
// each partial moves the share it makes due to the final account, with a
// neutral pair on the base account for the VAT report. Shares are
// cumulative — round(tax × Σ allocated / total) less the shares already
// live, never negative — and once the document is settled, whatever
// settled it (a payment, a credit note, a write-off, an exchange line, a
// discount), what remains of each tax is due: the transition account ends
// at exactly zero, in both currencies. A write-off to the loss or gain
// account is no money received or paid: the share of tax it clears from
// the transition account goes with the loss (or gain), not to the final
// account, and its share of the base is not reported — VAT on payments is
// due on what was received (CGI art. 269-2-c), deductible on what was paid.
// A foreign document's transition
// account is cleared at its own company amounts (the same formula on
// them), its final account takes the rate the payment paid at, and the
// difference is an exchange difference; the base it reports is at the
// payment's rate too, the rate its tax became due at.

// cashBasis posts, for each side of partial p that is a document with
// taxes due on payment, the cash-basis entry p makes due, and when p pays
// a debt a bill of exchange took over (collecting the bill, or paying
// what a bill returned unpaid, renewed or discounted moved on), the
// entries it makes due on the invoices the debt came from. rates gives
// the rate at which the other side paid each side (nil: the document's
// own rate). One entry per (partial, document), dated at the partial (the
// first date the tax lock allows), Origin p, Document the document.
func (w *work) cashBasis(p journal.Partial, rates *paidAt) error {
	if p.Kind == journal.KindReversal || p.Debit.Entry == p.Credit.Entry {
		// An entry lettered with its reversal pays nothing, nor do two
		// lines of one entry (a cash-basis entry's neutral base pair).
		return nil
	}
	sides := [2]journal.LineRef{p.Debit, p.Credit}
	for _, side := range sides {
		if err := w.cashBasisOn(p, side, rates); err != nil {
			return err
		}
	}
	var done map[journal.LineRef]bool // made for the first document up a debt's chain: most partials have none
	for _, side := range sides {
		up, err := w.upstreamDocuments(side, journal.NoID)
		if err != nil {
			return err
		}
		for _, ref := range up {
			if done == nil {
				done = map[journal.LineRef]bool{p.Debit: true, p.Credit: true}
			}
			if done[ref] {
				continue
			}
			done[ref] = true
			if err := w.cashBasisOn(p, ref, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// cashBasisOn posts the cash-basis entry partial p makes due on the
// document of its line side, if that is a document with taxes due on
// payment.
func (w *work) cashBasisOn(p journal.Partial, side journal.LineRef, rates *paidAt) error {
	e, err := w.sharedEntry(side.Entry)
	if err != nil {
		return err
	}
	if e.Type == journal.TypeCashBasis {
		return nil // its base lines report a document's base: it is none
	}
	taxes := onPayment(taxesOf(e))
	if len(taxes) == 0 || e.ReversalOf != journal.NoID {
		return nil // a reversal is not a document of its own
	}
	if _, reversed, err := w.t.ReversedBy(e.ID); err != nil {
		return err
	} else if reversed {
		return nil // its reversal took its tax back off the transition accounts
	}
	doc, err := w.document(side.Entry)
	if err != nil {
		return err
	}
	if !doc.has(side) {
		return nil
	}
	pr, err := w.cashBasisProgress(doc, journal.NoID)
	if err != nil {
		return err
	}
	// Exchange lines and discounts make nothing due, unless they complete
	// the document. A bill counts for what of it was collected: nothing
	// when it is drawn.
	if !cashBasisKind(p.Kind) && p.Kind != journal.KindBill && !pr.complete {
		return nil
	}
	r, ok := rates.of(side)
	if !ok {
		r = lineRate(doc.lines[0])
	}
	if p.Kind == journal.KindBill && (side == p.Debit || side == p.Credit) {
		// A bill lettered with the invoice after it was collected: what
		// it paid became due when it was collected, not before. (An
		// invoice further up the debt's chain is not on p.)
		other := p.Other(side)
		c, err := w.billCollection(other, journal.NoID)
		if err != nil {
			return err
		}
		p.Date = laterDate(p.Date, c.last)
	}
	wo, err := w.writtenOffBy(p, side)
	if err != nil {
		return err
	}
	if wo == nil && p.Kind == journal.KindWriteOff && side != p.Debit && side != p.Credit {
		// A write-off further down the debt's chain (a bill of exchange
		// collected short, its rest written off): what it took off this
		// document is what the document's written-off part grew by.
		if wo, err = w.writtenOffUpstream(p, doc, pr); err != nil {
			return err
		}
	}
	return w.postCashBasis(p, side, doc, taxes, pr, r, wo)
}

// writtenOffUpstream returns what write-off p, on a line a bill took doc's
// debt to, took off doc (pr being doc's progress with p), and the account
// that took it; nil when p writes off to another account or nothing of doc.
func (w *work) writtenOffUpstream(p journal.Partial, doc *document, pr progress) (*writeOffShare, error) {
	var account string
	for _, ref := range []journal.LineRef{p.Debit, p.Credit} {
		e, err := w.sharedEntry(ref.Entry)
		if err != nil {
			return nil, err
		}
		if e.Type == journal.TypeWriteOff {
			account = w.writeOffAccount(e)
		}
	}
	if account == "" {
		return nil, nil
	}
	before, err := w.cashBasisProgress(doc, p.ID)
	if err != nil {
		return nil, err
	}
	own := mustSub(pr.writtenOff, before.writtenOff)
	if own.Sign() <= 0 {
		return nil, nil
	}
	return &writeOffShare{own: own, account: account}, nil
}

// writeOffAccount is the loss or gain account write-off entry e posts
// to (the bad-debt loss account for a debt written off as lost), "" when
// it posts to another (a bank's fees).
func (w *work) writeOffAccount(e *journal.Entry) string {
	for _, l := range e.Lines {
		if l.Account == w.r.cfg.WriteOffLoss || l.Account == w.r.cfg.WriteOffGain || l.Account == w.r.cfg.BadDebtLoss {
			return l.Account
		}
	}
	return ""
}

// writeOffShare is what a write-off partial takes off a cash-basis
// document: own, in the document's currency, booked to account, the loss
// or gain account of the write-off entry.
type writeOffShare struct {
	own     currency.Amount
	account string
}

// lost reports whether the write-off is a debt written off as lost
// (WriteOffBadDebt): none of the tax still waiting becomes due.
func (wo *writeOffShare) lost(cfg *Config) bool { return wo != nil && wo.account == cfg.BadDebtLoss }

// writtenOffBy returns what partial p writes off the document line side
// and the account that takes it, when p is a write-off to the loss or gain
// account; nil otherwise. A difference posted to another account (a bank's
// fees) is money the customer paid, and owes its tax as a payment does.
func (w *work) writtenOffBy(p journal.Partial, side journal.LineRef) (*writeOffShare, error) {
	if p.Kind != journal.KindWriteOff || side != p.Debit && side != p.Credit {
		return nil, nil
	}
	e, err := w.sharedEntry(p.Other(side).Entry)
	if err != nil {
		return nil, err
	}
	own := p.DebitAmountCurrency
	if side == p.Credit {
		own = p.CreditAmountCurrency
	}
	if account := w.writeOffAccount(e); account != "" {
		return &writeOffShare{own: own, account: account}, nil
	}
	return nil, nil
}

// cashBasisKind reports whether a partial of kind k pays part of a
// document: a payment, a credit note, a clearing, a write-off.
func cashBasisKind(k journal.PartialKind) bool {
	switch k {
	case journal.KindPayment, journal.KindCreditNote, journal.KindClearing, journal.KindWriteOff:
		return true
	}
	return false
}

// has reports whether ref is one of the document's partner lines.
func (d *document) has(ref journal.LineRef) bool {
	for _, it := range d.lines {
		if it.ref == ref {
			return true
		}
	}
	return false
}

// postCashBasis posts the shares partial p makes due on doc, whose line
// side it pays; wo, when p writes side off, says what and where.
func (w *work) postCashBasis(p journal.Partial, side journal.LineRef, doc *document, taxes []docTax, pr progress, paid rate, wo *writeOffShare) error {
	// The exchange difference the lettering realised on what doc's live
	// partials paid, read once and only for a foreign document.
	var ex realisedExchange
	var read bool
	realised := func() (realisedExchange, error) {
		if !read {
			var err error
			if ex, err = w.realised(doc); err != nil {
				return realisedExchange{}, err
			}
			read = true
		}
		return ex, nil
	}
	var lines []journal.Line
	for k := range taxes {
		ls, err := w.cashBasisLines(doc, &taxes[k], pr, paid, wo, realised)
		if err != nil {
			return err
		}
		lines = append(lines, ls...)
	}
	if len(lines) == 0 {
		return nil
	}
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	e := journal.Entry{Journal: w.r.cfg.CashBasisJournal, Date: locks.FirstOpenDate(laterDate(p.Date, w.step.notBefore), true), Type: journal.TypeCashBasis,
		Currency: doc.entry.Currency, Ref: doc.name(), Label: w.r.cfg.Labels.CashBasis + " " + doc.name(), Origin: p.ID,
		Document: doc.entry.ID, Lines: lines}
	if e.Currency == w.t.Book().Currency() {
		e.Currency = currency.Currency{}
	}
	posted, _, err := w.wr.PostGenerated(e)
	if err != nil {
		return fmt.Errorf("posting the cash-basis entry of %s: %w", doc.name(), err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	if err := w.letterBasePairs(&posted); err != nil {
		return err
	}
	if p.Kind == journal.KindBill || side != p.Debit && side != p.Credit {
		return w.recordBillCollection(p, posted.ID, doc, pr)
	}
	return nil
}

// letterBasePairs letters with each other the two lines of each neutral
// base pair of cash-basis entry e that sits on a lettered account (the
// base of a deposit invoice on 419100): generated lines that cancel out
// must not stay open there among the customer's items. Unlettering the
// partial that made e due tombstones those partials with e's others and
// letters e with its reversal.
func (w *work) letterBasePairs(e *journal.Entry) error {
	for i := 0; i+1 < len(e.Lines); i++ {
		a, b := &e.Lines[i], &e.Lines[i+1]
		if b.TaxRole != tax.RoleBase || a.TaxRole != tax.RoleNone || a.Account != b.Account {
			continue
		}
		acc, err := w.t.Account(a.Account)
		if err != nil {
			return err
		}
		if !acc.Reconcilable {
			continue
		}
		x, err := w.load(e.LineRef(i))
		if err != nil {
			return err
		}
		y, err := w.load(e.LineRef(i + 1))
		if err != nil {
			return err
		}
		if err := w.letter([]*item{x, y}, letterOptions{keepOrder: true}); err != nil {
			return fmt.Errorf("lettering the base pair of %s on %s: %w", e.Name(), a.Account, err)
		}
		i++
	}
	return nil
}

// billCollectedEvent is the kind of the event that records, on a
// cash-basis entry made due by collecting a bill of exchange, what that
// collection paid of the invoice and the money that paid it: read later,
// the bills' lettering may have changed, the entry has not.
const billCollectedEvent = "bill_collected"

// billCollected is the data of a billCollectedEvent.
type billCollected struct {
	Collected string     `json:"collected"` // paid on the invoice, in its currency
	Payment   journal.ID `json:"payment"`   // the money that came last
}

// recordBillCollection records on cash-basis entry id, which partial p
// made due on doc by collecting a bill that took doc over (or by
// lettering doc with a bill already collected), what p paid of doc, pr
// being doc's progress with p.
func (w *work) recordBillCollection(p journal.Partial, id journal.ID, doc *document, pr progress) error {
	before, err := w.cashBasisProgress(doc, p.ID)
	if err != nil {
		return err
	}
	ev := billCollected{Collected: mustSub(pr.allocated, before.allocated).Plain()}
	for _, ref := range []journal.LineRef{p.Debit, p.Credit} {
		e, err := w.entry(ref.Entry)
		if err != nil {
			return err
		}
		if money, err := w.t.MovesMoney(&e); err != nil {
			return err
		} else if money {
			ev.Payment = e.ID
		}
	}
	if ev.Payment == journal.NoID {
		var last journal.Date
		for _, it := range doc.lines {
			ps, err := w.t.LivePartials(it.ref)
			if err != nil {
				return err
			}
			for _, q := range ps {
				if q.Kind != journal.KindBill {
					continue
				}
				c, err := w.billCollection(q.Other(it.ref), journal.NoID)
				if err != nil {
					return err
				}
				if c.by != journal.NoID && (ev.Payment == journal.NoID || c.last.After(last)) {
					ev.Payment, last = c.by, c.last
				}
			}
		}
	}
	data, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	return w.wr.AppendEvent(id, billCollectedEvent, data)
}

// cashBasisLines returns the lines that make one tax's share due: from the
// transition to the final account (and the exchange difference of a
// foreign document), then the neutral base pairs.
func (w *work) cashBasisLines(doc *document, x *docTax, pr progress, paid rate, wo *writeOffShare, realised func() (realisedExchange, error)) ([]journal.Line, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	cur := doc.cur()
	foreign := cur != company
	t := x.tax
	snap := []tax.Tax{t}
	taxOwn, taxCompany, s := x.pending(cur, company) // s: −1 on a sales invoice, the tax was credited
	already := pr.shares[t.ID]
	due, err := pr.share(taxOwn, already.own, rounding)
	if err != nil {
		return nil, err
	}
	// What a write-off clears of the tax is its share of the document,
	// within what is due now; the final account takes the rest.
	lost := currency.Zero(cur)
	if wo != nil && !pr.total.IsZero() {
		if lost, err = currency.MulDiv(taxOwn, wo.own, pr.total, cur, rounding); err != nil {
			return nil, err
		}
		if mustCmp(lost, due) > 0 {
			lost = due
		}
		if pr.complete {
			// The write-off that completes the document leaves on the
			// final account exactly the tax of what was received or
			// credited, round(tax × (total − written off) / total), the
			// same however the live shares came to be (a share made due
			// beside a payment since detached may hold a cent too
			// many): the loss takes the rest, and may give that cent
			// back from the final account.
			if lost, err = pr.writtenOffTax(taxOwn, due, already.final, s, rounding); err != nil {
				return nil, err
			}
		}
	}
	if wo.lost(&w.r.cfg) {
		// A debt lost is never paid: all the tax still waiting goes with
		// the loss, not a cent of it to the final account.
		lost = due
	}
	var lines []journal.Line
	trans := journal.Line{Account: t.TransitionAccount, Label: t.Name, TaxRole: tax.RoleTax, Taxes: snap, AmountCurrency: signed(due, -s)}
	final := journal.Line{Account: t.FinalAccount, Label: t.Name, TaxRole: tax.RoleTax, Taxes: snap, AmountCurrency: signed(mustSub(due, lost), s)}
	var loss journal.Line
	if wo != nil {
		loss = journal.Line{Account: wo.account, Label: w.r.cfg.Labels.WriteOff + " " + t.Name, AmountCurrency: signed(lost, s)}
	}
	if !foreign {
		if !due.IsZero() {
			lines = append(lines, trans)
		}
		if !final.AmountCurrency.IsZero() {
			lines = append(lines, final)
		}
		if !lost.IsZero() {
			lines = append(lines, loss)
		}
	} else {
		// The transition account is cleared at the document's company
		// amounts, by the same formula on them, whatever rate the share was
		// paid at: what the shares cleared so far is a function of what
		// was allocated, never of the order the partials came in. The
		// company rest is due even when the share in the document's
		// currency is complete.
		dueCompany, err := pr.share(taxCompany, already.company, rounding)
		if err != nil {
			return nil, err
		}
		lostCompany, err := paid.value(lost, company, rounding)
		if err != nil {
			return nil, err
		}
		// The tax made due so far is worth, at the rates its partials
		// paid at, the tax of what was paid at another rate at what the
		// paying sides gave for it, and its proration of the booked company
		// tax for the rest, summed exactly and rounded once. The
		// share is that less what the live cash-basis entries already put
		// on the final (and write-off) accounts: one figure whatever the
		// order or the grouping of the lettering, and, all paid at the
		// rate the tax was booked at, exactly what the transition account
		// gives, with no gain or loss.
		worth := dueCompany
		if ex, err := realised(); err != nil {
			return nil, err
		} else if ex.known {
			if worth, err = ex.worth(&pr, already, taxOwn, taxCompany, s, rounding); err != nil {
				return nil, err
			}
		} else if booked, err := paid.value(taxOwn, company, rounding); err != nil {
			return nil, err
		} else if !booked.Equal(taxCompany) {
			// What a bill of exchange paid is known only as it is
			// collected: the share at the rate it paid at.
			if worth, err = paid.value(due, company, rounding); err != nil {
				return nil, err
			}
		}
		finalCompany := mustSub(worth, lostCompany)
		if finalCompany.Sign() < 0 {
			if finalCompany, err = paid.value(mustSub(due, lost), company, rounding); err != nil {
				return nil, err
			}
		}
		trans.Balance, final.Balance, loss.Balance = signed(dueCompany, -s), signed(finalCompany, s), signed(lostCompany, s)
		if !dueCompany.IsZero() || !due.IsZero() {
			lines = append(lines, trans)
		}
		if !final.AmountCurrency.IsZero() || !finalCompany.IsZero() {
			lines = append(lines, final)
		}
		if !lost.IsZero() || !lostCompany.IsZero() {
			lines = append(lines, loss)
		}
		if diff := mustAdd(mustAdd(trans.Balance, final.Balance), loss.Balance).Neg(); !diff.IsZero() {
			account := w.r.cfg.ExchangeLoss
			if diff.Sign() < 0 {
				account = w.r.cfg.ExchangeGain
			}
			lines = append(lines, journal.Line{Account: account, Label: w.r.cfg.Labels.ExchangeDifference + " " + t.Name, Balance: diff,
				AmountCurrency: currency.Zero(cur)})
		}
	}
	for _, b := range x.bases {
		k := baseKey(t.ID, b.account)
		// The base the document's write-offs took off was no sale paid
		// for: it is never reported, and counts as done.
		reported := pr.bases[k]
		if !pr.writtenOff.IsZero() && !pr.total.IsZero() {
			off, err := currency.MulDiv(b.amount, pr.writtenOff, pr.total, cur, rounding)
			if err != nil {
				return nil, err
			}
			reported = addOr(reported, off)
		}
		baseDue, err := pr.share(b.amount, reported, rounding)
		if err != nil {
			return nil, err
		}
		if baseDue.IsZero() {
			continue
		}
		// On an account kept per partner (a deposit invoice's 419100),
		// the pair is the document's partner's, as its base line is.
		partner := ""
		if a, err := w.t.Account(b.account); err != nil {
			return nil, err
		} else if a.Kind.NeedsPartner() && len(doc.lines) > 0 {
			partner = doc.lines[0].line.Partner
		}
		pair := []journal.Line{
			{Account: b.account, Partner: partner, Label: w.r.cfg.Labels.CashBasisBase + " " + t.Name, AmountCurrency: signed(baseDue, -b.sign)},
			{Account: b.account, Partner: partner, Label: w.r.cfg.Labels.CashBasisBase + " " + t.Name, TaxRole: tax.RoleBase, Taxes: snap, AmountCurrency: signed(baseDue, b.sign)},
		}
		if foreign { // a neutral pair, at the rate the tax it reports became due at
			v, err := baseValue(&b, reported, baseDue, paid, company, rounding)
			if err != nil {
				return nil, err
			}
			pair[0].Balance, pair[1].Balance = signed(v, -b.sign), signed(v, b.sign)
		}
		lines = append(lines, pair...)
	}
	return lines, nil
}

// baseValue is the company value of due, the share of a foreign
// document's base b made due now after reported, at the rate paid. Paid at
// the very rate the base was booked at, the shares are converted
// cumulatively, so that they sum to the base as booked and base plus tax
// reported is what was received; each share converted alone loses or adds
// the cent the whole has. At another rate each share is what it is worth
// at it.
func baseValue(b *accountBase, reported, due currency.Amount, paid rate, company currency.Currency, rounding currency.Rounding) (currency.Amount, error) {
	if whole, err := paid.value(b.amount, company, rounding); err != nil || !whole.Equal(b.company) {
		if err != nil {
			return currency.Amount{}, err
		}
		return paid.value(due, company, rounding)
	}
	return cumulativeValue(reported, due, paid, company, rounding)
}

// realisedExchange is what a foreign document's live partials paid at a
// rate other than the one it was converted at: own, what they allocated of
// it in its currency, and paid, what the paying sides gave for that in the
// company currency (each partial's amount and the exchange lines it
// posted on the paying line; for a paying line of the document's currency
// converted at its date's quote, what it allocated at that quote). known
// is false when a bill of exchange took part of the document over: what
// it paid is known only as it is collected.
type realisedExchange struct {
	own   currency.Amount
	paid  *big.Rat
	known bool
}

// realised reads what doc's live partials paid at another rate. A credit
// note dated on or before the document settles it at the document's own
// rate (the later of the two), as does a payment converted at the
// document's own quote.
func (w *work) realised(doc *document) (realisedExchange, error) {
	ex := realisedExchange{own: currency.Zero(doc.cur()), paid: new(big.Rat), known: true}
	var atQuote []quotedPayer
	for _, it := range doc.lines {
		ps, err := w.t.LivePartials(it.ref)
		if err != nil {
			return realisedExchange{}, err
		}
		for _, q := range ps {
			switch {
			case q.Kind == journal.KindBill:
				return realisedExchange{}, nil
			case !cashBasisKind(q.Kind):
				continue
			}
			other := q.Other(it.ref)
			if q.Kind == journal.KindCreditNote {
				e, err := w.sharedEntry(other.Entry)
				if err != nil {
					return realisedExchange{}, err
				}
				if !e.Date.After(doc.entry.Date) {
					continue
				}
			}
			own := q.DebitAmountCurrency
			if q.Credit == it.ref {
				own = q.CreditAmountCurrency
			}
			quote, err := w.paidAtQuote(other, own.Currency())
			if err != nil {
				return realisedExchange{}, err
			}
			if one, err := w.atOneQuote(it, q, other, quote); err != nil {
				return realisedExchange{}, err
			} else if one {
				// Paid at the quote the document was converted at: what
				// the lettering booked between them is the rounding of
				// their lines, no rate the tax was paid at.
				continue
			}
			ex.own = mustAdd(ex.own, own)
			if !quote.IsZero() {
				if i := slices.IndexFunc(atQuote, func(x quotedPayer) bool { return x.ref == other }); i >= 0 {
					atQuote[i].own = mustAdd(atQuote[i].own, own)
				} else {
					atQuote = append(atQuote, quotedPayer{ref: other, quote: quote, own: own})
				}
				continue
			}
			gave, err := w.exchangeOf(other, q.ID)
			if err != nil {
				return realisedExchange{}, err
			}
			ex.paid.Add(ex.paid, ratOf(mustAdd(q.Amount, gave).Decimal()))
		}
	}
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	for _, x := range atQuote {
		v, err := fits(x.quote.ToCompany(x.own, company, rounding))
		if err != nil {
			return realisedExchange{}, err
		}
		ex.paid.Add(ex.paid, ratOf(v.Decimal()))
	}
	return ex, nil
}

// quotedPayer is a line of a document's currency converted at its date's
// quote, and what its live partials allocated of the document.
type quotedPayer struct {
	ref   journal.LineRef
	quote currency.Rate
	own   currency.Amount
}

// paidAtQuote is the quote line other, which paid a document of currency
// cur, was converted at; zero when it is of another currency or was
// booked at a rate of its own. Such a line paid what it allocated of the
// document at that quote, rounded once for all its partials with it (all
// of it: its company amount): its drops, rounded per partial, can hold a
// cent of another line's entry rounding (a receipt that first paid, at one
// quote, an invoice whose receivable took its entry's rounding gives the
// next invoice a cent less than what it pays is worth), which is no rate
// the tax was paid at, and would make the tax declared depend on the order
// of the lettering.
func (w *work) paidAtQuote(other journal.LineRef, cur currency.Currency) (currency.Rate, error) {
	e, err := w.sharedEntry(other.Entry)
	if err != nil {
		return currency.Rate{}, err
	}
	l := &e.Lines[other.Index]
	if l.AmountCurrency.Currency() != cur {
		return currency.Rate{}, nil
	}
	quote, fits, err := w.convertedAt(&item{ref: other, entry: e, line: l}, cur)
	if err != nil || !fits {
		return currency.Rate{}, err
	}
	return quote, nil
}

// atOneQuote reports whether partial q, by which line other paid document
// line doc, paid at the quote doc's entry was converted at. In doc's
// currency: other's own entry converted at that quote too (otherQuote, as
// paidAtQuote gives it: zero when other's entry fits no quote), or other booked
// at it whatever its date's quote (a receipt booked at the invoice's rate).
// In another currency, the company one included: what q gave — its amount
// and the exchange lines it posted on other — is what it allocated of doc
// converted at that quote, to the cent either way the two conversions may
// round (lines of two currencies letter in the company currency, so what
// the paying side gave is all that says at what rate it paid). The
// payment's date says nothing: a payment at an agreed rate, on a day whose
// quote is the document's, paid at another rate.
func (w *work) atOneQuote(doc *item, q journal.Partial, other journal.LineRef, otherQuote currency.Rate) (bool, error) {
	cur, company := doc.lineCurrency(), w.t.Book().Currency()
	quote, fits, err := w.convertedAt(doc, cur)
	if err != nil || !fits || quote.IsZero() {
		return false, err
	}
	e, err := w.sharedEntry(other.Entry)
	if err != nil {
		return false, err
	}
	l := &e.Lines[other.Index]
	if l.AmountCurrency.Currency() == cur {
		if !otherQuote.IsZero() {
			return otherQuote.Equal(quote), nil
		}
		return convertedExactly(l, quote, company, w.t.Book().Rounding()), nil
	}
	own := q.DebitAmountCurrency
	if q.Credit == doc.ref {
		own = q.CreditAmountCurrency
	}
	at, ok := convertsTo(quote, own, company, w.t.Book().Rounding())
	if !ok {
		return false, nil
	}
	gave, err := w.exchangeOf(other, q.ID)
	if err != nil {
		return false, err
	}
	off := mustSub(mustAdd(q.Amount, gave), at).Abs()
	return mustCmp(off, currency.FromMinor(company, 1)) <= 0, nil
}

// exchangeOf is what the live exchange lines partial origin posted took
// off line ref, in the company currency: what ref dropped by beyond the
// partial's amount.
func (w *work) exchangeOf(ref journal.LineRef, origin journal.ID) (currency.Amount, error) {
	sum := currency.Zero(w.t.Book().Currency())
	ps, err := w.t.LivePartials(ref)
	if err != nil {
		return sum, err
	}
	for _, x := range ps {
		if x.Kind != journal.KindExchange {
			continue
		}
		e, err := w.sharedEntry(x.Other(ref).Entry)
		if err != nil {
			return sum, err
		}
		if e.Origin == origin {
			sum = mustAdd(sum, x.Amount)
		}
	}
	return sum, nil
}

// worth is what one tax's share due now is worth in the company currency,
// on the final account and a write-off's together: the tax made due so far
// at the rates its partials paid at — taxOwn × paid / total for what was
// paid at another rate, its proration of the booked taxCompany for the
// rest of what was allocated (all of the rest once the document is
// complete) — summed exactly and rounded once, less what live cash-basis
// entries already booked there (already, the tax's live shares; s, the
// sign of the document's tax). Never negative: a share after a detach may
// find more booked than is due so far, which a later share takes back.
func (ex realisedExchange) worth(pr *progress, already taxShare, taxOwn, taxCompany currency.Amount, s int, rounding currency.Rounding) (currency.Amount, error) {
	company := taxCompany.Currency()
	if pr.total.IsZero() {
		return currency.Zero(company), nil
	}
	tot := ratOf(pr.total.Decimal())
	atBooked := pr.allocated
	if pr.complete {
		atBooked = pr.total
	}
	v := ratOf(mustSub(atBooked, ex.own).Decimal())
	v.Mul(v, ratOf(taxCompany.Decimal()))
	x := new(big.Rat).Mul(ratOf(taxOwn.Decimal()), ex.paid)
	v.Add(v, x)
	target, err := roundRat(v.Quo(v, tot), company, rounding)
	if err != nil {
		return currency.Amount{}, err
	}
	if already.finalCompany.IsSet() {
		target = mustSub(target, signed(already.finalCompany, s))
	}
	if target.Sign() < 0 {
		return currency.Zero(company), nil
	}
	return target, nil
}

// ratOf is d as an exact fraction.
func ratOf(d *apd.Decimal) *big.Rat {
	r, _ := new(big.Rat).SetString(d.Text('f'))
	return r
}

// roundRat is r rounded once to cur's minor unit.
func roundRat(r *big.Rat, cur currency.Currency, rounding currency.Rounding) (currency.Amount, error) {
	num, _, err := apd.NewFromString(r.Num().String())
	if err != nil {
		return currency.Amount{}, err
	}
	den, _, err := apd.NewFromString(r.Denom().String())
	if err != nil {
		return currency.Amount{}, err
	}
	return fits(currency.Divide(cur, num, den, rounding))
}

// cumulativeValue is the company value of due, made due after before (unset:
// nothing), at the rate paid: what before and due are worth together less
// what before is worth, so that the shares of one amount sum to its value.
func cumulativeValue(before, due currency.Amount, paid rate, company currency.Currency, rounding currency.Rounding) (currency.Amount, error) {
	if !before.IsSet() {
		before = currency.Zero(due.Currency())
	}
	was, err := paid.value(before, company, rounding)
	if err != nil {
		return currency.Amount{}, err
	}
	now, err := paid.value(mustAdd(before, due), company, rounding)
	if err != nil {
		return currency.Amount{}, err
	}
	return mustSub(now, was), nil
}

// progress is how far a cash-basis document is settled: its total and
// what live partials allocated to it (in its currency), whether it is
// settled, and what live cash-basis and discount entries already made due
// of each tax and base. It is derived from the document's live partials and
// the entries that name it as their document, nothing else.
type progress struct {
	total, allocated currency.Amount
	// writtenOff is what live write-offs to the loss or gain account
	// allocated, part of allocated.
	writtenOff currency.Amount
	complete   bool
	shares     map[string]taxShare        // by tax id
	bases      map[string]currency.Amount // by baseKey(tax, account)
}

// taxShare is what was made due of a tax, in the document's currency and
// in the company currency, and final, what of own the final account (or
// a discount) took, the rest having gone with write-offs, as booked on the
// final account: signed like the document's tax; finalCompany is what the
// final account (or a discount), and a write-off's loss or gain, took in
// the company currency, signed alike.
type taxShare struct{ own, company, final, finalCompany currency.Amount }

// share is the cumulative formula: what is due now of amount, given what
// live entries already made due.
func (pr *progress) share(amount, already currency.Amount, rounding currency.Rounding) (currency.Amount, error) {
	target := amount
	if !pr.complete {
		var err error
		if target, err = currency.MulDiv(amount, pr.allocated, pr.total, amount.Currency(), rounding); err != nil {
			return currency.Amount{}, err
		}
	}
	if !already.IsSet() {
		return target, nil
	}
	due := mustSub(target, already)
	if due.Sign() < 0 {
		return currency.Zero(amount.Currency()), nil
	}
	return due, nil
}

// writtenOffTax is what of due, the rest of a tax of amount on a complete
// document, goes with the write-off completing it: all but what leaves the
// final account, for the document, at round(amount × (total − written
// off) / total), given final, what live entries booked there (signed like
// the document's tax, sign s). Never negative.
func (pr *progress) writtenOffTax(amount, due, final currency.Amount, s int, rounding currency.Rounding) (currency.Amount, error) {
	received := mustSub(pr.total, pr.writtenOff)
	target, err := currency.MulDiv(amount, received, pr.total, amount.Currency(), rounding)
	if err != nil {
		return currency.Amount{}, err
	}
	if final.IsSet() {
		target = mustSub(target, signed(final, s))
	}
	lost := mustSub(due, target)
	if lost.Sign() < 0 {
		return currency.Zero(amount.Currency()), nil
	}
	return lost, nil
}

// cashBasisProgress reads doc's progress, partial without read as not
// there (NoID: none).
func (w *work) cashBasisProgress(doc *document, without journal.ID) (progress, error) {
	total, _ := doc.total()
	pr := progress{total: total, allocated: currency.Zero(doc.cur()), writtenOff: currency.Zero(doc.cur()),
		shares: map[string]taxShare{}, bases: map[string]currency.Amount{}}
	uncollected := false // a bill that took over part of the document is not collected in full yet
	for _, it := range doc.lines {
		ps, err := w.t.LivePartials(it.ref)
		if err != nil {
			return progress{}, err
		}
		for _, q := range ps {
			if q.ID == without {
				continue
			}
			own, other := q.DebitAmountCurrency, q.Credit
			if q.Credit == it.ref {
				own, other = q.CreditAmountCurrency, q.Debit
			}
			switch {
			case q.Kind == journal.KindBill:
				// What the bill took over is paid as the bill is
				// collected, in proportion.
				c, err := w.billCollection(other, without)
				if err != nil {
					return progress{}, err
				}
				uncollected = uncollected || !c.full()
				paid, err := c.share(own, w.t.Book().Rounding())
				if err != nil {
					return progress{}, err
				}
				pr.allocated = mustAdd(pr.allocated, paid)
				lost, err := c.lostShare(own, w.t.Book().Rounding())
				if err != nil {
					return progress{}, err
				}
				pr.writtenOff = mustAdd(pr.writtenOff, lost)
			case cashBasisKind(q.Kind) || q.Kind == journal.KindDiscount || q.Kind == journal.KindExchange:
				// An exchange line settles part of the document in its
				// own currency only when the document is in the company
				// currency (a foreign payment valued at the document's
				// rate, or at an agreed one): that part was paid, as
				// much as the partial beside it. On a foreign document
				// it moves company amounts only, nothing here.
				pr.allocated = mustAdd(pr.allocated, own)
				if q.Kind == journal.KindWriteOff {
					if wo, err := w.writtenOffBy(q, it.ref); err != nil {
						return progress{}, err
					} else if wo != nil {
						pr.writtenOff = mustAdd(pr.writtenOff, own)
					}
				}
			}
		}
	}
	pr.complete = doc.settled() && !uncollected || total.IsZero()
	return pr, w.addLiveShares(&pr, doc.entry)
}

// addLiveShares adds the shares of doc's taxes and bases that its live
// cash-basis and discount entries made due: those that name doc as their
// document and are not reversed.
func (w *work) addLiveShares(pr *progress, doc *journal.Entry) error {
	ids, err := w.t.DocumentEntries(doc.ID)
	if err != nil {
		return err
	}
	bases := map[string][]accountBase{} // by tax id, read once
	for _, id := range ids {
		g, err := w.entry(id)
		if err != nil {
			return err
		}
		if g.ReversalOf != journal.NoID || (g.Type != journal.TypeCashBasis && g.Type != journal.TypeDiscount) {
			continue
		}
		if _, reversed, err := w.t.ReversedBy(id); err != nil {
			return err
		} else if reversed {
			continue
		}
		for i, l := range g.Lines {
			if len(l.Taxes) != 1 || l.Taxes[0].Exigibility != tax.OnPayment {
				continue
			}
			id := l.Taxes[0].ID
			switch {
			case l.TaxRole == tax.RoleTax && l.Account == l.Taxes[0].TransitionAccount:
				sh := pr.shares[id]
				sh.own, sh.company = addOr(sh.own, l.AmountCurrency.Abs()), addOr(sh.company, l.Balance.Abs())
				if g.Type == journal.TypeDiscount {
					// A discount's share of the tax is no write-off's:
					// counted with what the final account took.
					sh.final = addOr(sh.final, l.AmountCurrency.Neg())
					sh.finalCompany = addOr(sh.finalCompany, l.Balance.Neg())
				} else if lost, err := w.writtenOffLine(&g, i+1); err != nil {
					return err
				} else if lost.IsSet() {
					sh.finalCompany = addOr(sh.finalCompany, lost)
				}
				pr.shares[id] = sh
			case l.TaxRole == tax.RoleTax && l.Account == l.Taxes[0].FinalAccount:
				sh := pr.shares[id]
				sh.final = addOr(sh.final, l.AmountCurrency)
				sh.finalCompany = addOr(sh.finalCompany, l.Balance)
				if lost, err := w.writtenOffLine(&g, i+1); err != nil {
					return err
				} else if lost.IsSet() {
					sh.finalCompany = mustAdd(sh.finalCompany, lost)
				}
				pr.shares[id] = sh
			case l.TaxRole == tax.RoleBase && g.Type == journal.TypeDiscount:
				bs, ok := bases[id]
				if !ok {
					bs = taxBases(doc, l.Taxes[0])
					bases[id] = bs
				}
				pr.addDiscountBase(id, bs, l.AmountCurrency.Abs())
			case l.TaxRole == tax.RoleBase:
				k := baseKey(id, l.Account)
				pr.bases[k] = addOr(pr.bases[k], l.AmountCurrency.Abs())
			}
		}
	}
	return nil
}

// writtenOffLine is the company balance of line i of cash-basis entry g
// when it is the loss or gain line of a write-off's share of the tax whose
// line precedes it; unset otherwise. It is read from what was stored, not
// from the configuration of the day: the line carries no tax, is no
// exchange line (those move no foreign amount) nor the first of a neutral
// base pair, and posts to an account of the write-off entry that g's
// origin, the partial that made it due, lettered.
func (w *work) writtenOffLine(g *journal.Entry, i int) (currency.Amount, error) {
	if i >= len(g.Lines) {
		return currency.Amount{}, nil
	}
	l := &g.Lines[i]
	if len(l.Taxes) != 0 || l.TaxRole != tax.RoleNone || l.AmountCurrency.IsZero() ||
		i+1 < len(g.Lines) && g.Lines[i+1].TaxRole == tax.RoleBase && g.Lines[i+1].Account == l.Account {
		return currency.Amount{}, nil
	}
	p, err := w.t.Partial(g.Origin)
	if err != nil {
		return currency.Amount{}, err
	}
	for _, ref := range []journal.LineRef{p.Debit, p.Credit} {
		e, err := w.sharedEntry(ref.Entry)
		if err != nil {
			return currency.Amount{}, err
		}
		if e.Type != journal.TypeWriteOff {
			continue
		}
		for _, wl := range e.Lines {
			if wl.Account == l.Account {
				return l.Balance, nil
			}
		}
	}
	return currency.Amount{}, nil
}

// addDiscountBase counts a discount's base line of tax id as reported on
// the document's base accounts of that tax: the discount lowered the whole
// base, so each account's base is lowered in proportion, in its own
// direction (an account of rebates by its share of the reduction too).
func (pr *progress) addDiscountBase(id string, bases []accountBase, amount currency.Amount) {
	if len(bases) == 0 {
		return
	}
	dir := func(b accountBase) int { return b.sign * bases[0].sign } // +1 along the first account, −1 against it
	weights := make([]currency.Amount, len(bases))
	for i, b := range bases {
		weights[i] = signed(b.amount, dir(b))
	}
	parts, err := currency.Prorate(amount, weights)
	if err != nil { // bases netting to zero: nothing to weigh by
		parts = make([]currency.Amount, len(bases))
		for i := range parts {
			parts[i] = currency.Zero(amount.Currency())
		}
		parts[0] = amount
	}
	for i, b := range bases {
		k := baseKey(id, b.account)
		pr.bases[k] = addOr(pr.bases[k], signed(parts[i], dir(b)))
	}
}

func addOr(a, b currency.Amount) currency.Amount {
	if !a.IsSet() {
		return b
	}
	return mustAdd(a, b)
}
