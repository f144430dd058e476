package reconcile

import (
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// A document is an entry seen as what it owes or is owed: an invoice, a
// credit note, a payment, a statement line paying a partner. Its lines on
// receivable and payable accounts — its partner lines — are what lettering
// settles; everything about a document is decided on them, in the
// document's own currency:
//
//   - what it owes: its partner lines' residuals, in its currency (and,
//     beside it, in the company currency);
//   - whether it is settled: every partner line at zero in its currency
//     (a SEK invoice still owing 0.01 SEK is not settled, even though the
//     cent is worth 0.00 EUR);
//   - which side it is on: the sign of its partner lines as posted, never
//     of what remains.
//
// States, statements, payments, write-offs, discounts, cash basis and the
// reports all read documents through this one type.
type document struct {
	entry *journal.Entry
	lines []*item // the partner lines, in entry order, with their residuals
}

// isPartnerLine reports whether a line of account a is a document's
// partner line: a line on a receivable or payable account.
func isPartnerLine(a ledger.Account) bool {
	return a.Kind == ledger.KindReceivable || a.Kind == ledger.KindPayable
}

// document reads an entry as a document. It returns ErrNotPosted for an
// unknown entry and ErrNotDocument for an entry without partner lines.
func (w *work) document(id journal.ID) (*document, error) {
	e, err := w.entry(id)
	if errors.Is(err, ledger.ErrNotFound) {
		return nil, fmt.Errorf("%w: entry %s", ErrNotPosted, id)
	} else if err != nil {
		return nil, err
	}
	doc := &document{entry: &e}
	for i := range e.Lines {
		a, err := w.t.Account(e.Lines[i].Account)
		if err != nil {
			return nil, err
		}
		if !isPartnerLine(a) {
			continue
		}
		it, err := w.load(e.LineRef(i))
		if err != nil {
			return nil, err
		}
		doc.lines = append(doc.lines, it)
	}
	if len(doc.lines) == 0 {
		return nil, fmt.Errorf("%w: %s has no receivable or payable line", ErrNotDocument, e.Name())
	}
	return doc, nil
}

// name is how messages name the document: its number.
func (d *document) name() string { return d.entry.Name() }

// currency is the document's own currency: its transaction currency, the
// company currency when it has none.
func (d *document) cur() currency.Currency { return d.lines[0].lineCurrency() }

// side is +1 for a document on the debit side (a customer invoice, a
// supplier credit note, a refund paid out) and -1 for one on the credit side.
func (d *document) side() int { return lineSign(d.lines[0].line) }

// total is what the document's partner lines amount to, positive, in its
// currency and in the company currency.
func (d *document) total() (own, company currency.Amount) {
	own, company = currency.Zero(d.cur()), currency.Zero(d.lines[0].line.Balance.Currency())
	for _, it := range d.lines {
		own = mustAdd(own, it.line.AmountCurrency.Abs())
		company = mustAdd(company, it.line.Balance.Abs())
	}
	return own, company
}

// residual is what remains to settle on the document, positive, in its
// currency and in the company currency.
func (d *document) residual() (own, company currency.Amount) {
	own, company = currency.Zero(d.cur()), currency.Zero(d.lines[0].line.Balance.Currency())
	for _, it := range d.lines {
		own = mustAdd(own, it.residual.AmountCurrency.Abs())
		company = mustAdd(company, it.residual.Balance.Abs())
	}
	return own, company
}

// settled reports whether nothing remains due in the document's currency.
func (d *document) settled() bool {
	for _, it := range d.lines {
		if !it.settled() {
			return false
		}
	}
	return true
}

// open returns the partner lines not settled yet, in entry order.
func (d *document) open() []*item {
	var out []*item
	for _, it := range d.lines {
		if !it.settled() {
			out = append(out, it)
		}
	}
	return out
}

// settled reports whether nothing remains due on a line in its own
// currency: its currency residual is zero. A line kept only in the company
// currency (an exchange line, which carries no currency amount) is settled
// when its company residual is zero.
func (it *item) settled() bool { return settledLine(it.line, it.residual) }

// settledLine is item.settled for a line and its residual.
func settledLine(l *journal.Line, r ledger.Residual) bool {
	if l.AmountCurrency.IsZero() {
		return r.Balance.IsZero()
	}
	return r.AmountCurrency.IsZero()
}
