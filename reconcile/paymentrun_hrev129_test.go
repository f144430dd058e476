package reconcile_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: S2 was overpaid 100,00 (600,00 paid on a 500,00 bill) and refunded those 100,00 by transfer (a credit on 401000 not lettered), so nothing is prepaid; the run sets the 100,00 overpayment off against the new 400,00 bill and pays 300,00, leaving S2 owed 100,00, where an accountant expects 400,00 paid.
func TestHrev129RunIgnoresOverpaymentAlreadyRefunded(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		x := rrBill(t, f, "S2", d(2, 1), d(2, 28), "500.00", "F-1")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(2, 10),
			Method: reconcile.MethodTransfer, Amount: e("600.00"), Invoices: []journal.ID{x.ID}})
		require.NoError(t, err)
		// The supplier sends the 100,00 overpaid back: a bank receipt on
		// its account, not lettered.
		f.post(t, journal.Entry{Journal: "BQO", Date: d(2, 20), Type: journal.TypePayment, Ref: "REMB S2", Lines: []journal.Line{
			{Account: "512000", Balance: e("100.00")},
			{Account: "401000", Partner: "S2", Balance: e("-100.00")},
		}})
		y := rrBill(t, f, "S2", d(3, 1), d(3, 20), "400.00", "F-2")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "400.00", run.Payments[0].Amount.Plain(), "S2's net balance besides F-2 is zero: F-2 is paid in full")
		assert.Equal(t, []journal.ID{y.ID}, run.Payments[0].Bills)
		// What S2 owes or is owed once the run is paid: nothing.
		items, err := f.book.OpenItems(ctx, "401000", "S2")
		require.NoError(t, err)
		net := currency.Zero(eur)
		for _, it := range items {
			net, err = net.Add(it.Residual.Balance)
			require.NoError(t, err)
		}
		assert.Equal(t, "0.00", net.Plain(), "S2's account after the run")
		f.check(t)
	})
}

// Was failing, fixed: S2's 1 000,00 EUR bill was paid on account by a 1 100,00 USD transfer (booked 1 000,00 EUR, not lettered); the run leaves the USD payment aside and pays the bill a second time (1 000,00 EUR), where an accountant expects it set off (valued at the payment's booked rate, as DESIGN §5 says) and S2 not paid again.
func TestHrev129RunForeignPaymentOnAccountNotPaidTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		usd := currency.MustLookup("USD")
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		rrBill(t, f, "S2", d(3, 1), d(3, 20), "1000.00", "F-1")
		rrBill(t, f, "S3", d(3, 1), d(3, 20), "300.00", "G-1")
		f.post(t, journal.Entry{Journal: "BQO", Date: d(3, 5), Type: journal.TypePayment, Currency: usd, Ref: "VIR USD S2", Lines: []journal.Line{
			{Account: "401000", Partner: "S2", Balance: e("1000.00"), AmountCurrency: currency.MustParse(usd, "1100.00")},
			{Account: "512000", Balance: e("-1000.00"), AmountCurrency: currency.MustParse(usd, "-1100.00")},
		}})
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		for _, p := range run.Payments {
			assert.NotEqual(t, "S2", p.Partner, "S2's bill was paid on account in USD; the run pays it again %s", p.Amount.Plain())
		}
		f.check(t)
	})
}

// Was failing, fixed: the run pays S2 200,00 for its 1 200,00 bill F-1, 1 000,00 having been paid on account (ref ACPT-0305); the pain.001 remittance reads only "F-1", where CreditTransfers' doc promises the remittance tells the supplier why less than a bill is paid (it names credit notes set off, but not the payment on account).
func TestHrev129RunRemittanceNamesPaymentOnAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrBill(t, f, "S2", d(3, 1), d(3, 20), "1200.00", "F-1")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("1000.00"), Ref: "ACPT-0305"})
		require.NoError(t, err)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		require.Equal(t, "200.00", run.Payments[0].Amount.Plain())
		require.Len(t, run.Payments[0].OnAccount, 1)
		ct, err := bank.CreditTransfers(ctx, f.book, run, "Atelier")
		require.NoError(t, err)
		require.Len(t, ct.Payments, 1)
		remit := ct.Payments[0].Remittance
		assert.True(t, strings.Contains(remit, "F-1") && strings.Contains(remit, "ACPT-0305"),
			"the remittance %q of a 200,00 transfer on a 1 200,00 bill should name the 1 000,00 paid on account", remit)
	})
}

// A payment on account dated after the run's date, or in a payment run
// whose supplier was paid on account more than it owes: the first waits,
// the second pays nothing and writes nothing.
func TestHrev129RunOnAccountDatesAndSurplus(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		rrBill(t, f, "S2", d(3, 1), d(3, 20), "500.00", "F-1")
		rrBill(t, f, "S3", d(3, 1), d(3, 20), "300.00", "G-1")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 28),
			Method: reconcile.MethodTransfer, Amount: e("100.00")})
		require.NoError(t, err)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S3", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("1000.00")})
		require.NoError(t, err)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "S2", run.Payments[0].Partner)
		assert.Equal(t, "500.00", run.Payments[0].Amount.Plain(), "a payment dated after the run is not set off")
		items, err := f.book.OpenItems(ctx, "401000", "S3")
		require.NoError(t, err)
		net := currency.Zero(eur)
		for _, it := range items {
			net, _ = net.Add(it.Residual.Balance)
		}
		assert.Equal(t, "700.00", net.Plain(), "S3 keeps 700,00 on account")
		f.check(t)
	})
}

// A bill with VAT on payment, 1 000,00 of its 1 200,00 paid on account on
// 5 March, the rest by a run on 25 March: the set-off moves 166,67 of VAT
// to 445660 on 5 March (the day it was paid), the run the other 33,33 on
// 25 March; 445640 ends at zero.
func TestHrev129RunOnAccountCashBasisDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		f.cashBasisDoc(t, journal.SupplierBill, "S2", d(3, 1), "1000.00")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("1000.00")})
		require.NoError(t, err)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(4, 30)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "200.00", run.Payments[0].Amount.Plain())
		got := map[string]string{}
		for _, x := range cashBasisEntries(run.Result.Entries) {
			got[x.Date.String()] = finalMove(x, "445660")
		}
		assert.Equal(t, map[string]string{"2026-03-05": "166.67", "2026-03-25": "33.33"}, got)
		assert.Equal(t, "0.00", f.balance(t, "445640"))
		f.check(t)
	})
}
