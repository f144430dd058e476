package reconcile

import (
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// An advance (acompte) is money a customer paid, or a supplier was paid,
// before the invoice: a line of its partner on an account of kind
// customer advance (419100) or supplier advance (409100). It is an
// outstanding item of that partner like a payment on account: it settles
// an invoice through a transfer entry between the two accounts (Dr 419100 /
// Cr 411000 for a customer), whose first line is lettered with the advance
// and whose second with the invoice. The transfer names the advance's
// partial as its origin, and undoing either partial reverses it.

// advanceKind is the kind of the advances account facing a receivable or
// payable account, false for another kind.
func advanceKind(k ledger.AccountKind) (ledger.AccountKind, bool) {
	switch k {
	case ledger.KindReceivable:
		return ledger.KindCustomerAdvance, true
	case ledger.KindPayable:
		return ledger.KindSupplierAdvance, true
	}
	return 0, false
}

// partnerKind is the kind of the receivable or payable account an
// advances account's advances settle, false for another kind.
func partnerKind(k ledger.AccountKind) (ledger.AccountKind, bool) {
	switch k {
	case ledger.KindCustomerAdvance:
		return ledger.KindReceivable, true
	case ledger.KindSupplierAdvance:
		return ledger.KindPayable, true
	}
	return 0, false
}

// advanceEntry reports whether a line of an entry of type t on an advances
// account is an advance to use elsewhere: money received or paid (a
// payment, a statement line, an entry by hand, the opening balances). A
// deposit invoice's base on 419100 is not: the final invoice deducts it by
// a line on that account.
func advanceEntry(t journal.EntryType) bool {
	switch t {
	case journal.TypePayment, journal.TypeStatementLine, journal.TypeMisc, journal.TypeOpening:
		return true
	}
	return false
}

// isAdvanceTransfer reports whether e is the transfer entry useAdvance
// posts (and not its reversal): the generated entry of type misc that
// names no document (the move of a debt to doubtful customers names its
// invoice).
func isAdvanceTransfer(e *journal.Entry) bool {
	return e.Type == journal.TypeMisc && e.Origin != journal.NoID && e.ReversalOf == journal.NoID && e.Document == journal.NoID
}

// advanceOf returns the advance a transfer entry moved: the entry of the
// advance and its line, lettered with the transfer's first line by the
// partial the transfer's Origin names. It is the advance's money that
// paid, the date it came in and whether it still waits for the bank.
func advanceOf(t *ledger.Tx, transfer *journal.Entry) (journal.Entry, journal.LineRef, error) {
	p, err := t.Partial(transfer.Origin)
	if err != nil {
		return journal.Entry{}, journal.LineRef{}, err
	}
	side := p.Debit
	if side.Entry == transfer.ID {
		side = p.Credit
	}
	adv, err := t.Entry(side.Entry)
	return adv, side, err
}

// advanceAccounts returns the reconcilable accounts of kind, in code order.
func advanceAccounts(t *ledger.Tx, kind ledger.AccountKind) ([]string, error) {
	all, err := t.Accounts()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range all {
		if a.Kind == kind && a.Reconcilable {
			out = append(out, a.Code)
		}
	}
	slices.Sort(out)
	return out, nil
}

// openAdvances returns a partner's open advances that could settle a line
// of side on an account of kind (receivable or payable), as statement
// lists them, in cur.
func openAdvances(t *ledger.Tx, kind ledger.AccountKind, partner string, side int, cur currency.Currency) ([]Item, error) {
	ak, ok := advanceKind(kind)
	if !ok || partner == "" {
		return nil, nil
	}
	accounts, err := advanceAccounts(t, ak)
	if err != nil {
		return nil, err
	}
	company := t.Book().Currency()
	var out []Item
	for _, code := range accounts {
		st, err := statement(t, code, partner, journal.Date{})
		if err != nil {
			return nil, err
		}
		for _, it := range st.Credits {
			l := journal.Line{Balance: it.Amount, AmountCurrency: it.AmountCurrency}
			in := it.AmountCurrency.Currency()
			if it.AmountCurrency.IsZero() {
				in = company
			}
			if lineSign(&l) != side && advanceEntry(it.Type) && in == cur {
				out = append(out, it)
			}
		}
	}
	return out, nil
}

// checkAdvance refuses a line that is no open advance: one on another
// account than an advances account, of a deposit invoice, or settled.
func (w *work) checkAdvance(adv *item) error {
	a, err := w.t.Account(adv.line.Account)
	if err != nil {
		return err
	}
	if _, ok := partnerKind(a.Kind); !ok {
		return fmt.Errorf("%w: %s is on %s, not an advances account", ErrNotDocument, adv, a.Code)
	}
	if !advanceEntry(adv.entry.Type) || adv.entry.Origin != journal.NoID {
		return fmt.Errorf("%w: %s is a %s, not an advance received or paid: a deposit invoice is deducted by a line of the final invoice on %s",
			ErrNotDocument, adv, adv.entry.Type, a.Code)
	}
	if adv.line.Partner == "" {
		return fmt.Errorf("%w: %s names no partner: an advance is a customer's or supplier's", ErrPartner, adv)
	}
	if adv.settled() {
		return fmt.Errorf("%w: %s is used already", ErrSettled, adv)
	}
	return nil
}

// useAdvance settles the open lines of a document (on one receivable or
// payable account, facing the advance) with an advance, for limit when set
// (in the currency both are in), else for as much as both have open. It
// posts the transfer entry, in the write-off journal, dated at the later
// of the advance's and the document's dates (the first open date when
// that is locked): its first line takes the amount off the advances
// account, lettered with the advance by the partial its Origin names; its
// second puts it on the document's account, lettered with the document.
// Advance and document must be in one currency (ErrAmount otherwise): the
// transfer values neither at a rate of its own.
func (w *work) useAdvance(adv *item, open []*item, limit currency.Amount) error {
	if err := w.checkAdvance(adv); err != nil {
		return err
	}
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	cur := adv.lettersIn(company)
	owed := currency.Zero(cur)
	date := adv.entry.Date
	for _, it := range open {
		if c := it.lettersIn(company); c != cur {
			return fmt.Errorf("%w: the advance %s is in %s and %s in %s: an advance settles a document of its own currency; refund it, or letter by hand",
				ErrAmount, adv, cur.Code(), it, c.Code())
		}
		if it.line.Partner != adv.line.Partner {
			return fmt.Errorf("%w: %s belongs to %s, the advance %s to %s", ErrPartner, it, it.line.Partner, adv, adv.line.Partner)
		}
		owed = mustAdd(owed, residualIn(it, cur, company).Abs())
		date = laterDate(date, it.entry.Date)
	}
	avail := residualIn(adv, cur, company).Abs()
	amount := minAmount(avail, owed)
	if limit.IsSet() {
		switch {
		case limit.Currency() != cur || limit.Sign() <= 0:
			return fmt.Errorf("%w: %s of an advance in %s", ErrAmount, limit, cur.Code())
		case mustCmp(limit, amount) > 0:
			return fmt.Errorf("%w: %s asked, %s open on the advance and %s owed", ErrOverAllocation, limit, avail, owed)
		}
		amount = limit
	}
	if amount.IsZero() {
		return fmt.Errorf("%w: nothing open to settle with %s", ErrNothingToLetter, adv)
	}
	// The advance's company value of what is used: all that remains of it,
	// or its share at the rate it was booked at.
	value := amount
	if cur != company {
		if mustCmp(amount, avail) == 0 {
			value = adv.residual.Balance.Abs()
		} else {
			v, err := lineRate(adv).value(amount, company, rounding)
			if err != nil {
				return err
			}
			value = v
		}
	}
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	date = locks.FirstOpenDate(date, false)
	sign := lineSign(adv.line) // what the transfer's first line takes off
	own := amount
	if adv.companyOnly(company) {
		own = currency.Zero(adv.lineCurrency())
	}
	label := clip(fmt.Sprintf("%s %s %s", w.r.cfg.Labels.Advance, adv.entry.Name(), open[0].entry.Name()), journal.TextMax)
	pid := w.wr.NewPartialID()
	e := journal.Entry{Journal: w.r.cfg.WriteOffJournal, Date: date, Type: journal.TypeMisc, Ref: open[0].entry.Name(),
		Label: label, Currency: entryCurrency(adv.lineCurrency(), company), Origin: pid,
		Lines: []journal.Line{
			{Account: adv.line.Account, Partner: adv.line.Partner, Label: label, Balance: signed(value, -sign), AmountCurrency: signed(own, -sign)},
			{Account: open[0].line.Account, Partner: adv.line.Partner, Label: label, Balance: signed(value, sign), AmountCurrency: signed(own, sign)},
		}}
	posted, _, err := w.wr.PostGenerated(e)
	if err != nil {
		return fmt.Errorf("posting the use of the advance %s: %w", adv, err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	from, err := w.load(posted.LineRef(0))
	if err != nil {
		return err
	}
	d, c := adv, from
	if sign < 0 {
		d, c = from, adv
	}
	p, err := w.putPartial(journal.Partial{ID: pid, Debit: d.ref, Credit: c.ref, Amount: value,
		DebitAmountCurrency: own, CreditAmountCurrency: own, Date: posted.Date, Kind: journal.KindPayment, Operation: w.op})
	if err != nil {
		return err
	}
	w.res.Partials = append(w.res.Partials, p)
	if err := w.refresh(adv, from); err != nil {
		return err
	}
	to, err := w.load(posted.LineRef(1))
	if err != nil {
		return err
	}
	if err := w.letter(append([]*item{to}, open...), letterOptions{keepOrder: true}); err != nil {
		return err
	}
	return w.settle(adv.ref, from.ref)
}

// advanceFacing returns the open lines of a document an advance settles:
// those on the receivable or payable account its advances account faces,
// on the other side, all on the first such line's account.
func (w *work) advanceFacing(doc *document, adv *item) ([]*item, error) {
	a, err := w.t.Account(adv.line.Account)
	if err != nil {
		return nil, err
	}
	want, _ := partnerKind(a.Kind)
	var out []*item
	for _, it := range doc.open() {
		da, err := w.t.Account(it.line.Account)
		if err != nil {
			return nil, err
		}
		if da.Kind != want || lineSign(it.line) == lineSign(adv.line) || len(out) > 0 && it.line.Account != out[0].line.Account {
			continue
		}
		out = append(out, it)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s has no open %s line facing the advance %s", ErrNotDocument, doc.name(), want, adv)
	}
	return out, nil
}

// advanceDocument reads an entry as an advance to refund: its partner's
// lines on advances accounts, when it is money received or paid (see
// advanceEntry). It reports false for an entry with no such line.
func (w *work) advanceDocument(id journal.ID) (*document, bool, error) {
	e, err := w.entry(id)
	if err != nil {
		return nil, false, err
	}
	if !advanceEntry(e.Type) || e.Origin != journal.NoID || e.ReversalOf != journal.NoID {
		return nil, false, nil
	}
	doc := &document{entry: &e}
	for i := range e.Lines {
		a, err := w.t.Account(e.Lines[i].Account)
		if err != nil {
			return nil, false, err
		}
		if _, ok := partnerKind(a.Kind); !ok || e.Lines[i].Partner == "" {
			continue
		}
		it, err := w.load(e.LineRef(i))
		if err != nil {
			return nil, false, err
		}
		doc.lines = append(doc.lines, it)
	}
	return doc, len(doc.lines) > 0, nil
}
