package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHrev7RefundOfOverpaymentBeyondCreditRefused: invoice 100, receipt 150
// naming it (50 outstanding credit), then a refund of 60 naming the receipt.
//
// Expected: ErrOverAllocation and a byte-identical store, as for a credit
// note (a refund of 50.01 on a credit note owing 50.00 is refused, see
// TestHrev7ProbeCreditNoteLargerThanInvoice). DESIGN §5: "Credit notes,
// advances and overpayments are outstanding items in exactly the same
// way", and Payment.Invoices names "credit notes — or a receipt the
// customer overpaid — for a refund".
// Observed: the refund is posted; 50 is lettered with the receipt and the
// other 10 stays open as a debit on 411000: the statement shows the
// customer owing 10.00 they never owed (refundWithin only looks when a
// credit note is among the documents).
// Why it matters: a mistyped refund silently invents a receivable and
// pays out money nobody is owed, where the same mistake on a credit note
// is caught.
func TestHrev7RefundOfOverpaymentBeyondCreditRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C2", d(4, 1), "100.00")
		r := f.receive(t, "BQD", "C2", d(4, 5), "150.00", a)
		require.Equal(t, "due 0.00 unalloc 50.00 open[ ] credits[ -50.00 ]", f.hrev7Stmt(t, "411000", "C2"))
		snap := f.snapshot(t)
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C2", Journal: "BQD",
			Date: d(4, 6), Amount: e("60.00"), Invoices: []journal.ID{r.ID}})
		assert.ErrorIs(t, err, reconcile.ErrOverAllocation)
		f.unchanged(t, snap)
		assert.Equal(t, "due 0.00 unalloc 50.00 open[ ] credits[ -50.00 ]", f.hrev7Stmt(t, "411000", "C2"))
		f.check(t)
	})
}

// TestHrev7RefundPaymentIsNotReversed: invoice 100, credit note 150
// lettered with it, then the 50 left refunded to the customer (money paid
// out through BQD, naming the credit note).
//
// Expected: the refund payment's state is paid, as a receipt whose money
// went to invoices is (the overpaid receipt refunded in
// TestHrev7ProbeOverpaymentCarriedAndRefunded shows paid, and so does the
// refund there). DESIGN §5's "reversed" is for a document settled only by
// credit notes or reversals, "apart from generated entries (no payment, no
// statement line)": a payment is the money, never a reversal. Odoo's rule
// (misc_reverse) marks an entry reversed only when all its counterparts
// are themselves entries, not when its counterpart is an out_refund.
// Observed: State(refund) = reversed 0.00/50.00.
// Why it matters: "reversed" reads as "cancelled"; a refund that really
// left the bank shows as undone in any list of payments by state, and the
// same kind of entry (a payment lettered to a document) gets paid or
// reversed depending on whether that document is an invoice or a credit
// note.
func TestHrev7RefundPaymentIsNotReversed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i := f.invoice(t, "C2", d(4, 1), "100.00")
		cn := f.creditNote(t, "C2", d(4, 2), "150.00")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{i.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C2", Journal: "BQD",
			Date: d(4, 5), Amount: e("50.00"), Invoices: []journal.ID{cn.ID}})
		require.NoError(t, err)
		f.check(t)
		require.Equal(t, "paid 0.00/150.00", f.hrev7Doc(t, cn))
		assert.Equal(t, "paid 0.00/50.00", f.hrev7Doc(t, res.Entries[0]))
	})
}
