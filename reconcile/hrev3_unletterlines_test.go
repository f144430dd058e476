package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// TestHrev3ProbeUnletterLinesAcrossPartnersAndWriteOff: one UnletterLines
// call names a customer's invoice lettered with a write-off, and a supplier's bill paid on 401000: both
// groups are undone in one operation, every residual restored, the
// write-off reversed; the same call again replays; another call on the
// now open lines is ErrNotLettered and writes nothing.
func TestHrev3ProbeUnletterLinesAcrossPartnersAndWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev1WriteOffGroup(t, f)
		bill := f.bill(t, "S1", d(3, 1), "50.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD",
			Date: d(3, 6), Method: reconcile.MethodTransfer, Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		pay := res.Entries[0]
		require.Equal(t, reconcile.Paid, f.state(t, inv).State)
		op := journal.NewID()
		lines := []journal.LineRef{line0(inv), line0(bill), line0(pay)}
		out, err := f.rec.UnletterLines(ctx, op, lines)
		require.NoError(t, err)
		assert.False(t, out.Replay)
		assert.Equal(t, e("100.00"), f.residual(t, line0(inv)))
		assert.Equal(t, e("-50.00"), f.residual(t, line0(bill)))
		assert.Equal(t, e("50.00"), f.residual(t, line0(pay)))
		again, err := f.rec.UnletterLines(ctx, op, lines)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		before := f.snapshot(t)
		_, err = f.rec.UnletterLines(ctx, journal.NewID(), lines)
		require.ErrorIs(t, err, reconcile.ErrNotLettered)
		f.unchanged(t, before)
		f.check(t)
	})
}
