package journal_test

// Review 21: price-included taxes taken out of the sum of the lines that
// share them (Invoice.Totals, takeIncluded), against the invariants the
// Totals doc comment states and against Odoo's round_globally
// (addons/account/models/account_tax.py, _round_base_lines_tax_details,
// _round_tax_details_tax_amounts and _round_tax_details_base_lines, Odoo
// 18+).

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// rv21Tax is a percentage tax, price-included when incl.
func rv21Tax(id, rate string, incl bool) tax.Tax {
	return tax.Tax{ID: id, Name: id, Rate: tax.MustParsePercent(rate), PriceIncluded: incl, FinalAccount: "445710"}
}

func rv21Line(cur currency.Currency, price string, taxes ...tax.Tax) journal.InvoiceLine {
	return journal.InvoiceLine{Label: "l", UnitPrice: currency.MustParse(cur, price), Taxes: taxes, Account: "707000"}
}

// minor is an amount in minor units.
func minor(t *testing.T, a currency.Amount) int64 {
	t.Helper()
	n, ok := a.MinorUnits()
	require.True(t, ok, "%s in minor units", a)
	return n
}

// rateRat is a tax's rate as a fraction (20 for 20 %).
func rateRat(t *testing.T, x tax.Tax) *big.Rat {
	r, ok := new(big.Rat).SetString(x.Rate.String())
	require.True(t, ok, "rate %s", x.Rate)
	return r
}

// includedSum is 100 + the rates of the included taxes of a line.
func includedSum(t *testing.T, taxes []tax.Tax) *big.Rat {
	s := big.NewRat(100, 1)
	for _, x := range taxes {
		if x.PriceIncluded {
			s.Add(s, rateRat(t, x))
		}
	}
	return s
}

func ratAbs(r *big.Rat) *big.Rat { return new(big.Rat).Abs(r) }

// checkInvariants asserts what Totals promises of any invoice (its doc
// comment and DESIGN "Invoices and taxes"), in minor units:
//   - HT + Σ taxes = TTC, and HT = Σ Bases;
//   - the lines that hold included taxes: their bases plus the included
//     taxes are their amounts (a price-included total is what the prices
//     say);
//   - each line's base within one minor unit of amount × 100 / (100 + Σ
//     included rates) ("within a cent of its own");
//   - each tax's base the sum of the bases of the lines that carry it;
//   - each tax of the sign of its base, and (rounded on the invoice, the
//     default) less than a minor unit away from its rate on its base: the
//     invoice states, per rate, a tax that is that rate of the HT it prints
//     (CGI annexe II art. 242 nonies A, I-10°: "par taux d'imposition, le
//     total hors taxe et la taxe correspondante"); one rounding of the tax
//     and one of the base leave less than a minor unit (Odoo's figures,
//     each included tax rounded from its own raw amount and the base
//     taking the rest, keep within it);
//   - Entry() balances and its partner side is TTC.
func checkInvariants(t *testing.T, ctx string, inv journal.Invoice, perRate bool) {
	t.Helper()
	tot, err := inv.Totals()
	require.NoError(t, err, ctx)
	ht, ttc := minor(t, tot.HT), minor(t, tot.TTC)
	var sumTax, sumBases, inclAmounts, inclBases, inclTaxes int64
	for i, l := range inv.Lines {
		b := minor(t, tot.Bases[i])
		sumBases += b
		a := minor(t, l.UnitPrice) // quantity 1 throughout
		exact := new(big.Rat).Mul(big.NewRat(a*100, 1), new(big.Rat).Inv(includedSum(t, l.Taxes)))
		diff := new(big.Rat).Sub(exact, big.NewRat(b, 1))
		assert.True(t, ratAbs(diff).Cmp(big.NewRat(1, 1)) <= 0, "%s: line %d base %s, its own %s", ctx, i+1, tot.Bases[i], exact.FloatString(4))
		for _, x := range l.Taxes {
			if x.PriceIncluded {
				inclAmounts += a
				inclBases += b
				break
			}
		}
	}
	assert.Equal(t, sumBases, ht, "%s: HT = Σ bases", ctx)
	for _, tt := range tot.Taxes {
		amt, base := minor(t, tt.Amount), minor(t, tt.Base)
		sumTax += amt
		if tt.Tax.PriceIncluded {
			inclTaxes += amt
		}
		var want int64
		for i, l := range inv.Lines {
			for _, x := range l.Taxes {
				if x.ID == tt.Tax.ID {
					want += minor(t, tot.Bases[i])
				}
			}
		}
		assert.Equal(t, want, base, "%s: base of %s = Σ bases of its lines", ctx, tt.Tax.ID)
		onBase := new(big.Rat).Mul(big.NewRat(base, 100), rateRat(t, tt.Tax)) // in minor units
		diff := new(big.Rat).Sub(onBase, big.NewRat(amt, 1))
		assert.True(t, !perRate || inv.PerLineRounding || ratAbs(diff).Cmp(big.NewRat(1, 1)) < 0,
			"%s: %s states %s on a base of %s (%s %% of it is %s minor units)", ctx, tt.Tax.ID, tt.Amount, tt.Base, tt.Tax.Rate, onBase.FloatString(3))
		assert.True(t, amt == 0 || (amt > 0) == (base > 0), "%s: %s of %s on a base of %s", ctx, tt.Tax.ID, tt.Amount, tt.Base)
	}
	assert.Equal(t, ttc, ht+sumTax, "%s: TTC = HT + taxes", ctx)
	assert.Equal(t, inclAmounts, inclBases+inclTaxes, "%s: included lines: bases + included taxes = their prices", ctx)

	if ttc <= 0 {
		return
	}
	inv.Kind, inv.Journal, inv.Date, inv.Partner, inv.PartnerAccount = journal.CustomerInvoice, "VT", journal.MustDate(2026, 3, 1), "C1", "411000"
	e, err := inv.Entry()
	require.NoError(t, err, ctx)
	var sum int64
	for _, l := range e.Lines {
		sum += minor(t, l.AmountCurrency)
	}
	assert.Zero(t, sum, "%s: the entry balances", ctx)
	assert.Equal(t, ttc, minor(t, e.Lines[0].AmountCurrency), "%s: the receivable is TTC", ctx)
}

// Random invoices in EUR, JPY (no decimals) and KWD (three), lines under
// one or two included taxes, an excluded tax beside an included one, 0 %
// included, negative (rebate) lines; both roundings; every invariant but
// the rate check (TestReview21IncludedPerRateRandom). Printed seed.
// PASSES.
func TestReview21IncludedInvariantsRandom(t *testing.T) { rv21Random(t, false) }

// The same invoices, rounded on the invoice, with the rate check: each
// tax less than a minor unit from its rate on its base. FAILS (seed 21,
// 45 of the 1 200 invoices, in the three currencies (stops at 11): the 5.5 % after a 20 %
// on one line, a tax shared by two groups: see
// TestReview21SeveralIncludedTaxesEachAtItsRate and
// TestReview21IncludedTaxSharedByTwoGroupsRoundedOnce).
func TestReview21IncludedPerRateRandom(t *testing.T) { rv21Random(t, true) }

func rv21Random(t *testing.T, perRate bool) {
	seed := uint64(21)
	rng := rand.New(rand.NewPCG(seed, 21))
	a20, b55, c10, z0 := rv21Tax("A20", "20", true), rv21Tax("B5.5", "5.5", true), rv21Tax("C10", "10", true), rv21Tax("Z0", "0", true)
	x20 := rv21Tax("X20", "20", false)
	sets := [][]tax.Tax{{a20}, {a20, b55}, {c10}, {a20, z0}, {x20, b55}, {x20}, {a20, c10}, {b55, x20}}
	failed := 0
	for _, code := range []string{"EUR", "JPY", "KWD"} {
		cur := currency.MustLookup(code)
		unit := 1
		for range cur.Digits() {
			unit *= 10
		}
		for n := range 400 {
			var lines []journal.InvoiceLine
			for range 1 + rng.IntN(6) {
				v := rng.IntN(300 * unit)
				if rng.IntN(5) == 0 {
					v = -v / 2
				}
				price := currency.FromMinor(cur, int64(v)).Plain()
				lines = append(lines, rv21Line(cur, price, sets[rng.IntN(len(sets))]...))
			}
			for _, perLine := range []bool{false, true} {
				ctx := fmt.Sprintf("seed %d %s case %d per line %v", seed, code, n, perLine)
				ok := t.Run(ctx, func(t *testing.T) {
					checkInvariants(t, ctx, journal.Invoice{Lines: lines, PerLineRounding: perLine}, perRate)
				})
				if !ok {
					failed++
				}
				if failed > 10 {
					t.Fatalf("stopping after %d failing cases", failed)
				}
			}
		}
	}
}

// rv21Totals returns HT, then "ID base amount" per tax, then the line
// bases, of an invoice rounded on the invoice (the default).
func rv21Totals(t *testing.T, lines ...journal.InvoiceLine) (string, []string, []string) {
	t.Helper()
	tot, err := journal.Invoice{Lines: lines}.Totals()
	require.NoError(t, err)
	var taxes, bases []string
	for _, x := range tot.Taxes {
		taxes = append(taxes, x.Tax.ID+" "+x.Base.Plain()+" "+x.Amount.Plain())
	}
	for _, b := range tot.Bases {
		bases = append(bases, b.Plain())
	}
	return tot.HT.Plain(), taxes, bases
}

// Odoo's own example of round_globally with price-included taxes (the doc
// comment of _round_base_lines_tax_details, account_tax.py, Odoo 18+): two
// lines of 21.53 TTC at 21 % included: amount_untaxed 35.59, amount_tax
// 7.47, amount_total 43.06 ("35.59 * 0.21 = 7.4739 ~= 7.47"). Odoo gives
// the cent the sum leaves to the first line (17.80 + 17.79), and so do we
// (the largest remainder, ties to the first line).
func TestReview21OdooRoundGloballyTwoLinesIncluded(t *testing.T) {
	eur := currency.MustLookup("EUR")
	t21 := rv21Tax("T21", "21", true)
	ht, taxes, bases := rv21Totals(t, rv21Line(eur, "21.53", t21), rv21Line(eur, "21.53", t21))
	assert.Equal(t, "35.59", ht)
	assert.Equal(t, []string{"T21 35.59 7.47"}, taxes)
	assert.Equal(t, []string{"17.80", "17.79"}, bases)
}

// Several price-included taxes on one line: each tax is taken from the
// price at its rate (price × rate / (100 + Σ rates)) and rounded, and the
// HT is what the price leaves — Odoo 18+'s round_globally, whose
// _round_tax_details_base_lines doc comment states it on two 10 %
// included taxes on 100.00: "we end up with a base of 83.33 and 2 * 8.33
// as tax amounts. 83.33 + 8.33 + 8.33 = 99.99. However, since all tax are
// price-included, we expect a base amount of 83.34". Totals instead rounds
// the base first and lets the last tax take what is left: 83.33, 8.33 and
// 8.34 — two taxes of 10 % on one base that differ by a cent, the second
// 10.008 % of it. On 6.62 TTC under 20 % and 5.5 % included it states
// 0.30 of 5.5 % on an HT of 5.27 (5.5 % of 5.27 is 0.29, and the price
// holds 6.62 × 5.5 / 125.5 = 0.2901 of it): the last tax carries the
// rounding of the base and of the other taxes, up to a cent more than
// its rate gives. An accountant checks each rate's tax against its base
// (the CA3 recomputes base × rate); the HT, which nobody owes, is the
// figure that should absorb the rounding: 5.28 HT, 1.05 and 0.29 (Odoo:
// the same). Note: tax/review20_tax_odoo_test.go
// TestOdooIncludedGroupOfTwoTenPercent expects 83.33 / 8.33 / 8.34 from
// Odoo ≤ 17's test_tax_group_percent (per line); Odoo 18 changed it as
// quoted. FAILS.
func TestReview21SeveralIncludedTaxesEachAtItsRate(t *testing.T) {
	eur := currency.MustLookup("EUR")
	x10, y10 := rv21Tax("X10", "10", true), rv21Tax("Y10", "10", true)
	ht, taxes, _ := rv21Totals(t, rv21Line(eur, "100.00", x10, y10))
	assert.Equal(t, "83.34", ht, "two 10 % included on 100.00")
	assert.Equal(t, []string{"X10 83.34 8.33", "Y10 83.34 8.33"}, taxes, "two taxes of one rate on one base are one amount")

	a20, b55 := rv21Tax("A20", "20", true), rv21Tax("B5.5", "5.5", true)
	ht, taxes, _ = rv21Totals(t, rv21Line(eur, "6.62", a20, b55))
	assert.Equal(t, "5.28", ht, "20 % and 5.5 % included on 6.62")
	assert.Equal(t, []string{"A20 5.28 1.05", "B5.5 5.28 0.29"}, taxes, "6.62 × 20 / 125.5 = 1.0550, × 5.5 / 125.5 = 0.2901")
}

// A tax shared by two groups of lines is rounded once per group: 5.00
// TTC under 20 % included and 6.17 TTC under 20 % and 5.5 % included.
// The 20 % rate's base is 9.09 (4.17 + 4.92) and its tax 1.81, where 20 %
// of 9.09 is 1.82 and the prices hold 5.00 × 20 / 120 + 6.17 × 20 / 125.5
// = 0.8333 + 0.9833 = 1.8166 of it. French invoices state the tax per
// rate on that rate's HT total (CGI annexe II art. 242 nonies A, I-10°;
// Invoice.PerLineRounding's doc: "the default rounds once per tax on the
// sum of its bases"), and Odoo's round_globally groups by tax
// (_round_tax_details_tax_amounts: grouping key {tax, currency, is_refund,
// price_include…}: one rounding per tax over every line that carries it):
// 1.82 of 20 %, 0.27 of 5.5 %, HT 9.08. FAILS (1.81).
func TestReview21IncludedTaxSharedByTwoGroupsRoundedOnce(t *testing.T) {
	eur := currency.MustLookup("EUR")
	a20, b55 := rv21Tax("A20", "20", true), rv21Tax("B5.5", "5.5", true)
	_, taxes, _ := rv21Totals(t, rv21Line(eur, "5.00", a20), rv21Line(eur, "6.17", a20, b55))
	require.Len(t, taxes, 2)
	assert.Equal(t, "1.82", taxes[0][len(taxes[0])-4:], "20 %%: %v", taxes)
	assert.Equal(t, "0.27", taxes[1][len(taxes[1])-4:], "5.5 %%: %v", taxes)
}

// Two lines under the same two included taxes, named in another order on
// the second line, are two groups: the set of taxes is what a line
// carries (Odoo's tax_ids and Tryton's taxes are sets, ordered by the
// taxes' sequence, not by the line), so two tickets of 10.00 TTC under
// 20 % and 5.5 % included must give the invoice the figures of the same
// two lines written alike: 3.19 of 20 % (20 % of its base of 15.94 is
// 3.188; the prices hold 20 × 20 / 125.5 = 3.187 of it) — not 3.18 and
// 0.88 (each line rounded alone, then summed). FAILS.
func TestReview21IncludedTaxOrderSplitsTheGroup(t *testing.T) {
	eur := currency.MustLookup("EUR")
	a20, b55 := rv21Tax("A20", "20", true), rv21Tax("B5.5", "5.5", true)
	htSame, same, _ := rv21Totals(t, rv21Line(eur, "10.00", a20, b55), rv21Line(eur, "10.00", a20, b55))
	htSwapped, swapped, _ := rv21Totals(t, rv21Line(eur, "10.00", a20, b55), rv21Line(eur, "10.00", b55, a20))
	assert.Equal(t, htSame, htSwapped)
	assert.Equal(t, same, swapped, "the order a line names its taxes in changes the invoice's taxes")
	require.Len(t, swapped, 2)
	assert.Equal(t, "3.19", swapped[0][len(swapped[0])-4:], "20 %%: %v", swapped)
}
