package reconcile_test

import "testing"

// Was failing, fixed (shrunk from TestHrev254RandomOrderSplit, seed 1021:
// two dollar invoices, three receipts, one in euros; lettered pair by pair
// or in parts, the second invoice kept 0.01 USD / 0.01 EUR open while
// every receipt was used). One rate throughout, 1 EUR = 1.25 USD.
// Invoices I1 100.07 USD (80.056 → 80.06 EUR) and I2 24.96 USD (19.968 →
// 19.97); receipts P2 0.03 USD (0.024 → 0.02) and P1 100.00 EUR, worth
// 125.00 USD. In dollars the four lines sum to zero (100.07 + 24.96 =
// 0.03 + 125.00); in euros to 0.01 (80.06 + 19.97 − 0.02 − 100.00): that
// cent, the lines' own rounding, is the only exchange difference, a loss
// of 0.01 on 656000 (gain on 756000 for a supplier), whatever the order.
// By hand, pair by pair (I1 P2, I1 P1, I2 P1):
//   - I1 P2: P2 pays 0.03 USD of I1; I1 drops 0.02 EUR at its own ratio
//     (0.03 × 80.06 / 100.07 = 0.024). I1 keeps 100.04 USD / 80.04 EUR,
//     though 100.04 USD are worth 80.032 → 80.03 at the rate: its booked
//     amount rounded up (+0.004), its drop down (−0.004).
//   - I1 P1: P1 pays I1's 100.04 USD. At one rate the side consumed to
//     zero gives its company residual whole (no exchange line for
//     rounding): the partial is 80.04 EUR, a cent more than the rate
//     makes of 100.04 USD. P1 keeps 19.96 EUR.
//   - I2 P1: 19.96 EUR converted is 24.95 USD, yet P1's 125.00 USD less the
//     100.04 USD it paid is 24.96, I2's whole amount. Was: P1 valued at its
//     residual converted (24.95 USD) paid 24.95 of I2 and was used up; I2
//     kept 0.01 USD / 0.01 EUR, nothing on 656000 — the customer's cent
//     lost between two documents in this order only. Now a partial whose
//     drop strays from the rate's value by a cent because it was made at
//     one quote with a line booked at that quote still counts as made at
//     the rate: P1 has 24.96 USD open, pays I2 whole (I2 drops 19.97, P1
//     19.96), and the 0.01 loss is booked. Lettered all at once, this
//     book left a cent open too (on I1).
//
// Rule: DESIGN §5 "the outcome never depends on the order lines are
// lettered in"; a set of lines that sums to zero in the document
// currency letters fully.
func TestHrev277EuroReceiptOneQuoteCentOrder(t *testing.T) {
	t.Parallel()
	cust := []string{"rate USD 2026-03-02 1.25",
		"invoice I1 C1 2026-03-02 100.07 cur=USD", "invoice I2 C1 2026-03-02 24.96 cur=USD",
		"pay P2 C1 BQD 2026-03-02 0.03 cur=USD", "pay P1 C1 BQD 2026-03-02 100.00",
		"residual I1 80.06 cur=100.07", "residual I2 19.97 cur=24.96", "residual P2 -0.02 cur=-0.03", "residual P1 -100.00"}
	custEnd := []string{"residual I1 0.00 cur=0.00", "residual I2 0.00 cur=0.00", "residual P1 0.00", "residual P2 0.00 cur=0.00",
		"balance 656000 0.01", "balance 756000 0.00", "balance 411000 0.00"}
	sup := []string{"rate USD 2026-03-02 1.25",
		"bill I1 S1 2026-03-02 100.07 cur=USD", "bill I2 S1 2026-03-02 24.96 cur=USD",
		"paysupplier P2 S1 BQD 2026-03-02 0.03 cur=USD", "paysupplier P1 S1 BQD 2026-03-02 100.00"}
	supEnd := []string{"residual I1 0.00 cur=0.00", "residual I2 0.00 cur=0.00", "residual P1 0.00", "residual P2 0.00 cur=0.00",
		"balance 656000 0.00", "balance 756000 -0.01", "balance 401000 0.00"}
	for _, tc := range []struct {
		name       string
		setup, end []string
		letters    []string
	}{
		{"customer, all at once", cust, custEnd, []string{"letter I1 I2 P1 P2"}},
		{"customer, pair by pair", cust, custEnd, []string{"letter I1 P2", "letter I1 P1", "residual P1 -19.96",
			"letter I2 P1"}},
		{"customer, in parts", cust, custEnd, []string{"letter I1 P1 limit=40.00 cur=USD", "letter I1 P2", "letter I1 P1",
			"letter I2 P1"}},
		{"customer, unlettered and lettered again", cust, custEnd, []string{"letter I1 I2 P1 P2", "unletter I1",
			"letter I1 P2", "letter I1 P1", "letter I2 P1"}},
		{"supplier, pair by pair", sup, supEnd, []string{"letter I1 P2", "letter I1 P1", "letter I2 P1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fxScenario(t, append(append(append([]string{}, tc.setup...), tc.letters...), tc.end...)...)
		})
	}
}
