package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a payment run loses a bill's early-payment discount because a
// credit note of the same supplier, larger than the bills without a
// discount, is set off partly against it first. Supplier S2: bill F-B
// 500.00 + VAT 20 % 100.00 = 600.00 dated 03-01 offering 2 % (12.00) until
// 03-11; bill F-C 100.00 due 03-20, no offer; credit note AV-1 150.00.
// Run on 03-10, due by 03-31. Expected (as RegisterPayment of F-C, F-B
// and AV-1 for 538.00 on the same day does, see the second book): the
// credit note set off, F-B's discount taken — one payment of 600.00 +
// 100.00 − 150.00 − 12.00 = 538.00, PaymentRun.Discount 12.00, 765000
// −10.00, 445660 98.00. Actual: the run sets AV-1 off against F-C (100.00)
// then 50.00 of F-B, which then has something lettered and no longer
// "offers" its discount (offerInTime): it pays 550.00, Discount 0.00, no
// 765000. Rule: paymentrun.go's own intent — bills with a discount are set
// off last "so that a credit note does not cost the discount", and a bill
// paid by its offer's last day "is paid less it" (RunRequest.NoDiscount);
// DESIGN §5 escompte: the first payment of the bill, in time, takes it
// (a credit note is not a payment: firstPayment accepts it); the same
// documents paid the same day must not settle differently by the path
// (RegisterPayment vs RunPayments). Odoo's payment register, on a batch of
// a bill and a refund, decides each bill's eligibility before anything of
// the batch is reconciled (account_move._is_eligible_for_early_payment_
// discount: payment_state 'not_paid', read in account_payment_register.
// _get_total_amounts_to_pay) — the refund in the batch does not cancel it.
func TestHrev258PaymentRunCreditNoteCostsDiscount(t *testing.T) {
	t.Parallel()
	setup := func(t *testing.T, f *fixture) (b, c, n journal.Entry) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		b = discountBill(t, f, "S2", d(3, 1), "500.00", "F-B")
		c = rrBill(t, f, "S2", d(3, 1), d(3, 20), "100.00", "F-C")
		n = f.post(t, journal.Entry{Journal: "AC", Date: d(3, 2), Type: journal.TypeCreditNote, Ref: "AV-1", Lines: []journal.Line{
			{Account: "401000", Partner: "S2", Balance: e("150.00")},
			{Account: "607000", Balance: e("-150.00")},
		}})
		return b, c, n
	}
	balance := func(t *testing.T, f *fixture, account string) string {
		bq, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account})
		require.NoError(t, err)
		return bq.Balance.Plain()
	}
	onStores(t, func(t *testing.T, f *fixture) {
		// By hand: the discount is taken.
		g := newFixture(t, memstore.New())
		b, c, n := setup(t, g)
		_, err := g.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 10),
			Method: reconcile.MethodTransfer, Amount: e("538.00"), Invoices: []journal.ID{c.ID, b.ID, n.ID}})
		require.NoError(t, err)
		for _, x := range []journal.Entry{b, c, n} {
			require.Equal(t, "0.00", g.residual(t, x.LineRef(0)).Plain(), x.Ref)
		}
		require.Equal(t, "-10.00", balance(t, g, "765000"))
		require.Equal(t, "98.00", balance(t, g, "445660"))

		// By a payment run: the same.
		b, c, n = setup(t, f)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		for _, x := range []journal.Entry{b, c, n} {
			require.Equal(t, "0.00", f.residual(t, x.LineRef(0)).Plain(), x.Ref)
		}
		require.NoError(t, f.book.Check(ctx))
		p := run.Payments[0]
		require.Equal(t, []string{"538.00", "12.00"}, []string{p.Amount.Plain(), p.Discount.Plain()}, "the run's payment and discount")
		require.Equal(t, "-10.00", balance(t, f, "765000"))
		require.Equal(t, "98.00", balance(t, f, "445660"))
	})
}
