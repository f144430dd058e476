package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A deposit invoice's base sits on 419100, a lettered account: the neutral
// base pair of its cash-basis entry is lettered with itself, so nothing
// generated stays open there. Detaching the receipt, then unlettering what
// is left, reverses the cash-basis entry with its pair and restores the
// book as it was before the receipt; Check passes at each step.
func TestCashBasisBasePairOnALetteredAccountUndone(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(2, 1), "300.00", "419100")
		open := func() []string {
			items, err := f.book.OpenItems(ctx, "419100", "")
			require.NoError(t, err)
			var out []string
			for _, it := range items {
				out = append(out, it.Number+" "+it.Residual.Balance.Plain())
			}
			return out
		}
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(2, 10), Invoices: []journal.ID{dep.ID}})
		require.NoError(t, err)
		assert.Equal(t, []string{dep.Name() + " -300.00"}, open())
		f.check(t)

		_, err = f.rec.Detach(ctx, journal.NoID, res.Entries[0].LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, []string{dep.Name() + " -300.00"}, open(), "the pair and its reversal are lettered")
		assert.Equal(t, [2]string{"-60.00", "0.00"}, hrev68VAT(t, f), "the VAT back on 445740")
		assert.Equal(t, reconcile.NotPaid, f.state(t, dep).State)
		f.check(t)

		// Paid again, then the whole code unlettered.
		res, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(2, 12), Amount: e("360.00"), Invoices: []journal.ID{dep.ID}})
		require.NoError(t, err)
		_, err = f.rec.Unletter(ctx, journal.NoID, dep.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, []string{dep.Name() + " -300.00"}, open())
		assert.Equal(t, [2]string{"-60.00", "0.00"}, hrev68VAT(t, f))
		f.check(t)
	})
}
