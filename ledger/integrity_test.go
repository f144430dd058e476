package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPaymentRetryAfterDeletedOperation is defect 9 as found: deleting a
// payment's operation record passed Check and Verify, and the retry posted
// the payment a second time. Now Check and Verify name the record, and the
// retry fails with ledger.ErrIntegrity, posting nothing.
func TestPaymentRetryAfterDeletedOperation(t *testing.T) {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
			b, err := ledger.Create(ctx, st, ledger.Options{Currency: eur, Clock: func() time.Time { now = now.Add(time.Second); return now }})
			require.NoError(t, err)
			require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client"}))
			r, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)
			inv, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice,
				Lines: []journal.Line{{Account: "411000", Partner: "C1", Balance: currency.MustParse(eur, "300.00")},
					{Account: "706000", Balance: currency.MustParse(eur, "-300.00")}}})
			require.NoError(t, err)
			pay := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
				Date: journal.MustDate(2026, 3, 5), Amount: currency.MustParse(eur, "300.00"), Method: reconcile.MethodTransfer,
				Invoices: []journal.ID{inv.Entry.ID}}
			_, err = r.RegisterPayment(ctx, pay)
			require.NoError(t, err)
			require.NoError(t, b.Check(ctx))

			// The operation records live in the "op" bucket, keyed by id.
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Delete([]byte("op"), pay.Operation[:]) }))

			var ce *ledger.CheckError
			require.ErrorAs(t, b.Check(ctx), &ce)
			named := false
			for _, p := range ce.Problems {
				named = named || p.Where == "operation record "+pay.Operation.String()
			}
			assert.True(t, named, "Check names the operation record: %v", ce)
			var ve *ledger.VerifyError
			require.ErrorAs(t, b.Verify(ctx), &ve)
			assert.Equal(t, ledger.ChainLettering, ve.Chain)

			_, err = r.RegisterPayment(ctx, pay)
			require.ErrorIs(t, err, ledger.ErrIntegrity)
			bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "512000"})
			require.NoError(t, err)
			assert.Equal(t, "300.00", bal.Balance.Plain(), "the payment is posted once")
		})
	}
}
