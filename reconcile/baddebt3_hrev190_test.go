package reconcile_test

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A date in a closed year is refused with ErrYearClosed and writes
// nothing; the same invoice written off in the open year goes through.
func TestHrev190BadDebtClosedYear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(11, 1), "1000.00", hrev182VAT20)
		*f.now = time.Date(2027, time.February, 15, 9, 0, 0, 0, time.UTC)
		_, _, err := f.book.CloseFiscalYear(ctx, "2026", "alice")
		require.NoError(t, err)
		n, snap := f.hrev182Count(t), f.snapshot(t)
		_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(12, 20)})
		assert.ErrorIs(t, err, ledger.ErrYearClosed)
		assert.Equal(t, n, f.hrev182Count(t))
		f.unchanged(t, snap)
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: journal.MustDate(2027, time.February, 1)})
		require.NoError(t, err)
		assert.Equal(t, "2027", res.Entries[0].FiscalYear)
		f.check(t)
	})
}

// Aged balance and statement after the bad debt: the invoice is gone.
// Detaching the bad-debt line of a mixed invoice restores the VAT report.
func TestHrev190BadDebtAgedAndDetach(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev190Inv(t, "C1", d(3, 1), journal.PaymentTerms{}, e("1000.00"), hrev182VAT20, "707000", e("500.00"), hrev190E20, "706000")
		f.receive(t, "BQD", "C1", d(4, 10), "700.00", inv)
		vat := f.hrev182VAT(t, d(1, 1), d(12, 31))
		bal := f.hrev190Bal(t, "411000", "445710", "445740", "654000")
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		aged, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(6, 30)})
		require.NoError(t, err)
		for _, r := range aged.Rows {
			assert.True(t, r.Total.IsZero(), "aged row after the bad debt: %+v", r)
		}
		agedMay, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(5, 31)})
		require.NoError(t, err)
		require.Len(t, agedMay.Rows, 1)
		assert.Equal(t, "1100.00", agedMay.Rows[0].Total.Plain(), "before the loss the aged balance still shows it")
		st, err := f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		t.Logf("statement: %+v", st)
		_, err = f.rec.Detach(ctx, journal.NoID, res.Entries[0].LineRef(0))
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, bal, f.hrev190Bal(t, "411000", "445710", "445740", "654000"))
		assert.Equal(t, vat, f.hrev182VAT(t, d(1, 1), d(12, 31)))
		assert.Equal(t, "1100.00", f.state(t, inv).Residual.Plain())
	})
}
