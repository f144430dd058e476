package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// A payment naming an invoice cancelled by a ledger reversal, its
// reversal still open, is refused and writes nothing: the invoice goes
// with its reversal (as automatic lettering pairs them, and as Odoo
// refuses a payment on a cancelled invoice). Once the reversal is
// lettered with the invoice, the invoice is settled.
func TestPaymentOnCancelledInvoiceRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		rev, err := f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		before, err := f.book.LastSeq(ctx)
		require.NoError(t, err)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e("100.00"), Invoices: []journal.ID{inv.ID}})
		require.ErrorIs(t, err, reconcile.ErrNotDocument)
		after, err := f.book.LastSeq(ctx)
		require.NoError(t, err)
		assert.Equal(t, before, after, "nothing written")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rev.Entry.LineRef(0)}})
		require.NoError(t, err)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e("100.00"), Invoices: []journal.ID{inv.ID}})
		assert.Error(t, err, "a cancelled invoice lettered with its reversal takes no payment")
		f.check(t)
	})
}
