package journal_test

// Review 24: an independent check of Invoice.Totals (price-included taxes)
// against the figures Odoo publishes in its own tests. Each case names the
// Odoo file, test and version it comes from. Odoo's three models:
//
//   - Odoo ≤ 17, addons/account/tests/test_account_tax.py (compute_all):
//     the base is rounded first, round(price / (1 + Σ rates)), and the
//     taxes take what is left, the last one the rounding;
//   - Odoo 18 / master, addons/account/tests/test_taxes_computation.py
//     (_get_tax_details, round_per_line): each tax rounded (half-up) from
//     its raw amount, the base what the price holds beyond them;
//   - Odoo 18 / master, addons/account/tests/test_taxes_tax_totals_summary.py
//     (_round_base_lines_tax_details, round_globally on a document): each
//     tax round(Σ raw amounts), and, when every tax of the document is
//     price-included, HT = round(Σ prices) − Σ taxes.
//
// Cases Odoo computes with features lettrage has not (include_base_amount,
// division or fixed taxes, reverse-charge repartition, cash rounding of
// 0.05) are left out. A "mirror" subtest runs every case again with every
// price negated (a credit note keyed in as negative lines) and expects
// every figure negated.

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

func rv24Tax(id, rate string, incl bool) tax.Tax {
	return tax.Tax{ID: id, Name: "TVA " + rate, Rate: tax.MustParsePercent(rate), PriceIncluded: incl,
		FinalAccount: "445710"}
}

// rv24L is an invoice line: quantity ("" for 1), unit price, taxes.
type rv24L struct {
	qty, price string
	taxes      []tax.Tax
}

func rv24Lines(cur currency.Currency, ls []rv24L, negate bool) []journal.InvoiceLine {
	var out []journal.InvoiceLine
	for i, l := range ls {
		p := currency.MustParse(cur, l.price)
		if negate {
			p = p.Neg()
		}
		il := journal.InvoiceLine{Label: fmt.Sprintf("line %d", i+1), UnitPrice: p, Taxes: l.taxes, Account: "707000"}
		if l.qty != "" {
			il.Quantity = journal.MustQuantity(l.qty)
		}
		out = append(out, il)
	}
	return out
}

type rv24Case struct {
	name string
	// src is the Odoo file, test and version the figures come from.
	src     string
	cur     string
	perLine bool
	lines   []rv24L
	// Odoo's figures: HT, each tax (by ID) amount, and TTC.
	ht    string
	taxes map[string]string
	ttc   string
	// bases, when Odoo publishes them per tax (by ID).
	bases map[string]string
}

var (
	rv24T8i   = rv24Tax("T8i", "8", true)
	rv24T0i   = rv24Tax("T0i", "0", true)
	rv24T12i  = rv24Tax("T12i", "12", true)
	rv24T15x  = rv24Tax("T15x", "15", false)
	rv24T55i  = rv24Tax("T5.5i", "5.5", true)
	rv24T19i  = rv24Tax("T19i", "19", true)
	rv24T21i  = rv24Tax("T21i", "21", true)
	rv24T21x  = rv24Tax("T21x", "21", false)
	rv24T20i  = rv24Tax("T20i", "20", true)
	rv24T10ai = rv24Tax("T10a", "10", true)
	rv24T10bi = rv24Tax("T10b", "10", true)
	rv24T16i  = rv24Tax("T16i", "16", true)
)

// rv24OdooCases are Odoo's published figures. The ones lettrage does not
// reproduce are marked DIFFERS, with the judgement.
var rv24OdooCases = []rv24Case{
	{
		name: "8pc_and_0pc_included_8x15.55",
		src:  "Odoo 18 test_taxes_computation.py test_random_case_1 (round_per_line) and test_taxes_ordering; Odoo ≤17 test_account_tax.py test_rounding_tax_included_round_per_line_03",
		cur:  "EUR", perLine: true,
		lines: []rv24L{{"8", "15.55", []tax.Tax{rv24T8i, rv24T0i}}},
		ht:    "115.19", taxes: map[string]string{"T8i": "9.21", "T0i": "0.00"}, ttc: "124.40",
		bases: map[string]string{"T8i": "115.19", "T0i": "115.19"},
	},
	{
		name:  "0pc_and_8pc_included_8x15.55_other_order",
		src:   "Odoo ≤17 test_account_tax.py test_rounding_tax_included_round_per_line_03 (res2: the taxes the other way round)",
		cur:   "EUR",
		lines: []rv24L{{"8", "15.55", []tax.Tax{rv24T0i, rv24T8i}}},
		ht:    "115.19", taxes: map[string]string{"T8i": "9.21", "T0i": "0.00"}, ttc: "124.40",
	},
	{
		name: "15pc_excluded_and_5.5pc_included_2300_per_line",
		src:  "Odoo 18 test_taxes_computation.py test_random_case_3 (round_per_line)",
		cur:  "EUR", perLine: true,
		lines: []rv24L{{"", "2300.00", []tax.Tax{rv24T15x, rv24T55i}}},
		ht:    "2180.09", taxes: map[string]string{"T15x": "327.01", "T5.5i": "119.91"}, ttc: "2627.01",
		bases: map[string]string{"T15x": "2180.09", "T5.5i": "2180.09"},
	},
	{
		name:  "15pc_excluded_and_5.5pc_included_2300_on_the_invoice",
		src:   "Odoo 18 test_taxes_computation.py test_random_case_3 (round_globally: raw 2180.094787, 327.014218, 119.905213, each rounded once on a one-line document)",
		cur:   "EUR",
		lines: []rv24L{{"", "2300.00", []tax.Tax{rv24T15x, rv24T55i}}},
		ht:    "2180.09", taxes: map[string]string{"T15x": "327.01", "T5.5i": "119.91"}, ttc: "2627.01",
	},
	{
		// The tax's raw part, 5.625, is exactly halfway; Odoo 18 rounds it
		// half-up and the base takes the rest, as lettrage does since this
		// review (it first moved a halfway tax so that the base kept its
		// own rounding, Odoo ≤ 17's 46.88 / 5.62: next case).
		name: "12pc_included_52.50_halfway_odoo18",
		src:  "Odoo 18 test_taxes_computation.py test_random_case_4 (round_per_line)",
		cur:  "EUR", perLine: true,
		lines: []rv24L{{"", "52.50", []tax.Tax{rv24T12i}}},
		ht:    "46.87", taxes: map[string]string{"T12i": "5.63"}, ttc: "52.50",
	},
	{
		// DIFFERS from Odoo ≤ 17 (46.88 / 5.62, the base rounded first):
		// lettrage follows Odoo 18 (previous case), and this asserts its
		// figure. Both are 0.56 of a cent from 12 % of their base.
		name: "12pc_included_52.50_halfway_odoo17",
		src:  "Odoo ≤17 test_account_tax.py test_rounding_tax_included_round_per_line_02 (46.88 / 5.62)",
		cur:  "EUR", perLine: true,
		lines: []rv24L{{"", "52.50", []tax.Tax{rv24T12i}}},
		ht:    "46.87", taxes: map[string]string{"T12i": "5.63"}, ttc: "52.50",
	},
	{
		name: "19pc_included_27000_no_decimals",
		src:  "Odoo 18 test_taxes_computation.py test_random_case_5 (round_per_line, precision 1.0); Odoo ≤17 test_rounding_tax_included_round_per_line_01",
		cur:  "JPY", perLine: true,
		lines: []rv24L{{"", "27000", []tax.Tax{rv24T19i}}},
		ht:    "22689", taxes: map[string]string{"T19i": "4311"}, ttc: "27000",
	},
	{
		name: "19pc_included_10920_no_decimals",
		src:  "Odoo 18 test_taxes_computation.py test_random_case_5 (round_per_line, precision 1.0); Odoo ≤17 test_rounding_tax_included_round_per_line_01",
		cur:  "JPY", perLine: true,
		lines: []rv24L{{"", "10920", []tax.Tax{rv24T19i}}},
		ht:    "9176", taxes: map[string]string{"T19i": "1744"}, ttc: "10920",
	},
	{
		name: "19pc_included_27000_and_10920_no_decimals_per_line",
		src:  "Odoo ≤17 test_rounding_tax_included_round_per_line_01 docstring: round(27000 / 1.19) + round(10920 / 1.19)",
		cur:  "JPY", perLine: true,
		lines: []rv24L{{"", "27000", []tax.Tax{rv24T19i}}, {"", "10920", []tax.Tax{rv24T19i}}},
		ht:    "31865", taxes: map[string]string{"T19i": "6055"}, ttc: "37920",
	},
	{
		name:  "19pc_included_27000_and_10920_no_decimals_on_the_invoice",
		src:   "Odoo ≤17 test_rounding_tax_included_round_globally_01 docstring: round((27000 + 10920) / 1.19); Odoo 18 _round_base_lines_tax_details (tax round(6054.45), HT 37920 − 6054)",
		cur:   "JPY",
		lines: []rv24L{{"", "27000", []tax.Tax{rv24T19i}}, {"", "10920", []tax.Tax{rv24T19i}}},
		ht:    "31866", taxes: map[string]string{"T19i": "6054"}, ttc: "37920",
	},
	{
		name: "21pc_included_11.90",
		src:  "Odoo 18 test_taxes_computation.py test_random_case_7 (round_per_line); Odoo ≤17 test_rounding_tax_included_round_globally_02",
		cur:  "EUR", perLine: true,
		lines: []rv24L{{"", "11.90", []tax.Tax{rv24T21i}}},
		ht:    "9.83", taxes: map[string]string{"T21i": "2.07"}, ttc: "11.90",
	},
	{
		name:  "21pc_included_2.80",
		src:   "Odoo 18 test_taxes_computation.py test_random_case_7 (round_per_line); Odoo ≤17 test_rounding_tax_included_round_globally_02",
		cur:   "EUR",
		lines: []rv24L{{"", "2.80", []tax.Tax{rv24T21i}}},
		ht:    "2.31", taxes: map[string]string{"T21i": "0.49"}, ttc: "2.80",
	},
	{
		name:  "21pc_included_7.00",
		src:   "Odoo ≤17 test_account_tax.py test_percent_tax_include_base_amount and test_tax_percent_division",
		cur:   "EUR",
		lines: []rv24L{{"", "7.00", []tax.Tax{rv24T21i}}},
		ht:    "5.79", taxes: map[string]string{"T21i": "1.21"}, ttc: "7.00",
	},
	{
		// Halfway (raw tax 66.665). DIFFERS from Odoo ≤ 17 (333.33 /
		// 66.66): Odoo 18 publishes no 2-decimal figure for it, but its
		// 6-decimal twin, test_random_case_6 (399.999999), rounds the tax
		// half-up (66.666667 on 333.333332), which at 2 decimals is 66.67
		// on 333.32: lettrage follows Odoo 18, and this asserts its figure.
		name:  "20pc_included_399.99_halfway",
		src:   "Odoo ≤17 test_account_tax.py test_percent_tax_include_base_amount (333.33 / 66.66); Odoo 18 test_random_case_6",
		cur:   "EUR",
		lines: []rv24L{{"", "399.99", []tax.Tax{rv24T20i}}},
		ht:    "333.32", taxes: map[string]string{"T20i": "66.67"}, ttc: "399.99",
	},
	{
		name:  "two_10pc_included_in_100_odoo18",
		src:   "Odoo 18 account_tax.py _round_tax_details_base_lines docstring: 100.0 under two 10 % included: 8.33 + 8.33 on a base of 83.34",
		cur:   "EUR",
		lines: []rv24L{{"", "100.00", []tax.Tax{rv24T10ai, rv24T10bi}}},
		ht:    "83.34", taxes: map[string]string{"T10a": "8.33", "T10b": "8.33"}, ttc: "100.00",
	},
	{
		// DIFFERS from Odoo ≤ 17 (83.33, 8.33 and 8.34: the base rounded
		// first, the last tax taking the rounding): lettrage books Odoo
		// 18's 8.33 + 8.33 on 83.34 (previous case), and this asserts it.
		// Judgement: right for a French invoice: two taxes of one rate on
		// one HT should print one amount, and 8.34 is 10.008 % of 83.33
		// while 8.33 is 9.995 % of 83.34.
		name:  "two_10pc_included_in_100_odoo17",
		src:   "Odoo ≤17 test_account_tax.py test_tax_group_percent (force_price_include: 83.33 / 8.33 / 8.34)",
		cur:   "EUR",
		lines: []rv24L{{"", "100.00", []tax.Tax{rv24T10ai, rv24T10bi}}},
		ht:    "83.34", taxes: map[string]string{"T10a": "8.33", "T10b": "8.33"}, ttc: "100.00",
	},
	{
		name: "l10n_mx_seven_lines_16pc_included_per_line",
		src:  "Odoo 18 test_taxes_tax_totals_summary.py _test_taxes_l10n_mx (1, round_per_line)",
		cur:  "USD", perLine: true,
		lines: []rv24L{
			{"", "1199.00", []tax.Tax{rv24T16i}}, {"", "1999.00", []tax.Tax{rv24T16i}},
			{"", "1699.00", []tax.Tax{rv24T16i}}, {"", "11999.00", []tax.Tax{rv24T16i}},
			{"", "11999.00", []tax.Tax{rv24T16i}}, {"", "11999.00", []tax.Tax{rv24T16i}},
			{"", "10999.00", []tax.Tax{rv24T16i}},
		},
		ht: "44735.37", taxes: map[string]string{"T16i": "7157.63"}, ttc: "51893.00",
	},
	{
		name: "l10n_mx_seven_lines_16pc_included_on_the_invoice",
		src:  "Odoo 18 test_taxes_tax_totals_summary.py _test_taxes_l10n_mx (2, round_globally)",
		cur:  "USD",
		lines: []rv24L{
			{"", "1199.00", []tax.Tax{rv24T16i}}, {"", "1999.00", []tax.Tax{rv24T16i}},
			{"", "1699.00", []tax.Tax{rv24T16i}}, {"", "11999.00", []tax.Tax{rv24T16i}},
			{"", "11999.00", []tax.Tax{rv24T16i}}, {"", "11999.00", []tax.Tax{rv24T16i}},
			{"", "10999.00", []tax.Tax{rv24T16i}},
		},
		ht: "44735.34", taxes: map[string]string{"T16i": "7157.66"}, ttc: "51893.00",
	},
	{
		// DIFFERS from Odoo (141.45 / 29.70 / 171.15); this asserts
		// lettrage's HT 141.48, VAT 29.71, TTC 171.19.
		// Odoo's lines are 5 × 5.75 less 18 % = 23.575 each, kept unrounded
		// under round_globally (6 × 23.575 = 141.45); lettrage has no
		// discount and rounds each line's quantity × price once (here 4.1 ×
		// 5.75 = 23.575 → 23.58), so the six lines are 141.48. The gap is
		// in the line amounts, not in the tax computation under review
		// (29.71 is 21 % of 141.48 within a cent). Judgement: both are
		// defensible; a French invoice prints each line's HT rounded and
		// a total that is their sum, which is lettrage's 141.48; Odoo's
		// 141.45 is the exact price of what was sold. Not a tax bug.
		name: "discount_round_globally_21pc_excluded",
		src:  "Odoo 18 test_taxes_tax_totals_summary.py _test_discount_with_round_globally (1): 6 × (5 × 5.75, 18 % discount)",
		cur:  "USD",
		lines: []rv24L{
			{"4.1", "5.75", []tax.Tax{rv24T21x}}, {"4.1", "5.75", []tax.Tax{rv24T21x}}, {"4.1", "5.75", []tax.Tax{rv24T21x}},
			{"4.1", "5.75", []tax.Tax{rv24T21x}}, {"4.1", "5.75", []tax.Tax{rv24T21x}}, {"4.1", "5.75", []tax.Tax{rv24T21x}},
		},
		ht: "141.48", taxes: map[string]string{"T21x": "29.71"}, ttc: "171.19",
	},
	{
		// DIFFERS from Odoo (116.90 / 24.55 / 141.45); this asserts
		// lettrage's HT 116.93, VAT 24.55, TTC 141.48,
		// for the reason of the previous case (each line's TTC is rounded
		// to 23.58 before the tax is taken out). The tax itself agrees
		// (24.55); given lettrage's line amounts its HT is the prices less
		// the tax, as Odoo's is. Judgement as above: not a tax bug.
		name: "discount_round_globally_21pc_included",
		src:  "Odoo 18 test_taxes_tax_totals_summary.py _test_discount_with_round_globally (2, tax price-included)",
		cur:  "USD",
		lines: []rv24L{
			{"4.1", "5.75", []tax.Tax{rv24T21i}}, {"4.1", "5.75", []tax.Tax{rv24T21i}}, {"4.1", "5.75", []tax.Tax{rv24T21i}},
			{"4.1", "5.75", []tax.Tax{rv24T21i}}, {"4.1", "5.75", []tax.Tax{rv24T21i}}, {"4.1", "5.75", []tax.Tax{rv24T21i}},
		},
		ht: "116.93", taxes: map[string]string{"T21i": "24.55"}, ttc: "141.48",
	},
}

// Odoo's published figures against Invoice.Totals, each case and its
// mirror (every price negated); the cases marked DIFFERS assert lettrage's
// figure and say why it differs.
func TestReview24OdooPublishedCases(t *testing.T) {
	for _, c := range rv24OdooCases {
		for _, neg := range []bool{false, true} {
			name := c.name
			if neg {
				name += "/mirror"
			}
			t.Run(name, func(t *testing.T) {
				cur := currency.MustLookup(c.cur)
				inv := journal.Invoice{Lines: rv24Lines(cur, c.lines, neg), PerLineRounding: c.perLine}
				tot, err := inv.Totals()
				require.NoError(t, err, c.src)
				want := func(s string) string {
					a := currency.MustParse(cur, s)
					if neg {
						a = a.Neg()
					}
					return a.Plain()
				}
				got := map[string]string{}
				gotBase := map[string]string{}
				for _, tt := range tot.Taxes {
					got[tt.Tax.ID] = tt.Amount.Plain()
					gotBase[tt.Tax.ID] = tt.Base.Plain()
				}
				wantTaxes := map[string]string{}
				for id, a := range c.taxes {
					wantTaxes[id] = want(a)
				}
				assert.Equal(t, want(c.ht), tot.HT.Plain(), "HT (%s)", c.src)
				assert.Equal(t, wantTaxes, got, "taxes (%s)", c.src)
				assert.Equal(t, want(c.ttc), tot.TTC.Plain(), "TTC (%s)", c.src)
				for id, b := range c.bases {
					assert.Equal(t, want(b), gotBase[id], "base of %s (%s)", id, c.src)
				}
			})
		}
	}
}
