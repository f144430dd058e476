package reconcile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// ErrScheduled is returned when a scheduled payment cannot be scheduled,
// executed or cancelled: an id already used, one unknown, executing it
// before its date, executing or cancelling one cancelled or executed.
var ErrScheduled = errors.New("reconcile: scheduled payment refused")

// ScheduledPayment is a payment to make on a later date: kept in the book
// but not posted until it is executed.
type ScheduledPayment struct {
	ID      journal.ID // the id Schedule was given
	Payment Payment    // the payment to register on its Date
	// Status is "scheduled", "executed" or "cancelled".
	Status string
	// Entry is the payment posted when it was executed.
	Entry journal.ID
	// asked is Payment as Schedule was given it (a Method of 0 before the
	// partner's was taken), which a retry of Schedule must repeat.
	asked Payment
}

// Scheduled payment statuses.
const (
	StatusScheduled = "scheduled" // kept, waiting for its date; nothing posted
	StatusExecuted  = "executed"  // registered by ExecuteScheduled or a payment run
	StatusCancelled = "cancelled" // cancelled by CancelScheduled before it ran
)

var scheduledSubject = uuid.MustParse("6f1d7b52-3c1a-5e9b-a7d2-8e4f0c6b1a90")

type scheduledRec struct {
	ID      journal.ID `json:"id"`
	Payment *Payment   `json:"p,omitempty"` // as given to Schedule
	Entry   journal.ID `json:"e,omitempty"`
	// Method is the method taken when Schedule was given none (the
	// partner's usual one, else a transfer): fixed then, not when the
	// payment is made.
	Method Method `json:"m,omitempty"`
}

// Schedule keeps a payment to make on its date (Payment.Date), writing no
// entry: its journal and partner must exist, its direction and method be
// known (a Method of 0 takes the partner's usual one, else a transfer,
// now: ScheduledPayments shows it) and its amount, if given, positive;
// an early discount asked needs invoices and an amount, and is not refused
// too (ErrDiscount); a cheque's number must not be registered already nor
// scheduled by another payment still to execute (ErrDuplicateCheque); the
// rest is checked when it is executed. id names it:
// scheduling the same payment again under it changes nothing, another
// payment under it is ErrScheduled.
// Payment.Operation is ignored: the execution's id derives from id.
func (r *Reconciler) Schedule(ctx context.Context, id journal.ID, p Payment) error {
	if id == journal.NoID {
		return fmt.Errorf("%w: a scheduled payment needs an id", ErrScheduled)
	}
	p.Operation = journal.NoID
	if p.Direction != Inbound && p.Direction != Outbound || p.Method >= methodEnd {
		return fmt.Errorf("%w: %v, %v", ErrDirection, p.Direction, p.Method)
	}
	if p.Date.IsZero() {
		return fmt.Errorf("%w: a scheduled payment needs its date", ErrScheduled)
	}
	if p.Amount.IsSet() && p.Amount.Sign() <= 0 {
		return fmt.Errorf("%w: amount %s", ErrAmount, p.Amount)
	}
	switch {
	case p.EarlyDiscount && p.NoDiscount:
		return fmt.Errorf("%w: a discount asked and refused", ErrDiscount)
	case p.EarlyDiscount && (len(p.Invoices) == 0 || !p.Amount.IsSet()):
		// Refused now, as RegisterPayment would refuse it: at execution
		// it would fail the payment run that executes it.
		return fmt.Errorf("%w: a discount needs one invoice and the amount paid", ErrDiscount)
	}
	if err := checkTexts("payment", p.Ref, p.Label); err != nil {
		return err
	}
	data, err := json.Marshal(scheduledRec{ID: id, Payment: &p})
	if err != nil {
		return err
	}
	return r.book.Update(ctx, func(t *ledger.Tx) error {
		if _, err := t.Journal(p.Journal); err != nil {
			return err
		}
		pt, err := t.Partner(p.Partner)
		if err != nil {
			return err
		}
		var method Method
		if p.Method == 0 {
			method = defaultMethod(pt)
		}
		all, err := scheduledPayments(t)
		if err != nil {
			return err
		}
		for _, s := range all {
			if s.ID != id {
				continue
			}
			// A retry of the same scheduling changes nothing.
			if same, err := json.Marshal(scheduledRec{ID: id, Payment: &s.asked}); err == nil && string(same) == string(data) {
				return nil
			}
			return fmt.Errorf("%w: id %s is already another scheduled payment's", ErrScheduled, id)
		}
		// A cheque number is checked now, not at execution: a cheque
		// registered already, or scheduled by another payment still to
		// execute, would fail the run that executes this one.
		if err := (&work{r: r, t: t, executing: id}).chequeFree(&p); err != nil {
			return err
		}
		if p.Cheque != nil && chequeNumberKey(p.Cheque.Number) != "" {
			if err := appendCheque(t, &p, chequeRec{Scheduled: id, Bank: p.Cheque.Bank}); err != nil {
				return err
			}
		}
		stored := data
		if method != 0 {
			if stored, err = json.Marshal(scheduledRec{ID: id, Payment: &p, Method: method}); err != nil {
				return err
			}
		}
		return booktx.Of(t).AppendEvent(scheduledSubject, StatusScheduled, stored)
	})
}

// ScheduledPayments returns the scheduled payments still to execute dated
// on or before until (all of them for the zero date), by date.
func (r *Reconciler) ScheduledPayments(ctx context.Context, until journal.Date) ([]ScheduledPayment, error) {
	var out []ScheduledPayment
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		all, err := scheduledPayments(t)
		for _, s := range all {
			if s.Status == StatusScheduled && (until.IsZero() || !s.Payment.Date.After(until)) {
				out = append(out, s)
			}
		}
		return err
	})
	slices.SortStableFunc(out, func(a, b ScheduledPayment) int { return a.Payment.Date.Compare(b.Payment.Date) })
	return out, err
}

// scheduledPayments reads the log of scheduled payments into their
// current state, in the order they were scheduled.
func scheduledPayments(t *ledger.Tx) ([]ScheduledPayment, error) {
	events, err := t.Events(scheduledSubject)
	if err != nil {
		return nil, err
	}
	var out []ScheduledPayment
	index := map[journal.ID]int{}
	for _, ev := range events {
		var rec scheduledRec
		if err := json.Unmarshal(ev.Data, &rec); err != nil {
			return nil, fmt.Errorf("%w: scheduled payment event %d: %v", ledger.ErrFormat, ev.Seq, err)
		}
		switch ev.Kind {
		case StatusScheduled:
			if rec.Payment == nil {
				return nil, fmt.Errorf("%w: scheduled payment %s without its payment", ledger.ErrFormat, rec.ID)
			}
			index[rec.ID] = len(out)
			p := *rec.Payment
			if p.Method == 0 {
				p.Method = rec.Method
			}
			out = append(out, ScheduledPayment{ID: rec.ID, Payment: p, Status: StatusScheduled, asked: *rec.Payment})
		case StatusExecuted, StatusCancelled:
			i, ok := index[rec.ID]
			if !ok {
				return nil, fmt.Errorf("%w: %s of an unknown scheduled payment %s", ledger.ErrFormat, ev.Kind, rec.ID)
			}
			out[i].Status, out[i].Entry = ev.Kind, rec.Entry
		}
	}
	for i := range out {
		if p := &out[i].Payment; p.Method == 0 && out[i].Status == StatusScheduled {
			// Scheduled before the method was fixed when scheduling: the
			// partner's now, as executing it would take. (An executed
			// one's method is its payment's.)
			pt, err := t.Partner(p.Partner)
			if err != nil && !errors.Is(err, ledger.ErrNotFound) && !errors.Is(err, ledger.ErrUnknownPartner) {
				return nil, err
			}
			p.Method = defaultMethod(pt)
		}
	}
	return out, nil
}

func findScheduled(t *ledger.Tx, id journal.ID) (ScheduledPayment, error) {
	all, err := scheduledPayments(t)
	if err != nil {
		return ScheduledPayment{}, err
	}
	for _, s := range all {
		if s.ID == id {
			return s, nil
		}
	}
	return ScheduledPayment{}, fmt.Errorf("%w: no scheduled payment %s", ErrScheduled, id)
}

// ExecuteScheduled registers a scheduled payment on its date or later
// (on): the payment is posted (and lettered with the documents it names)
// as RegisterPayment does, dated at its scheduled date. Executing it again
// returns the first result (Replay). It returns ErrScheduled for an
// unknown, cancelled or not yet due payment, and RegisterPayment's errors.
func (r *Reconciler) ExecuteScheduled(ctx context.Context, id journal.ID, on journal.Date) (Result, error) {
	return r.operation(ctx, derivedID(id, "execute"), "execute-scheduled", id, func(w *work) error {
		s, err := findScheduled(w.t, id)
		if err != nil {
			return err
		}
		switch {
		case s.Status == StatusCancelled:
			return fmt.Errorf("%w: %s was cancelled", ErrScheduled, id)
		case s.Status == StatusExecuted:
			return fmt.Errorf("%w: %s was executed", ErrScheduled, id)
		case on.Before(s.Payment.Date):
			return fmt.Errorf("%w: %s is due on %s, not before", ErrScheduled, id, s.Payment.Date)
		}
		return w.executeScheduled(id, s.Payment)
	})
}

// executeScheduled registers a scheduled payment (as given: a run sets
// its own date and reference) and records it executed.
func (w *work) executeScheduled(id journal.ID, p Payment) error {
	before := len(w.res.Entries)
	w.executing = id // its own cheque is no other payment's
	err := w.registerPayment(p)
	w.executing = journal.NoID
	if err != nil {
		return err
	}
	if len(w.res.Entries) == before {
		return fmt.Errorf("%w: %s posted nothing", ErrScheduled, id)
	}
	data, err := json.Marshal(scheduledRec{ID: id, Entry: w.res.Entries[before].ID})
	if err != nil {
		return err
	}
	return booktx.Of(w.t).AppendEvent(scheduledSubject, StatusExecuted, data)
}

// CancelScheduled cancels a scheduled payment not yet executed. It returns
// ErrScheduled for an unknown, executed or already cancelled one.
func (r *Reconciler) CancelScheduled(ctx context.Context, id journal.ID) error {
	data, err := json.Marshal(scheduledRec{ID: id})
	if err != nil {
		return err
	}
	return r.book.Update(ctx, func(t *ledger.Tx) error {
		s, err := findScheduled(t, id)
		if err != nil {
			return err
		}
		if s.Status != StatusScheduled {
			return fmt.Errorf("%w: %s is %s", ErrScheduled, id, s.Status)
		}
		return booktx.Of(t).AppendEvent(scheduledSubject, StatusCancelled, data)
	})
}
