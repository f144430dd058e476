package reconcile_test

import "testing"

// At ONE exchange rate throughout (no cash basis, no split), a CHF bill
// paid by three CHF payments books nothing on the exchange accounts in any
// order (it booked a 0.01 loss and a 0.01 gain lettered one by one in
// posting order). Rate 1 EUR = 0.9255336 CHF, every document
// on 03-16. Bill B 1 339.63 CHF = 1 447.41 EUR (1 447.4125); payments
// P1 677.08 CHF = 731.56 (731.5580), P2 92.63 = 100.08 (100.0828), P3
// 569.92 = 615.77 (615.7747): 731.56 + 100.08 + 615.77 = 1 447.41, so the
// set sums to zero in both currencies and lettering must post nothing.
// Was (supplier, B with P1, then P2, then P3): the first pairing valued
// P1's 677.08 CHF at B's booked ratio (1 447.41 / 1 339.63) = 731.5545,
// more than half a cent from P1's 731.56, and posted 656000 0.01; the last
// gave it back as 756000 −0.01. Now both are valued at the quote both
// were converted at, and P1's share of B is P1's own 731.56. Lettered P2, P3, P1 (or B, P1, P2, P3 at
// once on the supplier side): nothing. Expected in every order: 656000 =
// 756000 = 0.00. Rule: exchange.go "two values within half a minor unit of
// each other count as equal, so that rounding alone never makes an
// exchange line of 0.01" (here both values are 677.08 CHF at the one
// market rate, 731.558, rounded two ways); DESIGN §5 "the outcome never
// depends on the order lines are lettered in"; h-rev254's property "at one
// rate throughout, nothing reaches 656000/756000 but the cents the set's
// lines do not sum to (no gain beside a loss)" — its cash-basis case
// (TestHrev254CashBasisOneRateGBPNoGainBesideLoss) is another path: here
// there is no tax at all. PCG 656/756 record exchange differences; with
// one rate there is none.
func TestHrev258OneRateThreePaymentsNoGainBesideLoss(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate CHF 2026-03-16 0.9255336",
		// Supplier, payment by payment.
		"bill B S1 2026-03-16 1339.63 cur=CHF", "residual B -1447.41 cur=-1339.63",
		"paysupplier P1 S1 BQD 2026-03-16 677.08 cur=CHF", "paysupplier P2 S1 BQD 2026-03-16 92.63 cur=CHF",
		"paysupplier P3 S1 BQD 2026-03-16 569.92 cur=CHF",
		"residual P1 731.56 cur=677.08", "residual P2 100.08 cur=92.63", "residual P3 615.77 cur=569.92",
		"letter B P1", "letter B P2", "letter B P3", "residual B 0.00 cur=0.00", "code B AAA",
		"balance 656000 0.00", "balance 756000 0.00",
		// Customer, all at once.
		"invoice I C1 2026-03-16 1339.63 cur=CHF", "residual I 1447.41 cur=1339.63",
		"pay R1 C1 BQD 2026-03-16 677.08 cur=CHF", "pay R2 C1 BQD 2026-03-16 92.63 cur=CHF",
		"pay R3 C1 BQD 2026-03-16 569.92 cur=CHF",
		"letter I R1 R2 R3", "residual I 0.00 cur=0.00", "code I AAA",
		"balance 656000 0.00", "balance 756000 0.00")
}
