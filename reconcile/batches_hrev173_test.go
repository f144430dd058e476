package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runBatch returns the batch of a run as Batches lists it, false when it
// is not listed.
func runBatch(t *testing.T, f *fixture, id string) (reconcile.Batch, bool) {
	t.Helper()
	all, err := f.rec.Batches(ctx, "BQO")
	require.NoError(t, err)
	for _, b := range all {
		if b.ID == id {
			return b, true
		}
	}
	return reconcile.Batch{}, false
}

// A payment of a run cancelled after the run leaves its batch as the
// file written again sends it: without that payment, of the others'
// total. Cancelling them all leaves the run listed with nothing to send,
// and writing its file is refused.
func TestHrev173BatchesLeaveCancelledRunPaymentsOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "F1", "Fournitures SA", "", ledger.Address{})
		rrSupplier(t, f, "F2", "Durand SARL", "DE89370400440532013000", ledger.Address{})
		rrBill(t, f, "F1", d(3, 1), d(3, 10), "1000.00", "FA-101")
		rrBill(t, f, "F2", d(3, 1), d(3, 10), "250.00", "D-56")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 2)
		b, ok := runBatch(t, f, run.ID)
		require.True(t, ok)
		require.Len(t, b.Payments, 2)
		require.Equal(t, "-1250.00", b.Total.Plain())

		var kept reconcile.RunPayment
		for _, p := range run.Payments {
			if p.Partner == "F2" {
				_, err := f.rec.CancelPayment(ctx, journal.NewID(), p.Payment.ID)
				require.NoError(t, err)
			} else {
				kept = p
			}
		}
		b, ok = runBatch(t, f, run.ID)
		require.True(t, ok)
		assert.Equal(t, []journal.ID{kept.Payment.ID}, b.Payments)
		assert.Equal(t, "-1000.00", b.Total.Plain())
		ct, err := bank.CreditTransfers(ctx, f.book, run, "Atelier")
		require.NoError(t, err)
		require.Len(t, ct.Payments, len(b.Payments), "the batch holds what the file sends")
		assert.Equal(t, b.Total.Neg().Plain(), ct.Payments[0].Amount.Plain())

		_, err = f.rec.CancelPayment(ctx, journal.NewID(), kept.Payment.ID)
		require.NoError(t, err)
		b, ok = runBatch(t, f, run.ID)
		require.True(t, ok, "a run all cancelled stays listed")
		assert.Empty(t, b.Payments)
		assert.True(t, b.Total.IsZero(), "total %s", b.Total)
		_, err = bank.CreditTransfers(ctx, f.book, run, "Atelier")
		require.ErrorIs(t, err, bank.ErrTransfer)
		f.check(t)
	})
}
