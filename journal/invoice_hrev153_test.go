package journal_test

import (
	"errors"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hrev153Amt(code, s string) currency.Amount {
	return currency.MustParse(currency.MustLookup(code), s)
}

func hrev153Line(label, qty, price string, acc string, taxes ...tax.Tax) journal.InvoiceLine {
	l := journal.InvoiceLine{Label: label, UnitPrice: hrev153Amt("EUR", price), Taxes: taxes, Account: acc}
	if qty != "" {
		l.Quantity = journal.MustQuantity(qty)
	}
	return l
}

func hrev153Included(t tax.Tax) tax.Tax { t.PriceIncluded = true; return t }

// hrev153Sums returns the lines' sums by account, as plain amounts of
// AmountCurrency, and checks the entry balances.
func hrev153Sums(t *testing.T, e journal.Entry) map[string]string {
	t.Helper()
	cur := e.Currency
	sums := map[string]currency.Amount{}
	total := currency.Zero(cur)
	for _, l := range e.Lines {
		s, ok := sums[l.Account]
		if !ok {
			s = currency.Zero(cur)
		}
		var err error
		sums[l.Account], err = s.Add(l.AmountCurrency)
		require.NoError(t, err)
		total, err = total.Add(l.AmountCurrency)
		require.NoError(t, err)
	}
	require.True(t, total.IsZero(), "entry unbalanced by %s", total)
	out := map[string]string{}
	for k, v := range sums {
		out[k] = v.Plain()
	}
	return out
}

// Every French rate on one invoice, HT prices, decimal quantities and a
// return line, default rounding (once per rate on its HT total), by hand:
//
//	20 %   : 3 × 12.35 = 37.05, return −1 × 12.35 → base 24.70, VAT 4.94
//	10 %   : 2.5 × 19.99 = 49.975 → 49.98, VAT 4.998 → 5.00
//	5,5 %  : 1.333 × 7.50 = 9.9975 → 10.00, VAT 0.55
//	2,1 %  : 4 × 3.15 = 12.60, VAT 0.2646 → 0.26
//	0 %    : 100.00, no VAT line
//	8,5 %  : 250.00, VAT 21.25
//	1,05 % : 80.00, VAT 0.84
//
// HT 527.28, VAT 32.84, TTC 560.12.
func TestHrev153AllFrenchRatesByHand(t *testing.T) {
	v := func(r tax.FrenchRate) tax.Tax { return tax.MustFrenchVAT(r, tax.Sales, tax.OnInvoice) }
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2028, 1, 31),
		Partner: "C1", PartnerAccount: "411000", Ref: "F-1", Label: "Facture F-1", Lines: []journal.InvoiceLine{
			hrev153Line("a", "3", "12.35", "707000", v(tax.Standard)),
			hrev153Line("b", "2.5", "19.99", "707000", v(tax.Intermediate)),
			hrev153Line("c", "1.333", "7.50", "707000", v(tax.Reduced)),
			hrev153Line("d", "4", "3.15", "707000", v(tax.SuperReduced)),
			hrev153Line("e", "", "100.00", "707000", v(tax.Exempt)),
			hrev153Line("f", "1", "250.00", "707000", v(tax.DOMStandard)),
			hrev153Line("g", "1", "80.00", "707000", v(tax.DOMParticular)),
			hrev153Line("return a", "-1", "12.35", "707000", v(tax.Standard)),
		}}
	tot, err := inv.Totals()
	require.NoError(t, err)
	assert.Equal(t, "527.28", tot.HT.Plain())
	assert.Equal(t, "560.12", tot.TTC.Plain())
	got := map[string][2]string{}
	for _, tt := range tot.Taxes {
		got[tt.Tax.ID] = [2]string{tt.Base.Plain(), tt.Amount.Plain()}
	}
	assert.Equal(t, map[string][2]string{
		"TVA20": {"24.70", "4.94"}, "TVA10": {"49.98", "5.00"}, "TVA5.5": {"10.00", "0.55"},
		"TVA2.1": {"12.60", "0.26"}, "EXO": {"100.00", "0.00"}, "TVA8.5": {"250.00", "21.25"},
		"TVA1.05": {"80.00", "0.84"},
	}, got)
	var bases []string
	for _, b := range tot.Bases {
		bases = append(bases, b.Plain())
	}
	assert.Equal(t, []string{"37.05", "49.98", "10.00", "12.60", "100.00", "250.00", "80.00", "-12.35"}, bases)

	e, err := inv.Entry()
	require.NoError(t, err)
	assert.Equal(t, journal.TypeInvoice, e.Type)
	sums := hrev153Sums(t, e)
	assert.Equal(t, "560.12", sums["411000"])
	assert.Equal(t, "-527.28", sums["707000"])
	assert.Equal(t, "-32.84", sums["445710"])
	taxLines := 0
	for _, l := range e.Lines {
		if l.TaxRole == tax.RoleTax {
			taxLines++
			assert.Equal(t, "445710", l.Account)
		}
		if l.Label == "return a" {
			assert.Equal(t, "12.35", l.AmountCurrency.Plain(), "the return is a debit of income")
		}
	}
	assert.Equal(t, 6, taxLines, "no tax line for the exempt 0 %")
}

// The rounding trap: three lines of 0.13 HT at 20 %. The godoc promises
// once per rate by default: 0.39 × 20 % = 0.078 → 0.08; per line 0.026 →
// 0.03 each, 0.09.
func TestHrev153RoundingPerRateVsPerLine(t *testing.T) {
	v := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	lines := []journal.InvoiceLine{
		hrev153Line("a", "", "0.13", "707000", v), hrev153Line("b", "", "0.13", "707000", v), hrev153Line("c", "", "0.13", "707000", v)}
	g, err := journal.Invoice{Lines: lines}.Totals()
	require.NoError(t, err)
	assert.Equal(t, "0.08", g.Taxes[0].Amount.Plain())
	assert.Equal(t, "0.47", g.TTC.Plain())
	p, err := journal.Invoice{Lines: lines, PerLineRounding: true}.Totals()
	require.NoError(t, err)
	assert.Equal(t, "0.09", p.Taxes[0].Amount.Plain())
	assert.Equal(t, "0.48", p.TTC.Plain())
	// 3 × 0.10 at 20 %: 0.06 both ways.
	lines = []journal.InvoiceLine{
		hrev153Line("a", "", "0.10", "707000", v), hrev153Line("b", "", "0.10", "707000", v), hrev153Line("c", "", "0.10", "707000", v)}
	g, _ = journal.Invoice{Lines: lines}.Totals()
	p, _ = journal.Invoice{Lines: lines, PerLineRounding: true}.Totals()
	assert.Equal(t, "0.06", g.Taxes[0].Amount.Plain())
	assert.Equal(t, "0.06", p.Taxes[0].Amount.Plain())
}

// A negative line's tax rounds half away from zero per line: −0.5 × 0.25 = −0.125
// HT → −0.13 (amount), VAT −0.026 → −0.03.
func TestHrev153NegativeLineRoundsAwayFromZero(t *testing.T) {
	v := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	tot, err := journal.Invoice{PerLineRounding: true, Lines: []journal.InvoiceLine{
		hrev153Line("a", "", "10.00", "707000", v), hrev153Line("r", "-0.5", "0.25", "707000", v)}}.Totals()
	require.NoError(t, err)
	assert.Equal(t, "-0.13", tot.Bases[1].Plain())
	assert.Equal(t, "9.87", tot.HT.Plain())
	assert.Equal(t, "1.97", tot.Taxes[0].Amount.Plain()) // 2.00 − 0.03
	assert.Equal(t, "11.84", tot.TTC.Plain())
}

// JPY has no minor unit: 3 × ¥1,234 at 10 % = ¥3,702, VAT 370.2 → ¥370,
// TTC ¥4,072; at 8,5 % on ¥1,234: 104.89 → ¥105. Tax-included ¥1,099 at
// 10 %: VAT 99.909… → ¥100, HT ¥999.
func TestHrev153JPY(t *testing.T) {
	jpy := func(s string) currency.Amount { return hrev153Amt("JPY", s) }
	v10 := tax.MustFrenchVAT(tax.Intermediate, tax.Sales, tax.OnInvoice)
	tot, err := journal.Invoice{Lines: []journal.InvoiceLine{
		{Label: "x", Quantity: journal.MustQuantity("3"), UnitPrice: jpy("1234"), Taxes: []tax.Tax{v10}, Account: "707000"}}}.Totals()
	require.NoError(t, err)
	assert.Equal(t, "3702", tot.HT.Plain())
	assert.Equal(t, "370", tot.Taxes[0].Amount.Plain())
	assert.Equal(t, "4072", tot.TTC.Plain())
	a, err := tax.MustFrenchVAT(tax.DOMStandard, tax.Sales, tax.OnInvoice).Amount(jpy("1234"), currency.HalfAwayFromZero)
	require.NoError(t, err)
	assert.Equal(t, "105", a.Plain())
	tot, err = journal.Invoice{Lines: []journal.InvoiceLine{
		{Label: "x", UnitPrice: jpy("1099"), Taxes: []tax.Tax{hrev153Included(v10)}, Account: "707000"}}}.Totals()
	require.NoError(t, err)
	assert.Equal(t, "999", tot.HT.Plain())
	assert.Equal(t, "100", tot.Taxes[0].Amount.Plain())
	assert.Equal(t, "1099", tot.TTC.Plain())
}

// KWD has three decimals: 2 × 1.235 at 5 % → 2.470, VAT 0.1235 → 0.124,
// TTC 2.594; instalments 30/70: 0.7782 → 0.778 and 1.816.
func TestHrev153ThreeDecimals(t *testing.T) {
	v5 := tax.Tax{ID: "VAT5", Name: "VAT 5 %", Rate: tax.MustParsePercent("5"), FinalAccount: "445710"}
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2028, 2, 29), Partner: "C1",
		PartnerAccount: "411000", Label: "KWD", Lines: []journal.InvoiceLine{
			{Label: "x", Quantity: journal.MustQuantity("2"), UnitPrice: hrev153Amt("KWD", "1.235"), Taxes: []tax.Tax{v5}, Account: "707000"}},
		Terms: journal.PaymentTerms{Instalments: []journal.Instalment{
			{Percent: tax.MustParsePercent("30")}, {Percent: tax.MustParsePercent("70"), Due: journal.DueRule{Kind: journal.NetDays, Days: 30}}}}}
	tot, err := inv.Totals()
	require.NoError(t, err)
	assert.Equal(t, "2.470", tot.HT.Plain())
	assert.Equal(t, "0.124", tot.Taxes[0].Amount.Plain())
	assert.Equal(t, "2.594", tot.TTC.Plain())
	e, err := inv.Entry()
	require.NoError(t, err)
	require.Equal(t, "411000", e.Lines[0].Account)
	assert.Equal(t, "0.778", e.Lines[0].AmountCurrency.Plain())
	assert.Equal(t, "2028-02-29", e.Lines[0].DueDate.String())
	assert.Equal(t, "1.816", e.Lines[1].AmountCurrency.Plain())
	assert.Equal(t, "2028-03-30", e.Lines[1].DueDate.String())
}

// Tax-included prices, default rounding: three lines of 19.99 TTC at 20 %
// hold 59.97 × 20 / 120 = 9.995 → 10.00 of VAT, HT 49.97 spread 16.66,
// 16.66, 16.65: HT + VAT = TTC to the cent. Per line: 3.33 each, HT 49.98.
// One 10.00 TTC at 5,5 %: 0.5213… → 0.52, HT 9.48.
func TestHrev153IncludedExtractsExactly(t *testing.T) {
	v20 := hrev153Included(tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice))
	v55 := hrev153Included(tax.MustFrenchVAT(tax.Reduced, tax.Sales, tax.OnInvoice))
	lines := []journal.InvoiceLine{hrev153Line("a", "", "19.99", "707000", v20), hrev153Line("b", "", "19.99", "707000", v20),
		hrev153Line("c", "", "19.99", "707000", v20), hrev153Line("d", "", "10.00", "707000", v55)}
	tot, err := journal.Invoice{Lines: lines}.Totals()
	require.NoError(t, err)
	assert.Equal(t, "10.00", tot.Taxes[0].Amount.Plain())
	assert.Equal(t, "49.97", tot.Taxes[0].Base.Plain())
	assert.Equal(t, "0.52", tot.Taxes[1].Amount.Plain())
	assert.Equal(t, "9.48", tot.Taxes[1].Base.Plain())
	assert.Equal(t, "59.45", tot.HT.Plain())
	assert.Equal(t, "69.97", tot.TTC.Plain())
	var bases []string
	for _, b := range tot.Bases {
		bases = append(bases, b.Plain())
	}
	assert.ElementsMatch(t, []string{"16.66", "16.66", "16.65", "9.48"}, bases)
	p, err := journal.Invoice{Lines: lines, PerLineRounding: true}.Totals()
	require.NoError(t, err)
	assert.Equal(t, "9.99", p.Taxes[0].Amount.Plain())
	assert.Equal(t, "49.98", p.Taxes[0].Base.Plain())
	assert.Equal(t, "69.97", p.TTC.Plain())
}

// A customer credit note built the same way: receivable credit, income
// and VAT debits, type credit note, no discount offer.
func TestHrev153CreditNote(t *testing.T) {
	v20 := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	inv := journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: journal.MustDate(2028, 3, 1), Partner: "C1",
		PartnerAccount: "411000", Label: "Avoir", Lines: []journal.InvoiceLine{hrev153Line("a", "3", "0.13", "707000", v20)},
		Terms: journal.PaymentTerms{Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}}}
	e, err := inv.Entry()
	require.NoError(t, err)
	assert.Equal(t, journal.TypeCreditNote, e.Type)
	assert.Nil(t, e.DiscountOffer)
	assert.Equal(t, map[string]string{"411000": "-0.47", "707000": "0.39", "445710": "0.08"}, hrev153Sums(t, e))
	inv.Kind = journal.SupplierCreditNote
	inv.PartnerAccount = "401000"
	inv.Lines[0].Taxes = []tax.Tax{tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)}
	inv.Lines[0].Account = "607000"
	e, err = inv.Entry()
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"401000": "0.47", "607000": "-0.39", "445660": "-0.08"}, hrev153Sums(t, e))
}

// VAT on payment goes to the waiting accounts: 445740 on sales, 445640 on
// purchases.
func TestHrev153OnPaymentWaitingAccounts(t *testing.T) {
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2028, 1, 31), Partner: "C1",
		PartnerAccount: "411000", Label: "Services", Lines: []journal.InvoiceLine{
			hrev153Line("a", "", "1000.00", "706000", tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnPayment)),
			hrev153Line("b", "", "100.00", "706000", tax.MustFrenchVAT(tax.Intermediate, tax.Sales, tax.OnPayment))}}
	e, err := inv.Entry()
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"411000": "1310.00", "706000": "-1100.00", "445740": "-210.00"}, hrev153Sums(t, e))
	inv.Kind, inv.Journal, inv.PartnerAccount = journal.SupplierBill, "HA", "401000"
	inv.Lines[0].Taxes = []tax.Tax{tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnPayment)}
	inv.Lines[1].Taxes = []tax.Tax{tax.MustFrenchVAT(tax.Intermediate, tax.Purchases, tax.OnPayment)}
	inv.Lines[0].Account, inv.Lines[1].Account = "604000", "604000"
	e, err = inv.Entry()
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"401000": "-1310.00", "604000": "1100.00", "445640": "210.00"}, hrev153Sums(t, e))
}

// Due rules across the leap February of 2028 and month ends.
func TestHrev153DueRules(t *testing.T) {
	for _, c := range []struct {
		date string
		rule journal.DueRule
		want string
	}{
		{"2028-01-31", journal.DueRule{Kind: journal.NetDays, Days: 30}, "2028-03-01"},
		{"2028-01-30", journal.DueRule{Kind: journal.NetDays, Days: 30}, "2028-02-29"},
		{"2028-01-10", journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 45}, "2028-02-29"},
		{"2026-01-10", journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 45}, "2026-02-28"},
		{"2028-01-10", journal.DueRule{Kind: journal.EndOfMonthThenDays, Days: 45}, "2028-03-16"},
		{"2026-01-10", journal.DueRule{Kind: journal.EndOfMonthThenDays, Days: 45}, "2026-03-17"},
		{"2028-02-29", journal.DueRule{Kind: journal.EndOfMonthThenDays, Days: 0}, "2028-02-29"},
		{"2028-02-15", journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 30}, "2028-03-31"},
		{"2028-12-31", journal.DueRule{Kind: journal.NetDays, Days: 60}, "2029-03-01"},
		{"2028-02-29", journal.DueRule{Kind: journal.Immediate, Days: 30}, "2028-02-29"},
	} {
		d, err := journal.ParseDate(c.date)
		require.NoError(t, err)
		assert.Equal(t, c.want, c.rule.Due(d).String(), "%s %+v", c.date, c.rule)
	}
	d := journal.MustDate(2028, 1, 31)
	assert.Equal(t, "2028-02-29", d.AddMonths(1).String())
	assert.Equal(t, "2027-02-28", journal.MustDate(2027, 1, 31).AddMonths(1).String())
}

// Instalments 30 % at order, 70 % at 30 days on 560.12: 168.036 → 168.04
// and 392.08; the discount of 2 % within 10 days: 11.2024 → 11.20 until
// 2028-03-10.
func TestHrev153InstalmentsAndDiscount(t *testing.T) {
	pt := journal.PaymentTerms{Instalments: []journal.Instalment{
		{Percent: tax.MustParsePercent("30")},
		{Percent: tax.MustParsePercent("70"), Due: journal.DueRule{Kind: journal.NetDays, Days: 30}}},
		Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}}
	d := journal.MustDate(2028, 2, 29)
	dates, parts, err := pt.Split(hrev153Amt("EUR", "560.12"), d, currency.HalfAwayFromZero)
	require.NoError(t, err)
	require.Len(t, parts, 2)
	assert.Equal(t, "168.04", parts[0].Plain())
	assert.Equal(t, "392.08", parts[1].Plain())
	assert.Equal(t, "2028-02-29", dates[0].String())
	assert.Equal(t, "2028-03-30", dates[1].String())
	disc, ok, err := pt.DiscountOn(hrev153Amt("EUR", "560.12"), currency.HalfAwayFromZero)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "11.20", disc.Plain())
	until, ok := pt.DiscountDeadline(d)
	require.True(t, ok)
	assert.Equal(t, "2028-03-10", until.String())

	// Three thirds of 100.00: 33.33 / 33.33 / 33.34 (33.33+33.33+33.34 %).
	pt3 := journal.PaymentTerms{Instalments: []journal.Instalment{
		{Percent: tax.MustParsePercent("33.33")}, {Percent: tax.MustParsePercent("33.33")}, {Percent: tax.MustParsePercent("33.34")}}}
	_, parts, err = pt3.Split(hrev153Amt("EUR", "100.00"), d, currency.HalfAwayFromZero)
	require.NoError(t, err)
	assert.Equal(t, []string{"33.33", "33.33", "33.34"}, []string{parts[0].Plain(), parts[1].Plain(), parts[2].Plain()})

	// The invoice carries the offer and both partner lines.
	v := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	e, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d, Partner: "C1", PartnerAccount: "411000",
		Label: "F", Lines: []journal.InvoiceLine{hrev153Line("a", "", "466.77", "707000", v)}, Terms: pt}.Entry()
	require.NoError(t, err)
	// 466.77 × 1.2 = 560.124 → VAT 93.354 → 93.35, TTC 560.12
	require.NotNil(t, e.DiscountOffer)
	assert.Equal(t, "11.20", e.DiscountOffer.Amount.Plain())
	assert.Equal(t, "2028-03-10", e.DiscountOffer.Until.String())
	assert.Equal(t, "168.04", e.Lines[0].AmountCurrency.Plain())
	assert.Equal(t, "392.08", e.Lines[1].AmountCurrency.Plain())
}

// Bad input is refused with typed errors.
func TestHrev153BadInput(t *testing.T) {
	v := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	base := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2028, 2, 29), Partner: "C1",
		PartnerAccount: "411000", Label: "F", Lines: []journal.InvoiceLine{hrev153Line("a", "", "100.00", "707000", v)}}

	neg := base
	neg.Lines = []journal.InvoiceLine{hrev153Line("a", "-1", "100.00", "707000", v)}
	_, err := neg.Entry()
	assert.ErrorIs(t, err, journal.ErrInvoice, "negative total")

	_, err = tax.FrenchVATByID("TVA19.6")
	assert.ErrorIs(t, err, tax.ErrUnknownID)

	bad := base
	bad.Lines = []journal.InvoiceLine{hrev153Line("a", "", "100.00", "707000", tax.Tax{ID: "X", Rate: tax.MustParsePercent("20")})}
	_, err = bad.Entry()
	assert.ErrorIs(t, err, tax.ErrNoFinalAccount)
	bad.Lines = []journal.InvoiceLine{hrev153Line("a", "", "100.00", "707000", tax.Tax{ID: "X", Rate: tax.MustParsePercent("-5"), FinalAccount: "445710"})}
	_, err = bad.Entry()
	assert.ErrorIs(t, err, tax.ErrRate)

	for name, pt := range map[string]journal.PaymentTerms{
		"99.99 %": {Instalments: []journal.Instalment{{Percent: tax.MustParsePercent("33.33")}, {Percent: tax.MustParsePercent("33.33")}, {Percent: tax.MustParsePercent("33.33")}}},
		"110 %":   {Instalments: []journal.Instalment{{Percent: tax.MustParsePercent("40")}, {Percent: tax.MustParsePercent("70")}}},
		"0 %":     {Instalments: []journal.Instalment{{Percent: tax.MustParsePercent("0")}, {Percent: tax.MustParsePercent("100")}}},
		"-10 %":   {Instalments: []journal.Instalment{{Percent: tax.MustParsePercent("-10")}, {Percent: tax.MustParsePercent("110")}}},
		"-days":   {Due: journal.DueRule{Kind: journal.NetDays, Days: -1}},
		"kind":    {Due: journal.DueRule{Kind: 9, Days: 1}},
		"disc100": {Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("100"), Days: 1}},
		"disc0":   {Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("0"), Days: 1}},
		"discneg": {Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: -1}},
	} {
		inv := base
		inv.Terms = pt
		_, err := inv.Entry()
		assert.ErrorIs(t, err, journal.ErrTerms, name)
	}

	mixed := base
	mixed.Lines = []journal.InvoiceLine{hrev153Line("a", "", "100.00", "707000", v),
		{Label: "b", UnitPrice: hrev153Amt("USD", "1.00"), Account: "707000"}}
	_, err = mixed.Entry()
	assert.ErrorIs(t, err, journal.ErrInvoice, "two currencies")

	for _, q := range []string{"NaN", "Infinity", "", "1/2"} {
		_, err := journal.ParseQuantity(q)
		assert.ErrorIs(t, err, journal.ErrInvoice, q)
	}
}

// Was failing, fixed: an invoice dated 9999-12-15 at 60 days net gets a receivable line with no due date (zero Date) and no error; expected ErrTerms/ErrDate (the due date 10000-02-13 cannot be stored), got a silently undated instalment.
func TestHrev153DueDatePastYear9999(t *testing.T) {
	v := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(9999, 12, 15), Partner: "C1",
		PartnerAccount: "411000", Label: "F", Lines: []journal.InvoiceLine{hrev153Line("a", "", "100.00", "707000", v)},
		Terms: journal.PaymentTerms{Due: journal.DueRule{Kind: journal.NetDays, Days: 60}}}
	e, err := inv.Entry()
	if err != nil {
		assert.True(t, errors.Is(err, journal.ErrTerms) || errors.Is(err, journal.ErrDate), "%v", err)
		return
	}
	assert.False(t, e.Lines[0].DueDate.IsZero(), "the 60-day due date was silently dropped")
}

// Was failing, fixed: terms offering 50 % within 10 days on an invoice of 0.01 make an offer of 0.01 (0.005 rounded), the whole total; expected Entry to refuse (ErrTerms) or offer less than the total, got an entry the book then refuses with ErrDiscountOffer.
func TestHrev153DiscountOfferEqualToTotal(t *testing.T) {
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2026, 1, 10), Partner: "C1",
		PartnerAccount: "411000", Label: "F", Lines: []journal.InvoiceLine{hrev153Line("a", "", "0.01", "707000")},
		Terms: journal.PaymentTerms{Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("50"), Days: 10}}}
	e, err := inv.Entry()
	if err != nil {
		assert.ErrorIs(t, err, journal.ErrTerms)
		return
	}
	if e.DiscountOffer != nil {
		c, err := e.DiscountOffer.Amount.Cmp(e.Lines[0].AmountCurrency)
		require.NoError(t, err)
		assert.Equal(t, -1, c, "offer %s not less than the total %s", e.DiscountOffer.Amount, e.Lines[0].AmountCurrency)
	}
}

// DOM rates in tax-included prices: 100.00 TTC at 8,5 % holds 7.8341… →
// 7.83 (HT 92.17); at 1,05 % 1.0390… → 1.04 (HT 98.96).
func TestHrev153DOMIncluded(t *testing.T) {
	for _, c := range []struct {
		r       tax.FrenchRate
		vat, ht string
	}{{tax.DOMStandard, "7.83", "92.17"}, {tax.DOMParticular, "1.04", "98.96"}} {
		x := hrev153Included(tax.MustFrenchVAT(c.r, tax.Sales, tax.OnInvoice))
		tot, err := journal.Invoice{Lines: []journal.InvoiceLine{hrev153Line("a", "", "100.00", "707000", x)}}.Totals()
		require.NoError(t, err)
		assert.Equal(t, c.vat, tot.Taxes[0].Amount.Plain())
		assert.Equal(t, c.ht, tot.HT.Plain())
		assert.Equal(t, "100.00", tot.TTC.Plain())
	}
	assert.Equal(t, "1,05\u00a0%", tax.DOMParticular.Percent().French())
}
