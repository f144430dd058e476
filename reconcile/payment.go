package reconcile

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Direction says who pays whom.
type Direction uint8

const (
	// Inbound is a customer receipt (encaissement): Dr outstanding
	// receipts or bank / Cr receivable.
	Inbound Direction = iota + 1
	// Outbound is a supplier payment (décaissement): Dr payable / Cr
	// outstanding payments or bank.
	Outbound
)

func (d Direction) String() string {
	switch d {
	case Inbound:
		return "inbound"
	case Outbound:
		return "outbound"
	}
	return fmt.Sprintf("Direction(%d)", uint8(d))
}

// Method is how a payment was made.
type Method uint8

const (
	MethodTransfer     Method = iota + 1 // virement
	MethodCash                           // espèces
	MethodCheque                         // chèque
	MethodCard                           // carte bancaire
	MethodSEPATransfer                   // virement SEPA
	MethodSEPADebit                      // prélèvement SEPA
	MethodLCR                            // LCR / BOR (lettre de change relevé, billet à ordre relevé)
	methodEnd
)

var methodNames = [...]string{"", "transfer", "cash", "cheque", "card", "sepa_transfer", "sepa_debit", "lcr_bor"}

func (m Method) String() string {
	if m == 0 || m >= methodEnd {
		return fmt.Sprintf("Method(%d)", uint8(m))
	}
	return methodNames[m]
}

// Payment is a customer receipt or a supplier payment to register.
type Payment struct {
	Operation journal.ID // the caller's id for retries; NoID: a fresh one
	Direction Direction
	Partner   string
	Journal   string       // a bank or cash journal
	Date      journal.Date // the date the customer paid (accounting date)
	// Amount is positive, in the company currency or a foreign one; unset
	// means the residual of Invoices (in their currency when they share
	// one). A foreign amount is converted at the rate of Date unless
	// CompanyAmount is given.
	Amount currency.Amount
	// CompanyAmount, when set, is what a foreign payment is worth in the
	// company currency (the bank's own conversion): it wins over the rate.
	CompanyAmount currency.Amount
	Method        Method
	Ref           string
	Label         string
	// Invoices, when given, are lettered with the payment in this order
	// (each by due date); what is left is an outstanding credit (customer)
	// or debit (supplier).
	Invoices []journal.ID
	// EarlyDiscount closes the one invoice named with an early-payment
	// discount (escompte) for what the payment leaves unpaid: the first
	// payment only, 0 < Amount < what the invoice owes, in its currency.
	EarlyDiscount bool
}

// RegisterPayment posts a payment and letters it with the invoices it
// names. The entry goes through the journal's outstanding receipts or
// payments account when the journal uses them, straight to its bank account
// otherwise. Its first line is the partner's, its second the liquidity
// line. The method is kept in the payment's event log.
//
// It returns ErrDirection, ErrAmount, ErrJournal, ErrNotPosted,
// ErrNotDocument, ErrPartner, ErrMatched, ErrSettled, ledger posting errors (unknown
// partner, no fiscal year…), a *journal.TextError for a ref or label
// journal.CheckText refuses, or ErrIdempotencyConflict.
func (r *Reconciler) RegisterPayment(ctx context.Context, p Payment) (Result, error) {
	return r.operation(ctx, p.Operation, "payment", p, func(w *work) error { return w.registerPayment(p) })
}

func (w *work) registerPayment(p Payment) error {
	if p.Direction != Inbound && p.Direction != Outbound || p.Method == 0 || p.Method >= methodEnd {
		return fmt.Errorf("%w: %v, %v", ErrDirection, p.Direction, p.Method)
	}
	if err := checkTexts("payment", p.Ref, p.Label); err != nil {
		return err
	}
	j, err := w.t.Journal(p.Journal)
	if err != nil {
		return err
	}
	liquidity, err := liquidityAccount(j, p.Direction)
	if err != nil {
		return err
	}
	if p.EarlyDiscount {
		if len(p.Invoices) != 1 || !p.Amount.IsSet() {
			return fmt.Errorf("%w: a discount needs one invoice and the amount paid", ErrDiscount)
		}
		if e, err := w.entry(p.Invoices[0]); err == nil && e.Type != journal.TypeInvoice {
			return fmt.Errorf("%w: %s is a %s", ErrDiscount, e.Name(), e.Type)
		}
	}
	docs, err := w.documentLines(p.Invoices, p.Partner, p.Direction)
	if err != nil {
		return err
	}
	company := w.t.Book().Currency()
	amount := p.Amount
	if !amount.IsSet() && len(docs) > 0 {
		amount = documentsDue(docs, company)
	}
	switch {
	case !amount.IsSet() || amount.Sign() <= 0:
		return fmt.Errorf("%w: payment amount %s", ErrAmount, amount)
	case p.CompanyAmount.IsSet() && (amount.Currency() == company || p.CompanyAmount.Currency() != company || p.CompanyAmount.Sign() <= 0):
		return fmt.Errorf("%w: company amount %s of a %s payment", ErrAmount, p.CompanyAmount, amount.Currency())
	}
	account := w.r.cfg.Receivable
	if p.Direction == Outbound {
		account = w.r.cfg.Payable
	}
	if len(docs) > 0 {
		account = docs[0].line.Account
	}
	label := p.Label
	if label == "" {
		label = "Payment " + p.Partner
	}
	cur, value := amount, p.CompanyAmount // the partner line: credit for a receipt, debit for a payment
	if p.Direction == Inbound {
		cur, value = cur.Neg(), value.Neg()
	}
	e := journal.Entry{Journal: p.Journal, Date: p.Date, Type: journal.TypePayment, Ref: p.Ref, Label: label,
		Currency: entryCurrency(amount.Currency(), company),
		Lines: []journal.Line{
			{Account: account, Partner: p.Partner, Label: label, AmountCurrency: cur, Balance: value},
			{Account: liquidity, Label: label, AmountCurrency: cur.Neg(), Balance: value.Neg()},
		}}
	posted, _, err := w.t.Post(e)
	if err != nil {
		return err
	}
	w.res.Entries = append(w.res.Entries, posted)
	meta, _ := json.Marshal(paymentMeta{Method: p.Method.String(), Direction: p.Direction.String()})
	if _, err := w.t.AppendEvent(posted.ID, eventPayment, meta); err != nil {
		return err
	}
	if len(docs) == 0 {
		return nil
	}
	if p.EarlyDiscount {
		if err := w.discountFor(docs, amount, p.Date); err != nil {
			return err
		}
	}
	pay, err := w.load(posted.LineRef(0))
	if err != nil {
		return err
	}
	return w.letter(append([]*item{pay}, docs...), letterOptions{keepOrder: true})
}

const eventPayment = "payment"

// discountFor posts the early-payment discount of the one invoice a payment
// of paid settles: what the invoice owes less paid, in its currency.
func (w *work) discountFor(docs []*item, paid currency.Amount, date journal.Date) error {
	owed := currency.Zero(docs[0].lineCurrency())
	for _, d := range docs {
		if d.lineCurrency() != paid.Currency() {
			return fmt.Errorf("%w: paid in %s, invoiced in %s", ErrDiscount, paid.Currency(), d.lineCurrency())
		}
		owed = mustAdd(owed, d.residual.AmountCurrency.Abs())
	}
	if mustCmp(paid, owed) >= 0 {
		return fmt.Errorf("%w: %s paid on %s owed leaves nothing to discount", ErrDiscount, paid, owed)
	}
	// The discount closes the invoice's last instalments first; a one-line
	// invoice, the usual case, has just the one.
	return w.earlyDiscount(docs[len(docs)-1], date, mustSub(owed, paid))
}

// documentsDue is what the open lines of documents still owe: in their
// currency when they share one, in the company currency otherwise.
func documentsDue(docs []*item, company currency.Currency) currency.Amount {
	cur := docs[0].lineCurrency()
	for _, d := range docs {
		if d.lineCurrency() != cur {
			cur = company
		}
	}
	due := currency.Zero(cur)
	for _, d := range docs {
		if cur == company {
			due = mustAdd(due, d.residual.Balance.Abs())
		} else {
			due = mustAdd(due, d.residual.AmountCurrency.Abs())
		}
	}
	return due
}

type paymentMeta struct {
	Method    string `json:"method"`
	Direction string `json:"direction"`
}

// liquidityAccount is where a payment's money goes: the journal's
// outstanding account when it uses them, its bank account otherwise.
func liquidityAccount(j ledger.Journal, d Direction) (string, error) {
	if j.Kind != ledger.JournalBank && j.Kind != ledger.JournalCash {
		return "", fmt.Errorf("%w: %s", ErrJournal, j.Code)
	}
	acct := j.BankAccount
	if j.UsesOutstanding {
		acct = j.OutstandingReceipts
		if d == Outbound {
			acct = j.OutstandingPayments
		}
	}
	if acct == "" {
		return "", fmt.Errorf("%w: %s has no account for %v payments", ErrJournal, j.Code, d)
	}
	return acct, nil
}

// documentLines returns the open lines of the documents a payment settles,
// documents in the given order and each document's lines by due date: the
// receivable (inbound) or payable (outbound) lines of partner on the
// opposite side of the payment.
func (w *work) documentLines(ids []journal.ID, partner string, d Direction) ([]*item, error) {
	var out []*item
	seen := map[journal.ID]bool{}
	for _, id := range ids {
		if seen[id] {
			return nil, fmt.Errorf("%w: document %s named twice", ErrDuplicateLine, id)
		}
		seen[id] = true
		e, err := w.entry(id)
		if err != nil {
			return nil, fmt.Errorf("%w: document %s", ErrNotPosted, id)
		}
		var lines []*item
		settled := false
		for i := range e.Lines {
			l := &e.Lines[i]
			a, err := w.t.Account(l.Account)
			if err != nil {
				return nil, err
			}
			if !(d == Inbound && a.Kind == ledger.KindReceivable && l.Balance.Sign() > 0 ||
				d == Outbound && a.Kind == ledger.KindPayable && l.Balance.Sign() < 0) {
				continue
			}
			if l.Partner != partner {
				return nil, fmt.Errorf("%w: %s belongs to %s, not %s", ErrPartner, e.Name(), l.Partner, partner)
			}
			if _, in, err := w.t.MatchOf(e.LineRef(i)); err != nil {
				return nil, err
			} else if in {
				return nil, fmt.Errorf("%w: %s is fully lettered", ErrMatched, e.Name())
			}
			it, err := w.load(e.LineRef(i))
			if err != nil {
				return nil, err
			}
			if it.residual.Balance.IsZero() {
				settled = true
			} else {
				lines = append(lines, it)
			}
		}
		switch {
		case len(lines) == 0 && settled:
			return nil, fmt.Errorf("%w: %s", ErrSettled, e.Name())
		case len(lines) == 0:
			return nil, fmt.Errorf("%w: %s has no %v line for %s", ErrNotDocument, e.Name(), d, partner)
		}
		lettingOrder(lines)
		out = append(out, lines...)
	}
	return out, nil
}

// CancelPayment cancels a payment or statement line: it undoes every
// partial of its lines (with the generated entries they hang on), reverses
// it at its date (or the first open date) and letters it with its
// reversal. It returns ErrNotPosted, ErrNotDocument for an entry that is
// not a payment or statement line, ledger.ErrAlreadyReversed,
// ledger.ErrReverseReversal, or ErrIdempotencyConflict.
func (r *Reconciler) CancelPayment(ctx context.Context, op, payment journal.ID) (Result, error) {
	return r.operation(ctx, op, "cancel-payment", detachRequest{Line: journal.LineRef{Entry: payment}}, func(w *work) error {
		e, err := w.entry(payment)
		if err != nil {
			return fmt.Errorf("%w: payment %s", ErrNotPosted, payment)
		}
		if e.Type != journal.TypePayment && e.Type != journal.TypeStatementLine {
			return fmt.Errorf("%w: %s is a %s", ErrNotDocument, e.Name(), e.Type)
		}
		if e.ReversalOf != journal.NoID {
			return fmt.Errorf("%w: %s", ledger.ErrReverseReversal, e.Name())
		}
		if _, reversed, err := w.t.ReversedBy(payment); err != nil {
			return err
		} else if reversed {
			return fmt.Errorf("%w: %s", ledger.ErrAlreadyReversed, e.Name())
		}
		var ps []journal.Partial
		for i := range e.Lines {
			lp, err := w.t.LivePartials(e.LineRef(i))
			if err != nil && !isNotReconcilable(err) {
				return err
			}
			ps = append(ps, lp...)
		}
		if len(ps) > 0 {
			if err := w.undo(ps); err != nil {
				return err
			}
		}
		return w.reverseAndLetter(payment, journal.Date{})
	})
}

// checkTexts refuses the ref or label of a payment or statement line that
// a book would refuse, before anything is computed.
func checkTexts(what, ref, label string) error {
	if err := journal.CheckText(what+" ref", ref); err != nil {
		return err
	}
	return journal.CheckText(what+" label", label)
}
