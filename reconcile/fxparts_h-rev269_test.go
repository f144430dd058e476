package reconcile_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review h-rev269: seeds the stricter per-account order property
// (-hrevstrict) found, shrunk. DESIGN §2 and §5: the result never depends
// on the order or the grouping of lettering, and at moved rates the
// exchange difference is one figure, booked minus settled, never a gain
// beside a loss made of rounding.

// hrev269Run runs cmds on s, Check after each, and returns 656000, 756000
// and 445710.
func hrev269Run(t *testing.T, f *fixture, s *scenario, cmds ...string) (loss, gain, final string) {
	t.Helper()
	for _, c := range cmds {
		require.NoError(t, s.do(strings.Fields(c)), c)
		f.check(t)
	}
	return f.balance(t, "656000"), f.balance(t, "756000"), f.balance(t, "445710")
}

// Was failing, fixed: a gain beside a loss made of one entry's rounding (seed 1118 of
// TestHrev254RandomOrderSplit, -hrevstrict). JPY, 1 EUR = 156.902 JPY on
// 03-02, 156.159 on 04-01. I1, a sale of 03-02 with VAT on payment:
// 112 031 JPY HT at 20 % (22 406) and 46 472 at 5.5 % (2 556), 183 465
// JPY TTC; its lines convert to 714.02 + 142.80 + 296.18 + 16.29, so its
// receivable is 1 169.29 EUR (the quote makes 1 169.2953 → 1 169.30 of
// the whole: the entry's rounding went to the receivable). I2, 280 454
// JPY on 04-01 = 1 795.95 EUR (1 795.9509). P1, 463 919 JPY on 03-02 =
// 2 956.74 EUR (2 956.7469), paying both exactly. Booked less settled:
// 1 169.29 + 1 795.95 − 2 956.74 = 8.50, a loss, the one figure (I1 and
// P1 meet at one quote: no difference between them).
//   - I1 first (and all at once): 656000 8.50, 756000 nothing. Right.
//   - I2 first: P1 drops 280 454 × 2 956.74 / 463 919 = 1 787.4447 →
//     1 787.44, I2 a loss of 8.51; P1's 1 169.30 left (exactly its value
//     of 183 465 JPY) then meets I1's 1 169.29 and both are consumed: a
//     gain of 0.01 on 756000. Wrong: a loss and a gain of one rounding.
//
// Diagnosis: not the per-partial drop (P1's two drops are each its own
// value, cumulative or not: 1 787.44 + 1 169.30 = 2 956.74). The cent is
// I1's entry rounding, met at one quote (oneQuote, settleDrops' "single"
// rule gives the consumed side's value to the other only when one side is
// left in part). When both sides are consumed to zero at one quote and
// the rest is within the entry's rounding (convertedAt's n+1 minor units),
// that rest belongs on the account of the group's difference already
// booked by the side facing it (here P1's earlier partial's exchange line
// on I2: 656000), as roundingAccount does for a side's own exchange lines
// — roundingAccount should also look at the exchange lines other partials
// of the consumed line made on their other side.
func TestHrev269JPYEntryRoundingNoGainBesideLoss(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f, "rate JPY 2026-03-02 156.902", "rate JPY 2026-04-01 156.159",
			"sale I1 C1 2026-03-02 112031@20e 46472@5.5e cur=JPY", "invoice I2 C1 2026-04-01 280454 cur=JPY",
			"pay P1 C1 BQD 2026-03-02 463919 cur=JPY", "residual I1 1169.29 cur=183465",
			"sale J1 C2 2026-03-02 112031@20e 46472@5.5e cur=JPY", "invoice J2 C2 2026-04-01 280454 cur=JPY",
			"pay Q1 C2 BQD 2026-03-02 463919 cur=JPY")
		loss, gain, _ := hrev269Run(t, f, s, "letter I1 P1", "letter I2 P1")
		assert.Equal(t, "8.50", loss, "656000, I1 first")
		assert.Equal(t, "0.00", gain, "756000, I1 first")
		loss, gain, _ = hrev269Run(t, f, s, "letter J2 Q1", "letter J1 Q1")
		assert.Equal(t, "17.00", loss, "656000, both partners (J2 first: 8.51 and a gain of 0.01)")
		assert.Equal(t, "0.00", gain, "756000, both partners")
	})
}

// Was failing, fixed: a cash-basis cent between 656000 and 445710 that depends on the
// order (seed 1016 of TestHrev254RandomOrderSplit, -hrevstrict). CHF, 1
// EUR = 0.9020025 CHF on 03-02, 0.9263856 on 03-16. I1, a sale of 03-16:
// 1 936.60 CHF HT, VAT 20 % on payment 387.32 CHF = 418.10 EUR
// (418.0980), 2 323.92 CHF TTC. P1 715.10 EUR on 03-02 (worth 645.02
// CHF: 715.10 × 0.9020025 = 645.0220); P2 923.44 and P3 755.46 CHF on
// 03-16, the invoice's own rate. Shares in CHF (cumulative, no rounding
// unit moves here): 107.50, 153.91, 125.91 whatever the order. P1's share
// reaches 445710 at P1's rate: 107.50 × 715.10 / 645.02 = 119.1796 →
// 119.18. P2's and P3's, paid at the booked rate, are cleared from 445740
// "cumulatively at the rate" (cashBasisLines, booked.Equal(taxCompany))
// and the final account takes the same; P1's is cleared at the prorated
// company amount (418.10 × 645.02 / 2 323.92 = 116.0465 → 116.05), or,
// when P1 completes the invoice, by the rest.
//   - P1, P2, P3: 116.05; 282.18 − 116.04 = 166.14; rest 135.91. 445710
//     119.18 + 166.14 + 135.91 = 421.23, 656000 3.13.
//   - all at once (P3, P2, P1): 135.92 (135.9153); 302.06 − 135.92 =
//     166.14; rest 116.04. 445710 421.24, 656000 3.14.
//
// Diagnosis: two formulas clear 445740 in euros (the proration of the
// booked company tax, and a cumulative conversion at the booked rate), and
// a share's slice of either depends on where it falls in the cumulative
// sequence, so the payment paid at another rate takes 116.05 or 116.04
// depending on its position; the sum 656000 + 445710 is constant. The one
// figure independent of order and grouping: the final account holds, in
// euros, the cumulative rounding of the exact sum of each live partial's
// exact share at its payment's rate — round(Σ tax × allocatedᵢ / total ×
// rateᵢ) less what earlier shares put there — here 387.32 × 715.10 /
// 2 323.92 + 387.32 × 1 678.90 / 2 323.92 / 0.9263856 = 119.1833 +
// 302.0520 = 421.2354 → 421.24, and the difference with 418.10 cleared is
// the exchange difference: 3.14. This needs each live partial's paid rate
// again at every share (not stored today: recovered from the paying line's
// booked ratio, or its quote) and an exact sum of fractions of different
// denominators.
//
// Tried (h-rev271): clearing 445740 for every payment at the tax's booked
// quote cumulatively (round of the live shares' own amounts at the quote
// less what earlier shares cleared) makes this test pass (116.04 for P1 in
// every place), but moves a cent between 445740 and 656000 in shares paid
// at another rate that five tests and the cash-basis-foreign-company-rest
// scenario pin as prorated (TestHrev144UsdCreditNoteEuroReceiptWriteOff:
// 55.55 prorated, 55.54 converted): which of the two one formula should
// be is left to decide.
//
// Tried next (h-rev273, branch not kept): 445740 cleared by DESIGN's own
// cumulative proration of the booked company tax, the final account at
// round(Σ live partials' exact shares at their payment rates) less what
// earlier shares put there, the difference the exchange. It passes here
// (421.24 / 3.14 in every order) and its figure for
// TestHrev144UsdCreditNoteEuroReceiptWriteOff (66.67 / 2.77, one
// rounding, against 66.66 / 2.78 today, two) is the exact one, but it
// fails two fixed order seeds (1100 customer, 1052 supplier) and moves a
// cent in seven other tests and three scenarios. Why: the rate each
// earlier partial was paid at is not stored. Read back from the paying
// line's booked ratio it differs, by the entry's rounding, from the quote
// or agreed rate the lettering used for the current partial, so at one
// rate a share looks paid at another (656000 0.02 beside 756000 −0.01);
// and after a detach the final account is recomputed, not measured
// against what live cash-basis entries booked on it (445660 58 643 cents
// for a tax of 58 644). What is left to decide first: store the rate (or
// the company amount) each partial was valued at, a book format change,
// so that one read-back serves every partial.
//
// Fixed (h-rev273, h-rev276, h-rev278, h-rev279): the final account is
// what each live partial's paying side gave in euros (its Amount and the
// exchange lines it posted on the paying line, found by Origin), a partial
// at the booked quote counted at the invoice's company tax, the tax of the
// whole rounded once and each share measured against what live cash-basis
// entries booked (a write-off's loss line found through the write-off its
// origin partial lettered; "at the booked quote" decided by what the
// partial paid, TestHrev279AgreedRateOnTheInvoicesQuote). Nine figures
// moved to their once-rounded values (e.g. 53.34 -> 53.33 =
// 200 x 320 / 1 200).
//
// What this chooses: 445710, the VAT declared, is the same in every order;
// the split of the exchange result between 656000 and 756000 may move a
// cent by order, their sum never does. Posted shares are never revised, so
// the share that comes second absorbs the first's rounding: in strict
// seed 1020 (bill 161 830 @20e + 99 038 @5.5e JPY at 158.417, paid 662.09
// EUR of 03-02 and 197 749 JPY at 168.869) the 20 % VAT's final account is
// 198.64 in both orders, 71.75 + 126.89 or 126.90 + 71.74, the first a
// gain and the second a loss. Both a once-rounded total and each exchange
// account fixed in every order cannot hold; the declared tax wins, and the
// order checks compare the exchange result as one figure.
func TestHrev269CHFCashBasisOrderOneFigure(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f, "rate CHF 2026-03-02 0.9020025", "rate CHF 2026-03-16 0.9263856",
			"sale I1 C1 2026-03-16 1936.60@20e cur=CHF", "pay P1 C1 BQD 2026-03-02 715.10",
			"pay P2 C1 BQD 2026-03-16 923.44 cur=CHF", "pay P3 C1 BQD 2026-03-16 755.46 cur=CHF",
			"sale J1 C2 2026-03-16 1936.60@20e cur=CHF", "pay Q1 C2 BQD 2026-03-02 715.10",
			"pay Q2 C2 BQD 2026-03-16 923.44 cur=CHF", "pay Q3 C2 BQD 2026-03-16 755.46 cur=CHF")
		loss, _, final := hrev269Run(t, f, s, "letter I1 P1 P2 P3")
		assert.Equal(t, "3.14", loss, "656000, all at once")
		assert.Equal(t, "-421.24", final, "445710, all at once")
		loss, _, final = hrev269Run(t, f, s, "letter J1 Q1", "letter J1 Q2", "letter J1 Q3")
		assert.Equal(t, "6.28", loss, "656000, both partners (pair by pair: 3.13)")
		assert.Equal(t, "-842.48", final, "445710, both partners (pair by pair: 421.23)")
	})
}
