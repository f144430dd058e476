package journal_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// Review 20b: price-included taxes taken out of the sum of a group of
// lines, the base spread back over the lines by their amounts.

// rv20bTTC is a 20 % tax included in the price.
var rv20bTTC = func() tax.Tax {
	t := vat20
	t.ID, t.PriceIncluded = "V20TTC", true
	return t
}()

func rv20bLine(price string, taxes ...tax.Tax) journal.InvoiceLine {
	return journal.InvoiceLine{Label: "l", UnitPrice: eurAmount(price), Taxes: taxes, Account: "707000"}
}

// A rebate line that takes most of a group back: 100,00 TTC and a rebate
// of -90,00 TTC at 20 % included. The group's base is 8,33 (10,00 / 1,2),
// but spread back by the lines' amounts (100 / 10 and -90 / 10 of it) the
// rounding of the group is multiplied tenfold: the lines got 83,30 and
// -74,97, where each line holds 83,33 and -75,00 of HT (100 / 1,2, -90 /
// 1,2, exact), as the old per-line base and Odoo's global rounding (each
// line's subtotal rounded, the taxes summed then rounded) both book them.
// A line's base must stay within a cent of its amount × 100 / 120: here
// the 100,00 line states 16,70 of VAT, 20,05 % of its base.
func TestReview20bIncludedRebateAmplifiesRounding(t *testing.T) {
	tot, err := journal.Invoice{Lines: []journal.InvoiceLine{rv20bLine("100.00", rv20bTTC), rv20bLine("-90.00", rv20bTTC)}}.Totals()
	require.NoError(t, err)
	require.Len(t, tot.Bases, 2)
	assert.Equal(t, "8.33", tot.HT.Plain(), "the group's base, rounded once")
	assert.Equal(t, []string{"83.33", "-75.00"}, []string{tot.Bases[0].Plain(), tot.Bases[1].Plain()},
		"each line's base within a cent of its amount / 1.2")
}

// The same with three lines that nearly cancel: 50,00 + 50,00 - 99,90
// TTC. The group's base is 0,08 (0,10 / 1,2 = 0,083); spread by 500 /
// -999 times it, the lines got 40,00, 40,00 and -79,92 (VAT of 25 % on
// each) where they hold 41,67, 41,67 and -83,25.
func TestReview20bIncludedNearlyCancellingThreeLines(t *testing.T) {
	tot, err := journal.Invoice{Lines: []journal.InvoiceLine{rv20bLine("50.00", rv20bTTC), rv20bLine("50.00", rv20bTTC),
		rv20bLine("-99.90", rv20bTTC)}}.Totals()
	require.NoError(t, err)
	var bases []string
	for _, b := range tot.Bases {
		bases = append(bases, b.Plain())
	}
	want := []string{"41.67", "41.67", "-83.25"}
	for i := range want {
		d, err := eurAmount(bases[i]).Sub(eurAmount(want[i]))
		require.NoError(t, err)
		c, err := d.Abs().Cmp(eurAmount("0.01"))
		require.NoError(t, err)
		assert.True(t, c <= 0, "line %d: base %s, its exact share %s", i+1, bases[i], want[i])
	}
}

// Three lines whose sum is nil: 10,00 + 10,00 - 20,00 TTC at 20 %
// included. Taken out of their sum, nothing holds any tax: 0,00 of VAT,
// 0,00 HT, as 0 × 20 / 120 (Totals: "taken out of the sum of the lines
// that share the same included taxes"). The group falls back to each
// line's own rounding (8,33 + 8,33 - 16,67) and states 0,01 of VAT on an
// invoice of 0,00, with an HT of -0,01: a VAT of the opposite sign of its
// base. (With two lines, 10,00 - 10,00, the own roundings happen to
// cancel.)
func TestReview20bIncludedThreeLinesSumToZero(t *testing.T) {
	tot, err := journal.Invoice{Lines: []journal.InvoiceLine{rv20bLine("10.00", rv20bTTC), rv20bLine("10.00", rv20bTTC),
		rv20bLine("-20.00", rv20bTTC)}}.Totals()
	require.NoError(t, err)
	require.Len(t, tot.Taxes, 1)
	assert.Equal(t, "0.00", tot.TTC.Plain())
	assert.Equal(t, "0.00", tot.Taxes[0].Amount.Plain(), "no VAT on a nil total")
	assert.Equal(t, "0.00", tot.HT.Plain())
}

// A 0 % included tax beside the 20 % one on one line splits the lines of
// the 20 % in two groups, each rounded on its own: two tickets of 10,00
// TTC, one also under a 0 % tax, give 1,67 + 1,67 = 3,34 of 20 %, where
// the same two tickets without the 0 % tax give 3,33 (TestPriceIncluded-
// OnTheSum, "one rate, on the sum"). A 0 % tax takes nothing and changes
// no base (100 / (100 + 20 + 0)); the VAT of the 20 % rate on its HT total
// of 16,67 is 3,33.
func TestReview20bIncludedZeroRateSplitsTheGroup(t *testing.T) {
	zero := rv20bTTC
	zero.ID, zero.Rate = "V0TTC", tax.MustParsePercent("0")
	tot, err := journal.Invoice{Lines: []journal.InvoiceLine{rv20bLine("10.00", rv20bTTC), rv20bLine("10.00", rv20bTTC, zero)}}.Totals()
	require.NoError(t, err)
	require.NotEmpty(t, tot.Taxes)
	assert.Equal(t, "V20TTC", tot.Taxes[0].Tax.ID)
	assert.Equal(t, "3.33", tot.Taxes[0].Amount.Plain(), "20 % of the 20,00 TTC the two lines hold")
}
