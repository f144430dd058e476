package journal_test

// Review 24: property tests of Invoice.Totals over random invoices in EUR
// (2 decimals), JPY (0) and KWD (3): one to seven lines, quantities
// (whole, fractional, negative for returns), negative prices (rebates),
// one to three price-included taxes on a line (0 %, 2.1 %, 5.5 %, 10 %,
// 20 %), excluded taxes beside them on the same line and on other lines.
// Every check is computed here, in exact rationals, independently of the
// library. Seeds are fixed and printed.

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

var (
	rv24I20  = rv24Tax("I20", "20", true)
	rv24I10  = rv24Tax("I10", "10", true)
	rv24I55  = rv24Tax("I5.5", "5.5", true)
	rv24I21  = rv24Tax("I2.1", "2.1", true)
	rv24I0   = rv24Tax("I0", "0", true)
	rv24X20  = rv24Tax("X20", "20", false)
	rv24X55  = rv24Tax("X5.5", "5.5", false)
	rv24Sets = [][]tax.Tax{
		{rv24I20}, {rv24I10}, {rv24I55}, {rv24I20, rv24I55}, {rv24I20, rv24I0}, {rv24I10, rv24I21},
		{rv24I20, rv24I10, rv24I55}, {rv24I20, rv24X55}, {rv24I55, rv24X20}, {rv24X20}, {rv24X55}, {},
	}
	rv24Quantities = []string{"", "", "", "2", "3", "0.5", "1.25", "7", "0.333", "-1"}
	rv24Currencies = []string{"EUR", "JPY", "KWD"}
)

func rv24Minor(t *testing.T, a currency.Amount) int64 {
	t.Helper()
	n, ok := a.MinorUnits()
	require.True(t, ok, "%s in minor units", a)
	return n
}

func rv24Rate(x tax.Tax) *big.Rat {
	r, _ := new(big.Rat).SetString(x.Rate.String())
	return r
}

// rv24Qty is a line's quantity as a fraction (1 when unset).
func rv24Qty(q string) *big.Rat {
	if q == "" {
		return big.NewRat(1, 1)
	}
	r, _ := new(big.Rat).SetString(q)
	return r
}

// rv24RoundHalfAway rounds r to an integer, halves away from zero.
func rv24RoundHalfAway(r *big.Rat) int64 {
	a := new(big.Rat).Abs(r)
	a.Add(a, big.NewRat(1, 2))
	n := new(big.Int).Quo(a.Num(), a.Denom()) // floor of a positive
	if r.Sign() < 0 {
		n.Neg(n)
	}
	return n.Int64()
}

// rv24LineAmount is a line's quantity (q, its text) × price in minor
// units, rounded once half away from zero, computed here.
func rv24LineAmount(t *testing.T, l journal.InvoiceLine, q string) int64 {
	p := big.NewRat(rv24Minor(t, l.UnitPrice), 1)
	return rv24RoundHalfAway(p.Mul(p, rv24Qty(q)))
}

// rv24Inv pairs an invoice with its lines' quantities as text.
type rv24Inv struct {
	inv journal.Invoice
	qs  []string
}

func rv24GenQ(rng *rand.Rand, cur currency.Currency, allIncluded bool) rv24Inv {
	// allIncluded keeps to lines holding only price-included taxes.
	unit := int64(1)
	for range cur.Digits() {
		unit *= 10
	}
	var out rv24Inv
	for i := range 1 + rng.IntN(7) {
		var taxes []tax.Tax
		for {
			taxes = rv24Sets[rng.IntN(len(rv24Sets))]
			if !allIncluded || (len(taxes) > 0 && !slices.ContainsFunc(taxes, func(x tax.Tax) bool { return !x.PriceIncluded })) {
				break
			}
		}
		v := rng.Int64N(400*unit) + 1
		if rng.IntN(6) == 0 {
			v = -v / 3
		}
		l := journal.InvoiceLine{Label: fmt.Sprintf("l%d", i+1), UnitPrice: currency.FromMinor(cur, v),
			Taxes: slices.Clone(taxes), Account: "707000"}
		q := rv24Quantities[rng.IntN(len(rv24Quantities))]
		if q != "" {
			l.Quantity = journal.MustQuantity(q)
		}
		out.inv.Lines = append(out.inv.Lines, l)
		out.qs = append(out.qs, q)
	}
	return out
}

// rv24Each runs f on n random invoices per currency and rounding mode,
// stopping after 10 failures.
func rv24Each(t *testing.T, seed uint64, n int, allIncluded bool, modes []bool, f func(t *testing.T, c rv24Inv)) {
	rng := rand.New(rand.NewPCG(seed, 24))
	failed := 0
	for _, code := range rv24Currencies {
		cur := currency.MustLookup(code)
		for k := range n {
			c := rv24GenQ(rng, cur, allIncluded)
			for _, perLine := range modes {
				c := c
				c.inv.PerLineRounding = perLine
				name := fmt.Sprintf("seed%d/%s/%d/perline=%v", seed, code, k, perLine)
				if !t.Run(name, func(t *testing.T) { f(t, c) }) {
					failed++
				}
				if failed >= 10 {
					t.Fatalf("stopping after %d failing invoices", failed)
				}
			}
		}
	}
}

var rv24BothModes = []bool{false, true}

func rv24Describe(inv journal.Invoice, qs []string) string {
	s := ""
	for i, l := range inv.Lines {
		var ids []string
		for _, x := range l.Taxes {
			ids = append(ids, x.ID)
		}
		s += fmt.Sprintf("[%s × %s %v] ", qs[i], l.UnitPrice, ids)
	}
	return s
}

// An invoice whose every line holds only price-included taxes costs the
// customer what its lines say: TTC = Σ quantity × price (each rounded
// once), under both roundings. PASSES.
func TestReview24PropAllIncludedTTCIsThePrices(t *testing.T) {
	rv24Each(t, 2401, 300, true, rv24BothModes, func(t *testing.T, c rv24Inv) {
		tot, err := c.inv.Totals()
		require.NoError(t, err)
		var want int64
		for i, l := range c.inv.Lines {
			want += rv24LineAmount(t, l, c.qs[i])
		}
		assert.Equal(t, want, rv24Minor(t, tot.TTC), "TTC of %s", rv24Describe(c.inv, c.qs))
	})
}

// Σ Bases = HT; TTC = HT + Σ taxes; each tax's base is the sum of the
// bases of the lines that carry it; each line holding included taxes has
// its base within one minor unit of amount × 100 / (100 + Σ included
// rates) — rounded on the invoice, where the HT is apportioned to lines
// by the largest remainder; per line the base is the price less each tax
// rounded on its own, so within half a unit per included tax (374.36
// under 20 %, 10 % and 5.5 % included: 55.26 + 27.63 + 15.20 leave
// 276.27 for an exact 276.2804, Odoo 18's figure too) — and a line with
// no included tax has its amount as its base. Both roundings. PASSES.
func TestReview24PropBasesAddUpToHT(t *testing.T) {
	rv24Each(t, 2402, 300, false, rv24BothModes, func(t *testing.T, c rv24Inv) {
		tot, err := c.inv.Totals()
		require.NoError(t, err)
		d := rv24Describe(c.inv, c.qs)
		var sumB, sumT int64
		for i, l := range c.inv.Lines {
			b := rv24Minor(t, tot.Bases[i])
			sumB += b
			a := rv24LineAmount(t, l, c.qs[i])
			s := big.NewRat(100, 1)
			bound, n := big.NewRat(1, 1), int64(0)
			for _, x := range l.Taxes {
				if x.PriceIncluded {
					s.Add(s, rv24Rate(x))
					n++
				}
			}
			if c.inv.PerLineRounding && n > 2 {
				bound = big.NewRat(n, 2)
			}
			exact := new(big.Rat).Mul(big.NewRat(a*100, 1), new(big.Rat).Inv(s))
			off := new(big.Rat).Sub(exact, big.NewRat(b, 1))
			assert.True(t, off.Abs(off).Cmp(bound) <= 0, "line %d base %s, exact %s: %s", i+1, tot.Bases[i], exact.FloatString(4), d)
		}
		assert.Equal(t, sumB, rv24Minor(t, tot.HT), "Σ bases = HT: %s", d)
		for _, tt := range tot.Taxes {
			sumT += rv24Minor(t, tt.Amount)
			var want int64
			for i, l := range c.inv.Lines {
				if slices.ContainsFunc(l.Taxes, func(x tax.Tax) bool { return x.ID == tt.Tax.ID }) {
					want += rv24Minor(t, tot.Bases[i])
				}
			}
			assert.Equal(t, want, rv24Minor(t, tt.Base), "base of %s: %s", tt.Tax.ID, d)
		}
		assert.Equal(t, rv24Minor(t, tot.HT)+sumT, rv24Minor(t, tot.TTC), "TTC = HT + taxes: %s", d)
	})
}

// Rounded on the invoice (the default), each tax is less than one minor
// unit from its rate on the base printed beside it (the French invoice
// states, per rate, the HT and the VAT on it). PASSES.
func TestReview24PropEachTaxAtItsRate(t *testing.T) {
	rv24Each(t, 2403, 400, false, []bool{false}, func(t *testing.T, c rv24Inv) {
		tot, err := c.inv.Totals()
		require.NoError(t, err)
		for _, tt := range tot.Taxes {
			onBase := new(big.Rat).Mul(big.NewRat(rv24Minor(t, tt.Base), 100), rv24Rate(tt.Tax))
			off := onBase.Sub(onBase, big.NewRat(rv24Minor(t, tt.Amount), 1))
			assert.True(t, off.Abs(off).Cmp(big.NewRat(1, 1)) < 0, "%s: %s on %s (%s units off): %s",
				tt.Tax.ID, tt.Amount, tt.Base, off.FloatString(3), rv24Describe(c.inv, c.qs))
		}
	})
}

// rv24Key is what Totals states, by tax ID (not by position).
type rv24Key struct {
	HT, TTC string
	Taxes   map[string][2]string // ID → base, amount
}

func rv24KeyOf(t *testing.T, inv journal.Invoice) (rv24Key, []string) {
	t.Helper()
	tot, err := inv.Totals()
	require.NoError(t, err)
	k := rv24Key{HT: tot.HT.Plain(), TTC: tot.TTC.Plain(), Taxes: map[string][2]string{}}
	for _, tt := range tot.Taxes {
		k.Taxes[tt.Tax.ID] = [2]string{tt.Base.Plain(), tt.Amount.Plain()}
	}
	var bases []string
	for _, b := range tot.Bases {
		bases = append(bases, b.Plain())
	}
	return k, bases
}

// rv24Shuffled returns inv with its lines in the order perm.
func rv24Shuffled(inv journal.Invoice, perm []int) journal.Invoice {
	out := inv
	out.Lines = make([]journal.InvoiceLine, len(perm))
	for i, p := range perm {
		out.Lines[i] = inv.Lines[p]
	}
	return out
}

// Reordering the lines changes neither the HT, the TTC nor any tax (base
// and amount), under both roundings. FAILS (seed 2404: 5 of the 1 800
// invoices, EUR, JPY and KWD, all rounded on the invoice): the exact bases of
// lines under one included rate share their remainders (price × 100 /
// 120 is a multiple of 1/6 of a unit), the largest-remainder split of the
// group's HT breaks ties "to the earliest" line, so the unit moves with
// the order between lines that do not carry the same other taxes; the
// base of an excluded tax or of a 0 % included tax then moves by a unit,
// and an excluded tax rounded on it can move too, and the TTC with it
// (TestReview24LineOrderMovesTheTTC).
func TestReview24PropLineOrderInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(2404, 1))
	rv24Each(t, 2404, 300, false, rv24BothModes, func(t *testing.T, c rv24Inv) {
		want, _ := rv24KeyOf(t, c.inv)
		perm := rng.Perm(len(c.inv.Lines))
		got, _ := rv24KeyOf(t, rv24Shuffled(c.inv, perm))
		assert.Equal(t, want, got, "order %v: %s", perm, rv24Describe(c.inv, c.qs))
	})
}

// Reordering the lines leaves each line its base (the HT printed on it),
// under both roundings. FAILS (seed 2404, rounded on the invoice;
// stops at 10 failing invoices): the
// tie-break of TestReview24PropLineOrderInvariance, also between lines of
// different prices under the same taxes (JPY 7 × 114 and 193 under 10 %
// included: 725 and 176, or 726 and 175, by their order).
func TestReview24PropLineOrderKeepsLineBases(t *testing.T) {
	rng := rand.New(rand.NewPCG(2404, 2))
	rv24Each(t, 2404, 300, false, rv24BothModes, func(t *testing.T, c rv24Inv) {
		_, wantBases := rv24KeyOf(t, c.inv)
		perm := rng.Perm(len(c.inv.Lines))
		_, gotBases := rv24KeyOf(t, rv24Shuffled(c.inv, perm))
		for i, p := range perm {
			assert.Equal(t, wantBases[p], gotBases[i], "line %d's base, order %v: %s", p+1, perm, rv24Describe(c.inv, c.qs))
		}
	})
}

// Two lines of 10.05 TTC under 20 % included VAT, the first also under an
// excluded 20 % tax: the group's HT is 16.75 (exact 8.375 + 8.375), one
// line gets 8.38, the other 8.37 — the first named. Keyed in as (a, b),
// the excluded tax is 20 % of 8.38 = 1.68 and the TTC 21.78; as (b, a) it
// is 20 % of 8.37 = 1.67 and the TTC 21.77. FAILS: the customer pays a
// cent more or less for the same invoice by the order of its lines.
// Judgement: either figure is within a cent of the rate on its printed
// base, but an invoice's total must not depend on the order of its
// lines; Odoo 18 rounds each tax once on the sum of its raw amounts
// (0.2 × 8.375 = 1.675 → 1.68, whichever line gets the cent of base), so
// its TTC is 21.78 in both orders (its line bases move with the order too).
func TestReview24LineOrderMovesTheTTC(t *testing.T) {
	eur := currency.MustLookup("EUR")
	a := journal.InvoiceLine{Label: "a", UnitPrice: currency.MustParse(eur, "10.05"), Taxes: []tax.Tax{rv24I20, rv24X20}, Account: "707000"}
	b := journal.InvoiceLine{Label: "b", UnitPrice: currency.MustParse(eur, "10.05"), Taxes: []tax.Tax{rv24I20}, Account: "707000"}
	ab, _ := rv24KeyOf(t, journal.Invoice{Lines: []journal.InvoiceLine{a, b}})
	ba, _ := rv24KeyOf(t, journal.Invoice{Lines: []journal.InvoiceLine{b, a}})
	assert.Equal(t, "16.75", ab.HT)
	assert.Equal(t, ab, ba, "the same invoice, its lines in the other order")
}

// Reordering the taxes a line names changes nothing (by tax ID), under
// both roundings. PASSES.
func TestReview24PropTaxOrderInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(2405, 1))
	rv24Each(t, 2405, 300, false, rv24BothModes, func(t *testing.T, c rv24Inv) {
		want, wantBases := rv24KeyOf(t, c.inv)
		other := c.inv
		other.Lines = slices.Clone(c.inv.Lines)
		for i := range other.Lines {
			taxes := slices.Clone(other.Lines[i].Taxes)
			rng.Shuffle(len(taxes), func(a, b int) { taxes[a], taxes[b] = taxes[b], taxes[a] })
			other.Lines[i].Taxes = taxes
		}
		got, gotBases := rv24KeyOf(t, other)
		assert.Equal(t, want, got, rv24Describe(c.inv, c.qs))
		assert.Equal(t, wantBases, gotBases, rv24Describe(c.inv, c.qs))
	})
}

// A credit note keyed in as the invoice's lines with prices negated (or
// with quantities negated) states every figure of the invoice negated,
// under both roundings. PASSES.
func TestReview24PropCreditNoteIsNegatedInvoice(t *testing.T) {
	neg := func(s string) string {
		if strings.Trim(s, "-0.") == "" {
			return s // zero, unsigned
		}
		if s[0] == '-' {
			return s[1:]
		}
		return "-" + s
	}
	rv24Each(t, 2406, 300, false, rv24BothModes, func(t *testing.T, c rv24Inv) {
		want, wantBases := rv24KeyOf(t, c.inv)
		for i := range wantBases {
			wantBases[i] = neg(wantBases[i])
		}
		w := rv24Key{HT: neg(want.HT), TTC: neg(want.TTC), Taxes: map[string][2]string{}}
		for id, ba := range want.Taxes {
			w.Taxes[id] = [2]string{neg(ba[0]), neg(ba[1])}
		}
		prices := c.inv
		prices.Lines = slices.Clone(c.inv.Lines)
		qtys := c.inv
		qtys.Lines = slices.Clone(c.inv.Lines)
		for i := range prices.Lines {
			prices.Lines[i].UnitPrice = prices.Lines[i].UnitPrice.Neg()
			q := c.qs[i]
			if q == "" {
				q = "1"
			}
			qtys.Lines[i].Quantity = journal.MustQuantity(neg(q))
		}
		d := rv24Describe(c.inv, c.qs)
		got, gotBases := rv24KeyOf(t, prices)
		assert.Equal(t, w, got, "prices negated: %s", d)
		assert.Equal(t, wantBases, gotBases, "prices negated: %s", d)
		got, gotBases = rv24KeyOf(t, qtys)
		assert.Equal(t, w, got, "quantities negated: %s", d)
		assert.Equal(t, wantBases, gotBases, "quantities negated: %s", d)
	})
}

// With PerLineRounding each line is computed on its own: the invoice's
// figures are the sums of those of its lines taken as one-line invoices,
// and on each line each tax is within one minor unit of its rate on the
// line's base. PASSES.
func TestReview24PropPerLineEachLineAtItsRate(t *testing.T) {
	rv24Each(t, 2407, 300, false, []bool{true}, func(t *testing.T, c rv24Inv) {
		tot, err := c.inv.Totals()
		require.NoError(t, err)
		d := rv24Describe(c.inv, c.qs)
		sumTax := map[string]int64{}
		var ht, ttc int64
		for i, l := range c.inv.Lines {
			one := journal.Invoice{Lines: []journal.InvoiceLine{l}, PerLineRounding: true}
			lt, err := one.Totals()
			require.NoError(t, err)
			assert.Equal(t, tot.Bases[i].Plain(), lt.Bases[0].Plain(), "line %d's base alone and in the invoice: %s", i+1, d)
			ht += rv24Minor(t, lt.HT)
			ttc += rv24Minor(t, lt.TTC)
			for _, tt := range lt.Taxes {
				amt := rv24Minor(t, tt.Amount)
				sumTax[tt.Tax.ID] += amt
				onBase := new(big.Rat).Mul(big.NewRat(rv24Minor(t, tt.Base), 100), rv24Rate(tt.Tax))
				off := onBase.Sub(onBase, big.NewRat(amt, 1))
				assert.True(t, off.Abs(off).Cmp(big.NewRat(1, 1)) < 0, "line %d: %s %s on %s: %s", i+1, tt.Tax.ID, tt.Amount, tt.Base, d)
			}
		}
		assert.Equal(t, ht, rv24Minor(t, tot.HT), "HT = Σ lines' HT: %s", d)
		assert.Equal(t, ttc, rv24Minor(t, tot.TTC), "TTC = Σ lines' TTC: %s", d)
		for _, tt := range tot.Taxes {
			assert.Equal(t, sumTax[tt.Tax.ID], rv24Minor(t, tt.Amount), "%s = Σ of the lines': %s", tt.Tax.ID, d)
		}
	})
}
