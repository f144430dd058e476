package reconcile_test

import "testing"

// At one rate (1 EUR = 0.8728145 GBP on every date), an invoice of
// several lines takes its conversion's rounding on its receivable line:
// 1 000.05 GBP + VAT 20 % 200.01 = 1 200.06 GBP, booked 1 143.80 +
// 229.14 = 1 374.94 EUR where 1 200.06 GBP alone converts to 1 374.93.
// Three receipts at the same rate, 480.02 (549.97), 420.02 (481.22) and
// 300.02 GBP (343.74), sum to 1 374.93 EUR: the set's lines differ by
// 0.01 and that cent is the only exchange difference, on 656000 (the
// customer's invoice keeps it), in any order and lettered in parts —
// never 0.01 of gain beside 0.02 of loss. Each receipt's share of the
// invoice is worth the receipt's own euros (both valued at the quote, not
// at the invoice's ratio 1 374.94 / 1 200.06).
func TestHrev260OneRateSeveralLineInvoiceReceiptsAnyOrder(t *testing.T) {
	t.Parallel()
	setup := []string{"rate GBP 2026-03-02 0.8728145",
		"sale I C1 2026-03-02 1000.05@20 cur=GBP", "residual I 1374.94 cur=1200.06",
		"pay R1 C1 BQD 2026-03-02 480.02 cur=GBP", "pay R2 C1 BQD 2026-03-16 420.02 cur=GBP",
		"pay R3 C1 BQD 2026-04-01 300.02 cur=GBP",
		"residual R1 -549.97 cur=-480.02", "residual R2 -481.22 cur=-420.02", "residual R3 -343.74 cur=-300.02"}
	end := []string{"residual I 0.00 cur=0.00", "balance 656000 0.01", "balance 756000 0.00"}
	for _, tc := range []struct {
		name    string
		letters []string
	}{
		{"all at once", []string{"letter I R1 R2 R3"}},
		{"in posting order", []string{"letter I R1", "letter I R2", "letter I R3"}},
		{"last first", []string{"letter I R3", "letter I R1", "letter I R2"}},
		{"in parts", []string{"letter I R2 limit=100.01 cur=GBP", "letter I R3", "letter I R2", "letter I R1 limit=0.03 cur=GBP", "letter I R1"}},
		{"unlettered and again", []string{"letter I R1 R2 R3", "unletter I", "balance 656000 0.00", "letter I R2", "letter I R3", "letter I R1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fxScenario(t, append(append(append([]string{}, setup...), tc.letters...), end...)...)
		})
	}
}

// The supplier mirror: the bill's payable line keeps the cent its lines'
// conversion gave it (1 374.94 EUR owed for 1 200.06 GBP), three payments
// at the same rate pay 1 374.93: the cent is a gain on 756000, one
// figure, in any order.
func TestHrev260OneRateSeveralLineBillPaymentsAnyOrder(t *testing.T) {
	t.Parallel()
	setup := []string{"rate GBP 2026-03-02 0.8728145",
		"purchase B S1 2026-03-02 1000.05@20 cur=GBP", "residual B -1374.94 cur=-1200.06",
		"paysupplier P1 S1 BQD 2026-03-02 480.02 cur=GBP", "paysupplier P2 S1 BQD 2026-03-16 420.02 cur=GBP",
		"paysupplier P3 S1 BQD 2026-04-01 300.02 cur=GBP"}
	end := []string{"residual B 0.00 cur=0.00", "code B AAA", "balance 656000 0.00", "balance 756000 -0.01"}
	for _, tc := range []struct {
		name    string
		letters []string
	}{
		{"all at once", []string{"letter B P1 P2 P3"}},
		{"in posting order", []string{"letter B P1", "letter B P2", "letter B P3"}},
		{"last first", []string{"letter P3 B", "letter P2 B", "letter P1 B"}},
		{"in parts", []string{"letter B P1 limit=0.02 cur=GBP", "letter B P3", "letter B P1", "letter B P2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fxScenario(t, append(append(append([]string{}, setup...), tc.letters...), end...)...)
		})
	}
}

// The item-1 case the other way round: a CHF customer invoice of
// 1 339.63 (1 447.41 EUR at 0.9255336) and three receipts of the same
// rate summing to the same euros, lettered one by one in an order other
// than posting order, and a supplier's three payments lettered at once:
// nothing on 656000 or 756000.
func TestHrev260OneRateThreeReceiptsOtherOrder(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"rate CHF 2026-03-16 0.9255336",
		"invoice I C1 2026-03-16 1339.63 cur=CHF",
		"pay R1 C1 BQD 2026-03-16 677.08 cur=CHF", "pay R2 C1 BQD 2026-03-16 92.63 cur=CHF",
		"pay R3 C1 BQD 2026-03-16 569.92 cur=CHF",
		"letter I R3", "letter R1 I", "letter I R2", "residual I 0.00 cur=0.00", "code I AAA",
		"bill B S1 2026-03-16 1339.63 cur=CHF",
		"paysupplier P1 S1 BQD 2026-03-16 677.08 cur=CHF", "paysupplier P2 S1 BQD 2026-03-16 92.63 cur=CHF",
		"paysupplier P3 S1 BQD 2026-03-16 569.92 cur=CHF",
		"letter P2 P3 P1 B", "residual B 0.00 cur=0.00", "code B AAA",
		"balance 656000 0.00", "balance 756000 0.00")
}
