package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A statement line of 950.00 EUR clearing a 1 200.00 USD receipt booked at
// 960.00: Clear with Difference 666000 posts the 10.00 the bank's
// conversion lost as a financial exchange loss, the receipt's 512100 line
// matches and the invoice is paid. A lettered account, or one not in the
// chart, is refused and nothing is written.
func TestClearDifferenceAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay, sl := suspDollarReceipt(t, f)
		before := f.snapshot(t)
		_, err := f.rec.Clear(ctx, reconcile.Clearing{Statement: sl.ID, Payments: []journal.ID{pay.ID}, Difference: "411000"})
		assert.ErrorIs(t, err, reconcile.ErrAccount)
		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: sl.ID, Payments: []journal.ID{pay.ID}, Difference: "666999"})
		assert.ErrorIs(t, err, reconcile.ErrAccount)
		f.unchanged(t, before)
		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: sl.ID, Payments: []journal.ID{pay.ID}, Difference: "666000"})
		require.NoError(t, err)
		assert.NotEmpty(t, f.code(t, pay.LineRef(1)), "the 512100 group matches")
		rvsState(t, f, inv, reconcile.Paid, "0.00")
		assert.Equal(t, "10.00", f.balance(t, "666000"))
		assert.Equal(t, "0.00", f.balance(t, "627000"))
		f.check(t)
	})
}
