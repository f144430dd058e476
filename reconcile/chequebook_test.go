package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// A cheque is registered once: the same number from the same customer is
// refused, naming the payment that has it, and writes nothing; another
// customer, another bank, or the first payment cancelled, may have it.
// Our own cheques are numbered per journal, whoever they pay.
func TestChequeRegisteredOnce(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cheque := func(dir reconcile.Direction, p, number, bank string) (reconcile.Result, error) {
			return f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: dir, Partner: p, Journal: "BQ", Date: d(3, 2),
				Amount: e("40.00"), Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: number, Bank: bank}})
		}
		first, err := cheque(reconcile.Inbound, "C1", "0001234", "LCL")
		require.NoError(t, err)

		before := f.snapshot(t)
		for _, again := range []struct{ number, bank string }{{"0001234", "LCL"}, {"1234", "lcl"}, {" 0001 234", ""}} {
			_, err = cheque(reconcile.Inbound, "C1", again.number, again.bank)
			require.ErrorIs(t, err, reconcile.ErrDuplicateCheque, "%+v", again)
			assert.Contains(t, err.Error(), first.Entries[0].Name())
		}
		f.unchanged(t, before)

		_, err = cheque(reconcile.Inbound, "C2", "0001234", "LCL")
		require.NoError(t, err, "another customer's cheque of that number")
		_, err = cheque(reconcile.Inbound, "C1", "0001234", "BNP")
		require.NoError(t, err, "a cheque of that number on another bank")
		_, err = cheque(reconcile.Inbound, "C1", "", "LCL")
		require.NoError(t, err, "no number: nothing to compare")
		_, err = cheque(reconcile.Inbound, "C1", "", "LCL")
		require.NoError(t, err)

		_, err = f.rec.CancelPayment(ctx, journal.NewID(), first.Entries[0].ID)
		require.NoError(t, err)
		_, err = cheque(reconcile.Inbound, "C1", "0001234", "LCL")
		require.NoError(t, err, "registered again once the first was cancelled")

		_, err = cheque(reconcile.Outbound, "S1", "9000001", "")
		require.NoError(t, err)
		_, err = cheque(reconcile.Outbound, "C3", "9000001", "")
		require.ErrorIs(t, err, reconcile.ErrDuplicateCheque, "our cheque book's number, whoever is paid")
		assert.Contains(t, err.Error(), "drawn on BQ")
		f.check(t)
	})
}

// A scheduled cheque payment's number is checked when it is scheduled: a
// number registered already, or scheduled by another payment still to
// execute, is refused then (it would fail the run that executes it), and
// nothing is written. Once the first scheduled one is cancelled, the
// number is free again.
func TestScheduledChequeNumberCheckedWhenScheduled(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		pay := func(p, number string) reconcile.Payment {
			return reconcile.Payment{Direction: reconcile.Outbound, Partner: p, Journal: "BQ", Date: d(4, 2),
				Amount: e("40.00"), Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: number}}
		}
		_, err := f.rec.RegisterPayment(ctx, pay("S1", "9000001"))
		require.NoError(t, err)
		before := f.snapshot(t)
		err = f.rec.Schedule(ctx, journal.NewID(), pay("S1", "9000001"))
		require.ErrorIs(t, err, reconcile.ErrDuplicateCheque, "registered already")
		f.unchanged(t, before)

		first := journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, first, pay("S1", "9000002")))
		require.NoError(t, f.rec.Schedule(ctx, first, pay("S1", "9000002")), "the same scheduling again changes nothing")
		before = f.snapshot(t)
		err = f.rec.Schedule(ctx, journal.NewID(), pay("C3", "0009000002"))
		require.ErrorIs(t, err, reconcile.ErrDuplicateCheque, "scheduled already by another payment")
		f.unchanged(t, before)
		require.NoError(t, f.rec.Schedule(ctx, journal.NewID(), pay("C3", "9000003")))
		require.NoError(t, f.rec.CancelScheduled(ctx, first))
		require.NoError(t, f.rec.Schedule(ctx, journal.NewID(), pay("C3", "9000002")), "free again once the first is cancelled")
	})
}
