package reconcile_test

// Review 27: cash-basis VAT (TVA sur encaissements) where foreign
// currencies, partial payments, discounts, write-offs and unlettering meet
// (DESIGN §5, §6 examples 6, 7, 10, 11, §7 invariants 8–10).

import (
	"testing"
)

// A company-currency invoice paid in part by a foreign receipt valued at
// the rate agreed with the bank (DESIGN §5: "A caller may give an agreed
// rate … it replaces the market rate for that valuation and is the
// payment's rate for cash basis"). Invoice A: 1 000.00 + VAT 20 % on
// payment = 1 200.00 EUR. Receipt P1: 600.00 USD on 2026-03-10, booked at
// the market rate 1.25 (480.00 EUR), agreed rate 1.20: it settles 500.00
// EUR of A (A owes 700.00 after it, as State says) — a partial of 480.00
// and an exchange line of 20.00 on A. Receipt P2: 700.00 EUR on
// 2026-04-10 settles the rest.
//
// DESIGN §5: share = round(tax × Σ allocated / total), "the formula runs
// in the invoice's currency"; P1 allocated 500.00 EUR of A: March owes
// round(200.00 × 500 / 1 200) = 83.33 on a base of 416.67, April the rest,
// 116.67 on 583.33 — which is also what 700.00 received makes due at 20 %
// (700.00 × 20 / 120, CGI art. 269-2-c: VAT on services is due on what is
// received, as received).
// Got before the fix: March 80.00 on 400.00 (the share of the 480.00 partial only: the
// 20.00 exchange line that took euros off A counts for nothing), April
// 120.00 on 600.00 (the completing receipt takes the rest).
func TestReview27CompanyInvoiceAgreedRateCashBasisShare(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.25
		sale A C1 2026-03-01 1000.00@20e
		pay P1 C1 BQD 2026-03-10 600.00 A cur=USD agreed=1.20
		line P1.0 411000 -480.00 cur=-600.00
		state A partial 700.00
		vat 2026-03-01 2026-03-31 445710 416.67 83.33
		pay P2 C1 BQD 2026-04-10 700.00 A
		state A paid 0.00
		balance 445740 0.00
		vat 2026-04-01 2026-04-30 445710 583.33 116.67`)
}

// The same receipts, then P1 detached (DESIGN §5 "detaching one line
// removes only the partials touching it", §7 invariant 10 "unlettering
// restores every residual exactly"): A owes 500.00 again, P2's 700.00 is
// all that pays it, and the VAT P2 made due must be what 700.00 makes due:
// 116.67 (445710), 83.33 left waiting on 445740. Check (invariant 9)
// computes the same 116.67.
// Got before the fix: Detach leaves P2's completing share of 120.00 live; Check fails
// ("invariant 9: entry VT/2026/00001: its cash-basis entries moved 120.00
// EUR of tax V20E, more than the 116.67 EUR its 700.00 EUR paid of 1200.00
// EUR make due"), 445740 at -80.00 instead of -83.33.
func TestReview27CompanyInvoiceAgreedRateDetachFirstReceipt(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.25
		sale A C1 2026-03-01 1000.00@20e
		pay P1 C1 BQD 2026-03-10 600.00 A cur=USD agreed=1.20
		pay P2 C1 BQD 2026-04-10 700.00 A
		detach P1
		state A partial 500.00
		balance 445740 -83.33
		balance 445710 -116.67
		vat 2026-01-01 2026-12-31 445710 583.33 116.67`)
}

// The market-rate path of the same defect, with a credit note: a USD
// credit note N of 600.00 (2026-03-05, booked at 1.25: 480.00 EUR) on a
// euro invoice A of 1 000.00 + 20 % on payment (2026-03-01, when 1 EUR =
// 1.20 USD). DESIGN §5: a company-currency line facing a foreign line that
// is not a payment is valued "at the market rate of its own date": N
// settles 600.00 / 1.20 = 500.00 EUR of A (partial 480.00 and 20.00 by an
// exchange line on A); A owes 700.00. The credit note's cash-basis share
// of A is round(200.00 × 500 / 1 200) = 83.33 on 416.67; P of 700.00 pays
// the rest, 116.67. Detaching N leaves P's 700.00: 116.67 due, 83.33
// waiting.
// Got before the fix: 80.00 on 400.00 for N; after P and the detach, Check reports
// invariant 9 (120.00 moved for 116.67 made due).
func TestReview27CompanyInvoiceForeignCreditNoteCashBasisShare(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-05 1.25
		sale A C1 2026-03-01 1000.00@20e
		creditnote N C1 2026-03-05 600.00 cur=USD
		letter A N
		state A partial 700.00
		vat 2026-03-01 2026-03-31 445710 416.67 83.33`)
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-05 1.25
		sale A C1 2026-03-01 1000.00@20e
		creditnote N C1 2026-03-05 600.00 cur=USD
		letter A N
		pay P C1 BQD 2026-04-10 700.00 A
		detach N
		state A partial 500.00
		balance 445740 -83.33
		balance 445710 -116.67`)
}
