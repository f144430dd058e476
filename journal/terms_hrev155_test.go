package journal_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

func hrev155Inv(d journal.Date, price string, pt journal.PaymentTerms) journal.Invoice {
	v := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	return journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d, Partner: "C1",
		PartnerAccount: "411000", Label: "F", Lines: []journal.InvoiceLine{hrev153Line("a", "", price, "707000", v)}, Terms: pt}
}

// Due dates near the end of year 9999: in range, kept; past it, ErrTerms
// from Split and from the builder, for every rule and in instalments.
func TestHrev155DueNearYear9999(t *testing.T) {
	d := journal.MustDate(9999, 12, 15)
	eur := hrev153Amt("EUR", "120.00")
	for _, c := range []struct {
		rule journal.DueRule
		want string // "" for refused
	}{
		{journal.DueRule{Kind: journal.NetDays, Days: 16}, "9999-12-31"},
		{journal.DueRule{Kind: journal.NetDays, Days: 17}, ""},
		{journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 10}, "9999-12-31"},
		{journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 17}, ""},
		{journal.DueRule{Kind: journal.EndOfMonthThenDays, Days: 0}, "9999-12-31"},
		{journal.DueRule{Kind: journal.EndOfMonthThenDays, Days: 1}, ""},
		{journal.DueRule{Kind: journal.Immediate, Days: 3000}, "9999-12-15"},
	} {
		pt := journal.PaymentTerms{Due: c.rule}
		dates, _, err := pt.Split(eur, d, currency.HalfAwayFromZero)
		_, ierr := hrev155Inv(d, "100.00", pt).Entry()
		if c.want == "" {
			assert.ErrorIs(t, err, journal.ErrTerms, "%+v", c.rule)
			assert.ErrorIs(t, ierr, journal.ErrTerms, "%+v", c.rule)
			continue
		}
		require.NoError(t, err, "%+v", c.rule)
		require.NoError(t, ierr, "%+v", c.rule)
		assert.Equal(t, c.want, dates[0].String())
	}
	// The second instalment past the year: refused.
	pt := journal.PaymentTerms{Instalments: []journal.Instalment{
		{Percent: tax.MustParsePercent("50")},
		{Percent: tax.MustParsePercent("50"), Due: journal.DueRule{Kind: journal.NetDays, Days: 30}}}}
	_, _, err := pt.Split(eur, d, currency.HalfAwayFromZero)
	assert.ErrorIs(t, err, journal.ErrTerms)
	_, err = hrev155Inv(d, "100.00", pt).Entry()
	assert.ErrorIs(t, err, journal.ErrTerms)
}

// A discount deadline past year 9999 (due at once, 2 % within 30 days of
// 9999-12-15) is refused by the builder; within the year it is kept; a
// discount rounding to nothing has no deadline to refuse.
func TestHrev155DiscountDeadlineYear9999(t *testing.T) {
	d := journal.MustDate(9999, 12, 15)
	pt := journal.PaymentTerms{Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 30}}
	_, err := hrev155Inv(d, "100.00", pt).Entry()
	assert.ErrorIs(t, err, journal.ErrTerms)
	pt.Discount.Days = 16
	e, err := hrev155Inv(d, "100.00", pt).Entry()
	require.NoError(t, err)
	require.NotNil(t, e.DiscountOffer)
	assert.Equal(t, "2.40", e.DiscountOffer.Amount.Plain())
	assert.Equal(t, "9999-12-31", e.DiscountOffer.Until.String())
}

// Ordinary terms unchanged: a leap-year 45 days end of month with 2 %
// within 10 days on 1 200.00 TTC; a discount just under the total
// (99.99 % of 0.03 = 0.03 → the whole, no offer; 50 % of 0.03 = 0.015 →
// 0.02, an offer).
func TestHrev155OrdinaryTerms(t *testing.T) {
	pt := journal.PaymentTerms{Due: journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 45},
		Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}}
	e, err := hrev155Inv(journal.MustDate(2028, 1, 10), "1000.00", pt).Entry()
	require.NoError(t, err)
	assert.Equal(t, "1200.00", e.Lines[0].AmountCurrency.Plain())
	assert.Equal(t, "2028-02-29", e.Lines[0].DueDate.String())
	require.NotNil(t, e.DiscountOffer)
	assert.Equal(t, "24.00", e.DiscountOffer.Amount.Plain())
	assert.Equal(t, "2028-01-20", e.DiscountOffer.Until.String())

	small := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2026, 1, 10), Partner: "C1",
		PartnerAccount: "411000", Label: "F", Lines: []journal.InvoiceLine{hrev153Line("a", "", "0.03", "707000")},
		Terms: journal.PaymentTerms{Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("99.99"), Days: 10}}}
	e, err = small.Entry()
	require.NoError(t, err)
	assert.Nil(t, e.DiscountOffer)
	small.Terms.Discount.Percent = tax.MustParsePercent("50")
	e, err = small.Entry()
	require.NoError(t, err)
	require.NotNil(t, e.DiscountOffer)
	assert.Equal(t, "0.02", e.DiscountOffer.Amount.Plain())

	// A supplier bill offers its discount too, a credit note none.
	bill := hrev155Inv(journal.MustDate(2026, 3, 1), "1000.00", pt)
	bill.Kind, bill.PartnerAccount, bill.Journal = journal.SupplierBill, "401000", "HA"
	bill.Lines[0].Taxes = []tax.Tax{tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)}
	bill.Lines[0].Account = "607000"
	e, err = bill.Entry()
	require.NoError(t, err)
	require.NotNil(t, e.DiscountOffer)
	assert.Equal(t, "24.00", e.DiscountOffer.Amount.Plain())
	assert.Equal(t, "-1200.00", e.Lines[0].AmountCurrency.Plain())
	cn := hrev155Inv(journal.MustDate(2026, 3, 1), "1000.00", pt)
	cn.Kind = journal.CustomerCreditNote
	e, err = cn.Entry()
	require.NoError(t, err)
	assert.Nil(t, e.DiscountOffer)
}
