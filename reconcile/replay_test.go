package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOperationRetryAfterLock: an operation whose entries the book dated at
// the first open date, retried with its id after the lock date moved past
// them, replays its stored result: its fingerprint holds the request only,
// never a date the book chose.
func TestOperationRetryAfterLock(t *testing.T) {
	t.Parallel()
	sameResult := func(t *testing.T, first, again reconcile.Result) {
		t.Helper()
		assert.True(t, again.Replay)
		require.Len(t, again.Entries, len(first.Entries))
		for i := range first.Entries {
			assert.Equal(t, first.Entries[i].ID, again.Entries[i].ID)
			assert.Equal(t, first.Entries[i].Date, again.Entries[i].Date)
		}
		assert.Len(t, again.Partials, len(first.Partials))
		assert.Len(t, again.UndonePartial, len(first.UndonePartial))
	}
	t.Run("cancel payment", func(t *testing.T) {
		onStores(t, func(t *testing.T, f *fixture) {
			inv := f.invoice(t, "C1", d(2, 10), "100.00")
			pay := f.receive(t, "BQD", "C1", d(2, 15), "100.00", inv)
			require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(2, 28), "February closed"))
			op := journal.NewID()
			first, err := f.rec.CancelPayment(ctx, op, pay.ID)
			require.NoError(t, err)
			require.Len(t, first.Entries, 1)
			assert.Equal(t, d(3, 1), first.Entries[0].Date, "the reversal moved to the first open date")

			require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(3, 31), "March closed"))
			before := f.snapshot(t)
			again, err := f.rec.CancelPayment(ctx, op, pay.ID)
			require.NoError(t, err)
			sameResult(t, first, again)
			f.unchanged(t, before)
			_, err = f.rec.CancelPayment(ctx, op, inv.ID)
			assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
			f.check(t)
		})
	})
	t.Run("unletter a write-off", func(t *testing.T) {
		onStores(t, func(t *testing.T, f *fixture) {
			inv := f.invoice(t, "C1", d(2, 10), "100.00")
			pay := f.receive(t, "BQD", "C1", d(2, 15), "99.98")
			letter := reconcile.Request{Operation: journal.NewID(),
				Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}, WriteOff: true}
			lettered, err := f.rec.Reconcile(ctx, letter)
			require.NoError(t, err)
			require.Len(t, lettered.Entries, 1, "the write-off")
			require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(2, 28), "February closed"))

			op := journal.NewID()
			first, err := f.rec.Unletter(ctx, op, inv.LineRef(0))
			require.NoError(t, err)
			require.NotEmpty(t, first.Entries)
			for _, x := range first.Entries {
				assert.Equal(t, d(3, 1), x.Date, "generated reversals moved to the first open date")
			}

			require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(3, 31), "March closed"))
			before := f.snapshot(t)
			again, err := f.rec.Unletter(ctx, op, inv.LineRef(0))
			require.NoError(t, err)
			sameResult(t, first, again)
			replayed, err := f.rec.Reconcile(ctx, letter)
			require.NoError(t, err)
			sameResult(t, lettered, replayed)
			f.unchanged(t, before)
			f.check(t)
		})
	})
}
