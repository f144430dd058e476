package reconcile_test

// Review hrev58: foreign-currency handling read as a French accountant
// would (PCG: 656/756 realised at payment, 476/477 écarts de conversion at
// year end reversed at the opening, 151500/681500 provision for latent
// losses). Figures are computed by hand; fxScenario runs Book.Check after
// every step. The tests marked "Was failing, fixed" failed on the code
// they were written against; those marked "Passes" held.

import "testing"

// Was failing, fixed: a provision for exchange losses of 75.76 booked at the 2026
// closing (Dr 681500 / Cr 151500) and taken back at the 2027 closing, the
// loss being realised, is a reprise — Cr 781500 75.76 in 2027, 681500
// keeping its 2026 dotation of 75.76 — but Revalue reverses the 2026 entry
// in 2027 (Cr 681500 75.76), leaving 781500 at 0.00 and a negative
// dotation in the 2027 income statement.
func TestHrev58ProvisionTakenBackNextYearIsAReprise(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.20", "rate USD 2027-02-01 1.05",
		"bill B S1 2026-03-01 1000.00 cur=USD", "residual B -833.33 cur=-1000.00",
		// 1 000.00 USD at 1.10 = 909.09: latent loss 75.76, provided.
		"revalue 2026-12-31 USD=1.10 provision=1",
		"balance 476000 75.76 at=2026-12-31", "balance 401000 -909.09 at=2026-12-31",
		"balance 151500 -75.76 at=2026-12-31", "balance 681500 75.76 at=2026-12-31",
		"balance 476000 0.00 at=2027-01-01", "balance 401000 -833.33 at=2027-01-01", "balance 151500 -75.76 at=2027-01-01",
		// Paid at 1.05 (952.38): 119.05 realised loss.
		"paysupplier P S1 BQD 2027-02-01 1000.00 B cur=USD", "line P+1.0 401000 -119.05 date=2027-02-01",
		"balance 656000 119.05", "state B paid 0.00",
		"revalue 2027-12-31 provision=1", "balance 151500 0.00 at=2027-12-31",
		"balance 781500 -75.76 at=2027-12-31", "balance 681500 75.76 at=2027-12-31")
}

// Was failing, fixed: two USD invoices of one customer, 1 000.00 USD at 1.00 (1 000.00
// EUR) and 1 000.00 USD at 1.25 (800.00 EUR), revalued at 1.10 (909.09
// each) carry a latent loss of 90.91 (Dr 476000) and a latent gain of
// 109.09 (Cr 477000) — PCG écarts de conversion are per créance, gains
// never offset against losses on the balance sheet — but Revalue nets them
// per partner into one 18.18 gain on 477000, leaving 476000 at 0.00 and the
// 90.91 latent loss out of the provision's base.
func TestHrev58RevaluationKeepsLossAndGainOfOnePartner(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.00", "rate USD 2026-04-01 1.25",
		"invoice A C1 2026-03-01 1000.00 cur=USD", "invoice B C1 2026-04-01 1000.00 cur=USD",
		"revalue 2026-12-31 USD=1.10", "balance 411000 1818.18 at=2026-12-31",
		"balance 476000 90.91 at=2026-12-31", "balance 477000 -109.09 at=2026-12-31",
		"balance 476000 0.00 at=2027-01-01", "balance 477000 0.00 at=2027-01-01", "balance 411000 1800.00 at=2027-01-01")
}

// Passes: a 1 000.00 USD bill at 1.10 (909.09) paid 300 USD at 1.20
// (250.00, gain 22.73 on the bill), 300 USD at 1.05 (285.71, loss 12.98 on
// the payment) and 400 USD at 1.15 (347.83, gain 15.80 on the bill): 756000
// −38.53, 656000 12.98, 401000 0.00; detaching the second payment reverses
// only its 12.98 at 2026-03-20 (bill back to −272.73 / −300.00 USD);
// unlettering the rest restores every residual in both currencies.
func TestHrev58SupplierThreeInstalments(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.10", "rate USD 2026-03-10 1.20", "rate USD 2026-03-20 1.05", "rate USD 2026-03-30 1.15",
		"bill B S1 2026-03-01 1000.00 cur=USD", "residual B -909.09 cur=-1000.00",
		"paysupplier P1 S1 BQD 2026-03-10 300.00 B cur=USD", "line P1.0 401000 250.00",
		"line P1+1.0 401000 22.73 date=2026-03-10", "line P1+1.1 756000 -22.73",
		"residual B -636.36 cur=-700.00",
		"paysupplier P2 S1 BQD 2026-03-20 300.00 B cur=USD", "line P2.0 401000 285.71",
		"line P2+1.0 401000 -12.98 date=2026-03-20", "line P2+1.1 656000 12.98",
		"residual B -363.63 cur=-400.00", "residual P2 0.00 cur=0.00",
		"paysupplier P3 S1 BQD 2026-03-30 400.00 B cur=USD", "line P3.0 401000 347.83",
		"line P3+1.0 401000 15.80 date=2026-03-30",
		"residual B 0.00 cur=0.00", "balance 756000 -38.53", "balance 656000 12.98", "balance 401000 0.00",
		"state B paid 0.00", "code B AAA",
		"detach P2 name=U", "entries 1", "line U.0 401000 12.98 date=2026-03-20",
		"residual B -272.73 cur=-300.00", "residual P2 285.71 cur=300.00", "balance 656000 0.00", "balance 756000 -38.53",
		"state B partial 272.73", "code B open",
		"unletter B", "entries 2",
		"residual B -909.09 cur=-1000.00", "residual P1 250.00 cur=300.00", "residual P3 347.83 cur=400.00",
		"balance 656000 0.00", "balance 756000 0.00", "balance 401000 -25.55", "state B not_paid 909.09", "code B -")
}

// Passes: 1 000.00 USD at 1.20 (833.33), 400 USD received at 1.25 (320.00,
// loss 13.33); revalued at 1.10 (600 USD = 545.45: Dr 411000 / Cr 477000
// 45.45 on 2026-12-31, reversed 2027-01-01); the 600 USD received in 2027
// at 1.15 (521.74) realise 21.74 of gain on the historical 500.00, not on
// the revalued 545.45.
func TestHrev58RevaluePartlyPaidThenPaidNextYear(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.20", "rate USD 2026-03-10 1.25", "rate USD 2027-02-01 1.15",
		"invoice A C1 2026-03-01 1000.00 cur=USD",
		"pay R1 C1 BQD 2026-03-10 400.00 A cur=USD", "residual A 500.00 cur=600.00", "balance 656000 13.33",
		"revalue 2026-12-31 USD=1.10 name=V", "line V.0 411000 45.45 date=2026-12-31", "line V+1.0 411000 -45.45 date=2027-01-01",
		"balance 477000 -45.45 at=2026-12-31", "balance 477000 0.00 at=2027-01-01", "balance 411000 545.45 at=2026-12-31",
		"balance 411000 500.00 at=2027-01-01", "residual A 500.00 cur=600.00",
		"pay R2 C1 BQD 2027-02-01 600.00 A cur=USD", "line R2+1.0 411000 21.74 date=2027-02-01",
		"balance 756000 -21.74", "residual A 0.00 cur=0.00", "balance 411000 0.00")
}

// Passes: a receipt dated 2026-12-20 (1 000.00 USD at 1.15 = 869.57, gain
// 36.24) entered after the 2026-12-31 revaluation (75.76 gain on 477000):
// refused while the revaluation stands, it is lettered once the
// revaluation is taken back (Revalue with Undo); running the closing
// again then leaves 411000 and 477000 at 0.00.
func TestHrev58LatePaymentThenRevalueAgain(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-03-01 1.20", "rate USD 2026-12-20 1.15",
		"invoice A C1 2026-03-01 1000.00 cur=USD",
		"revalue 2026-12-31 USD=1.10", "balance 477000 -75.76 at=2026-12-31",
		"revalue 2026-12-31 undo=1", // the receipt is refused while the revaluation stands (ErrRevalued)
		"pay R C1 BQD 2026-12-20 1000.00 A cur=USD", "balance 756000 -36.24", "balance 411000 0.00 at=2026-12-31",
		"revalue 2026-12-31 USD=1.10", "balance 477000 0.00 at=2026-12-31", "balance 411000 0.00 at=2026-12-31",
		"balance 411000 0.00")
}
