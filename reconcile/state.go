package reconcile

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// PaymentState is where a document stands with its payments, derived when
// read (DESIGN §5).
type PaymentState uint8

const (
	// NotPaid: no live partial with another document.
	NotPaid PaymentState = iota
	// Partial: something is allocated and something remains due.
	Partial
	// InPayment: nothing remains due, and a payment's liquidity line still
	// sits on an outstanding account, not yet cleared by a statement line.
	InPayment
	// Paid: nothing remains due.
	Paid
	// Reversed: nothing remains due and every counterpart is a credit note
	// or a reversal.
	Reversed
)

var stateNames = [...]string{"not_paid", "partial", "in_payment", "paid", "reversed"}

func (s PaymentState) String() string {
	if int(s) >= len(stateNames) {
		return fmt.Sprintf("PaymentState(%d)", uint8(s))
	}
	return stateNames[s]
}

// DocumentState is a document's payment state with its figures.
type DocumentState struct {
	State PaymentState
	// Total and Residual are the document's receivable or payable lines, in
	// absolute value (company currency): the amount and the reste dû.
	Total    currency.Amount
	Residual currency.Amount
	// TotalCurrency and ResidualCurrency are the same in the document's
	// own currency (equal to the above for a company-currency document).
	TotalCurrency    currency.Amount
	ResidualCurrency currency.Amount
	// Mark is the manual "mark as paid" in effect, if any: the state shows
	// Paid while the residual is unchanged.
	Mark *PaidMark
}

// PaidMark is a manual "mark as paid" without a payment (seed 004).
type PaidMark struct {
	By     string
	Reason string
	At     time.Time
}

// State returns the payment state of an invoice, credit note or payment:
// an entry with lines on receivable or payable accounts. It returns
// ErrNotPosted or ErrNotDocument.
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
	e, err := w.entry(id)
	if err != nil {
		return DocumentState{}, fmt.Errorf("%w: %s", ErrNotPosted, id)
	}
	company := w.t.Book().Currency()
	st := DocumentState{Total: currency.Zero(company), Residual: currency.Zero(company)}
	allocated, onlyCredit, counterparts, inPayment := false, true, 0, false
	docLines := 0
	for i := range e.Lines {
		a, err := w.t.Account(e.Lines[i].Account)
		if err != nil {
			return DocumentState{}, err
		}
		if a.Kind != ledger.KindReceivable && a.Kind != ledger.KindPayable {
			continue
		}
		docLines++
		ref := e.LineRef(i)
		res, err := w.t.Residual(ref)
		if err != nil {
			return DocumentState{}, err
		}
		st.Total = mustAdd(st.Total, e.Lines[i].Balance.Abs())
		st.Residual = mustAdd(st.Residual, res.Balance.Abs())
		if !st.TotalCurrency.IsSet() {
			st.TotalCurrency = currency.Zero(e.Lines[i].AmountCurrency.Currency())
			st.ResidualCurrency = st.TotalCurrency
		}
		if st.TotalCurrency, err = st.TotalCurrency.Add(e.Lines[i].AmountCurrency.Abs()); err != nil {
			return DocumentState{}, fmt.Errorf("%w: %s mixes currencies on its partner lines", ErrNotDocument, e.Name())
		}
		if st.ResidualCurrency, err = st.ResidualCurrency.Add(res.AmountCurrency.Abs()); err != nil {
			return DocumentState{}, err
		}
		ps, err := w.t.LivePartials(ref)
		if err != nil {
			return DocumentState{}, err
		}
		for _, p := range ps {
			other := p.Debit
			if other == ref {
				other = p.Credit
			}
			oe, err := w.entry(other.Entry)
			if err != nil {
				return DocumentState{}, err
			}
			if oe.Origin != journal.NoID {
				continue // generated entries (write-off, exchange…) are no counterparts
			}
			allocated = true
			counterparts++
			if oe.Type != journal.TypeCreditNote && oe.ReversalOf == journal.NoID && e.ReversalOf != oe.ID {
				onlyCredit = false
			}
			if oe.Type == journal.TypePayment {
				if open, err := w.uncleared(&oe); err != nil {
					return DocumentState{}, err
				} else if open {
					inPayment = true
				}
			}
		}
	}
	if docLines == 0 {
		return DocumentState{}, fmt.Errorf("%w: %s", ErrNotDocument, e.Name())
	}
	switch {
	case !st.Residual.IsZero() && allocated:
		st.State = Partial
	case !st.Residual.IsZero():
		st.State = NotPaid
	case counterparts > 0 && onlyCredit:
		st.State = Reversed
	case inPayment:
		st.State = InPayment
	default:
		st.State = Paid
	}
	if !st.Residual.IsZero() {
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

// uncleared reports whether a payment has a liquidity line on an
// outstanding account that a statement line has not cleared yet. It is
// read from the payment's own lines, not from today's journal settings.
func (w *work) uncleared(pay *journal.Entry) (bool, error) {
	for i := range pay.Lines {
		a, err := w.t.Account(pay.Lines[i].Account)
		if err != nil {
			return false, err
		}
		if a.Kind != ledger.KindOutstandingReceipts && a.Kind != ledger.KindOutstandingPayments {
			continue
		}
		res, err := w.t.Residual(pay.LineRef(i))
		if err != nil {
			return false, err
		}
		if !res.Balance.IsZero() {
			return true, nil
		}
	}
	return false, nil
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
	Operation journal.ID
	Document  journal.ID
	By        string // who
	Reason    string // why
}

// MarkPaid records that a document is paid although no payment is
// registered (seed 004): the state shows Paid with the mark; residuals,
// open items and accounting data are unchanged. A later payment that
// zeroes the residual supersedes the mark. It returns ErrMarkPaid when the
// residual is already zero or the document is already marked,
// ErrNotDocument, ErrNotPosted, a *journal.TextError for a By or Reason
// journal.CheckText refuses, or ErrIdempotencyConflict.
func (r *Reconciler) MarkPaid(ctx context.Context, m MarkPaid) (Result, error) {
	return r.operation(ctx, m.Operation, "mark-paid", m, func(w *work) error {
		if err := m.checkTexts(); err != nil {
			return err
		}
		st, err := w.state(m.Document)
		if err != nil {
			return err
		}
		switch {
		case st.Residual.IsZero():
			return fmt.Errorf("%w: nothing remains due", ErrMarkPaid)
		case st.Mark != nil:
			return fmt.Errorf("%w: already marked paid by %s", ErrMarkPaid, st.Mark.By)
		}
		data, _ := json.Marshal(markMeta{By: m.By, Reason: m.Reason})
		_, err = w.t.AppendEvent(m.Document, eventMark, data)
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
		_, err = w.t.AppendEvent(m.Document, eventUnmark, data)
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
