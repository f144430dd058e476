package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A supplier paid on account before the run (a payment set against no
// bill) is paid what its bills leave after it: the run sets the payment
// off against them first, as a credit note, and says so (OnAccount). A
// payment since reversed pays nothing: it stays with its reversal.
func TestRunSetsOffPaymentsOnAccount(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s.Open(t))
			newRvBank(t, f)
			rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
			rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
			bill := rrBill(t, f, "S2", d(3, 1), d(3, 20), "1200.00", "F-1")
			rrBill(t, f, "S3", d(3, 1), d(3, 20), "300.00", "G-1")
			onAccount := func(p, amount string) reconcile.Result {
				res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: p, Journal: "BNP",
					Date: d(3, 5), Method: reconcile.MethodTransfer, Amount: e(amount)})
				require.NoError(t, err)
				return res
			}
			paid := onAccount("S2", "1000.00")
			cancelled := onAccount("S3", "300.00")
			_, err := f.book.Reverse(ctx, cancelled.Entries[0].ID, ledger.ReverseOptions{})
			require.NoError(t, err)

			run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BNP", Date: d(3, 25), DueBy: d(3, 31)})
			require.NoError(t, err)
			require.Len(t, run.Payments, 2)
			s2, s3 := run.Payments[0], run.Payments[1]
			assert.Equal(t, "S2", s2.Partner)
			assert.Equal(t, "200.00", s2.Amount.Plain(), "1 200,00 less the 1 000,00 paid on account")
			assert.Equal(t, []journal.ID{paid.Entries[0].ID}, s2.OnAccount)
			assert.Empty(t, s2.CreditNotes)
			assert.Equal(t, []journal.ID{bill.ID}, s2.Bills)
			assert.Equal(t, "300.00", s3.Amount.Plain(), "a reversed payment pays nothing")
			assert.Empty(t, s3.OnAccount)
			assert.True(t, f.residual(t, bill.LineRef(0)).IsZero())
			f.check(t)
		})
	}
}

// A payment made ahead and refunded in full is no credit, even when the
// supplier's only bill is one the run takes early for its discount: the
// bill is paid less its discount (300,00 − 6,00), nothing on account.
func TestRunRefundedPaymentAheadWithOnlyAnEarlyBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		discountBill(t, f, "S2", d(3, 5), "250.00", "F-C") // 300, due 4/04, offer 6 to 3/15
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO",
			Date: d(3, 1), Method: reconcile.MethodTransfer, Amount: e("100.00")})
		require.NoError(t, err)
		f.post(t, journal.Entry{Journal: "BQO", Date: d(3, 3), Type: journal.TypePayment, Ref: "REMB S2", Lines: []journal.Line{
			{Account: "512000", Balance: e("100.00")},
			{Account: "401000", Partner: "S2", Balance: e("-100.00")},
		}})
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), EarlyForDiscount: true})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "294.00", run.Payments[0].Amount.Plain())
		assert.Empty(t, run.Payments[0].OnAccount)
		f.check(t)
	})
}
