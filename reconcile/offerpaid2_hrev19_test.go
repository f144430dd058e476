package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// A run asked NoDiscount ("pays bills in full even when they offer an
// early-payment discount") executes a supplier's scheduled payment of
// 588.00 naming a 600.00 bill offering 12.00 off: the run posts no
// discount, as it did before payments took offers by themselves.
func TestHrev19RunNoDiscountScheduled(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		b := discountBill(t, f, "S2", d(3, 1), "500.00", "F-S2")
		id := journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, id, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 9),
			Method: reconcile.MethodSEPATransfer, Amount: e("588.00"), Invoices: []journal.ID{b.ID}}))
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31), NoDiscount: true})
		require.NoError(t, err)
		require.Empty(t, discountsIn(run.Result.Entries), "a run asked NoDiscount posted a discount")
		require.True(t, f.residual(t, line0(b)).Equal(e("-12.00")))
		f.check(t)
	})
}

// Cash-basis invoice 1 200.00 (24.00 off) less a cash-basis credit note of
// 120.00, paid 1 056.00 in time: discount taken, every line settled,
// 445740 back to 0.
func TestHrev19CashBasisSetOffAndOffer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev19CashBasisOffer(t, f, "C1", d(3, 1), "1000.00")
		cn := f.cashBasisNote(t, "C1", d(3, 2), "100.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 5),
			Amount: e("1056.00"), Invoices: []journal.ID{inv.ID, cn.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		hrev18Zero(t, f, line0(inv), line0(cn), line0(res.Entries[0]))
		tb := hrev17Balances(t, f)
		require.Equal(t, "", tb["445740"], "%v", tb)
		require.Equal(t, "", tb["411000"], "%v", tb)
		require.Equal(t, "-176.00", tb["445710"], "%v", tb)
		f.check(t)
	})
}

// USD invoices, USD payments, one with a company amount: discount taken, 411000 at zero in both currencies.
func TestHrev19ForeignCompanyAmountAndAgreed(t *testing.T) {
	t.Parallel()
	usd := currency.MustLookup("USD")
	u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 4), currency.MustParseRate("1.25")))
		mk := func(p string) journal.Entry {
			inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: p, PartnerAccount: "411000",
				Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: u("1000.00"), Taxes: []tax.Tax{billSalesVAT}, Account: "706000"}},
				Terms: epdTerms("2", 10)}
			x, err := inv.Entry()
			require.NoError(t, err)
			return f.post(t, x)
		}
		a := mk("C1")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 5),
			Amount: u("1176.00"), CompanyAmount: e("950.00"), Invoices: []journal.ID{a.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		hrev18Zero(t, f, line0(a), line0(res.Entries[0]))
		b := mk("C2")
		res, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "BQ", Date: d(3, 5),
			Amount: u("1176.00"), Invoices: []journal.ID{b.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		hrev18Zero(t, f, line0(b), line0(res.Entries[0]))
		tb := hrev17Balances(t, f)
		require.Equal(t, "", tb["411000"], "%v", tb)
		require.Equal(t, "", tb["445740"], "%v", tb)
		f.check(t)
	})
}

// A reversed invoice offers nothing: a payment naming it is refused or
// takes no discount.
func TestHrev19ReversedInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		_, err := f.book.Reverse(ctx, a.ID, ledger.ReverseOptions{Date: d(3, 2)})
		if err != nil {
			t.Skipf("no Reverse: %v", err)
		}
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 5),
			Amount: e("1176.00"), Invoices: []journal.ID{a.ID}})
		if err == nil {
			require.Empty(t, discountsIn(res.Entries))
		}
		f.check(t)
	})
}

// Schedule refuses a payment asking the discount and refusing it at once
// (ErrDiscount, as RegisterPayment does), rather than keeping it to fail
// at execution — in a payment run, failing the whole run.
func TestHrev19ScheduleRefusesBothFlags(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		rrSupplier(t, f, "S3", "Fournisseur S3", "", ledger.Address{})
		b := discountBill(t, f, "S2", d(3, 1), "500.00", "F-S2")
		rrBill(t, f, "S3", d(3, 1), d(3, 20), "100.00", "F-S3")
		err := f.rec.Schedule(ctx, journal.NewID(), reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 9),
			Method: reconcile.MethodSEPATransfer, Amount: e("588.00"), Invoices: []journal.ID{b.ID}, EarlyDiscount: true, NoDiscount: true})
		if err == nil {
			_, rerr := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31)})
			t.Logf("the run then: %v", rerr)
		}
		require.ErrorIs(t, err, reconcile.ErrDiscount)
	})
}

// A cash-basis supplier bill paid by a statement line of the discounted
// amount: 445660 holds the VAT paid less the discount's share, the
// transition account (445670 or as configured) ends at 0.
func TestHrev19CashBasisSupplierStatementLine(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		bill := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, 1), Partner: "S1", PartnerAccount: "401000",
			Lines: []journal.InvoiceLine{{UnitPrice: e("1000.00"), Taxes: []tax.Tax{billPurchaseVAT}, Account: "607000"}},
			Terms: epdTerms("2", 10)}
		x, err := bill.Entry()
		require.NoError(t, err)
		b := f.post(t, x)
		transition := billPurchaseVAT.TransitionAccount
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 5), Amount: e("-1176.00"),
			Partner: "S1", Invoices: []journal.ID{b.ID}})
		require.NoError(t, err)
		require.Len(t, discountsIn(res.Entries), 1)
		hrev18Zero(t, f, line0(b), line0(res.Entries[0]))
		tb := hrev17Balances(t, f)
		require.Equal(t, "", tb[transition], "%v", tb)
		require.Equal(t, "196.00", tb[billPurchaseVAT.FinalAccount], "%v", tb)
		require.Equal(t, "-20.00", tb["765000"], "%v", tb)
		f.check(t)
		// Cancelling the line undoes it all.
		_, err = f.rec.CancelPayment(ctx, journal.NoID, res.Entries[0].ID)
		require.NoError(t, err)
		require.True(t, f.residual(t, line0(b)).Equal(e("-1200.00")))
		tb = hrev17Balances(t, f)
		require.Equal(t, "", tb["765000"], "%v", tb)
		f.check(t)
	})
}

// A default run executes a scheduled payment of the discounted amount of a
// bill in time: the discount is taken and reported on the run's payment.
func TestHrev19RunScheduledTakesOffer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		b := discountBill(t, f, "S2", d(3, 1), "500.00", "F-S2")
		require.NoError(t, f.rec.Schedule(ctx, journal.NewID(), reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO", Date: d(3, 9),
			Method: reconcile.MethodSEPATransfer, Amount: e("588.00"), Invoices: []journal.ID{b.ID}}))
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		require.Equal(t, "12.00", run.Payments[0].Discount.Plain())
		require.True(t, f.residual(t, line0(b)).IsZero())
		f.check(t)
	})
}
