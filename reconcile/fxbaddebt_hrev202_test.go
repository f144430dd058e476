package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A dollar invoice revalued at the closing, then written off as lost the
// same day (the liquidation closed on 31 December): refused while the
// revaluation stands, written off once it is taken back (Revalue with
// Undo); at the end of the day the customer owes nothing, and nothing
// stays on 476000/477000 for a debt that is gone.
func TestHrev202BadDebtRevaluedSameDay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
		inv := f.foreignSale(t, "C1", d(3, 1), usd, "1100.00")
		_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.25")}})
		require.NoError(t, err)
		assert.Equal(t, "880.00", hrev202Bal(t, f, "411000", "C1", d(12, 31)))
		_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(12, 31)})
		require.ErrorIs(t, err, reconcile.ErrRevalued, "refused while the revaluation of the closing stands")
		// Take the revaluation back first.
		res, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Undo: true})
		require.NoError(t, err)
		assert.Equal(t, "2026-12-31 411000/C1 120.00, 476000 -120.00; 2027-01-01 411000/C1 -120.00, 476000 120.00", hrev202Lines(res),
			"the revaluation is taken back")
		res, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(12, 31)})
		require.NoError(t, err)
		assert.Equal(t, "2026-12-31 411000/C1 -1000.00, 654000 1000.00", hrev202Lines(res), "at book value, no exchange difference")
		f.check(t)
		// Run the closing again, as an accountant does once the year's last
		// entries are in.
		res, err = f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.25")}})
		require.NoError(t, err)
		assert.Empty(t, res.Entries, "nothing left to revalue: the debt is gone")
		f.check(t)
		assert.Equal(t, "0.00", hrev202Bal(t, f, "411000", "C1", d(12, 31)), "the customer owes nothing at the closing")
		assert.Equal(t, "0.00", hrev202Bal(t, f, "476000", "", d(12, 31)))
		assert.Equal(t, "0.00", hrev202Bal(t, f, "477000", "", d(12, 31)))
		assert.Equal(t, "0.00", hrev202Bal(t, f, "411000", "C1", journal.MustDate(2027, 1, 1)))
	})
}
