package journal_test

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	vat20   = tax.Tax{ID: "V20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445710"}
	vat55   = tax.Tax{ID: "V5.5", Name: "TVA 5,5 %", Rate: tax.MustParsePercent("5.5"), FinalAccount: "445710"}
	vat20OP = tax.Tax{ID: "V20E", Name: "TVA 20 % encaissements", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
		FinalAccount: "445710", TransitionAccount: "445740"}
)

func eurAmount(s string) currency.Amount { return currency.MustParse(currency.MustLookup("EUR"), s) }

// DESIGN example 3: 5 000.00 + 280.00 HT at 5.5 % → 290.40, TTC 5 570.40.
func ExampleInvoice_Totals() {
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Lines: []journal.InvoiceLine{
		{Label: "Prestation", UnitPrice: eurAmount("5000.00"), Taxes: []tax.Tax{vat55}, Account: "706000"},
		{Label: "Frais", Quantity: journal.MustQuantity("2"), UnitPrice: eurAmount("140.00"), Taxes: []tax.Tax{vat55}, Account: "706000"},
	}}
	t, _ := inv.Totals()
	fmt.Println("Total HT ", t.HT.French())
	for _, tt := range t.Taxes {
		fmt.Println(tt.Tax.Name, "sur", tt.Base.French(), ":", tt.Amount.French())
	}
	fmt.Println("Total TTC", t.TTC.French())
	// Output:
	// Total HT  5 280,00 €
	// TVA 5,5 % sur 5 280,00 € : 290,40 €
	// Total TTC 5 570,40 €
}

// Per-line and global rounding differ: three lines of 0.10 at 5.5 %.
func ExampleInvoice_Totals_rounding() {
	lines := []journal.InvoiceLine{
		{Label: "a", UnitPrice: eurAmount("0.10"), Taxes: []tax.Tax{vat55}, Account: "707000"},
		{Label: "b", UnitPrice: eurAmount("0.10"), Taxes: []tax.Tax{vat55}, Account: "707000"},
		{Label: "c", UnitPrice: eurAmount("0.10"), Taxes: []tax.Tax{vat55}, Account: "707000"},
	}
	global, _ := journal.Invoice{Lines: lines}.Totals()
	perLine, _ := journal.Invoice{Lines: lines, PerLineRounding: true}.Totals()
	fmt.Println("global:  ", global.Taxes[0].Amount.Plain(), global.TTC.Plain())
	fmt.Println("per line:", perLine.Taxes[0].Amount.Plain(), perLine.TTC.Plain())
	// Output:
	// global:   0.02 0.32
	// per line: 0.03 0.33
}

func TestInvoiceEntry(t *testing.T) {
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2026, 1, 10), Partner: "C1",
		PartnerAccount: "411000", Label: "Facture", Lines: []journal.InvoiceLine{
			{Label: "Conseil", UnitPrice: eurAmount("1000.00"), Taxes: []tax.Tax{vat20OP}, Account: "706000"},
			{Label: "Livre", Quantity: journal.MustQuantity("3"), UnitPrice: eurAmount("10.55"), Taxes: []tax.Tax{vat55}, Account: "707000"},
			{Label: "Port", UnitPrice: eurAmount("5.00"), Account: "708000"},
		},
		Terms: journal.PaymentTerms{Instalments: []journal.Instalment{
			{Percent: tax.MustParsePercent("30"), Due: journal.DueRule{Kind: journal.Immediate}},
			{Percent: tax.MustParsePercent("70"), Due: journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 45}},
		}}}
	e, err := inv.Entry()
	require.NoError(t, err)
	sum := currency.Zero(currency.MustLookup("EUR"))
	for _, l := range e.Lines {
		sum, err = sum.Add(l.AmountCurrency)
		require.NoError(t, err)
	}
	assert.True(t, sum.IsZero(), "balanced in its currency: %s", sum)
	// 1000 + 31.65 + 5 = 1036.65 HT; 200.00 + 1.74 VAT; TTC 1238.39.
	got := []string{}
	for _, l := range e.Lines {
		got = append(got, fmt.Sprintf("%s %s %s %s", l.Account, l.AmountCurrency.Plain(), l.DueDate, l.TaxRole))
	}
	assert.Equal(t, []string{
		"411000 371.52 2026-01-10 none",
		"411000 866.87 2026-02-28 none",
		"706000 -1000.00  base",
		"707000 -31.65  base",
		"708000 -5.00  none",
		"445740 -200.00  tax",
		"445710 -1.74  tax",
	}, got)
	assert.True(t, e.Lines[2].Taxes[0].Equal(vat20OP), "the base line keeps the tax snapshot")

	bill := inv
	bill.Kind, bill.PartnerAccount, bill.Journal = journal.SupplierBill, "401000", "AC"
	be, err := bill.Entry()
	require.NoError(t, err)
	assert.Equal(t, "-371.52", be.Lines[0].AmountCurrency.Plain())
	assert.Equal(t, "1000.00", be.Lines[2].AmountCurrency.Plain())
	assert.Equal(t, journal.TypeInvoice, be.Type)
	cn := inv
	cn.Kind = journal.CustomerCreditNote
	ce, err := cn.Entry()
	require.NoError(t, err)
	assert.Equal(t, journal.TypeCreditNote, ce.Type)
	assert.Equal(t, "-371.52", ce.Lines[0].AmountCurrency.Plain())
}

func TestPriceIncluded(t *testing.T) {
	ttc := vat20
	ttc.ID, ttc.PriceIncluded = "V20TTC", true
	tot, err := journal.Invoice{Lines: []journal.InvoiceLine{
		{UnitPrice: eurAmount("12.00"), Taxes: []tax.Tax{ttc}, Account: "707000"},
		{UnitPrice: eurAmount("9.99"), Taxes: []tax.Tax{ttc}, Account: "707000"},
	}}.Totals()
	require.NoError(t, err)
	// The tax is 2.00 + 1.665 = 3.665 exactly, rounded half away from
	// zero once (Odoo 18), and the HT what the prices hold beyond it.
	assert.Equal(t, "18.32", tot.HT.Plain())
	assert.Equal(t, "3.67", tot.Taxes[0].Amount.Plain())
	assert.Equal(t, "21.99", tot.TTC.Plain(), "a price-included total is what the prices say")
}

// Price-included taxes come out of the sum of the lines that share them,
// each tax rounded once, the base what the prices hold beyond them, handed
// to the lines by the largest remainder (a cent left by a tie to the first
// line, as Odoo does); per line with PerLineRounding. Two tickets of
// 10.00 TTC at 20 %: 3.33 of VAT on 20.00 (each line's base rounded first
// made 16.66 and 3.34, a cent more than 20 % of anything).
func TestPriceIncludedOnTheSum(t *testing.T) {
	ttc := vat20
	ttc.ID, ttc.PriceIncluded = "V20TTC", true
	ttc10 := ttc
	ttc10.ID, ttc10.Rate = "V10TTC", tax.MustParsePercent("10")
	zero := ttc
	zero.ID, zero.Rate = "V0TTC", tax.MustParsePercent("0")
	line := func(price string, taxes ...tax.Tax) journal.InvoiceLine {
		return journal.InvoiceLine{UnitPrice: eurAmount(price), Taxes: taxes, Account: "707000"}
	}
	tests := []struct {
		name    string
		perLine bool
		lines   []journal.InvoiceLine
		bases   []string
		taxes   []string // id amount
		ttc     string
	}{
		{"one rate, on the sum", false, []journal.InvoiceLine{line("10.00", ttc), line("10.00", ttc)},
			[]string{"8.34", "8.33"}, []string{"V20TTC 3.33"}, "20.00"},
		{"one rate, per line", true, []journal.InvoiceLine{line("10.00", ttc), line("10.00", ttc)},
			[]string{"8.33", "8.33"}, []string{"V20TTC 3.34"}, "20.00"},
		{"two rates, each on its own lines", false, []journal.InvoiceLine{line("10.00", ttc), line("5.50", ttc10), line("10.00", ttc)},
			[]string{"8.34", "5.00", "8.33"}, []string{"V20TTC 3.33", "V10TTC 0.50"}, "25.50"},
		{"a 0 % tax beside a rate takes nothing", false, []journal.InvoiceLine{line("124.40", ttc10, zero)},
			[]string{"113.09"}, []string{"V10TTC 11.31", "V0TTC 0.00"}, "124.40"},
		{"lines that cancel out hold no tax", false, []journal.InvoiceLine{line("10.00", ttc), line("-10.00", ttc)},
			[]string{"8.33", "-8.33"}, []string{"V20TTC 0.00"}, "0.00"},
		{"a rebate line lowers its group", false, []journal.InvoiceLine{line("30.00", ttc), line("-5.00", ttc)},
			[]string{"25.00", "-4.17"}, []string{"V20TTC 4.17"}, "25.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tot, err := journal.Invoice{Lines: tt.lines, PerLineRounding: tt.perLine}.Totals()
			require.NoError(t, err)
			var bases, taxes []string
			for _, b := range tot.Bases {
				bases = append(bases, b.Plain())
			}
			for _, x := range tot.Taxes {
				taxes = append(taxes, x.Tax.ID+" "+x.Amount.Plain())
			}
			assert.Equal(t, tt.bases, bases)
			assert.Equal(t, tt.taxes, taxes)
			assert.Equal(t, tt.ttc, tot.TTC.Plain())
		})
	}
}

func TestDueRules(t *testing.T) {
	d := journal.MustDate(2026, 1, 10)
	for _, c := range []struct {
		rule journal.DueRule
		want string
	}{
		{journal.DueRule{}, "2026-01-10"},
		{journal.DueRule{Kind: journal.NetDays, Days: 30}, "2026-02-09"},
		{journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 45}, "2026-02-28"},
		{journal.DueRule{Kind: journal.EndOfMonthThenDays, Days: 45}, "2026-03-17"},
	} {
		assert.Equal(t, c.want, c.rule.Due(d).String(), "%+v", c.rule)
	}
}

func TestInvoiceBadInput(t *testing.T) {
	line := journal.InvoiceLine{UnitPrice: eurAmount("10.00"), Taxes: []tax.Tax{vat20}, Account: "706000"}
	ok := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2026, 1, 1), Partner: "C1",
		PartnerAccount: "411000", Lines: []journal.InvoiceLine{line}}
	bad := func(mut func(*journal.Invoice)) error {
		inv := ok
		inv.Lines = append([]journal.InvoiceLine(nil), ok.Lines...)
		mut(&inv)
		_, err := inv.Entry()
		return err
	}
	for name, c := range map[string]struct {
		mut  func(*journal.Invoice)
		want error
	}{
		"no lines":             {func(i *journal.Invoice) { i.Lines = nil }, journal.ErrInvoice},
		"no partner":           {func(i *journal.Invoice) { i.Partner = "" }, journal.ErrInvoice},
		"line without account": {func(i *journal.Invoice) { i.Lines[0].Account = "" }, journal.ErrInvoice},
		"negative total":       {func(i *journal.Invoice) { i.Lines[0].Quantity = journal.MustQuantity("-1") }, journal.ErrInvoice},
		"negative tax rate": {func(i *journal.Invoice) {
			t := vat20
			t.Rate = tax.MustParsePercent("-1")
			i.Lines[0].Taxes = []tax.Tax{t}
		}, tax.ErrRate},
		"rate of 1000 %": {func(i *journal.Invoice) {
			t := vat20
			t.Rate = tax.MustParsePercent("1000")
			i.Lines[0].Taxes = []tax.Tax{t}
		}, tax.ErrRate},
		"on-payment tax without transition account": {func(i *journal.Invoice) {
			t := vat20OP
			t.TransitionAccount = ""
			i.Lines[0].Taxes = []tax.Tax{t}
		}, tax.ErrNoTransitionAccount},
		"terms not summing to 100": {func(i *journal.Invoice) {
			i.Terms.Instalments = []journal.Instalment{{Percent: tax.MustParsePercent("50")}, {Percent: tax.MustParsePercent("40")}}
		}, journal.ErrTerms},
		"negative instalment": {func(i *journal.Invoice) {
			i.Terms.Instalments = []journal.Instalment{{Percent: tax.MustParsePercent("150")}, {Percent: tax.MustParsePercent("-50")}}
		}, journal.ErrTerms},
		// An early-payment discount the builder would pass on to the
		// caller's payment screen must make sense on its own.
		"discount of 150 %": {func(i *journal.Invoice) {
			i.Terms.Discount = &journal.EarlyDiscount{Percent: tax.MustParsePercent("150"), Days: 10}
		}, journal.ErrTerms},
		"discount of 0 %": {func(i *journal.Invoice) {
			i.Terms.Discount = &journal.EarlyDiscount{Days: 10}
		}, journal.ErrTerms},
		"discount before the invoice": {func(i *journal.Invoice) {
			i.Terms.Discount = &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: -5}
		}, journal.ErrTerms},
	} {
		assert.ErrorIs(t, bad(c.mut), c.want, name)
	}
	_, err := journal.ParseQuantity("x")
	assert.ErrorIs(t, err, journal.ErrInvoice)
}

func TestDiscountTerm(t *testing.T) {
	pt := journal.PaymentTerms{Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}}
	deadline, ok := pt.DiscountDeadline(journal.MustDate(2026, 3, 25))
	assert.True(t, ok)
	assert.Equal(t, "2026-04-04", deadline.String())
	d, ok, err := pt.DiscountOn(eurAmount("1200.00"), currency.HalfAwayFromZero)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "24.00", d.Plain())
	_, ok = journal.PaymentTerms{}.DiscountDeadline(journal.MustDate(2026, 3, 25))
	assert.False(t, ok)
	pt.Discount.Percent = tax.MustParsePercent("100")
	_, _, err = pt.DiscountOn(eurAmount("1200.00"), currency.HalfAwayFromZero)
	assert.ErrorIs(t, err, journal.ErrTerms)
}

// A free line (a gift, a line at 0.00) books nothing and refuses nothing;
// the invoice is built from its other lines.
func TestInvoiceFreeLine(t *testing.T) {
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2026, 1, 10), Partner: "C1",
		PartnerAccount: "411000", Lines: []journal.InvoiceLine{
			{Label: "Conseil", UnitPrice: eurAmount("100.00"), Taxes: []tax.Tax{vat20}, Account: "706000"},
			{Label: "Offert", UnitPrice: eurAmount("0.00"), Taxes: []tax.Tax{vat20}, Account: "706000"},
			{Label: "Retour", Quantity: journal.MustQuantity("0"), UnitPrice: eurAmount("12.00"), Account: "706000"},
		}}
	e, err := inv.Entry()
	require.NoError(t, err)
	require.Len(t, e.Lines, 3, "receivable, one base line, one tax line")
	assert.Equal(t, "120.00", e.Lines[0].AmountCurrency.Plain())
	assert.Equal(t, "-100.00", e.Lines[1].AmountCurrency.Plain())
	assert.Equal(t, "-20.00", e.Lines[2].AmountCurrency.Plain())

	inv.Lines = inv.Lines[1:2]
	_, err = inv.Entry()
	assert.ErrorIs(t, err, journal.ErrInvoice, "an invoice of nothing at all is still refused")
}
