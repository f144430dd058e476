package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// A payment of 500.00 scheduled for 15 April on a 1 200.00 invoice:
// nothing posted; listed until 15 April only; executing on 14 April is
// refused; executing on 20 April posts it dated 15 April, reste dû
// 700.00, partial; executing again replays; cancelling it then is
// refused.
func TestHrev156ScheduleExecute(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1200.00")
		id := journal.NewID()
		p := reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(4, 15),
			Amount: e("500.00"), Invoices: []journal.ID{inv.ID}, Ref: "SCH-1"}
		require.NoError(t, f.rec.Schedule(ctx, id, p))
		require.NoError(t, f.rec.Schedule(ctx, id, p), "the same scheduling again changes nothing")
		assert.Equal(t, "0.00", f.balance(t, "512000"))
		list, err := f.rec.ScheduledPayments(ctx, d(4, 14))
		require.NoError(t, err)
		assert.Empty(t, list)
		list, err = f.rec.ScheduledPayments(ctx, d(4, 15))
		require.NoError(t, err)
		require.Len(t, list, 1)
		assert.Equal(t, id, list[0].ID)
		assert.Equal(t, reconcile.StatusScheduled, list[0].Status)
		assert.Equal(t, reconcile.MethodTransfer, list[0].Payment.Method)
		assert.Equal(t, "500.00", list[0].Payment.Amount.Plain())

		// Another payment under the same id.
		before := f.snapshot(t)
		p2 := p
		p2.Amount = e("600.00")
		assert.ErrorIs(t, f.rec.Schedule(ctx, id, p2), reconcile.ErrScheduled)
		f.unchanged(t, before)

		_, err = f.rec.ExecuteScheduled(ctx, id, d(4, 14))
		assert.ErrorIs(t, err, reconcile.ErrScheduled)
		f.unchanged(t, before)

		res, err := f.rec.ExecuteScheduled(ctx, id, d(4, 20))
		require.NoError(t, err)
		require.NotEmpty(t, res.Entries)
		pay := res.Entries[0]
		assert.Equal(t, d(4, 15), pay.Date)
		assert.Equal(t, "-500.00", pay.Lines[0].Balance.Plain())
		assert.Equal(t, "411000", pay.Lines[0].Account)
		assert.Equal(t, "500.00", f.balance(t, "512000"))
		assert.Equal(t, "700.00", f.residual(t, inv.LineRef(0)).Plain())
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "700.00", st.ResidualCurrency.Plain())
		f.check(t)

		again, err := f.rec.ExecuteScheduled(ctx, id, d(4, 21))
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, pay.ID, again.Entries[0].ID)
		assert.Equal(t, "500.00", f.balance(t, "512000"))

		list, err = f.rec.ScheduledPayments(ctx, journal.Date{})
		require.NoError(t, err)
		assert.Empty(t, list, "an executed payment is no longer to execute")

		before = f.snapshot(t)
		assert.ErrorIs(t, f.rec.CancelScheduled(ctx, id), reconcile.ErrScheduled)
		f.unchanged(t, before)
		f.check(t)
	})
}

// Cancelled before its date: it is no longer listed, executing it is
// refused and writes nothing; cancelling twice is refused; an unknown id
// is refused.
func TestHrev156ScheduleCancel(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1200.00")
		id := journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, id, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(4, 15), Invoices: []journal.ID{inv.ID}}))
		require.NoError(t, f.rec.CancelScheduled(ctx, id))
		list, err := f.rec.ScheduledPayments(ctx, journal.Date{})
		require.NoError(t, err)
		assert.Empty(t, list)
		before := f.snapshot(t)
		_, err = f.rec.ExecuteScheduled(ctx, id, d(4, 20))
		assert.ErrorIs(t, err, reconcile.ErrScheduled)
		assert.ErrorIs(t, f.rec.CancelScheduled(ctx, id), reconcile.ErrScheduled)
		assert.ErrorIs(t, f.rec.CancelScheduled(ctx, journal.NewID()), reconcile.ErrScheduled)
		_, err = f.rec.ExecuteScheduled(ctx, journal.NewID(), d(4, 20))
		assert.ErrorIs(t, err, reconcile.ErrScheduled)
		f.unchanged(t, before)
		assert.Equal(t, "1200.00", f.residual(t, inv.LineRef(0)).Plain())
		f.check(t)
	})
}

// Bad input to Schedule: negative or zero amount, no date, unknown
// partner, unknown journal, no id: typed errors, nothing written.
func TestHrev156ScheduleBadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		base := reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(4, 15), Amount: e("10.00")}
		cases := []struct {
			name string
			id   journal.ID
			mod  func(p *reconcile.Payment)
			want error
		}{
			{"negative", journal.NewID(), func(p *reconcile.Payment) { p.Amount = e("-10.00") }, reconcile.ErrAmount},
			{"zero", journal.NewID(), func(p *reconcile.Payment) { p.Amount = e("0.00") }, reconcile.ErrAmount},
			{"no date", journal.NewID(), func(p *reconcile.Payment) { p.Date = journal.Date{} }, reconcile.ErrScheduled},
			{"no id", journal.NoID, func(p *reconcile.Payment) {}, reconcile.ErrScheduled},
			{"partner", journal.NewID(), func(p *reconcile.Payment) { p.Partner = "ZZ" }, ledger.ErrUnknownPartner},
			{"direction", journal.NewID(), func(p *reconcile.Payment) { p.Direction = 0 }, reconcile.ErrDirection},
		}
		for _, c := range cases {
			p := base
			c.mod(&p)
			before := f.snapshot(t)
			assert.ErrorIs(t, f.rec.Schedule(ctx, c.id, p), c.want, c.name)
			f.unchanged(t, before)
		}
		before := f.snapshot(t)
		p := base
		p.Journal = "NOPE"
		assert.Error(t, f.rec.Schedule(ctx, journal.NewID(), p))
		f.unchanged(t, before)
	})
}

// A scheduled payment naming another partner's invoice is refused when it
// is executed, and the failed execution writes nothing: it stays
// scheduled.
func TestHrev156ScheduleOtherPartnerInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		other := f.invoice(t, "C2", d(3, 1), "300.00")
		id := journal.NewID()
		err := f.rec.Schedule(ctx, id, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(4, 15), Amount: e("300.00"), Invoices: []journal.ID{other.ID}})
		if err != nil {
			assert.ErrorIs(t, err, reconcile.ErrPartner)
			return
		}
		before := f.snapshot(t)
		_, err = f.rec.ExecuteScheduled(ctx, id, d(4, 15))
		assert.ErrorIs(t, err, reconcile.ErrPartner)
		f.unchanged(t, before)
		list, err := f.rec.ScheduledPayments(ctx, journal.Date{})
		require.NoError(t, err)
		assert.Len(t, list, 1)
		f.check(t)
	})
}
