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

// A payment that names no method takes the partner's usual one; with
// neither, it is refused and nothing is written.
func TestPaymentMethodFromPartner(t *testing.T) {
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

		// C1 has no usual method.
		w := f.invoice(t, "C1", d(3, 1), "100.00")
		before := f.snapshot(t)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 10), Amount: e("100.00"), Invoices: []journal.ID{w.ID}})
		require.ErrorIs(t, err, reconcile.ErrDirection)
		assert.Contains(t, err.Error(), "no payment method")
		f.unchanged(t, before)

		// Scheduling alike.
		err = f.rec.Schedule(ctx, journal.ID(uuid.New()), reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 20)})
		require.ErrorIs(t, err, reconcile.ErrDirection)
		f.unchanged(t, before)
		require.NoError(t, f.rec.Schedule(ctx, journal.ID(uuid.New()), reconcile.Payment{Direction: reconcile.Inbound, Partner: "K9", Journal: "BQ", Date: d(3, 20), Amount: e("5.00")}))
		f.check(t)
	})
}
