package reconcile_test

import "testing"

// Review 20 of early-payment discounts (escompte) against Odoo's
// addons/account/tests/test_early_payment_discount.py, "included"
// computation (the discount on the total, each base and each tax lowered
// by the percentage: Odoo's payment entry carries one discount line per
// base and per tax).

// Odoo test_register_discounted_payment_multi_line_discount (a base at
// 15 % and an untaxed line, 10 % off) and test_mixed_epd_with_tax_deleted_line
// (two rates) combined, with a tax due on payment: a sale of 1 000.00 at
// 20 % on payment (445740) and 500.00 at 5.5 % on invoice, TTC 1 727.50,
// paid 1 692.95 with 2 % off (34.55). Odoo's "included" lines, each base
// and tax × 2 %: 20.00 and 10.00 on the bases, 4.00 (20 %) and 0.55
// (5.5 %) on the taxes, 34.55 in all. DESIGN §5 gives the same: VAT share
// 34.55 × 227.50 / 1 727.50 = 4.55, prorated 4.00 + 0.55; tax-excluded
// 30.00 prorated 20.00 + 10.00. The 20 % share comes off 445740, and the
// receipt's cash-basis entry moves what remains, 196.00, to 445710: 445740
// ends at 0.00, 445710 at −(196.00 + 27.50 − 0.55) = −222.95.
func TestReview20EPDTwoExigibilities(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `sale A C1 2026-03-01 1000.00@20e 500.00@5.5
		line A.0 411000 1727.50
		pay P C1 BQD 2026-03-05 1692.95 A discount=1
		line P+1.0 411000 -34.55
		state A paid 0.00
		balance 665000 30.00
		balance 445740 0.00
		balance 445710 -222.95
		vat 2026-03-01 2026-03-31 445710 980.00 196.00 tax=V20E
		vat 2026-03-01 2026-03-31 445710 490.00 26.95 tax=V5.5`)
}

// Odoo test_register_discounted_payment_multi_line_discount on the
// customer side and in dollars, as test_register_payment_batch_included
// is (other currency): 1 000.00 USD at 15 % and 2 000.00 USD untaxed
// (3 150.00 USD), 10 % off = 315.00, paid 2 835.00 USD; Odoo's lines:
// 200.00 (untaxed line), 100.00 (base of the tax), 15.00 (tax), −3 150.00
// receivable. At 1 EUR = 1.25 USD throughout: 160.00 + 80.00 + 12.00 EUR,
// the receivable −252.00 EUR; the invoice (2 520.00 EUR) less 252.00 is
// the receipt's 2 268.00 EUR: no exchange difference.
func TestReview20EPDForeignMultiLine(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-01-01 1.25
		sale U C3 2026-03-01 1000.00@15 2000.00 cur=USD
		line U.0 411000 2520.00 cur=3150.00
		pay P C3 BQD 2026-03-05 2835.00 U cur=USD discount=1
		entries 2
		line P+1.0 411000 -252.00 cur=-315.00
		line P+1.1 665000 160.00 cur=200.00
		line P+1.2 665000 80.00 cur=100.00
		line P+1.3 445710 12.00 cur=15.00
		state U paid 0.00
		balance 656000 0.00
		balance 756000 0.00
		balance 445710 -108.00
		balance 411000 0.00`)
}
