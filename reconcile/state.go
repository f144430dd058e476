package reconcile

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// PaymentState is where a document stands with its payments, derived when
// read.
type PaymentState uint8

const (
	// NotPaid: no live partial with another document.
	NotPaid PaymentState = iota
	// Partial: something is allocated and something remains due.
	Partial
	// InPayment: nothing remains due, and a payment's liquidity line still
	// sits on an outstanding account, not yet cleared by a statement line
	// (or on a bill of exchange not yet at maturity).
	InPayment
	// Paid: nothing remains due.
	Paid
	// Reversed: an invoice or a credit note of which nothing remains due,
	// and every counterpart is a credit note or a reversal.
	Reversed
)

var stateNames = [...]string{"not_paid", "partial", "in_payment", "paid", "reversed"}

// String returns the state's name as printed and stored ("not_paid", "partial", "in_payment", "paid", "reversed"), or PaymentState(n) for an unknown value.
func (s PaymentState) String() string {
	if int(s) >= len(stateNames) {
		return fmt.Sprintf("PaymentState(%d)", uint8(s))
	}
	return stateNames[s]
}

// DocumentState is a document's payment state with its figures.
type DocumentState struct {
	State PaymentState // not paid, partial, in payment, paid… decided in the document's currency
	// TotalCurrency and ResidualCurrency are the document's receivable or
	// payable lines, in absolute value, in the document's own currency: the
	// amount and the reste dû. The state is decided on them.
	TotalCurrency currency.Amount
	// ResidualCurrency is the reste dû in the document's own currency, in
	// absolute value.
	ResidualCurrency currency.Amount
	// Total and Residual are the same in the company currency (equal to the
	// above for a company-currency document).
	Total currency.Amount
	// Residual is the reste dû in the company currency, in absolute value.
	Residual currency.Amount
	// Mark is the manual "mark as paid" in effect, if any: the state shows
	// Paid while the residual is unchanged.
	Mark *PaidMark
}

// PaidMark is a manual "mark as paid" without a payment.
type PaidMark struct {
	By     string    // who marked the document paid
	Reason string    // why, in their words
	At     time.Time // when, by the book's clock, UTC
}

// State returns the payment state of an invoice, credit note or payment:
// an entry with lines on receivable or payable accounts. The state of an
// invoice whose debt MoveToDoubtful moved is read on the lines it went
// to: the residual is what remains due there, and what paid or wrote it
// off there paid the invoice. It returns ErrNotPosted or ErrNotDocument.
func (r *Reconciler) State(ctx context.Context, entry journal.ID) (DocumentState, error) {
	var out DocumentState
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		w := &work{r: r, t: t}
		var err error
		out, err = w.state(entry)
		return err
	})
	return out, err
}

func (w *work) state(id journal.ID) (DocumentState, error) {
	doc, err := w.document(id)
	if err != nil {
		return DocumentState{}, err
	}
	st := DocumentState{}
	st.TotalCurrency, st.Total = doc.total()
	// A debt moved to doubtful customers is still the invoice's: what
	// remains of it, and what paid it, are on the lines it went to. A
	// move takes every open line, so an invoice with one open has none.
	if len(doc.open()) == 0 {
		moved, err := w.doubtfulLines(doc)
		if err != nil {
			return DocumentState{}, err
		}
		doc = &document{entry: doc.entry, lines: slices.Concat(doc.lines, moved)}
	}
	st.ResidualCurrency, st.Residual = doc.residual()
	c, err := w.counterparts(doc)
	if err != nil {
		return DocumentState{}, err
	}
	switch {
	case !doc.settled() && c.any:
		st.State = Partial
	case !doc.settled():
		st.State = NotPaid
	case c.any && c.onlyCredit && doc.entry.IsDocument():
		// Odoo's rule, for invoices and credit notes: a payment (a refund
		// lettered with the credit note it pays back) is paid, not
		// cancelled.
		st.State = Reversed
	case c.inPayment:
		st.State = InPayment
	default:
		st.State = Paid
	}
	if !doc.settled() {
		mark, err := w.mark(id)
		if err != nil {
			return DocumentState{}, err
		}
		if mark != nil {
			st.State, st.Mark = Paid, mark
		}
	}
	return st, nil
}

// counterparts is what settled a document, as its state reads it.
type counterparts struct {
	any        bool // some live partial with another document (not a generated entry)
	onlyCredit bool // every such counterpart is a credit note or a reversal
	inPayment  bool // some paying entry's liquidity line is not cleared yet
}

func (w *work) counterparts(doc *document) (counterparts, error) {
	c := counterparts{onlyCredit: true}
	for _, it := range doc.lines {
		ps, err := w.t.LivePartials(it.ref)
		if err != nil {
			return c, err
		}
		for _, p := range ps {
			other := p.Other(it.ref)
			oe, err := w.entry(other.Entry)
			if err != nil {
				return c, err
			}
			if oe.Origin != journal.NoID && !isAdvanceTransfer(&oe) {
				// Generated entries (write-off, exchange…) are no
				// counterparts; the transfer of an advance is the advance
				// paying. A bad debt is the one that settles for good:
				// what a credit note left and the customer will never pay
				// is lost, not cancelled, so the invoice reads paid as
				// Odoo shows a written-off one.
				if isBadDebtLoss(&oe, &w.r.cfg) {
					c.any, c.onlyCredit = true, false
				}
				continue
			}
			c.any = true
			// A credit note cancels an invoice, a cancellation invoice
			// (facture d'annulation) a credit note, a reversal its
			// original: counterparts that annul rather than pay. The
			// cancellation invoice is the rectifying document of its
			// pair, as a credit note is of an invoice: the credit note it
			// cancels does not cancel it.
			cancels := oe.Type == journal.TypeCreditNote && !isCancellation(doc.entry) ||
				isCancellation(&oe) && doc.entry.Type == journal.TypeCreditNote ||
				oe.ReversalOf != journal.NoID || doc.entry.ReversalOf == oe.ID
			if !cancels {
				c.onlyCredit = false
			}
			// Any paying entry counts, whatever its type (a receipt booked
			// by hand in a misc entry waits on 511200 as a payment does),
			// except an opening entry: it carries a whole balance sheet,
			// not one payment's money.
			if isAdvanceTransfer(&oe) {
				// The advance paid: its money may still wait on an
				// outstanding account for the bank's statement.
				adv, side, err := advanceOf(w.t, &oe)
				if err != nil {
					return c, err
				}
				oe, other = adv, side
			}
			if oe.Type != journal.TypeOpening {
				if open, err := w.uncleared(&oe, other); err != nil {
					return c, err
				} else if open {
					c.inPayment = true
				}
			}
		}
	}
	return c, nil
}

// isCancellation reports whether e is a cancellation invoice (facture
// d'annulation), the invoice that cancels a credit note.
func isCancellation(e *journal.Entry) bool {
	return e.Type == journal.TypeInvoice && e.DocKind == journal.DocCancellation
}

// uncleared reports whether a payment has a liquidity line on an
// outstanding account that a statement line has not cleared yet. It is
// read from the payment's own lines, not from today's journal settings.
// Its liquidity lines are those on the other side than facing, its line
// lettered with what it pays: a line on facing's side is what it pays
// with (its partner line, or another customer's in a batch), not money
// on its way to the bank.
func (w *work) uncleared(pay *journal.Entry, facing journal.LineRef) (bool, error) {
	side := lineSign(&pay.Lines[facing.Index])
	for i := range pay.Lines {
		if lineSign(&pay.Lines[i]) == side {
			continue
		}
		a, err := w.t.Account(pay.Lines[i].Account)
		if err != nil {
			return false, err
		}
		// The money waits on an outstanding account, or on a bill of
		// exchange (LCR, BOR) until its maturity.
		bill := w.r.cfg.billsAccount(a.Code)
		if a.Kind != ledger.KindOutstandingReceipts && a.Kind != ledger.KindOutstandingPayments && !bill {
			continue
		}
		res, err := w.t.Residual(pay.LineRef(i))
		if err != nil {
			return false, err
		}
		if !settledLine(&pay.Lines[i], res) {
			return true, nil
		}
		if bill && w.isBill(pay) {
			if waiting, err := w.billWaiting(pay.LineRef(i)); err != nil || waiting {
				return waiting, err
			}
		}
	}
	return false, nil
}

// billWaiting reports whether the money of a bill of exchange whose line
// on the bills account is settled still waits: the line's debt is not
// collected in full (the bill returned unpaid and its debt not paid
// since, renewed, or discounted and not yet confirmed at maturity), or a
// receipt that collected it, or paid its debt where it went, has its own
// money waiting on an outstanding account for the bank statement.
func (w *work) billWaiting(ref journal.LineRef) (bool, error) {
	e, err := w.entry(ref.Entry)
	if err != nil {
		return false, err
	}
	if collected, err := w.billCollected(&e, ref); err != nil || !collected {
		return !collected, err
	}
	var ps []journal.Partial // what collected it, on its line or where its debt went
	for i := range e.Lines {
		if i == ref.Index || e.Lines[i].Balance.Sign() != -e.Lines[ref.Index].Balance.Sign() {
			continue
		}
		if err := w.downstream(&e, i, map[journal.ID]bool{}, &ps); err != nil {
			return false, err
		}
	}
	for _, q := range ps {
		for _, side := range []journal.LineRef{q.Debit, q.Credit} {
			oe, err := w.entry(side.Entry)
			if err != nil {
				return false, err
			}
			if money, err := w.t.MovesMoney(&oe); err != nil {
				return false, err
			} else if money && oe.Type != journal.TypeStatementLine {
				if open, err := w.uncleared(&oe, side); err != nil || open {
					return open, err
				}
			}
		}
	}
	return false, nil
}

// billCollected reports whether the debt a bill of exchange's line ref on
// the bills account carries was collected in full (its money may still
// wait for the bank's statement): not when the bill waits for its
// maturity, came back unpaid with its debt not paid since, or was renewed.
func (w *work) billCollected(e *journal.Entry, ref journal.LineRef) (bool, error) {
	for i := range e.Lines {
		if i == ref.Index || e.Lines[i].Balance.Sign() != -e.Lines[ref.Index].Balance.Sign() {
			continue
		}
		c, err := w.carried(e, i, journal.NoID, map[journal.ID]bool{})
		if err != nil || !c.full() {
			return false, err
		}
	}
	return true, nil
}

// Mark events, in the document's event log.
const (
	eventMark   = "mark_paid"
	eventUnmark = "unmark_paid"
)

type markMeta struct {
	By     string `json:"by"`
	Reason string `json:"reason"`
}

// mark returns the manual mark in effect on a document, if any: the last
// mark event not followed by an unmark.
func (w *work) mark(id journal.ID) (*PaidMark, error) {
	evs, err := w.t.Events(id)
	if err != nil {
		return nil, err
	}
	var cur *PaidMark
	for _, ev := range evs {
		switch ev.Kind {
		case eventMark:
			var m markMeta
			if err := json.Unmarshal(ev.Data, &m); err != nil {
				return nil, fmt.Errorf("reconcile: mark event of %s: %w", id, err)
			}
			cur = &PaidMark{By: m.By, Reason: m.Reason, At: time.Unix(0, ev.At).UTC()}
		case eventUnmark:
			cur = nil
		}
	}
	return cur, nil
}

// MarkPaid is a manual "mark as paid" of a document without a payment.
type MarkPaid struct {
	Operation journal.ID // the caller's id for retries; NoID: a fresh one
	Document  journal.ID // the invoice or credit note marked
	By        string     // who
	Reason    string     // why
}

// MarkPaid records that a document is paid although no payment is
// registered: the state shows Paid with the mark; residuals,
// open items and accounting data are unchanged. A later payment that
// zeroes the residual supersedes the mark while it settles the document
// (the state is then the payment's, and the mark cannot be removed);
// detaching that payment shows the mark again, a person's statement that
// UnmarkPaid withdraws. It returns ErrMarkPaid when the
// residual is already zero or the document is already marked,
// ErrNotDocument (also for a payment or statement line), ErrNotPosted, a
// *journal.TextError for a By or Reason journal.CheckText refuses, or
// ErrIdempotencyConflict.
func (r *Reconciler) MarkPaid(ctx context.Context, m MarkPaid) (Result, error) {
	return r.operation(ctx, m.Operation, "mark-paid", m, func(w *work) error {
		if err := m.checkTexts(); err != nil {
			return err
		}
		st, err := w.state(m.Document)
		if err != nil {
			return err
		}
		// A payment or statement line is the money itself: "paid without
		// a payment" means nothing for it, and marking it would show an
		// unallocated receipt as settled.
		if e, err := w.entry(m.Document); err != nil {
			return err
		} else if e.Type == journal.TypePayment || e.Type == journal.TypeStatementLine {
			return fmt.Errorf("%w: %s is a %s, not an invoice or credit note", ErrNotDocument, e.Name(), e.Type)
		}
		switch {
		case st.ResidualCurrency.IsZero():
			return fmt.Errorf("%w: nothing remains due", ErrMarkPaid)
		case st.Mark != nil:
			return fmt.Errorf("%w: already marked paid by %s", ErrMarkPaid, st.Mark.By)
		}
		data, _ := json.Marshal(markMeta{By: m.By, Reason: m.Reason})
		err = w.wr.AppendEvent(m.Document, eventMark, data)
		return err
	})
}

// UnmarkPaid removes a manual mark; the event log keeps both. It returns
// ErrMarkPaid when the document is not marked, and MarkPaid's other errors.
func (r *Reconciler) UnmarkPaid(ctx context.Context, m MarkPaid) (Result, error) {
	return r.operation(ctx, m.Operation, "unmark-paid", m, func(w *work) error {
		if err := m.checkTexts(); err != nil {
			return err
		}
		st, err := w.state(m.Document)
		if err != nil {
			return err
		}
		if st.Mark == nil {
			return fmt.Errorf("%w: not marked paid", ErrMarkPaid)
		}
		data, _ := json.Marshal(markMeta{By: m.By, Reason: m.Reason})
		err = w.wr.AppendEvent(m.Document, eventUnmark, data)
		return err
	})
}

// checkTexts refuses a By or Reason that could not be read back as given.
func (m MarkPaid) checkTexts() error {
	if err := journal.CheckText("mark-paid by", m.By); err != nil {
		return err
	}
	return journal.CheckText("mark-paid reason", m.Reason)
}
