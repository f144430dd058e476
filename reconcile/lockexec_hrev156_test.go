package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// A payment scheduled for 15 March, the period locked on 31 March before
// it ran: executing it on 2 April either posts it (at the first open
// date) or refuses it with an error and writes nothing, leaving it
// scheduled and cancellable.
func TestHrev156ExecuteScheduledInLockedPeriod(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "500.00")
		id := journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, id, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 15), Invoices: []journal.ID{inv.ID}}))
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(3, 31), "mars"))
		before := f.snapshot(t)
		res, err := f.rec.ExecuteScheduled(ctx, id, d(4, 2))
		if err != nil {
			t.Logf("refused: %v", err)
			f.unchanged(t, before)
			list, err := f.rec.ScheduledPayments(ctx, journal.Date{})
			require.NoError(t, err)
			assert.Len(t, list, 1)
			require.NoError(t, f.rec.CancelScheduled(ctx, id))
			return
		}
		t.Logf("posted on %s", res.Entries[0].Date)
		assert.False(t, res.Entries[0].Date.Before(d(4, 1)))
		assert.Equal(t, "0.00", f.residual(t, inv.LineRef(0)).Plain())
		f.check(t)
	})
}
