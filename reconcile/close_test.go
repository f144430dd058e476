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

// Invoices of a closed year are still lettered in the next one: what the
// lettering generates for a date in the closed year (here a write-off
// dated at the payment's date) moves to the next year's first day, and a
// payment of the next year settles an invoice of the closed one.
func TestLetteringAfterClosing(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(12, 1), "100.00")
		pay := f.receive(t, "BQD", "C1", d(12, 20), "99.98")
		inv2 := f.invoice(t, "C2", d(11, 1), "300.00")
		*f.now = time.Date(2027, time.February, 15, 9, 0, 0, 0, time.UTC) // the year has ended
		_, _, err := f.book.CloseFiscalYear(ctx, "2026", "alice")
		require.NoError(t, err)
		next := journal.MustDate(2027, time.January, 1)

		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}, WriteOff: true})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		wo := res.Entries[0]
		assert.Equal(t, journal.TypeWriteOff, wo.Type)
		assert.Equal(t, next, wo.Date, "the write-off moves out of the closed year")
		assert.Equal(t, "2027", wo.FiscalYear)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)

		// Unlettering reverses the write-off in the open year too.
		res, err = f.rec.Detach(ctx, journal.NoID, pay.LineRef(0))
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		assert.Equal(t, next, res.Entries[0].Date)
		assert.Equal(t, "100.00", f.residual(t, inv.LineRef(0)).Plain())

		paid := f.receive(t, "BQD", "C2", journal.MustDate(2027, time.February, 10), "300.00", inv2)
		assert.Equal(t, "2027", paid.FiscalYear)
		assert.Equal(t, reconcile.Paid, f.state(t, inv2).State)

		tb, err := f.book.TrialBalance(ctx, journal.MustDate(2027, time.December, 31))
		require.NoError(t, err)
		got := map[string]string{}
		for _, r := range tb.Rows {
			got[r.Account] = r.Balance.Plain()
		}
		assert.Equal(t, "-400.00", got["120000"], "the 2026 sales, as the 2026 result")
		_, ok := got["706000"]
		assert.False(t, ok, "income starts again in 2027")
		f.check(t)
		require.NoError(t, f.book.Verify(ctx))
		_, err = f.book.Post(ctx, journal.Entry{Journal: "OD", Date: d(12, 31), Lines: []journal.Line{
			{Account: "627000", Balance: e("1.00")}, {Account: "512000", Balance: e("-1.00")}}})
		require.ErrorIs(t, err, ledger.ErrYearClosed)
	})
}
