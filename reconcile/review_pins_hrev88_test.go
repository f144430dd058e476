package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
)

// A USD invoice with on-payment VAT (1 000.00 + 200.00 USD at 1.20: 166.67
// EUR on 445740) paid in two halves at 1.25: the transition account is
// cleared at the invoice's company amounts (83.34 then 83.33), the final
// account takes the payment's rate (80.00 each), the 6.67 between them is
// an exchange gain, and the receivable's FX loss is 20.00 per half (DESIGN
// §5 cash basis and realised exchange difference; worked example 6).
func TestHrev88ForeignCashBasisInTwoHalves(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
	require.NoError(t, f.book.SetRate(ctx, usd, d(4, 1), currency.MustParseRate("1.25")))
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{UnitPrice: currency.MustParse(usd, "1000.00"), Taxes: []tax.Tax{billSalesVAT}, Account: "706000"}}}
	x, err := inv.Entry()
	require.NoError(t, err)
	doc := f.post(t, x)
	for _, day := range []int{2, 3} {
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(4, day),
			Amount: currency.MustParse(usd, "600.00"), Invoices: []journal.ID{doc.ID}})
		require.NoError(t, err)
	}
	f.check(t)
	assert.Equal(t, "0.00", f.balance(t, "445740"))
	assert.Equal(t, "-160.00", f.balance(t, "445710"))
	assert.Equal(t, "40.00", f.balance(t, "656000"))
	assert.Equal(t, "-6.67", f.balance(t, "756000"))
	assert.Equal(t, "0.00", f.balance(t, "411000"))
}

// Worked example 10 (escompte on a cash-basis invoice) in a company
// currency of 0 and of 3 decimals (DESIGN §10 "test with currencies of 0,
// 2 and 3 decimals"): 1 001 + 200 VAT on payment, paid 1 177 with the
// discount: discount 24 = 20 HT + 4 VAT, cash basis 196 (200 − 4), 445740
// at zero.
func TestHrev88EscompteCashBasisJPYAndKWD(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ code, ht, paid, vat, disc string }{
		{"JPY", "1001", "1177", "-196", "20"},
		{"KWD", "1.001", "1.177", "-0.196", "0.020"},
	} {
		t.Run(c.code, func(t *testing.T) {
			cur := currency.MustLookup(c.code)
			f := newFixtureIn(t, stores[0].Open(t), cur)
			amt := func(s string) currency.Amount { return currency.MustParse(cur, s) }
			inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
				Lines: []journal.InvoiceLine{{UnitPrice: amt(c.ht), Taxes: []tax.Tax{billSalesVAT}, Account: "706000"}}}
			x, err := inv.Entry()
			require.NoError(t, err)
			doc := f.post(t, x)
			_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 5),
				Amount: amt(c.paid), Invoices: []journal.ID{doc.ID}, EarlyDiscount: true})
			require.NoError(t, err)
			f.check(t)
			assert.Equal(t, amt("0").Plain(), f.balance(t, "445740"))
			assert.Equal(t, c.vat, f.balance(t, "445710"))
			assert.Equal(t, c.disc, f.balance(t, "665000"))
			assert.Equal(t, amt("0").Plain(), f.balance(t, "411000"))
		})
	}
}

// A USD invoice half paid, revalued at the year end with a provision, then
// paid in the next year: the revaluation is no FX base (DESIGN §5
// "Unrealised revaluation"), so the realised loss is 20.00 + 125.00 on the
// invoice's own rate; 476000 is back at zero after the reversal, the
// provision stays until the next closing (Revaluation.Provision godoc).
func TestHrev88RevaluationThenNextYearPayment(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
	require.NoError(t, f.book.SetRate(ctx, usd, d(6, 1), currency.MustParseRate("1.25")))
	require.NoError(t, f.book.SetRate(ctx, usd, journal.MustDate(2027, 1, 1), currency.MustParseRate("1.60")))
	inv := f.foreignSale(t, "C1", d(3, 1), usd, "1200.00")
	pay := func(date journal.Date) {
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: date,
			Amount: currency.MustParse(usd, "600.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
	}
	pay(d(6, 2))
	rv, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: journal.MustDate(2026, 12, 31),
		Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.50")}, Provision: true})
	require.NoError(t, err)
	require.NotEmpty(t, rv.Entries)
	assert.Equal(t, "0.00", f.balance(t, "476000")) // reversed on 1 January
	pay(journal.MustDate(2027, 2, 1))
	f.check(t)
	assert.Equal(t, "0.00", f.balance(t, "411000"))
	assert.Equal(t, "145.00", f.balance(t, "656000"))
	assert.Equal(t, "0.00", f.balance(t, "756000"))
	assert.Equal(t, "-100.00", f.balance(t, "151500"))
	assert.Equal(t, "100.00", f.balance(t, "681500"))
}
