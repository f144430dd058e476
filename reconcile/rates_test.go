package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// foreignSale posts a receivable of amount in cur for partner p: an
// invoice, or a credit note when amount is negative.
func (f *fixture) foreignSale(t *testing.T, p string, date journal.Date, cur currency.Currency, amount string) journal.Entry {
	t.Helper()
	a := currency.MustParse(cur, amount)
	typ := journal.TypeInvoice
	if a.Sign() < 0 {
		typ = journal.TypeCreditNote
	}
	return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: typ, Currency: cur, Lines: []journal.Line{
		{Account: "411000", Partner: p, AmountCurrency: a}, {Account: "706000", AmountCurrency: a.Neg()}}})
}

// TestLimitInAnotherCurrencyThanTheLettering: a limit in a currency the
// lines do not letter in is ErrAmount, also when the first pair met is
// dust (a 0.01 USD line worth 0.00 EUR), never a panic.
func TestLimitInAnotherCurrencyThanTheLettering(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd, sek := currency.MustLookup("USD"), currency.MustLookup("SEK")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("10")))
		require.NoError(t, f.book.SetRate(ctx, sek, d(1, 1), currency.MustParseRate("11")))
		inv := f.foreignSale(t, "C1", d(3, 1), usd, "0.01")
		cn := f.foreignSale(t, "C1", d(3, 2), sek, "-10.00")
		before := f.snapshot(t)
		var err error
		require.NotPanics(t, func() {
			_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)},
				Limit: currency.MustParse(sek, "1.00")})
		})
		require.ErrorIs(t, err, reconcile.ErrAmount)
		f.unchanged(t, before)
	})
}

// TestAbsurdRatesAreErrors: a rate at which the values lettering sums are
// more than an entry holds — an agreed rate a caller mistyped, a rate of
// the book set after the documents — is ErrAmount and writes nothing,
// never a panic.
func TestAbsurdRatesAreErrors(t *testing.T) {
	t.Parallel()
	t.Run("agreed rate of a payment", func(t *testing.T) {
		onStores(t, func(t *testing.T, f *fixture) {
			usd := currency.MustLookup("USD")
			require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
			a := f.foreignSale(t, "C1", d(3, 1), usd, "0.01")
			b := f.foreignSale(t, "C1", d(3, 1), usd, "0.01")
			c := f.invoice(t, "C1", d(3, 1), "100.00")
			before := f.snapshot(t)
			var err error
			require.NotPanics(t, func() { // the amount owed, in the payment's currency at the agreed rate
				_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
					Date: d(3, 10), Method: reconcile.MethodTransfer, Invoices: []journal.ID{a.ID, b.ID, c.ID},
					AgreedRate: currency.MustParseRate("0.0000000000000000000000000000000002")})
			})
			require.ErrorIs(t, err, reconcile.ErrAmount)
			f.unchanged(t, before)
		})
	})
	t.Run("book rate of a write-off", func(t *testing.T) {
		onStores(t, func(t *testing.T, f *fixture) {
			usd := currency.MustLookup("USD")
			require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
			a := f.foreignSale(t, "C1", d(3, 1), usd, "0.02")
			b := f.foreignSale(t, "C1", d(3, 1), usd, "0.02")
			require.NoError(t, f.book.SetRate(ctx, usd, d(3, 5), currency.MustParseRate("0.0000000000000000000000000000000004")))
			before := f.snapshot(t)
			var err error
			require.NotPanics(t, func() {
				_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{a.LineRef(0), b.LineRef(0)}, WriteOff: true})
			})
			require.Error(t, err)
			f.unchanged(t, before)
		})
	})
}

// TestDiscountLowersEveryBaseAccount: an early-payment discount on an
// invoice whose tax has bases on two accounts lowers the reported base by
// its whole tax-excluded part, spread over both: 10.00 on 707000 and
// 1 000.00 on 706000 at 20 % due on payment (1 212.00), paid 1 187.76 with
// the discount (24.24: 20.20 HT, 4.04 VAT) reports a base of 989.80 and a
// tax of 197.96.
func TestDiscountLowersEveryBaseAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(4, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{
				{UnitPrice: e("10.00"), Taxes: []tax.Tax{vatOnPayment}, Account: "707000"},
				{UnitPrice: e("1000.00"), Taxes: []tax.Tax{vatOnPayment}, Account: "706000"}}}.Entry()
		require.NoError(t, err)
		inv := f.post(t, x)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(4, 5), Method: reconcile.MethodTransfer, Amount: e("1187.76"), Invoices: []journal.ID{inv.ID}, EarlyDiscount: true})
		require.NoError(t, err)
		rep, err := f.rec.VATReport(ctx, d(4, 1), d(4, 30))
		require.NoError(t, err)
		base, vat := e("0.00"), e("0.00")
		for _, l := range rep.Lines {
			if l.TaxID == "E20" {
				base, _ = base.Add(l.Base)
				vat, _ = vat.Add(l.Tax)
			}
		}
		require.Equal(t, "989.80", base.Abs().Plain())
		require.Equal(t, "197.96", vat.Abs().Plain())
	})
}
