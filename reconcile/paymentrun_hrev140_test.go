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

func h140USDPay(t *testing.T, f *fixture, p string, date journal.Date, eurAmt, usdAmt, ref string, back bool) journal.Entry {
	t.Helper()
	usd := currency.MustLookup("USD")
	sign := func(a currency.Amount) currency.Amount {
		if back {
			return a.Neg()
		}
		return a
	}
	return f.post(t, journal.Entry{Journal: "BQO", Date: date, Type: journal.TypePayment, Currency: usd, Ref: ref, Lines: []journal.Line{
		{Account: "401000", Partner: p, Balance: sign(e(eurAmt)), AmountCurrency: sign(currency.MustParse(usd, usdAmt))},
		{Account: "512000", Balance: sign(e(eurAmt)).Neg(), AmountCurrency: sign(currency.MustParse(usd, usdAmt)).Neg()},
	}})
}

// A 110,00 USD payment ahead (booked 100,00 EUR), refunded in full, 110,00
// USD (booked 101,00 EUR): the run pays F-1 (300,00) in full, and S2 owes
// nothing after (the refund settles the payment in USD).
func TestHrev140RunUSDRefundOfUSDPaymentAhead(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrBill(t, f, "S2", d(3, 2), d(3, 20), "300.00", "F-1")
		h140USDPay(t, f, "S2", d(3, 5), "100.00", "110.00", "ACPT", false)
		h140USDPay(t, f, "S2", d(3, 10), "101.00", "110.00", "REMB", true)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "300.00", run.Payments[0].Amount.Plain())
		assert.Empty(t, run.Payments[0].OnAccount)
		assert.Equal(t, "0.00", h133Net(t, f, "S2"))
		f.check(t)
	})
}

// Was failing, fixed: with no USD rate in the book, a 110,00 USD refund (booked 100,00 EUR) of a 100,00 EUR payment ahead makes RunPayments refuse the whole run ("valuing BQO/2026/00001 in USD: no exchange rate"), where the refund's own booked rate (or leaving it open) lets F-1 (300,00) be paid 300,00 and every other supplier paid.
func TestHrev140RunUSDRefundOfEURPaymentAhead(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrBill(t, f, "S2", d(3, 2), d(3, 20), "300.00", "F-1")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("100.00"), Ref: "ACPT"})
		require.NoError(t, err)
		h140USDPay(t, f, "S2", d(3, 10), "100.00", "110.00", "REMB", true)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "300.00", run.Payments[0].Amount.Plain())
		assert.Equal(t, "0.00", h133Net(t, f, "S2"))
		f.check(t)
	})
}

// A refund (200,00) larger than the payment ahead (100,00) and the credit
// note (50,00) together: both refunded, F-1 (300,00) paid in full, nothing
// named set off, 50,00 left on the supplier's account.
func TestHrev140RunRefundLargerThanBoth(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		h133SupplierNote(t, f, "S2", d(3, 1), "50.00", "AV-1")
		bill := rrBill(t, f, "S2", d(3, 2), d(3, 20), "300.00", "F-1")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("100.00"), Ref: "ACPT"})
		require.NoError(t, err)
		h133Refund(t, f, "S2", d(3, 10), "200.00", "REMB")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		p := run.Payments[0]
		assert.Equal(t, "300.00", p.Amount.Plain())
		assert.Equal(t, []journal.ID{bill.ID}, p.Bills)
		assert.Empty(t, p.CreditNotes)
		assert.Empty(t, p.OnAccount)
		ct, err := bank.CreditTransfers(ctx, f.book, run, "Atelier")
		require.NoError(t, err)
		require.Len(t, ct.Payments, 1)
		assert.Equal(t, "F-1", strings.TrimSpace(ct.Payments[0].Remittance))
		assert.Equal(t, "-50.00", h133Net(t, f, "S2"))
		f.check(t)
	})
}

// Several suppliers in one run, then the same run replayed: S2 (credit
// note 50, payment ahead 100 refunded 100, bill 300) is paid 250 with AV-1
// set off; S3 (credit note 40, bill 100) paid 60; S4 (a refund 30 alone,
// bill 200) paid 200, the refund left; the replay gives the same summary.
func TestHrev140RunSeveralSuppliersAndReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		rrSupplier(t, f, "S4", "Fournisseur S4", "", ledger.Address{})
		n2 := h133SupplierNote(t, f, "S2", d(3, 1), "50.00", "AV-1")
		b2 := rrBill(t, f, "S2", d(3, 2), d(3, 20), "300.00", "F-1")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("100.00"), Ref: "ACPT"})
		require.NoError(t, err)
		h133Refund(t, f, "S2", d(3, 10), "100.00", "REMB")
		n3 := h133SupplierNote(t, f, "S3", d(3, 1), "40.00", "AV-3")
		b3 := rrBill(t, f, "S3", d(3, 2), d(3, 20), "100.00", "F-3")
		b4 := rrBill(t, f, "S4", d(3, 2), d(3, 20), "200.00", "F-4")
		h133Refund(t, f, "S4", d(3, 10), "30.00", "REMB4")
		op := journal.NewID()
		req := reconcile.RunRequest{Operation: op, Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)}
		check := func(run reconcile.PaymentRun) {
			got := map[string]reconcile.RunPayment{}
			for _, p := range run.Payments {
				got[p.Partner] = p
			}
			require.Len(t, got, 3)
			assert.Equal(t, "250.00", got["S2"].Amount.Plain())
			assert.Equal(t, []journal.ID{b2.ID}, got["S2"].Bills)
			assert.Equal(t, []journal.ID{n2.ID}, got["S2"].CreditNotes)
			assert.Empty(t, got["S2"].OnAccount)
			assert.Equal(t, "60.00", got["S3"].Amount.Plain())
			assert.Equal(t, []journal.ID{b3.ID}, got["S3"].Bills)
			assert.Equal(t, []journal.ID{n3.ID}, got["S3"].CreditNotes)
			assert.Equal(t, "200.00", got["S4"].Amount.Plain())
			assert.Equal(t, []journal.ID{b4.ID}, got["S4"].Bills)
			assert.Empty(t, got["S4"].CreditNotes)
			assert.Empty(t, got["S4"].OnAccount)
			ct, err := bank.CreditTransfers(ctx, f.book, run, "Atelier")
			require.NoError(t, err)
			for _, p := range ct.Payments {
				assert.NotContains(t, p.Remittance, "REMB")
				assert.NotContains(t, p.Remittance, "ACPT")
			}
		}
		run, err := f.rec.RunPayments(ctx, req)
		require.NoError(t, err)
		check(run)
		again, err := f.rec.RunPayments(ctx, req)
		require.NoError(t, err)
		check(again)
		assert.Equal(t, run.ID, again.ID)
		assert.Equal(t, "0.00", h133Net(t, f, "S2"))
		assert.Equal(t, "0.00", h133Net(t, f, "S3"))
		assert.Equal(t, "-30.00", h133Net(t, f, "S4"))
		f.check(t)
	})
}

// The same with the book holding a USD rate (1,10 USD for 1 EUR).
func TestHrev140RunUSDRefundOfEURPaymentAheadWithRate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		require.NoError(t, f.book.SetRate(ctx, currency.MustLookup("USD"), d(1, 1), currency.MustParseRate("1.10")))
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrBill(t, f, "S2", d(3, 2), d(3, 20), "300.00", "F-1")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("100.00"), Ref: "ACPT"})
		require.NoError(t, err)
		h140USDPay(t, f, "S2", d(3, 10), "100.00", "110.00", "REMB", true)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 25), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "300.00", run.Payments[0].Amount.Plain())
		assert.Empty(t, run.Payments[0].OnAccount)
		assert.Equal(t, "0.00", h133Net(t, f, "S2"))
		f.check(t)
	})
}
