package journal_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

func discountInvoice(kind journal.InvoiceKind, terms journal.PaymentTerms) journal.Invoice {
	return journal.Invoice{Kind: kind, Journal: "VT", Date: journal.MustDate(2026, 3, 1), Partner: "C1", PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: eurAmount("333.33"), Taxes: []tax.Tax{vat20}, Account: "706000"}},
		Terms: terms}
}

// An invoice carries the discount its terms offer: 2 % of 400.00 TTC
// (333.33 + 66.67) is 8.00, until ten days after its date. A credit note,
// terms without discount and a discount rounded to nothing carry none.
func TestInvoiceCarriesItsDiscountOffer(t *testing.T) {
	terms := journal.PaymentTerms{Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}}
	x, err := discountInvoice(journal.CustomerInvoice, terms).Entry()
	require.NoError(t, err)
	require.NotNil(t, x.DiscountOffer)
	require.Equal(t, "8.00", x.DiscountOffer.Amount.Plain())
	require.Equal(t, journal.MustDate(2026, 3, 11), x.DiscountOffer.Until)
	c := x.Clone()
	require.Equal(t, x.DiscountOffer, c.DiscountOffer)
	require.NotSame(t, x.DiscountOffer, c.DiscountOffer)

	for _, inv := range []journal.Invoice{discountInvoice(journal.CustomerCreditNote, terms), discountInvoice(journal.CustomerInvoice, journal.PaymentTerms{}),
		// 0.01 % of 9.99 rounds to nothing: no offer.
		{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2026, 3, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{Label: "x", UnitPrice: eurAmount("9.99"), Account: "706000"}},
			Terms: journal.PaymentTerms{Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("0.01"), Days: 10}}}} {
		x, err := inv.Entry()
		require.NoError(t, err)
		require.Nil(t, x.DiscountOffer)
	}
}

func TestDiscountOfferBadInput(t *testing.T) {
	eur := currency.MustLookup("EUR")
	usd := currency.MustLookup("USD")
	valid := func() journal.Entry {
		x, err := discountInvoice(journal.CustomerInvoice, journal.PaymentTerms{
			Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}}).Entry()
		require.NoError(t, err)
		for i := range x.Lines { // as stored: balances in company currency
			x.Lines[i].Balance = x.Lines[i].AmountCurrency
		}
		require.NoError(t, x.Validate(eur))
		return x
	}
	cases := map[string]func(x *journal.Entry){
		"on a credit note":        func(x *journal.Entry) { x.Type = journal.TypeCreditNote },
		"on a payment":            func(x *journal.Entry) { x.Type = journal.TypePayment },
		"on a reversal":           func(x *journal.Entry) { x.ReversalOf = journal.NewID() },
		"on a generated entry":    func(x *journal.Entry) { x.Origin = journal.NewID() },
		"zero":                    func(x *journal.Entry) { x.DiscountOffer.Amount = eurAmount("0.00") },
		"negative":                func(x *journal.Entry) { x.DiscountOffer.Amount = eurAmount("-1.00") },
		"unset":                   func(x *journal.Entry) { x.DiscountOffer.Amount = currency.Amount{} },
		"in another currency":     func(x *journal.Entry) { x.DiscountOffer.Amount = currency.MustParse(usd, "8.00") },
		"all that is owed":        func(x *journal.Entry) { x.DiscountOffer.Amount = eurAmount("400.00") },
		"more than is owed":       func(x *journal.Entry) { x.DiscountOffer.Amount = eurAmount("400.01") },
		"before the invoice date": func(x *journal.Entry) { x.DiscountOffer.Until = journal.MustDate(2026, 2, 28) },
		"without last day":        func(x *journal.Entry) { x.DiscountOffer.Until = journal.Date{} },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			x := valid()
			edit(&x)
			err := x.Validate(eur)
			require.ErrorIs(t, err, journal.ErrDiscountOffer)
		})
	}
}
