package reconcile_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// A payment that names no method takes the partner's usual one, else a
// transfer; a scheduled one takes it when it is scheduled.
func TestPaymentMethodFromPartner(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K9", Name: "Par chèque", PaymentMethod: "cheque"}))
		v := f.invoice(t, "K9", d(3, 1), "100.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "K9", Journal: "BQ",
			Date: d(3, 10), Amount: e("100.00"), Invoices: []journal.ID{v.ID}})
		require.NoError(t, err)
		sum, err := f.rec.Summary(ctx, v.ID)
		require.NoError(t, err)
		require.Len(t, sum.Payments, 1)
		assert.Equal(t, "Chèque", sum.Payments[0].Label)
		assert.Equal(t, res.Entries[0].Name(), sum.Payments[0].Number)

		// C1 has no usual method: a transfer.
		w := f.invoice(t, "C1", d(3, 1), "100.00")
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 10), Amount: e("100.00"), Invoices: []journal.ID{w.ID}})
		require.NoError(t, err)
		sum, err = f.rec.Summary(ctx, w.ID)
		require.NoError(t, err)
		require.Len(t, sum.Payments, 1)
		assert.Equal(t, "Virement", sum.Payments[0].Label)

		// Scheduled: the method is taken when it is scheduled, and shown.
		id := journal.ID(uuid.New())
		asked := reconcile.Payment{Direction: reconcile.Inbound, Partner: "K9", Journal: "BQ", Date: d(3, 20), Amount: e("5.00")}
		require.NoError(t, f.rec.Schedule(ctx, id, asked))
		require.NoError(t, f.rec.Schedule(ctx, id, asked), "a retry")
		all, err := f.rec.ScheduledPayments(ctx, journal.Date{})
		require.NoError(t, err)
		require.Len(t, all, 1)
		assert.Equal(t, reconcile.MethodCheque, all[0].Payment.Method)
		f.check(t)
	})
}
