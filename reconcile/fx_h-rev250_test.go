package reconcile_test

import "testing"

// Pins: a JPY invoice paid the same day, at its one rate, by two euro
// receipts (31.15 then 31.16), unlettered and lettered again in the other
// order: the same outcome (all at 0, no exchange line either time; DESIGN
// §5: the outcome never depends on the order lines are lettered in).
func TestHrev250SameRateReletteredJPY(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate JPY 2026-07-01 160.5",
		"invoice I C1 2026-07-01 10000 cur=JPY",
		"pay P1 C1 BQD 2026-07-01 31.15", "pay P2 C1 BQD 2026-07-01 31.16",
		"letter I P1", "letter I P2", "residual I 0.00 cur=0", "code I AAA",
		"balance 656000 0.00", "balance 756000 0.00",
		"unlettercode 411000 C1 AAA", "residual I 62.31 cur=10000", "residual P1 -31.15", "residual P2 -31.16",
		"balance 656000 0.00", "balance 756000 0.00",
		"letter I P2", "letter I P1", "residual I 0.00 cur=0", "residual P1 0.00", "residual P2 0.00", "code I AAB",
		"balance 656000 0.00", "balance 756000 0.00")
}
