package reconcile

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Bill is a bill of exchange to draw: a customer's LCR (lettre de change
// relevé, an effet à recevoir) or the company's BOR to a supplier (billet
// à ordre relevé, an effet à payer).
type Bill struct {
	// Operation is the caller's id for retries; NoID gets a fresh one.
	Operation journal.ID
	// Direction is Inbound for a customer's bill (money the bank collects
	// at maturity), Outbound for a bill to a supplier (money it pays).
	Direction Direction
	// Partner is the customer or supplier whose invoices the bill pays.
	Partner string
	Journal string       // the journal of the bill's entry ("OD")
	Date    journal.Date // when the bill is drawn (accepted)
	DueDate journal.Date // maturity: when the bank settles it
	// Invoices are the documents the bill pays, lettered with it in this
	// order; the bill's amount is what they owe.
	Invoices []journal.ID
	// Ref is the bill's number.
	Ref string
	// IBAN is the account the bill is domiciled at, the one debited at
	// maturity: for an LCR the customer's (empty takes the partner's
	// first); for a BOR the company's, the IBAN of Bank (empty takes it).
	IBAN ident.IBAN
	// Bank is the company's bank journal whose statement line settles the
	// bill at maturity: for a BOR the account it is domiciled at (required,
	// or found from IBAN); for an LCR the bank it is remitted to for
	// collection ("" lets any bank journal's line settle it).
	Bank string
}

// billDomiciliation is stored with a bill's entry, so that statement
// matching settles the bill only from where it is payable.
type billDomiciliation struct {
	Bank string     `json:"bank,omitempty"` // the bank journal that settles it
	IBAN ident.IBAN `json:"iban,omitempty"` // the account debited at maturity
}

// billEvent is the kind of the event that records a bill's domiciliation.
const billEvent = "bill"

// domiciliation checks and completes where a bill is payable: an LCR at
// the customer's account, remitted to Bank if named; a BOR at the
// company's account of Bank.
func (w *work) domiciliation(b Bill, partner ledger.Partner) (billDomiciliation, error) {
	d := billDomiciliation{Bank: b.Bank}
	if b.IBAN != "" {
		iban, err := ident.ParseIBAN(string(b.IBAN))
		if err != nil {
			return d, err
		}
		d.IBAN = iban
	}
	if b.Direction == Outbound && d.Bank == "" && d.IBAN != "" {
		j, ok, err := w.t.JournalByIBAN(d.IBAN)
		if err != nil {
			return d, err
		}
		if !ok {
			return d, fmt.Errorf("%w: a BOR is domiciled at one of the company's accounts; %s is no bank journal's", ErrConfig, d.IBAN.Paper())
		}
		d.Bank = j.Code
	}
	if b.Direction == Outbound && d.Bank == "" {
		return d, fmt.Errorf("%w: a BOR is domiciled at one of the company's accounts: name its bank journal", ErrConfig)
	}
	if d.Bank != "" {
		j, err := w.t.Journal(d.Bank)
		if err != nil {
			return d, err
		}
		if j.Kind != ledger.JournalBank {
			return d, fmt.Errorf("%w: bills are settled by a bank journal, %s is a %v journal", ErrConfig, j.Code, j.Kind)
		}
		if b.Direction == Outbound {
			if d.IBAN != "" && j.IBAN != "" && d.IBAN != j.IBAN {
				return d, fmt.Errorf("%w: the BOR names %s, journal %s holds %s", ErrConfig, d.IBAN.Paper(), j.Code, j.IBAN.Paper())
			}
			d.IBAN = j.IBAN
		}
	}
	if b.Direction == Inbound && d.IBAN == "" && len(partner.BankAccounts) > 0 {
		d.IBAN = partner.BankAccounts[0].IBAN
	}
	if b.Direction == Inbound && d.IBAN != "" {
		if j, ok, err := w.t.JournalByIBAN(d.IBAN); err != nil {
			return d, err
		} else if ok {
			return d, fmt.Errorf("%w: an LCR is domiciled at the customer's account; %s is the company's (journal %s)", ErrConfig, d.IBAN.Paper(), j.Code)
		}
	}
	return d, nil
}

// payableFrom checks that a bank line of journal journalCode, whose money
// came from (or went to) the accounts from, can settle a bill payable at
// dom of partner: from its bank when it names one; a customer's bill
// (inbound) not from another account than the one it is domiciled at,
// nor from an account another partner holds (holders). A supplier's bill
// is paid to the supplier, whose account the line shows: only the bank
// counts.
func payableFrom(dom billDomiciliation, partner string, inbound bool, journalCode string, from []ident.IBAN,
	holders func(ident.IBAN) []string) error {
	if dom.Bank != "" && dom.Bank != journalCode {
		return fmt.Errorf("%w: at %s, not from a line of %s", ErrDomiciled, dom.Bank, journalCode)
	}
	if !inbound {
		return nil
	}
	for _, iban := range from {
		if dom.IBAN != "" && iban != dom.IBAN {
			return fmt.Errorf("%w: from %s, not from %s", ErrDomiciled, dom.IBAN.Paper(), iban.Paper())
		}
		if hs := holders(iban); len(hs) > 0 && !slices.Contains(hs, partner) {
			return fmt.Errorf("%w: %s is %s's account, not %s's", ErrDomiciled, iban.Paper(), strings.Join(hs, ", "), partner)
		}
	}
	return nil
}

// checkPayableHere refuses a bank line of journal journalCode, from the
// accounts from, that would settle a bill of exchange among docs where it
// is not payable (payableFrom).
func (w *work) checkPayableHere(docs []*item, journalCode string, from []ident.IBAN) error {
	for _, it := range docs {
		inbound := it.line.Account == w.r.cfg.BillsReceivable
		if !inbound && it.line.Account != w.r.cfg.BillsPayable {
			continue
		}
		dom, err := billDomiciliationOf(w.t, it.entry.ID)
		if err != nil {
			return err
		}
		holders := map[ident.IBAN][]string{}
		for _, iban := range from {
			ps, err := w.t.PartnersByIBAN(iban)
			if err != nil {
				return err
			}
			for _, p := range ps {
				holders[iban] = append(holders[iban], p.Code)
			}
		}
		err = payableFrom(dom, it.line.Partner, inbound, journalCode, from, func(iban ident.IBAN) []string { return holders[iban] })
		if err != nil {
			return fmt.Errorf("bill %s: %w", it.entry.Name(), err)
		}
	}
	return nil
}

// billDomiciliationOf reads where a bill is payable; a bill drawn
// before domiciliations were recorded is payable anywhere.
func billDomiciliationOf(t *ledger.Tx, bill journal.ID) (billDomiciliation, error) {
	events, err := t.Events(bill)
	if err != nil {
		return billDomiciliation{}, err
	}
	for _, ev := range events {
		if ev.Kind == billEvent {
			var d billDomiciliation
			if err := json.Unmarshal(ev.Data, &d); err != nil {
				return d, fmt.Errorf("%w: bill %s: %v", ledger.ErrFormat, bill, err)
			}
			return d, nil
		}
	}
	return billDomiciliation{}, nil
}

// DrawBill moves what invoices owe onto a bill of exchange: a customer's
// invoices from the receivable account to bills receivable (413000), a
// supplier's from payables to bills payable (403000), lettered with the
// invoices. The bill's line carries its maturity as its due date and its
// label names the bank account, so that the bank line at maturity, which
// statement matching proposes by amount and date, settles it. The
// invoices' cash-basis VAT is not due yet: handing over a bill pays
// nothing; collecting it at maturity makes their tax due. It returns
// ErrDirection, ErrConfig when the chart has no bills account or the
// bill's bank is not a bank journal (a BOR must name one, by Bank or by
// its IBAN),
// ErrNotDocument, ErrPartner, ErrSettled, ErrAmount (nothing owed), the
// ident errors of a bad IBAN, posting errors, or ErrIdempotencyConflict.
func (r *Reconciler) DrawBill(ctx context.Context, b Bill) (Result, error) {
	return r.operation(ctx, b.Operation, "draw-bill", b, func(w *work) error {
		if b.Direction != Inbound && b.Direction != Outbound {
			return fmt.Errorf("%w: %v", ErrDirection, b.Direction)
		}
		if b.Date.IsZero() || b.DueDate.IsZero() || b.DueDate.Before(b.Date) {
			return fmt.Errorf("%w: a bill needs its date and a maturity on or after it", ErrAmount)
		}
		if err := checkTexts("bill", b.Ref, ""); err != nil {
			return err
		}
		billAccount := w.r.cfg.BillsReceivable
		if b.Direction == Outbound {
			billAccount = w.r.cfg.BillsPayable
		}
		if _, err := w.t.Account(billAccount); err != nil {
			return fmt.Errorf("%w: bills account %s: %v", ErrConfig, billAccount, err)
		}
		partner, err := w.t.Partner(b.Partner)
		if err != nil {
			return err
		}
		dom, err := w.domiciliation(b, partner)
		if err != nil {
			return err
		}
		iban := dom.IBAN
		// The invoices are settled as a payment would settle them.
		docs, err := w.documentLines(b.Invoices, b.Partner, b.Direction)
		if err != nil {
			return err
		}
		if len(docs) == 0 {
			return fmt.Errorf("%w: a bill pays invoices", ErrNotDocument)
		}
		company := w.t.Book().Currency()
		total := currency.Zero(company)
		for _, it := range docs {
			if it.lineCurrency() != company {
				return fmt.Errorf("%w: %s is in %s: bills are drawn in %s", ErrAmount, it, it.lineCurrency(), company)
			}
			total = mustAdd(total, it.residual.Balance.Abs())
		}
		if total.IsZero() {
			return fmt.Errorf("%w: the invoices owe nothing", ErrSettled)
		}
		kind := "LCR"
		if b.Direction == Outbound {
			kind = "BOR"
		}
		label := fmt.Sprintf("%s %s échéance %s", kind, b.Ref, b.DueDate.Time().Format("02/01/2006"))
		if iban != "" {
			label += " " + iban.Paper()
		}
		from := docs[0].line.Account
		bill, settle := total, total.Neg() // inbound: debit the bill, credit the receivable
		if b.Direction == Outbound {
			bill, settle = total.Neg(), total
		}
		e := journal.Entry{Journal: b.Journal, Date: b.Date, Type: journal.TypePayment, Ref: b.Ref, Label: label,
			Lines: []journal.Line{
				{Account: from, Partner: b.Partner, Label: label, Balance: settle},
				{Account: billAccount, Partner: b.Partner, Label: label, DueDate: b.DueDate, Balance: bill},
			}}
		posted, _, err := w.wr.PostGenerated(e)
		if err != nil {
			return err
		}
		w.res.Entries = append(w.res.Entries, posted)
		data, err := json.Marshal(dom)
		if err != nil {
			return err
		}
		if err := booktx.Of(w.t).AppendEvent(posted.ID, billEvent, data); err != nil {
			return err
		}
		line, err := w.load(posted.LineRef(0))
		if err != nil {
			return err
		}
		return w.letter(append([]*item{line}, docs...), letterOptions{keepOrder: true})
	})
}

// billsAccount reports whether code is the bills receivable or payable
// account.
func (w *work) billsAccount(code string) bool { return w.r.cfg.billsAccount(code) }

// billsAccount reports whether code is the bills receivable or payable
// account.
func (c *Config) billsAccount(code string) bool {
	return code == c.BillsReceivable || code == c.BillsPayable
}

// isBill reports whether e is a bill of exchange as DrawBill posts it: a
// payment that moves a partner's debt onto a bills account, every line
// the partner's (a payment of a bill has a bank line, with no partner).
func (w *work) isBill(e *journal.Entry) bool {
	if e.Type != journal.TypePayment {
		return false
	}
	bills := false
	for i := range e.Lines {
		if e.Lines[i].Partner == "" {
			return false
		}
		bills = bills || w.billsAccount(e.Lines[i].Account)
	}
	return bills
}

// collection is how much of a bill of exchange was collected: paid by
// the bank (or a payment) at maturity, not merely cleared off the bills
// account, as a bill returned unpaid is.
type collection struct {
	collected, total currency.Amount
	last             journal.Date // the latest collection's date
}

// full reports whether the whole bill was collected.
func (c collection) full() bool { return c.collected.Equal(c.total) }

// billCollection reads how much of bill was collected, in the company
// currency. An entry that is not a bill reads as collected in full: it is
// money already.
func (w *work) billCollection(bill journal.ID) (collection, error) {
	e, err := w.entry(bill)
	if err != nil {
		return collection{}, err
	}
	company := w.t.Book().Currency()
	c := collection{collected: currency.Zero(company), total: currency.Zero(company)}
	if !w.isBill(&e) {
		return c, nil
	}
	for i := range e.Lines {
		if !w.billsAccount(e.Lines[i].Account) {
			continue
		}
		ref := e.LineRef(i)
		c.total = mustAdd(c.total, e.Lines[i].Balance.Abs())
		ps, err := w.t.LivePartials(ref)
		if err != nil {
			return collection{}, err
		}
		for _, q := range ps {
			other := q.Debit
			if other == ref {
				other = q.Credit
			}
			if ok, err := w.collects(q, other.Entry); err != nil {
				return collection{}, err
			} else if ok {
				c.collected = mustAdd(c.collected, q.Amount)
				c.last = laterDate(c.last, q.Date)
			}
		}
	}
	return c, nil
}

// collects reports whether partial q, lettering a bill's line with a line
// of entry other, is money paid on the bill: a bank statement line, a
// payment, or a small difference written off or an exchange difference
// closed with them (a bill collected in another currency). A misc entry
// putting the debt back on the customer's account (a bill returned
// unpaid) or the bill's reversal collects nothing.
func (w *work) collects(q journal.Partial, other journal.ID) (bool, error) {
	switch q.Kind {
	case journal.KindClearing, journal.KindWriteOff, journal.KindExchange:
		return true, nil
	case journal.KindPayment:
		e, err := w.entry(other)
		if err != nil {
			return false, err
		}
		return isPayment(&e), nil
	}
	return false, nil
}

// billCashBasis posts, when partial p collects a bill of exchange, the
// cash-basis VAT that collection makes due on each invoice the bill took
// over: tax on payment is due when the bill is paid, not when it is drawn.
// The entries have p as their Origin, so that undoing the collection takes
// them back.
func (w *work) billCashBasis(p journal.Partial) error {
	for _, x := range [][2]journal.LineRef{{p.Debit, p.Credit}, {p.Credit, p.Debit}} {
		side, other := x[0], x[1]
		e, err := w.entry(side.Entry)
		if err != nil {
			return err
		}
		if !w.isBill(&e) || !w.billsAccount(e.Lines[side.Index].Account) {
			continue
		}
		if ok, err := w.collects(p, other.Entry); err != nil || !ok {
			return err
		}
		invoices, err := w.billInvoices(&e)
		if err != nil {
			return err
		}
		for _, ref := range invoices {
			if err := w.cashBasisOn(p, ref, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// billInvoices returns the invoice lines a bill took over: the other sides
// of the live bill partials of its lines off the bills account.
func (w *work) billInvoices(bill *journal.Entry) ([]journal.LineRef, error) {
	var out []journal.LineRef
	for i := range bill.Lines {
		if w.billsAccount(bill.Lines[i].Account) {
			continue
		}
		ref := bill.LineRef(i)
		ps, err := w.t.LivePartials(ref)
		if err != nil && !isNotReconcilable(err) {
			return nil, err
		}
		for _, q := range ps {
			if q.Kind != journal.KindBill {
				continue
			}
			if q.Debit == ref {
				out = append(out, q.Credit)
			} else {
				out = append(out, q.Debit)
			}
		}
	}
	return out, nil
}

// billCollections returns the live partials collecting the bill of bill
// partial p that made cash-basis VAT due on the invoice p letters it with.
func (w *work) billCollections(p journal.Partial) ([]journal.Partial, error) {
	var out []journal.Partial
	for _, x := range [][2]journal.LineRef{{p.Debit, p.Credit}, {p.Credit, p.Debit}} {
		bill, err := w.entry(x[0].Entry)
		if err != nil {
			return nil, err
		}
		if !w.isBill(&bill) {
			continue
		}
		for i := range bill.Lines {
			if !w.billsAccount(bill.Lines[i].Account) {
				continue
			}
			ps, err := w.t.LivePartials(bill.LineRef(i))
			if err != nil {
				return nil, err
			}
			for _, q := range ps {
				if due, err := w.madeDueOn(q, x[1].Entry); err != nil {
					return nil, err
				} else if due {
					out = append(out, q)
				}
			}
		}
	}
	return out, nil
}

// madeDueOn reports whether partial q generated a live cash-basis entry
// on document doc.
func (w *work) madeDueOn(q journal.Partial, doc journal.ID) (bool, error) {
	ids, err := w.t.Generated(q.ID)
	if err != nil {
		return false, err
	}
	for _, id := range ids {
		g, err := w.entry(id)
		if err != nil {
			return false, err
		}
		if g.Type != journal.TypeCashBasis || g.Document != doc || g.ReversalOf != journal.NoID {
			continue
		}
		if _, reversed, err := w.t.ReversedBy(id); err != nil {
			return false, err
		} else if !reversed {
			return true, nil
		}
	}
	return false, nil
}
