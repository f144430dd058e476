package reconcile_test

// Review "pay": probes of RegisterPayment, CancelPayment, Reconcile and
// Unletter in combinations earlier reviews did not cover. These pass.

import "testing"

// A cash-basis invoice of 1 000.00 USD + 20 % (1 200.00 USD at 1.20 =
// 1 000.00 EUR, VAT 200.00 USD = 166.67 EUR on 445740) paid 600.00 USD at
// 1.25 (480.00 EUR) then 599.97 USD at 1.15 (521.71 EUR), the last 0.03
// USD written off. VAT moved: 100.00 USD at 1.25 = 80.00, then 100.00 USD
// at 1.15 = 86.96 (round(200 × 1 199.97 / 1 200) = 200.00 USD already),
// 445710 = 166.96, transition cleared at 83.34 + 83.33 = 166.67, so 445740
// ends at 0.00; the differences go to 656/756. Unlettering the group
// reverses everything: 445740 back to -166.67, 445710, 656/756/658 to 0,
// 411000 to 1 000.00 − 480.00 − 521.71 = -1.71.
func TestReviewPayProbeForeignCashBasisTwoRatesWriteOff(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		rate USD 2026-04-10 1.15
		tolerance 0.05 cur=USD
		sale A C1 2026-03-01 1000.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 600.00 A cur=USD
		balance 445710 -80.00
		balance 445740 -83.33
		pay P2 C1 BQD 2026-04-10 599.97 cur=USD
		letter A P2 writeoff=1
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -166.96
		balance 658000 0.03
		balance 411000 0.00
		unletter A
		balance 445740 -166.67
		balance 445710 0.00
		balance 656000 0.00
		balance 756000 0.00
		balance 658000 0.00
		balance 411000 -1.71
		residual A 1000.00 cur=1200.00`)
}

// Escompte on an invoice with two VAT rates on payment: 33.33 HT at 5.5 %
// (1.83) and 66.67 HT at 20 % (13.33): 115.16 TTC; receipt 111.71 with a
// discount of 3.45 TTC, whose VAT is 15.16 × 3.45 / 115.16 = 0.454… →
// 0.45, split by largest remainder 0.0548 → 0.05 and 0.3993 → 0.40 (HT
// 1.00 + 2.00 to 665000). The receipt moves the rest: 1.78 + 12.93 =
// 14.71 to 445710; 445740 ends at 0.00. Unlettering restores it all. With
// the 20 % on invoice instead, the discount takes 0.40 off 445710 and
// CancelPayment restores 445740 -1.83 / 445710 -13.33.
func TestReviewPayProbeDiscountTwoRates(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `sale A C1 2026-03-01 33.33@5.5e 66.67@20e
		pay P C1 BQD 2026-03-10 111.71 A discount=1
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -14.71
		balance 665000 3.00
		unletter A
		balance 445740 -15.16
		balance 445710 0.00
		balance 665000 0.00
		residual A 115.16`)
	reviewCaba(t, eur, `sale A C1 2026-03-01 33.33@5.5e 66.67@20
		pay P C1 BQD 2026-03-10 111.71 A discount=1
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -14.71
		cancel P
		balance 445740 -1.83
		balance 445710 -13.33
		balance 665000 0.00
		residual A 115.16`)
}

// A receipt of 150.00 over a plain invoice A (120.00, 1 March) and a
// cash-basis one B (100.00 + 20 % = 120.00, 2 March): KeepOrder B first
// pays B in full (VAT 20.00); the default order pays A first, B gets 30.00
// (VAT 30 × 20 / 120 = 5.00).
func TestReviewPayProbeKeepOrderCashBasis(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `invoice A C1 2026-03-01 120.00
		sale B C1 2026-03-02 100.00@20e
		pay P C1 BQD 2026-03-10 150.00
		letter B A P keep=1
		balance 445710 -20.00
		residual A 90.00
		unletter P
		balance 445710 0.00
		balance 445740 -20.00
		letter B A P
		balance 445710 -5.00
		residual A 0.00
		residual B 90.00`)
}

// CancelPayment of the first of two USD receipts on a foreign cash-basis
// invoice: its exchange line (20.00) and its cash-basis entry (80.00 at
// 1.25) are reversed; the invoice owes 900.00 USD (750.00 EUR); 445710
// keeps the second receipt's 50.00 USD at 1.15 = 43.48. A third receipt of
// 900.00 USD (782.61 EUR) completes it: the VAT of what the two live
// receipts gave, rounded once, round(200 × (260.87 + 782.61) / 1 200) =
// round(173.9133) = 173.91, less the 43.48 booked: 130.43. (Was 130.44,
// 782.61 × 150 / 900 = 130.435 rounded on its own, and 445710 = 173.92:
// two roundings summed, one cent more than the VAT of 1 043.48 EUR.)
func TestReviewPayProbeCancelAfterFX(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		rate USD 2026-04-10 1.15
		sale A C1 2026-03-01 1000.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 600.00 A cur=USD
		pay P2 C1 BQD 2026-04-10 300.00 A cur=USD
		cancel P1
		residual A 750.00 cur=900.00
		balance 445710 -43.48
		balance 656000 1.82
		balance 756000 -10.87
		pay P3 C1 BQD 2026-04-10 900.00 A cur=USD
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -173.91`)
}

// Limit on a foreign invoice: 1 200.00 USD at 1.20 against a 1 000.00 USD
// receipt at 1.25, limited to 300.00 USD: partial 240.00, exchange 10.00
// on the invoice (its 300.00 USD are worth 250.00): residuals 900.00 USD /
// 750.00 and 700.00 USD / 560.00. A GBP credit note of 100.00 (at 0.80:
// 125.00 EUR) letters in EUR: the invoice owes 625.00 EUR, 750.00 USD
// (125.00 at the invoice's 1.20); detaching N restores both residuals.
func TestReviewPayProbeLimitForeignAndOtherCurrencyCreditNote(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		rate GBP 2026-03-01 0.80
		invoice A C1 2026-03-01 1200.00 cur=USD
		pay P C1 BQD 2026-03-10 1000.00 cur=USD
		letter A P limit=300.00 cur=USD
		balance 656000 10.00
		residual A 750.00 cur=900.00
		residual P -560.00 cur=-700.00
		creditnote N C1 2026-03-01 100.00 cur=GBP
		letter A N
		residual A 625.00 cur=750.00
		residual N 0.00 cur=0.00
		detach N
		residual A 750.00 cur=900.00
		residual N -125.00 cur=-100.00`)
}
