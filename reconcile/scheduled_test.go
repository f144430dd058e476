package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

func TestScheduledPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		bill := f.bill(t, "S1", d(3, 1), "480.00")
		id, other := journal.NewID(), journal.NewID()
		pay := reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD", Date: d(4, 15),
			Method: reconcile.MethodSEPATransfer, Ref: "SCHED-1", Invoices: []journal.ID{bill.ID}}
		require.NoError(t, f.rec.Schedule(ctx, id, pay))
		later := pay
		later.Date, later.Invoices, later.Amount = d(5, 1), nil, e("10.00")
		require.NoError(t, f.rec.Schedule(ctx, other, later))
		// Nothing reaches the ledger before execution.
		require.Equal(t, reconcile.NotPaid, f.state(t, bill).State)
		list, err := f.rec.ScheduledPayments(ctx, d(4, 30))
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.Equal(t, id, list[0].ID)
		all, err := f.rec.ScheduledPayments(ctx, journal.Date{})
		require.NoError(t, err)
		require.Len(t, all, 2)

		before := f.snapshot(t)
		_, err = f.rec.ExecuteScheduled(ctx, id, d(4, 14))
		require.ErrorIs(t, err, reconcile.ErrScheduled, "not due yet")
		require.NoError(t, f.rec.Schedule(ctx, id, pay), "a retry of the same scheduling")
		require.ErrorIs(t, f.rec.Schedule(ctx, id, later), reconcile.ErrScheduled, "an id used for another payment")
		bad := pay
		bad.Partner = "NOBODY"
		require.ErrorIs(t, f.rec.Schedule(ctx, journal.NewID(), bad), ledger.ErrUnknownPartner)
		bad = pay
		bad.Method = 200 // 0 takes the partner's usual method, else a transfer
		require.ErrorIs(t, f.rec.Schedule(ctx, journal.NewID(), bad), reconcile.ErrDirection)
		require.ErrorIs(t, f.rec.Schedule(ctx, journal.NoID, pay), reconcile.ErrScheduled)
		require.ErrorIs(t, f.rec.CancelScheduled(ctx, journal.NewID()), reconcile.ErrScheduled)
		f.unchanged(t, before)

		res, err := f.rec.ExecuteScheduled(ctx, id, d(4, 15))
		require.NoError(t, err)
		require.Equal(t, d(4, 15), res.Entries[0].Date)
		require.Equal(t, reconcile.Paid, f.state(t, bill).State)
		again, err := f.rec.ExecuteScheduled(ctx, id, d(4, 20))
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.ErrorIs(t, f.rec.CancelScheduled(ctx, id), reconcile.ErrScheduled, "executed")

		require.NoError(t, f.rec.CancelScheduled(ctx, other))
		_, err = f.rec.ExecuteScheduled(ctx, other, d(5, 2))
		require.ErrorIs(t, err, reconcile.ErrScheduled, "cancelled")
		require.ErrorIs(t, f.rec.CancelScheduled(ctx, other), reconcile.ErrScheduled, "cancelled twice")
		list, err = f.rec.ScheduledPayments(ctx, journal.Date{})
		require.NoError(t, err)
		require.Empty(t, list)
		f.check(t)
	})
}
