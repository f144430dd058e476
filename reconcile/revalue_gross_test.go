package reconcile_test

import "testing"

// A customer's two dollar invoices, one at a loss at the closing rate and
// one at a gain of the same 200,00: 476000 and 477000 show both, gross,
// though the customer's balance does not move (its line would be 0,00: a
// line per side instead), and the provision covers the 200,00 lost. A
// second run at the same rate posts nothing; a run at another rate brings
// both sides to it. The next day all of it is reversed.
func TestRevaluationLossAndGainThatCancel(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.00", "rate USD 2026-04-01 1.6666666667",
		"invoice A C1 2026-03-01 1000.00 cur=USD", "invoice B C1 2026-04-01 1000.00 cur=USD",
		"balance 411000 1600.00",
		"revalue 2026-12-31 USD=1.25 provision=1 name=V",
		"line V.0 411000 -200.00", "line V.1 411000 200.00",
		"balance 411000 1600.00 at=2026-12-31",
		"balance 476000 200.00 at=2026-12-31", "balance 477000 -200.00 at=2026-12-31",
		"balance 151500 -200.00 at=2026-12-31", "balance 681500 200.00 at=2026-12-31",
		"revalue 2026-12-31 USD=1.25 provision=1", "entries 0",
		// At 1.00 A is worth its 1 000,00 and B 1 000,00: a gain of 400,00
		// on B, no loss; the provision is taken back within its year.
		"revalue 2026-12-31 USD=1.00 provision=1",
		"balance 411000 2000.00 at=2026-12-31",
		"balance 476000 0.00 at=2026-12-31", "balance 477000 -400.00 at=2026-12-31",
		"balance 151500 0.00 at=2026-12-31", "balance 681500 0.00 at=2026-12-31",
		"balance 476000 0.00 at=2027-01-01", "balance 477000 0.00 at=2027-01-01", "balance 411000 1600.00 at=2027-01-01")
}

// A provision of 2026 that 2027's closing no longer needs is taken back as
// income of 2027 (a reprise on 781500), not as a negative charge; one that
// it needs in part is taken back in part.
func TestProvisionTakenBackInPart(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.00",
		"invoice A C1 2026-03-01 1000.00 cur=USD",
		"revalue 2026-12-31 USD=1.25 provision=1",
		"balance 151500 -200.00 at=2026-12-31", "balance 681500 200.00 at=2026-12-31",
		"revalue 2027-06-30 USD=1.1111111111 provision=1 name=W", // a half-year closing: the book has no 2028
		"balance 476000 100.00 at=2027-06-30",
		"balance 151500 -100.00 at=2027-06-30", "balance 781500 -100.00 at=2027-06-30",
		"balance 681500 200.00 at=2027-06-30")
}
