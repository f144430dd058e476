package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// TestWriteOffDatedWithThePaymentThatLeftIt: an invoice of February paid
// all but 0,03 in March, then written off alone, is written off in March
// — with the payment already lettered with it, not at the invoice's own
// date — so that February's books and an aged balance at its end show
// the whole invoice owed.
func TestWriteOffDatedWithThePaymentThatLeftIt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(2, 20), "600.00")
		f.receive(t, "BQ", "C1", d(3, 20), "599.97", inv)
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0)}, WriteOff: true})
		require.NoError(t, err)
		var wo journal.Entry
		for _, x := range res.Entries {
			if x.Type == journal.TypeWriteOff {
				wo = x
			}
		}
		require.NotEqual(t, journal.NoID, wo.ID, "a write-off posted")
		assert.Equal(t, d(3, 20), wo.Date)
		assert.True(t, f.residual(t, inv.LineRef(0)).IsZero())
		aged, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(2, 28), Accounts: []string{"411000"}})
		require.NoError(t, err)
		require.Len(t, aged.Rows, 1)
		assert.Equal(t, "600.00", aged.Rows[0].Total.Plain(), "nothing paid nor written off by 28/02")
		f.check(t)
	})
}
