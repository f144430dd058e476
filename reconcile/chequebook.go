package reconcile

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// A cheque is paid once. The same number registered twice — a receipt
// typed in again, our own cheque book's number used twice — is a mistake
// the idempotency of operations cannot catch: the two calls carry
// different operation ids. Each cheque registered is recorded under its
// number: a customer's cheques per customer (two customers' banks may
// number alike), our own per bank journal (one cheque book each).

var chequesSpace = uuid.MustParse("6d3c1a52-9e47-5f0b-b2a8-3e5f7c9d1b40")

// chequeRec is a cheque's record under its number: the payment that
// carries it, or the scheduled payment that will.
type chequeRec struct {
	Payment   journal.ID `json:"p"`
	Bank      string     `json:"b,omitempty"`
	Scheduled journal.ID `json:"s,omitempty"`
}

const eventCheque = "cheque"

// chequeSubject is where the cheques of one number are recorded: a
// customer's received, or those we drew on a journal's account.
func chequeSubject(p *Payment) journal.ID {
	key := "in\x00" + p.Partner
	if p.Direction == Outbound {
		key = "out\x00" + p.Journal
	}
	return uuid.NewSHA1(chequesSpace, []byte(key+"\x00"+chequeNumberKey(p.Cheque.Number)))
}

// chequeNumberKey is a cheque number as compared: without spaces and
// leading zeros (0001234 and 1234 are one cheque), in capitals.
func chequeNumberKey(n string) string {
	n = strings.ToUpper(strings.Join(strings.Fields(n), ""))
	if t := strings.TrimLeft(n, "0"); t != "" {
		return t
	}
	return n
}

// sameBank reports whether two banks named for a cheque may be one: equal
// but for case and spaces, or one not given.
func sameBank(a, b string) bool {
	a, b = strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " ")
	return a == "" || b == "" || strings.EqualFold(a, b)
}

// recordCheque refuses a cheque registered already (ErrDuplicateCheque),
// unless the payment that carried it was cancelled or returned unpaid
// (chequeGone), and records this one, paid by payment. A cheque without a number is not recorded.
func (w *work) recordCheque(p *Payment, payment journal.ID) error {
	if p.Cheque == nil || chequeNumberKey(p.Cheque.Number) == "" {
		return nil
	}
	if err := w.chequeFree(p); err != nil {
		return err
	}
	return appendCheque(w.t, p, chequeRec{Payment: payment, Bank: p.Cheque.Bank})
}

// appendCheque records rec under p's cheque number.
func appendCheque(t *ledger.Tx, p *Payment, rec chequeRec) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return booktx.Of(t).AppendEvent(chequeSubject(p), eventCheque, data)
}

// chequeFree refuses p's cheque when a payment standing carries it
// already, or a scheduled payment still to execute other than the one
// executing (ErrDuplicateCheque); it writes nothing.
func (w *work) chequeFree(p *Payment) error {
	if p.Cheque == nil || chequeNumberKey(p.Cheque.Number) == "" {
		return nil
	}
	events, err := w.t.Events(chequeSubject(p))
	if err != nil {
		return err
	}
	for _, ev := range events {
		var c chequeRec
		if err := json.Unmarshal(ev.Data, &c); err != nil {
			return fmt.Errorf("%w: cheque record %d: %v", ledger.ErrFormat, ev.Seq, err)
		}
		if !sameBank(c.Bank, p.Cheque.Bank) {
			continue
		}
		if c.Scheduled != journal.NoID {
			// A payment scheduled with it: its own when it is the one
			// executing, and free again once cancelled or executed.
			if c.Scheduled == w.executing {
				continue
			}
			s, err := findScheduled(w.t, c.Scheduled)
			if err != nil {
				return err
			}
			if s.Status != StatusScheduled {
				continue
			}
			return fmt.Errorf("%w: cheque n° %s is scheduled already, by payment %s", ErrDuplicateCheque, p.Cheque.Number, s.ID)
		}
		if gone, err := w.chequeGone(c.Payment); err != nil {
			return err
		} else if gone {
			continue
		}
		name := c.Payment.String()
		if e, err := w.entry(c.Payment); err == nil {
			name = e.Name()
		}
		whose := "of " + p.Partner
		if p.Direction == Outbound {
			whose = "drawn on " + p.Journal
		}
		return fmt.Errorf("%w: cheque n° %s %s is payment %s: check the number (a cheque the bank returned unpaid may be presented again once its return is imported)",
			ErrDuplicateCheque, p.Cheque.Number, whose, name)
	}
	return nil
}

// chequeGone reports whether the payment a cheque was registered with
// no longer stands: cancelled (reversed), or returned unpaid by the bank —
// its partner line lettered with statement lines only, the bank's return
// taking back the money it brought. Such a cheque may be presented again.
func (w *work) chequeGone(payment journal.ID) (bool, error) {
	if _, cancelled, err := w.t.ReversedBy(payment); err != nil || cancelled {
		return cancelled, err
	}
	e, err := w.entry(payment)
	if err != nil {
		return false, err
	}
	// A registered payment's first line is the partner's.
	ps, err := w.t.LivePartials(e.LineRef(0))
	if err != nil || len(ps) == 0 {
		return false, err
	}
	for _, p := range ps {
		other, err := w.entry(p.Other(e.LineRef(0)).Entry)
		if err != nil {
			return false, err
		}
		if other.Type != journal.TypeStatementLine {
			return false, nil
		}
	}
	return true, nil
}
