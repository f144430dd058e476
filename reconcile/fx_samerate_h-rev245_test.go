package reconcile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Multi-currency lettering after sameRate (commit 2132020): a foreign line
// booked at the very rate its company-currency counterpart is valued at is
// valued at that rate. Every figure below is worked by hand with the book's
// rounding, half away from zero to the currency's minor unit (DESIGN §2),
// rates "1 EUR = r units" (a foreign amount / r is its euro value).

// Was failing, fixed: a JPY invoice of 10 000 JPY booked on 07-01 at 1 EUR = 160.5 JPY
// (10 000 / 160.5 = 62.305 → 62.31 EUR), paid the same day by two receipts
// in euros, 31.15 and 31.16 (62.31 in all), one rate throughout. Lettered
// 31.16 first then 31.15, everything matches and nothing reaches 656000 or
// 756000 (C2 below, which passes). Lettered 31.15 first (C1): the receipt
// covers 31.15 × 160.5 = 4 999.575 → 5 000 JPY, the invoice drops 5 000 /
// 160.5 = 31.15, keeping 31.16 EUR for 5 000 JPY; the 31.16 receipt is worth
// 31.16 × 160.5 = 5 001.18 → 5 001 JPY, the invoice is consumed (31.16) and
// the receipt, consumed in part, drops 5 000 / 160.5 = 31.15: the code posts
// a 0.01 exchange LOSS on the invoice (656000 = 0.01) and leaves the receipt
// with 0.01 EUR open (an outstanding credit of 0.01, aged −0.01 for C1)
// where the other order leaves nothing. Expected in C1 as in C2: I, P1, P2
// at 0.00, match AAA, 656000 = 756000 = 0.00. Rule: DESIGN §5 "the outcome
// never depends on the order lines are lettered in", and 2132020's own
// promise "no exchange entry on a single rate, in any order"; the receipts
// total exactly the invoice's euro value at the one rate (62.31), so there
// is neither a loss nor anything owed to the customer. (Odoo 17 values a
// company-currency receipt against a foreign invoice in the invoice's
// currency at the day's rate too; its exchange difference exists only when
// a rate moved.)
func TestHrev245SameRateTwoReceiptsJPYAnyOrder(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate JPY 2026-07-01 160.5",
		// C2: the 31.16 receipt first — clean.
		"invoice I2 C2 2026-07-01 10000 cur=JPY", "residual I2 62.31 cur=10000",
		"pay P21 C2 BQD 2026-07-01 31.15", "pay P22 C2 BQD 2026-07-01 31.16",
		"letter I2 P22", "residual I2 31.15 cur=4999",
		"letter I2 P21", "residual I2 0.00 cur=0", "residual P21 0.00", "residual P22 0.00", "code I2 AAA",
		"balance 656000 0.00", "balance 756000 0.00",
		// C1: the 31.15 receipt first.
		"invoice I1 C1 2026-07-01 10000 cur=JPY",
		"pay P11 C1 BQD 2026-07-01 31.15", "pay P12 C1 BQD 2026-07-01 31.16",
		"letter I1 P11", "residual I1 31.16 cur=5000", "balance 656000 0.00",
		"letter I1 P12",
		"residual I1 0.00 cur=0", "residual P11 0.00", "residual P12 0.00", "code I1 AAA", "code P12 AAA",
		"unallocated C1 0.00",
		"balance 656000 0.00", "balance 756000 0.00")
}

// Was failing, fixed: the same in US dollars, on a cash-basis invoice: 500.00 USD + VAT
// 20 % on payment 100.00 = 600.00 USD on 07-01 at 1.1106: 706000 450.21
// (450.207), 445740 90.04 (90.041), 411000 540.25 (600 / 1.1106 = 540.248 —
// the very rate, so sameRate applies). Receipts in euros the same day:
// 270.12 (→ 270.12 × 1.1106 = 299.995 → 300.00 USD) then 270.13 (→ 300.006
// → 300.01 USD), 540.25 in all.
//   - After 270.12 (pinned, passes): the invoice drops 300.00 USD, 300 /
//     1.1106 = 270.124 → 270.12; it keeps 270.13 / 300.00. Cash basis: 100
//     × 300/600 = 50.00 USD due; the transition account gives 90.04 ×
//     300/600 = 45.02, the final account takes 50.00 / 1.1106 (the
//     payment's rate) = 45.02: no exchange line; base 250.00 / 1.1106 =
//     225.10.
//   - After 270.13: the invoice is consumed (270.13), the receipt, valued
//     at 300.00 / 1.1106 = 270.12, keeps 0.01: the code posts 0.01 to
//     656000 and leaves the receipt with −0.01 open. Expected: everything
//     at 0, 656000 = 756000 = 0.00, 445740 = 0.00, 445710 = −90.04 (the
//     invoice's VAT in euros, invariant 9). Lettered 270.13 first the code
//     gets it right, so this is the order dependence of the JPY case
//     (DESIGN §5; 2132020 "no exchange entry on a single rate").
func TestHrev245SameRateCashBasisTwoReceiptsUSD(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate USD 2026-07-01 1.1106",
		"sale I C1 2026-07-01 500.00@20e cur=USD", "residual I 540.25 cur=600.00",
		"balance 445740 -90.04", "balance 706000 -450.21",
		"pay P1 C1 BQD 2026-07-01 270.12", "pay P2 C1 BQD 2026-07-01 270.13",
		"letter I P1", "residual I 270.13 cur=300.00", "residual P1 0.00",
		"balance 445740 -45.02", "balance 445710 -45.02", "balance 656000 0.00", "balance 756000 0.00",
		"vat 2026-07-01 2026-07-31 445710 225.10 45.02",
		"letter I P2",
		"residual I 0.00 cur=0.00", "residual P2 0.00", "code I AAA", "code P2 AAA",
		"balance 445740 0.00", "balance 445710 -90.04", "balance 656000 0.00", "balance 756000 0.00")
}

// Was failing, fixed: the base a cash-basis foreign invoice reports, at one rate. The
// invoice of TestHrev245SameRateCashBasisTwoReceiptsUSD (base 500.00 USD =
// 450.21 EUR, VAT 90.04 EUR, TTC 540.25 EUR at 1.1106), paid the same day
// by 270.13 then 270.12 EUR (the order the code gets right: no exchange
// line, invoice matched, VAT 90.04 on 445710). The VAT report shows a base
// of 450.20: each payment's base share, 250.00 USD, is converted on its own
// (250 / 1.1106 = 225.104 → 225.10, twice), so the parts lose the cent the
// whole has. Expected 450.21: the customer paid 540.25 EUR, of which 90.04
// is VAT, so the sales received (CA3 base, "encaissements", CGI art.
// 269-2-c) are 540.25 − 90.04 = 450.21 — and base + VAT reported must be
// the TTC received. DESIGN §5 makes the shares cumulative "so rounding
// never overshoots" and §2 has parts sum to the whole; at one rate the
// base's euro shares must sum to the invoice's base in euros, as the tax's
// do (invariant 9).
func TestHrev245CashBasisBaseSumsAtOneRate(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate USD 2026-07-01 1.1106",
		"sale I C1 2026-07-01 500.00@20e cur=USD", "balance 706000 -450.21",
		"pay P2 C1 BQD 2026-07-01 270.13", "pay P1 C1 BQD 2026-07-01 270.12",
		"letter I P2", "letter I P1",
		"residual I 0.00 cur=0.00", "code I AAA", "balance 656000 0.00", "balance 756000 0.00",
		"balance 445740 0.00", "balance 445710 -90.04",
		"vat 2026-07-01 2026-07-31 445710 450.21 90.04")
}

// Was failing, fixed: a GBP invoice (a currency worth more than the euro)
// with a credit note in euros at its own rate and two receipts in euros at
// a later one. Invoice 85.27 GBP on 07-01 at 1 EUR = 0.8527 GBP → 100.00
// EUR; credit note 33.38 EUR on 07-01 (33.38 × 0.8527 = 28.463 → 28.46
// GBP: sameRate values the invoice at 0.8527 against it); receipts 32.99
// and 32.98 EUR on 07-15 at 0.8611 (28.407 → 28.41 GBP and 28.399 → 28.40
// GBP). The invoice's 85.27 GBP = 28.46 credited + 56.81 paid; the 56.81
// GBP are booked at 100.00 − 33.38 = 66.62 EUR and came in as 65.97: a
// loss of 0.65, no gain.
//   - Credit note first (G1): 656000 = 0.65 (0.33 + 0.32), 756000 = 0.00.
//   - Receipts first, credit note last (G2): each receipt's partial takes
//     the invoice down at its booked ratio (28.41 × 100/85.27 = 33.318 →
//     33.32, 28.40 × 100/85.27 = 33.306 → 33.31: losses 0.33 + 0.33),
//     leaving 33.37 EUR for 28.46 GBP (worth 33.376 → 33.38 at its rate);
//     the credit note (33.38 for the same 28.46 GBP) then consumes it. The
//     code booked the cent between them as a 0.01 GAIN on the credit note
//     (656000 = 0.66, 756000 = −0.01); that cent is the rounding of the
//     invoice's two drops, already in its 0.66 of losses, so it now goes
//     back to 656000: 0.65, 756000 = 0.00. The drops stay per partial: the
//     credit note or a receipt detached and lettered again posts what it
//     posted the first time (G2 goes on to check it).
//   - G3, the supplier mirror: a bill of 85.27 GBP, a supplier credit note
//     of 33.38 EUR, payments of 32.99 and 32.98 EUR: a gain of 0.65 (0.33
//   - 0.33 on the bill, less the credit note's cent), no loss.
//
// Rule: DESIGN §5, "the outcome never depends on the order lines are
// lettered in"; a cent of gain and a cent of loss on one invoice at one
// pair of rates is rounding, not exchange (§5: "rounding alone never makes
// an exchange line of 0.01"). The orders are on separate books (same
// figures) so that the balances compare.
func TestHrev245CreditNoteLastGBP(t *testing.T) {
	t.Parallel()
	docs := []string{"rate GBP 2026-07-01 0.8527", "rate GBP 2026-07-15 0.8611",
		"invoice I C1 2026-07-01 85.27 cur=GBP", "residual I 100.00 cur=85.27",
		"creditnote N C1 2026-07-01 33.38", "pay P C1 BQD 2026-07-15 32.99", "pay Q C1 BQD 2026-07-15 32.98"}
	done := []string{"residual I 0.00 cur=0.00", "residual N 0.00", "residual P 0.00", "residual Q 0.00", "code I AAA", "balance 411000 0.00"}
	t.Run("G1", func(t *testing.T) {
		t.Parallel()
		fxScenario(t, append(append(docs, "letter I N", "residual I 66.62 cur=56.81", "letter I P", "letter I Q"),
			append(done, "balance 656000 0.65", "balance 756000 0.00")...)...)
	})
	t.Run("G2", func(t *testing.T) {
		t.Parallel()
		fxScenario(t, append(append(append(docs, "letter I P", "letter I Q", "residual I 33.37 cur=28.46", "balance 656000 0.66", "letter I N"),
			append(done, "balance 656000 0.65", "balance 756000 0.00")...),
			// Undone and done again, the credit note and a receipt post
			// what they posted the first time.
			"detach N", "residual I 33.37 cur=28.46", "residual N -33.38", "balance 656000 0.66", "balance 756000 0.00",
			"letter I N", "residual I 0.00 cur=0.00", "residual N 0.00", "balance 656000 0.65", "balance 756000 0.00",
			"detach P", "residual I 33.32 cur=28.41", "balance 656000 0.32", "balance 756000 0.00",
			"letter I P", "residual I 0.00 cur=0.00", "residual P 0.00", "balance 656000 0.65", "balance 756000 0.00",
			"balance 411000 0.00")...)
	})
	t.Run("G3", func(t *testing.T) {
		t.Parallel()
		fxScenario(t, "rate GBP 2026-07-01 0.8527", "rate GBP 2026-07-15 0.8611",
			"bill B S1 2026-07-01 85.27 cur=GBP", "residual B -100.00 cur=-85.27",
			"billcredit N S1 2026-07-01 33.38", "paysupplier P S1 BQD 2026-07-15 32.99", "paysupplier Q S1 BQD 2026-07-15 32.98",
			"letter B P", "letter B Q", "residual B -33.37 cur=-28.46", "balance 756000 -0.66",
			"letter B N",
			"residual B 0.00 cur=0.00", "residual N 0.00", "residual P 0.00", "residual Q 0.00", "code B AAA",
			"balance 401000 0.00", "balance 656000 0.00", "balance 756000 -0.65")
	})
}

// Was failing, fixed: a write-off in JPY at one rate. Invoice 10 000 JPY on 07-01 at
// 160.5 (62.31 EUR), receipt 62.28 EUR the same day (62.28 × 160.5 =
// 9 995.94 → 9 996 JPY; the invoice drops 9 996 / 160.5 = 62.280 → 62.28),
// lettered with a write-off (JPY tolerance 5): the invoice's rest, 4 JPY /
// 0.03 EUR, is written off. The code values the write-off line at the
// day's rate, 4 / 160.5 = 0.0249 → 0.02 on 658000, and books the invoice's
// last cent as an exchange LOSS (656000 = 0.01). Expected: 658000 = 0.03,
// 656000 = 0.00 — the rate never moved (the invoice was booked at the
// write-off's rate, 2132020's sameRate condition), so none of the 0.03 the
// customer did not pay is a loss on exchange (656 "pertes de change" is
// for a change of rate, PCG 2017 656/756); the cent is the rounding of a
// currency with no decimals, which DESIGN §5 says never makes an exchange
// line of 0.01 on its own. A receipt in USD of the same shape (a residual
// of 0.05 USD / 0.05 EUR) already writes off all of it to 658000.
// Decided for the review: an item booked at the write-off's own rate is
// written off at its whole company residual (Odoo's replay Domestic6
// writes its 1.08 EUR off the same way); with a moved rate the write-off
// still takes the day's rate and the rest is an exchange difference.
func TestHrev245SameRateWriteOffJPY(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate JPY 2026-07-01 160.5", "tolerance 5 cur=JPY",
		"invoice I C1 2026-07-01 10000 cur=JPY", "pay P C1 BQD 2026-07-01 62.28",
		"letter I P writeoff=1",
		"residual I 0.00 cur=0", "residual P 0.00", "code I AAA",
		"balance 656000 0.00", "balance 756000 0.00", "balance 658000 0.03", "balance 758000 0.00")
}

// Pins: a USD cash-basis invoice paid in euros after the rate moved, then
// unlettered and lettered again. Invoice 500.00 USD + VAT 100.00 on payment
// on 07-01 at 1.1106 (411000 540.25, 706000 450.21, 445740 90.04); two
// receipts of 273.97 EUR on 07-15 at 1.0950 (273.97 × 1.095 = 299.997 →
// 300.00 USD each).
//   - First: the receipt is consumed (273.97), the invoice drops 300 ×
//     540.25/600 = 270.125 → 270.13 (its own rate): a 3.84 gain on the
//     receipt. Cash basis: 50.00 USD due, the transition account gives
//     90.04/2 = 45.02, the final account takes 50 / 1.095 = 45.662 → 45.66
//     (the payment's rate, Odoo's and DESIGN §5's rule), the 0.64 between
//     them to 656000; base 250 / 1.095 = 228.31.
//   - Second: both consumed (invoice 270.12, receipt 273.97): a 3.85 gain;
//     cash basis 45.02 / 45.66 / 0.64 again. In all 445710 −91.32, 656000
//     1.28, 756000 −7.69, base 456.62.
//   - Unlettering restores the invoice (540.25 / 600.00, 445740 −90.04,
//     nothing on 445710, 656000, 756000), and lettering again posts exactly
//     the entries of the first time (DESIGN §4: residuals restored exactly);
//     the new match is AAD (AAB and AAC went to the two exchange lines,
//     each lettered with its reversal; codes are never reused).
func TestHrev245CashBasisForeignInvoicePaidInEurosRelettered(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f, "rate USD 2026-07-01 1.1106", "rate USD 2026-07-15 1.0950",
			"sale I C1 2026-07-01 500.00@20e cur=USD",
			"pay P1 C1 BQD 2026-07-15 273.97", "pay P2 C1 BQD 2026-07-15 273.97")
		posted := func() string {
			var b strings.Builder
			for _, e := range s.last.Entries {
				fmt.Fprintf(&b, "%s %s:", e.Type, e.Date)
				for _, l := range e.Lines {
					fmt.Fprintf(&b, " %s %s %s %s|", l.Account, l.Partner, l.Balance.Plain(), l.AmountCurrency)
				}
				b.WriteString("\n")
			}
			return b.String()
		}
		steps := [][]string{
			{"letter I P1", "residual I 270.12 cur=300.00", "residual P1 0.00",
				"balance 445740 -45.02", "balance 445710 -45.66", "balance 656000 0.64", "balance 756000 -3.84",
				"vat 2026-07-01 2026-07-31 445710 228.31 45.66"},
			{"letter I P2", "residual I 0.00 cur=0.00", "residual P2 0.00", "code I AAA",
				"balance 445740 0.00", "balance 445710 -91.32", "balance 656000 1.28", "balance 756000 -7.69",
				"vat 2026-07-01 2026-07-31 445710 456.62 91.32"},
		}
		var first []string
		for _, st := range steps {
			scenarioMore(t, s, st[:1]...)
			first = append(first, posted())
			scenarioMore(t, s, st[1:]...)
		}
		scenarioMore(t, s, "unletter I", "residual I 540.25 cur=600.00", "residual P1 -273.97", "residual P2 -273.97",
			"balance 445740 -90.04", "balance 445710 0.00", "balance 656000 0.00", "balance 756000 0.00",
			"vat 2026-07-01 2026-07-31 445710 0.00 0.00")
		for i, st := range steps {
			scenarioMore(t, s, st[:1]...)
			require.Equal(t, first[i], posted(), "%s posts again what it posted the first time", st[0])
			scenarioMore(t, s, strings.Split(strings.ReplaceAll(strings.Join(st[1:], ";"), "code I AAA", "code I AAD"), ";")...)
		}
	})
}

// Pins: a euro cash-basis invoice paid in US dollars, partly then fully:
// VAT falls due on the euros received (the payment's booked value), and an
// exact payment at its own rate posts no exchange line (DESIGN §5: a
// company-currency invoice is valued at the payment's booked rate).
// Invoice 500.00 + VAT 100.00 on payment = 600.00 EUR; receipt 333.33 USD on
// 07-15 at 1.0950 → 304.41 EUR (333.33 / 1.095 = 304.411): the invoice
// drops 304.41, VAT due 100 × 304.41/600 = 50.735 → 50.74, base 500 ×
// 304.41/600 = 253.675 → 253.68; then 323.67 USD → 295.59 EUR (295.589),
// the rest: VAT 49.26, base 246.32; in all 100.00 / 500.00, nothing on
// 656000 or 756000. The payments' aged rows are empty once matched.
func TestHrev245CashBasisEuroInvoicePaidInUSD(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-07-15 1.0950",
		"sale J C1 2026-07-01 500.00@20e", "pay P1 C1 BQD 2026-07-15 333.33 cur=USD", "residual P1 -304.41 cur=-333.33",
		"letter J P1", "residual J 295.59", "residual P1 0.00 cur=0.00",
		"balance 445740 -49.26", "balance 445710 -50.74", "vat 2026-07-01 2026-07-31 445710 253.68 50.74",
		"pay P2 C1 BQD 2026-07-15 323.67 cur=USD", "residual P2 -295.59 cur=-323.67",
		"letter J P2", "residual J 0.00", "residual P2 0.00 cur=0.00", "code J AAA",
		"balance 445740 0.00", "balance 445710 -100.00", "vat 2026-07-01 2026-07-31 445710 500.00 100.00",
		"balance 656000 0.00", "balance 756000 0.00", "balance 411000 0.00")
}

// Pins: a currency with three decimals on the opposite path, three
// documents. A euro invoice of 100.01, a KWD credit note of 11.374 KWD
// (11.374 / 0.3412 = 33.335 → 33.34) and a KWD receipt of 22.749 KWD
// (66.6735 → 66.67), one rate: matched with no exchange line whether the
// credit note or the receipt comes first or all three are lettered in one
// call (the invoice valued at the market rate against the credit note, at
// the receipt's booked rate against the receipt).
func TestHrev245KWDThreeDocumentsAnyOrder(t *testing.T) {
	t.Parallel()
	var lines []string
	for i, order := range []string{"letter I% N%;letter I% P%", "letter I% P%;letter I% N%", "letter I% N% P%"} {
		p := fmt.Sprintf("C%d", i+1)
		n := func(s string) string { return strings.ReplaceAll(s, "%", p) }
		lines = append(lines, n("invoice I% "+p+" 2026-07-01 100.01"), n("creditnote N% "+p+" 2026-07-01 11.374 cur=KWD"),
			n("residual N% -33.34 cur=-11.374"), n("pay P% "+p+" BQD 2026-07-01 22.749 cur=KWD"), n("residual P% -66.67 cur=-22.749"))
		lines = append(lines, strings.Split(n(order), ";")...)
		lines = append(lines, n("residual I% 0.00"), n("residual N% 0.00 cur=0.000"), n("residual P% 0.00 cur=0.000"), n("code I% AAA"))
	}
	fxScenario(t, append(append([]string{"rate KWD 2026-07-01 0.3412"}, lines...), "balance 656000 0.00", "balance 756000 0.00", "balance 411000 0.00")...)
}

// Pins: the supplier mirror of TestHrev245SameRateTwoReceiptsJPYAnyOrder.
// A bill of 10 000 JPY on 07-01 at 160.5 (401000 −62.31) paid the same
// day by two payments in euros, 31.15 and 31.16, in either order: the
// first leaves the bill at 5 000 JPY / 31.16 EUR (31.15 first) or 4 999 /
// 31.15 (31.16 first), the second settles it; nothing reaches 656000 or
// 756000 and no payment keeps a cent open (one rate: the two payments are
// exactly the bill's euro value).
func TestHrev247SameRateTwoPaymentsJPYSupplier(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate JPY 2026-07-01 160.5",
		"bill B1 S1 2026-07-01 10000 cur=JPY", "residual B1 -62.31 cur=-10000",
		"paysupplier Q11 S1 BQD 2026-07-01 31.15", "paysupplier Q12 S1 BQD 2026-07-01 31.16",
		"letter B1 Q11", "residual B1 -31.16 cur=-5000", "letter B1 Q12",
		"residual B1 0.00 cur=0", "residual Q11 0.00", "residual Q12 0.00", "code B1 AAA",
		"bill B2 S1 2026-07-01 10000 cur=JPY",
		"paysupplier Q21 S1 BQD 2026-07-01 31.15", "paysupplier Q22 S1 BQD 2026-07-01 31.16",
		"letter B2 Q22", "residual B2 -31.15 cur=-4999", "letter B2 Q21",
		"residual B2 0.00 cur=0", "residual Q21 0.00", "residual Q22 0.00", "code B2 AAB",
		"balance 656000 0.00", "balance 756000 0.00", "balance 401000 0.00")
}

// Pins: the supplier mirror of TestHrev245SameRateCashBasisTwoReceiptsUSD
// and TestHrev245CashBasisBaseSumsAtOneRate. A bill of 500.00 USD + VAT 20 %
// on payment = 600.00 USD on 07-01 at 1.1106 (401000 −540.25, 445640 90.04)
// paid the same day by 270.12 then 270.13 EUR: the first leaves 270.13 /
// 300.00 and makes 45.02 deductible (50.00 / 1.1106), the second settles
// the bill: 445640 0.00, 445660 90.04, nothing on 656000 or 756000, and
// the VAT report's base is the bill's, 450.21 (540.25 − 90.04 paid).
func TestHrev247SameRateCashBasisTwoPaymentsUSDSupplier(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate USD 2026-07-01 1.1106",
		"purchase B S1 2026-07-01 500.00@20e cur=USD", "residual B -540.25 cur=-600.00", "balance 445640 90.04",
		"paysupplier Q1 S1 BQD 2026-07-01 270.12", "paysupplier Q2 S1 BQD 2026-07-01 270.13",
		"letter B Q1", "residual B -270.13 cur=-300.00", "balance 445640 45.02", "balance 445660 45.02",
		"letter B Q2",
		"residual B 0.00 cur=0.00", "residual Q1 0.00", "residual Q2 0.00", "code B AAA",
		"balance 445640 0.00", "balance 445660 90.04", "balance 656000 0.00", "balance 756000 0.00",
		"vat 2026-07-01 2026-07-31 445660 450.21 90.04")
}
