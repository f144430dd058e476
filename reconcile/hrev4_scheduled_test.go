package reconcile_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
)

// hrev4Between is a store whose next Update does what pgstore does on a
// serialization failure (store/pgstore/doc.go: "rolled back and its
// function run again"): the function's first run is rolled back, between
// runs another writer commits (between), then the function runs again.
// It is storetest.Twice with a concurrent writer in the gap, which is
// exactly when PostgreSQL retries.
type hrev4Between struct {
	store.Store
	between func()
}

var errHrev4RolledBack = errors.New("first run rolled back, as on a serialization failure")

func (w *hrev4Between) Update(ctx context.Context, fn func(store.Tx) error) error {
	between := w.between
	if between == nil {
		return w.Store.Update(ctx, fn)
	}
	w.between = nil
	err := w.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errHrev4RolledBack
	})
	if !errors.Is(err, errHrev4RolledBack) {
		return err
	}
	between()
	return w.Store.Update(ctx, fn)
}

// Schedule with a Method of 0 reassigns the data it compares a retry with
// (data, err = json.Marshal(...Method: method)) inside its Update
// function. A store that runs the function again (pgstore on a
// serialization failure, "up to 30 runs") runs the second time with the
// first run's data, which now holds "m"; if the first Schedule of the
// same id committed in between (a client's retry racing its own first
// call: the case ids exist for), the comparison with the stored payment
// as asked (no "m") fails.
//
// Expected: both Schedule calls return nil, one payment is scheduled
// (the same scheduling again "changes nothing").
// Observed: the retried call returns ErrScheduled "id … is already
// another scheduled payment's": the same payment, with the same id.
func TestHrev4ScheduleRerunAfterConcurrentSameSchedule(t *testing.T) {
	t.Parallel()
	st := &hrev4Between{Store: memstore.New()}
	f := newFixture(t, st)
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K9", Name: "Par chèque", PaymentMethod: "cheque"}))
	v := f.invoice(t, "K9", d(3, 1), "100.00")
	id := journal.NewID()
	p := reconcile.Payment{Direction: reconcile.Inbound, Partner: "K9", Journal: "BQ", Date: d(3, 20), Amount: e("100.00"),
		Invoices: []journal.ID{v.ID}}
	var other error
	st.between = func() { other = f.rec.Schedule(ctx, id, p) }
	err := f.rec.Schedule(ctx, id, p)
	require.NoError(t, other, "the call that committed first")
	assert.NoError(t, err, "the same payment under the same id is a replay, even when the store ran the function again")
	list, err := f.rec.ScheduledPayments(ctx, journal.Date{})
	require.NoError(t, err)
	assert.Len(t, list, 1)
}

// Probes that pass: a retry of Schedule with a Method of 0 after the
// partner's usual method changed (cheque → transfer, cheque → none) is a
// replay and the listing keeps the method taken when it was scheduled;
// the execution uses it (a cheque), ExecuteScheduled again replays, and
// Schedule again after the execution or a cancellation is still a replay;
// another payment under the id is ErrScheduled; an explicit Method equal
// to the one taken is another request (ErrScheduled), as documented
// ("another payment under it").
func TestHrev4ProbeScheduleRetryAfterPartnerChanged(t *testing.T) {
	t.Parallel()
	for _, later := range []string{"", "transfer"} {
		t.Run("then "+later, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K9", Name: "Par chèque", PaymentMethod: "cheque"}))
				v := f.invoice(t, "K9", d(3, 1), "100.00")
				w := f.invoice(t, "K9", d(3, 2), "50.00")
				id, id2 := journal.NewID(), journal.NewID()
				p := reconcile.Payment{Direction: reconcile.Inbound, Partner: "K9", Journal: "BQ", Date: d(3, 20), Amount: e("100.00"),
					Invoices: []journal.ID{v.ID}}
				p2 := p
				p2.Amount, p2.Invoices = e("50.00"), []journal.ID{w.ID}
				require.NoError(t, f.rec.Schedule(ctx, id, p))
				require.NoError(t, f.rec.Schedule(ctx, id2, p2))
				require.NoError(t, f.book.UpdatePartner(ctx, ledger.Partner{Code: "K9", Name: "Par chèque", PaymentMethod: later}))
				require.NoError(t, f.rec.Schedule(ctx, id, p), "a retry after the partner changed is a replay")
				explicit := p
				explicit.Method = reconcile.MethodCheque
				assert.ErrorIs(t, f.rec.Schedule(ctx, id, explicit), reconcile.ErrScheduled)
				list, err := f.rec.ScheduledPayments(ctx, journal.Date{})
				require.NoError(t, err)
				require.Len(t, list, 2)
				assert.Equal(t, reconcile.MethodCheque, list[0].Payment.Method)

				res, err := f.rec.ExecuteScheduled(ctx, id, d(3, 20))
				require.NoError(t, err)
				again, err := f.rec.ExecuteScheduled(ctx, id, d(3, 21))
				require.NoError(t, err)
				assert.True(t, again.Replay)
				assert.Equal(t, res.Entries[0].ID, again.Entries[0].ID)
				require.NoError(t, f.rec.Schedule(ctx, id, p), "Schedule again after the execution")

				require.NoError(t, f.rec.CancelScheduled(ctx, id2))
				require.NoError(t, f.rec.Schedule(ctx, id2, p2), "Schedule again after the cancellation")
				assert.ErrorIs(t, f.rec.CancelScheduled(ctx, id2), reconcile.ErrScheduled)
				other := p2
				other.Amount = e("49.00")
				assert.ErrorIs(t, f.rec.Schedule(ctx, id2, other), reconcile.ErrScheduled)
				left, err := f.rec.ScheduledPayments(ctx, journal.Date{})
				require.NoError(t, err)
				assert.Empty(t, left)
			})
		})
	}
}

// A book written by the version before 4a59a1a holds payments scheduled
// with a Method of 0 for a partner with a usual method (5cfb615 accepted
// them and kept them as given: no "m" field). scheduledPayments reads
// rec.Method (0) for them, so the fix of h-rev3's run finding does not
// reach them: ScheduledPayments still shows Method 0, and a payment run
// skips the payment (its filter wants MethodTransfer or
// MethodSEPATransfer) while still leaving the supplier's bills to it.
//
// Expected: the payment scheduled (under the old version) by the
// supplier's usual transfer is listed as a transfer and executed by the
// run, as one scheduled now is.
// Observed: listed with Method 0; the run returns ErrRun "no bill due"
// and the supplier is not paid: the payment waits for a manual
// ExecuteScheduled nobody is told about, and its bills are held back
// from every run.
func TestHrev4RunExecutesPaymentScheduledBefore(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		hrev3Supplier(t, f, "S7", "transfer")
		b := rrBill(t, f, "S7", d(2, 1), d(3, 1), "100.00", "FA-7")
		id := journal.NewID()
		require.NoError(t, reconcile.ScheduleAsBefore(ctx, f.book, id, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S7",
			Journal: "BQO", Date: d(3, 10), Amount: e("100.00"), Invoices: []journal.ID{b.ID}}))
		list, err := f.rec.ScheduledPayments(ctx, journal.Date{})
		require.NoError(t, err)
		require.Len(t, list, 1)
		assert.Equal(t, reconcile.MethodTransfer, list[0].Payment.Method, "listed with the method it is made with")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 15), DueBy: d(3, 31)})
		require.NoError(t, err, "the run executes the payment scheduled by the supplier's usual transfer")
		assert.NotEmpty(t, run.Result.Entries)
		assert.NotEqual(t, reconcile.NotPaid, f.state(t, b).State)
	})
}
