package reconcile_test

// Review h-rev282: foreign-currency cash-basis VAT after c912640 (the
// final account rounded once over what each live partial paid, DESIGN §5
// "Exchange difference", "Cash-basis VAT", §7 invariant 9). Company
// currency EUR; 1 EUR = 1.20 USD on 03-01 (the invoices' day), 1.25 on
// 03-10, 1.15 on 03-20; 1 EUR = 0.85 GBP on 03-10. Check runs after every
// command (reviewCaba), on every store.

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a USD receipt booked at exactly the invoice's own ratio (the bank
// credited 500.00 EUR for 600.00 USD: 1.20, the invoice's 1 000.00 EUR for
// 1 200.00 USD) realises no exchange difference — the lettering posts none
// — yet its cash-basis entries book a gain of 0.01 and then a loss of
// 0.01. Invoice A: 1 000.00 + 200.00 USD VAT on payment = 833.33 + 166.67
// EUR. P1, P2: 600.00 USD for 500.00 EUR each, dated 03-10 (quote 1.25,
// which they are not converted at).
//   - expected, P1: 445740 cleared round(166.67 × 600 / 1 200) =
//     round(83.335) = 83.34 and, paid at the rate the tax was booked at,
//     445710 takes what 445740 gives: 83.34, no 756000/656000 line;
//     P2: 166.67 − 83.34 = 83.33 both. 445710 = 166.67 = the booked tax.
//   - actual: P1 445710 round(200 × 500.00 / 1 200) = round(83.333) =
//     83.33 and 756000 −0.01; P2 445710 166.67 − 83.33 = 83.34 and 656000
//     +0.01: a gain beside a loss, both made of rounding.
//
// Rule: DESIGN §5, the difference between the transition (booked) and the
// final (payment's rate) is an exchange difference — here the payment's
// rate is the booked one, so there is none; cashbasis.go's own comment
// ("all paid at the rate the tax was booked at, exactly what the
// transition account gives, with no gain or loss"), and DESIGN §5/h-rev269
// (never a gain beside a loss made of rounding). A EUR payment at agreed
// rate 1.2 (one quote) already gets this right (pinned below); atOneQuote
// recognises a line in the invoice's currency only by its date's quote,
// not by the ratio it was booked at. Odoo takes the payment line's own
// ratio (amount_currency / balance) as payment_rate, so it too sees the
// invoice's rate here; DESIGN's cumulative rounding (§10) then leaves no
// rounding line.
func TestHrev282PaidAtInvoiceRatioNoExchange(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		sale A C1 2026-03-01 1000.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 600.00 cur=USD eur=500.00
		pay P2 C1 BQD 2026-03-10 600.00 cur=USD eur=500.00
		letter A P1`, hrev144Entries(
		"cash_basis 2026-03-10: 445740 83.34/100.00USD, 445710 -83.34/-100.00USD, 706000 416.67/500.00USD, 706000 -416.67/-500.00USD"), `
		letter A P2`, hrev144Entries(
		"cash_basis 2026-03-10: 445740 83.33/100.00USD, 445710 -83.33/-100.00USD, 706000 416.66/500.00USD, 706000 -416.66/-500.00USD"), `
		state A paid 0.00 cur=0.00
		balance 445740 0.00
		balance 445710 -166.67
		balance 756000 0.00
		balance 656000 0.00`)
}

// Was failing, fixed: the same defect for a payment in a third currency. A GBP receipt
// facing a USD invoice letters in the company currency (DESIGN §5: lines
// in two different foreign currencies letter in company currency): 425.00
// GBP at 0.85 = 500.00 EUR pays 500.00 EUR of the invoice, 600.00 USD at
// its own rate, with no exchange line. Its cash-basis share is paid at the
// rate the tax was booked at:
//   - expected: 445740 83.34 (round(166.67 × 600 / 1 200) = 83.335),
//     445710 83.34, no exchange line; the second 425.00 GBP 83.33 / 83.33;
//     445710 166.67, 656000 and 756000 untouched.
//   - actual: 445710 83.33 (200 × 500.00 / 1 200 = 83.333) beside 756000
//     −0.01, then 83.34 beside 656000 +0.01. atOneQuote only knows a
//     paying line in the invoice's currency or in the company currency;
//     the GBP line, lettered in company currency, should be checked as a
//     company-currency one is (what the partial gave against what it
//     allocated at the invoice's quote, to the cent).
//
// Rule: as above (DESIGN §5; no gain beside a loss made of rounding).
func TestHrev282ThirdCurrencyAtBookedValueNoExchange(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		rate GBP 2026-03-10 0.85
		sale A C1 2026-03-01 1000.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 425.00 cur=GBP
		pay P2 C1 BQD 2026-03-10 425.00 cur=GBP
		letter A P1`, hrev144Entries(
		"cash_basis 2026-03-10: 445740 83.34/100.00USD, 445710 -83.34/-100.00USD, 706000 416.67/500.00USD, 706000 -416.67/-500.00USD"), `
		letter A P2`, hrev144Entries(
		"cash_basis 2026-03-10: 445740 83.33/100.00USD, 445710 -83.33/-100.00USD, 706000 416.66/500.00USD, 706000 -416.66/-500.00USD"), `
		state A paid 0.00 cur=0.00
		balance 445740 0.00
		balance 445710 -166.67
		balance 756000 0.00
		balance 656000 0.00`)
}

// Pins: the EUR counterpart of the two tests above — a 500.00 EUR receipt
// lettered at agreed rate 1.2 (the invoice's quote) pays 600.00 USD; its
// cash-basis entry moves 83.34 from 445740 to 445710 with no exchange line.
func TestHrev282EuroAtInvoiceQuoteNoExchange(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		sale A C1 2026-03-01 1000.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 500.00
		letter A P1 agreed=1.2`, hrev144Entries(
		"cash_basis 2026-03-10: 445740 83.34/100.00USD, 445710 -83.34/-100.00USD, 706000 416.67/500.00USD, 706000 -416.67/-500.00USD"), `
		balance 756000 0.00
		balance 656000 0.00`)
}

// Pins: two taxes (20 % and 5.5 %) on one USD invoice paid in two parts at
// two rates; unlettering the group restores the book exactly; relettering
// in the other order gives the same 445710 and the same exchange result.
// A: 1 000.00 @20 % + 100.00 @5.5 % = 1 305.50 USD TTC; at 1.20: 833.33 +
// 83.33 HT, 166.67 + 4.58 VAT (445740), 1 087.91 EUR. P1 600.00 USD at
// 1.25 = 480.00 EUR; P2 705.50 USD at 1.15 = 613.48 EUR (613.4783).
// Received 1 093.48 EUR. 445710, the VAT of what was received rounded once
// per tax: 20 %: 200 × 1 093.48 / 1 305.50 = 167.5190 → 167.52; 5.5 %: 5.5
// × 1 093.48 / 1 305.50 = 4.6068 → 4.61; 172.13 (the tax at each payment's
// rate gives the same: 91.92/1.25 + 108.08/1.15 = 167.519, 2.53/1.25 +
// 2.97/1.15 = 4.6066). 445740 cleared 171.25 EUR, 205.50 USD. Exchange:
// receivable booked − received = 1 087.91 − 1 093.48 = −5.57, VAT 172.13
// − 171.25 = 0.88 lost: 656000 + 756000 = −4.69 in either order.
func TestHrev282TwoTaxesTwoRatesUnletterReletter(t *testing.T) {
	t.Parallel()
	var before string
	docs := []string{"A", "P1", "P2"}
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		rate USD 2026-03-20 1.15
		sale A C1 2026-03-01 1000.00@20e 100.00@5.5e cur=USD
		pay P1 C1 BQD 2026-03-10 600.00 cur=USD
		pay P2 C1 BQD 2026-03-20 705.50 cur=USD
		line A.0 411000 1087.91 cur=1305.50
		line P2.0 411000 -613.48 cur=-705.50`, hrev144Save(&before, docs...), `
		letter A P1
		letter A P2
		state A paid 0.00 cur=0.00
		balance 445710 -172.13
		balance 445740 0.00
		balance 411000 0.00`, balanceIn("445740", "USD", "0.00", "0.00"), balanceIn("411000", "USD", "0.00", "0.00"),
		func(t *testing.T, s *scenario) {
			t.Helper()
			if got := hrev282Sum(t, s.f, "656000", "756000"); got != "-4.69" {
				t.Fatalf("656000 + 756000 = %s, want -4.69", got)
			}
		}, `
		unletter A`, hrev144Same(&before, docs...), `
		letter A P2
		letter A P1
		state A paid 0.00 cur=0.00
		balance 445710 -172.13
		balance 445740 0.00
		balance 411000 0.00`, balanceIn("445740", "USD", "0.00", "0.00"),
		func(t *testing.T, s *scenario) {
			t.Helper()
			if got := hrev282Sum(t, s.f, "656000", "756000"); got != "-4.69" {
				t.Fatalf("656000 + 756000 = %s, want -4.69", got)
			}
		})
}

// Pins: a supplier's USD bill with VAT on payment at 20 % and 5.5 %, paid
// at 1.25 with an early-payment discount of 2 %. Bill 1 305.50 USD =
// 1 087.91 EUR (445640 166.67 + 4.58). Payment 1 279.39 USD = 1 023.51
// EUR; discount 26.11 USD: its VAT shares 4.00 + 0.11 USD leave 445640 at
// the bill's rate (3.33 + 0.09) and never reach 445660 (CGI art. 272: an
// escompte reduces the deductible VAT). 445660 takes the VAT of what was
// paid: 200 × 1 023.51 / 1 305.50 = 156.80, 5.5 × 1 023.51 / 1 305.50 =
// 4.3120 → 4.31; 445640 ends at zero in both currencies.
func TestHrev282SupplierDiscountUSD(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		purchase B S1 2026-03-01 1000.00@20e 100.00@5.5e cur=USD
		paysupplier Q1 S1 BQD 2026-03-10 1279.39 cur=USD discount=1 B
		state B paid 0.00 cur=0.00
		balance 445660 161.11
		balance 445640 0.00`, balanceIn("445640", "USD", "0.00", "0.00"), balanceIn("445660", "USD", "161.11", "201.39"))
}

// hrev282Sum is the sum of the accounts' balances, in the company currency.
func hrev282Sum(t *testing.T, f *fixture, accounts ...string) string {
	t.Helper()
	sum := currency.Zero(eur)
	for _, a := range accounts {
		b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: a})
		require.NoError(t, err)
		sum, err = sum.Add(b.Balance)
		require.NoError(t, err)
	}
	return sum.Plain()
}
