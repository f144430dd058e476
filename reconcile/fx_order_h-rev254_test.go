package reconcile_test

import "testing"

// Was failing, fixed: the same GBP invoice and the same three GBP receipts, each paying
// the same amount of it, lettered in two orders, split the exchange
// difference between 656000 and 756000 differently. Rates 1 EUR = 0.8714847
// GBP on 03-02, 0.8420760 on 03-16, 0.8182276 on 04-01. Invoice 2 273.29
// GBP on 03-16 (2 699.63 EUR); receipts P1 64.48 GBP on 04-01 (78.80),
// P2 1 414.78 on 03-02 (1 623.41), P3 794.03 on 03-16 (942.94, the
// invoice's day). The set sums to 2 699.63 − 78.80 − 1 623.41 − 942.94 =
// 54.48 EUR of net loss in both orders (right), but:
//   - C2, P1 then P3 then P2 (passes): gain 2.23 on P1 (78.80 − 64.48 ×
//     2 699.63 / 2 273.29 = 78.80 − 76.5728 = 2.2272 → 2.23), loss 56.71 on
//     P2 (the invoice consumed to zero by P2 keeps its rounding cent on its
//     own exchange account): 656000 56.71, 756000 −2.23.
//   - C1, all at once (the default order takes P2, P3, then P1): loss
//     56.70, gain 2.22 — the invoice's rounding cent taken off P1's gain.
//
// Expected in both: 656000 56.71, 756000 −2.23 per customer (113.42 /
// −4.46 in all). Rule: DESIGN §5 "the outcome never depends on the order
// lines are lettered in"; exchange.go's h-rev251 rule that a foreign line
// consumed to zero gives its per-partial rounding back on the account its
// own exchange lines went to, not as the opposite difference; and P1's
// gain is its own difference, 2.2272 rounded. (Odoo computes each
// partial's exchange difference from the two lines' own rates, so that each
// receipt's difference is its own: test_account_move_reconcile.py,
// test_reconcile_exchange_difference_on_partial_same_foreign_currency_debit_expense_partial_payment.)
func TestHrev254ThreeReceiptsGBPOrderMovesCentFromGainToLoss(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate GBP 2026-03-02 0.8714847", "rate GBP 2026-03-16 0.8420760", "rate GBP 2026-04-01 0.8182276",
		// C2: receipt by receipt.
		"invoice J C2 2026-03-16 2273.29 cur=GBP", "residual J 2699.63 cur=2273.29",
		"pay Q1 C2 BQD 2026-04-01 64.48 cur=GBP", "pay Q2 C2 BQD 2026-03-02 1414.78 cur=GBP", "pay Q3 C2 BQD 2026-03-16 794.03 cur=GBP",
		"residual Q1 -78.80 cur=-64.48", "residual Q2 -1623.41 cur=-1414.78", "residual Q3 -942.94 cur=-794.03",
		"letter J Q1", "letter J Q3", "letter J Q2", "residual J 0.00 cur=0.00", "code J AAA",
		"balance 656000 56.71", "balance 756000 -2.23",
		// C1: all at once.
		"invoice I C1 2026-03-16 2273.29 cur=GBP",
		"pay P1 C1 BQD 2026-04-01 64.48 cur=GBP", "pay P2 C1 BQD 2026-03-02 1414.78 cur=GBP", "pay P3 C1 BQD 2026-03-16 794.03 cur=GBP",
		"letter I P1 P2 P3", "residual I 0.00 cur=0.00", "code I AAA",
		"balance 411000 0.00",
		"balance 656000 113.42", "balance 756000 -4.46")
}
