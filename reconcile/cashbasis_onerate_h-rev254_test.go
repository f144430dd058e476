package reconcile_test

import "testing"

// Was failing, fixed: a GBP invoice with VAT on payment, paid at the very rate it was
// booked at by two GBP receipts, books a 0.01 exchange LOSS and a 0.01
// exchange GAIN on its cash-basis entries. One rate throughout, 1 EUR =
// 0.8129376 GBP: invoice 2 208.13 + VAT 20 % 441.63 = 2 649.76 GBP (445740
// 543.25 EUR = 441.63 / 0.8129376 = 543.2529); receipts 1 777.46 and 872.30
// GBP (2 186.47 + 1 073.02 EUR = 3 259.49 = the invoice's 411000, so the
// lettering itself rightly posts nothing). First cash-basis entry: 445740
// cleared by 364.41 (543.25 × 1 777.46 / 2 649.76), 445710 credited with
// 296.25 GBP at the rate = 364.42, and 656000 0.01; second: 445740 178.84,
// 445710 145.38 GBP = 178.83, and 756000 −0.01. Expected: 656000 = 756000
// = 0.00 (445710 still −543.25, 445740 0.00): at one rate there is no
// exchange difference, only the two roundings of one amount — DESIGN §5
// and exchange.go ("rounding alone never makes an exchange line of
// 0.01"), 2132020 "no exchange entry on a single rate"; the bases of the
// same entries are already converted cumulatively at the booked rate
// (baseValue, h-rev245) and the tax is not. Odoo posts no exchange line
// here either: its transition counterpart line is the final tax line's
// mirror (account_partial_reconcile.py,
// _prepare_cash_basis_counterpart_tax_line_vals: debit = the tax line's
// credit), 364.42 + 178.83 = 543.25 = the invoice's tax, so its full
// reconcile has no cash-basis rounding to post.
// Now each share is converted cumulatively at the rate, off 445740 and
// onto 445710 alike: 364.42 (296.25 GBP), then 543.25 − 364.42 = 178.83
// (145.38 GBP); with the bases (1 822.05, 894.19) each entry reports what
// its receipt brought in, 2 186.47 and 1 073.02.
func TestHrev254CashBasisOneRateGBPNoGainBesideLoss(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate GBP 2026-03-02 0.8129376",
		"sale I C1 2026-03-02 2208.13@20e cur=GBP", "balance 445740 -543.25", "residual I 3259.49 cur=2649.76",
		"pay P1 C1 BQD 2026-03-02 1777.46 cur=GBP", "pay P2 C1 BQD 2026-03-16 872.30 cur=GBP",
		"residual P1 -2186.47 cur=-1777.46", "residual P2 -1073.02 cur=-872.30",
		"letter I P1",
		"letter I P2", "residual I 0.00 cur=0.00", "code I AAA",
		"balance 445740 0.00", "balance 445710 -543.25",
		"balance 656000 0.00", "balance 756000 0.00")
}

// Pins: unlettering a foreign cash-basis invoice paid by a GBP and a euro
// receipt restores every residual and leaves 445740 holding the invoice's
// whole tax again (543.25), 445710 and the exchange accounts back at zero
// (DESIGN §7.9, §7.10); the random test never found it otherwise.
func TestHrev254CashBasisUnletterRestores(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate GBP 2026-03-02 0.8129376", "rate GBP 2026-04-01 0.8411111",
		"sale I C1 2026-03-02 2208.13@20e cur=GBP",
		"pay P1 C1 BQD 2026-04-01 1777.46 cur=GBP", "pay P2 C1 BQD 2026-04-01 1037.08",
		"letter I P1 P2", "residual I 0.00 cur=0.00", "balance 445740 0.00",
		"unletter I",
		"residual I 3259.49 cur=2649.76", "residual P1 -2113.23 cur=-1777.46", "residual P2 -1037.08",
		"balance 445740 -543.25", "balance 445710 0.00", "balance 656000 0.00", "balance 756000 0.00",
		"balance 411000 109.18")
}
