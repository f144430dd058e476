package reconcile_test

import (
	"slices"
	"testing"
)

// TestLetterCurrencyOrder: Reconcile's default order pairs the lines of
// each currency among themselves (company currency first, then by ISO
// code) before pairing what is left across currencies; lines of one
// currency keep the single walk in (due date or date, signed amount,
// posting sequence, line) order, and KeepOrder keeps the caller's order.
// USD is at 3 in 2026 and 2 in 2027.
func TestLetterCurrencyOrder(t *testing.T) {
	t.Parallel()
	rates := []string{"rate USD 2026-01-01 3", "rate USD 2027-01-01 2"}
	// A EUR and a USD invoice of 2026, a USD credit note of 2027 and a
	// later EUR credit note: by date alone the EUR invoice A would meet
	// the USD credit note D first.
	crossed := slices.Concat(rates, []string{
		"invoice A C1 2026-01-01 100.00", "invoice B C1 2026-01-01 300.00 cur=USD eur=100.00",
		"creditnote D C1 2027-01-01 300.00 cur=USD eur=150.00", "creditnote C C1 2027-02-01 100.00"})
	for _, tc := range []struct {
		name  string
		lines []string
	}{
		{"one currency/earliest due first", []string{
			"invoice I1 C1 2026-01-01 100.00", "invoice I2 C1 2026-02-01 200.00",
			"creditnote N C1 2026-01-15 150.00",
			"letter I2 N I1", "partials 2",
			"residual I1 0.00", "residual I2 150.00", "residual N 0.00", "code I1 open"}},
		{"one foreign currency/earliest due first", slices.Concat(rates, []string{
			"invoice I1 C1 2026-01-01 300.00 cur=USD eur=100.00", "invoice I2 C1 2026-02-01 600.00 cur=USD eur=200.00",
			"creditnote N C1 2026-01-15 450.00 cur=USD eur=150.00",
			"letter I2 N I1", "partials 2",
			"residual I1 0.00 cur=0.00", "residual I2 150.00 cur=450.00", "residual N 0.00 cur=0.00"})},
		{"two currencies/each paired first", slices.Concat(crossed, []string{
			"letter A B D C", "partials 3", // and D's exchange line
			"residual A 0.00", "residual C 0.00", "residual B 0.00 cur=0.00", "residual D 0.00 cur=0.00",
			"code A AAA", "code C AAA", "code B AAB", "code D AAB",
			"balance 756000 -50.00", "balance 656000 0.00"})},
		{"two currencies/leftover paired across", slices.Concat(rates, []string{
			"invoice A C1 2026-01-01 100.00", "creditnote C C1 2026-01-01 40.00",
			"invoice B C1 2026-01-01 300.00 cur=USD eur=100.00", "creditnote D C1 2027-01-01 600.00 cur=USD eur=300.00",
			"letter A B C D", "partials 5", // and two exchange lines on D
			// EUR: C takes 40.00 of A; USD: B takes 300 of D's 600; then
			// A's 60.00 EUR, 180 USD at its date's rate, meets D's rest.
			"residual A 0.00", "residual B 0.00 cur=0.00", "residual C 0.00",
			"residual D -60.00 cur=-120.00", "code A open"})},
		{"two currencies/explicit order kept", slices.Concat(crossed, []string{
			"letter A D B C keep=1", "partials 4", // and exchange lines on D and C
			// A meets D (300 USD at A's rate 3), B meets C (200 USD at
			// C's rate 2): 100 USD of B stay open.
			"residual A 0.00", "residual D 0.00 cur=0.00", "residual C 0.00",
			"residual B 33.33 cur=100.00", "code B open"})},
	} {
		t.Run(tc.name, func(t *testing.T) { fxScenario(t, tc.lines...) })
	}
}
