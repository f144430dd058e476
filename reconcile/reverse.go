package reconcile

import (
	"context"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Reversal asks Reverse to cancel a posted entry.
type Reversal struct {
	// Operation makes the call idempotent: the same id and request replay
	// the first outcome. NoID makes one.
	Operation journal.ID
	// Entry is the entry to cancel: an invoice, a credit note, a bill, a
	// misc entry, a payment lettered with nothing.
	Entry journal.ID
	// Date is the reversal's accounting date; zero means the entry's own.
	// A locked date moves to the first open date, as for any reversal.
	Date journal.Date
	// Label replaces the book's label ("Extourne de VT/2026/00042").
	Label string
}

// Reverse cancels a posted entry: it posts its reversal (extourne) and
// letters each of its reconcilable lines with the reversal's mirror line,
// so that neither stays open on a customer's or supplier's account — a
// cancelled invoice reads reversed, and leaves the partner's open items,
// statement and aged balance. A ledger reversal alone (Book.Reverse) would
// leave the entry and its reversal open side by side until someone letters
// them.
//
// An entry with lettered lines is refused (ledger.ErrLettered): take its
// payments off first (Detach), or cancel a payment with CancelPayment,
// which does that itself. An entry the lettering generated (exchange
// difference, cash-basis VAT, write-off, discount, revaluation: one with
// an Origin) is refused with ErrNotDocument: unlettering its match
// reverses it, and running a year-end revaluation (Revalue, RevalueCash)
// or impairment (Impair) again at the right rate or estimate corrects what
// it posted. An entry of those types posted by hand is reversed. It also returns
// ErrNotPosted, ledger.ErrAlreadyReversed, ledger.ErrReverseReversal,
// ledger.ErrYearClosed for a Date in a closed year,
// ledger.ErrReversalDate for a Date before the original's, a
// *journal.TextError for a Label journal.CheckText refuses, or
// ErrIdempotencyConflict. Nothing is written on error.
func (r *Reconciler) Reverse(ctx context.Context, rv Reversal) (Result, error) {
	if err := journal.CheckText("reversal label", rv.Label); err != nil {
		return Result{}, err
	}
	return r.operation(ctx, rv.Operation, "reverse", rv, func(w *work) error {
		e, err := w.entry(rv.Entry)
		if errors.Is(err, ledger.ErrNotFound) {
			return fmt.Errorf("%w: entry %s", ErrNotPosted, rv.Entry)
		} else if err != nil {
			return err
		}
		// What the lettering posted names its origin; an entry of the same
		// type posted by hand (a revaluation an accountant booked himself)
		// has none and is reversed like any other.
		if e.Origin != journal.NoID {
			// A closing's revaluation or impairment names the operation that posted it,
			// and no match: it is corrected by running it again.
			if _, _, byClosing, err := w.t.Operation(e.Origin); err != nil {
				return err
			} else if byClosing {
				if e.Type == journal.TypeMisc {
					return fmt.Errorf("%w: %s is an impairment a closing posted; run the impairment again at the right estimate to correct it (Impair)",
						ErrNotDocument, e.Name())
				}
				return fmt.Errorf("%w: %s is a %s entry a year-end revaluation posted; run the revaluation again at the right closing rate to correct it",
					ErrNotDocument, e.Name(), e.Type)
			}
			return fmt.Errorf("%w: %s is a %s entry the lettering posted; unletter its match to reverse it", ErrNotDocument, e.Name(), e.Type)
		}
		return w.reverseAndLetterAs(rv.Entry, ledger.ReverseOptions{Date: rv.Date, Label: rv.Label})
	})
}
