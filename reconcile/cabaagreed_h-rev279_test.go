package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A euro payment at an agreed rate, dated a day whose market quote is the
// invoice's own, paid at the agreed rate: its share of cash-basis VAT
// reaches the final account at what it paid, not at the invoice's rate.
// USD, 1 EUR = 1.25 USD on 03-02, 1.30 on 03-16. I1 (and J1), 1 000.00 +
// 200.00 USD on payment of 03-02 = 800.00 + 160.00 EUR. P1, 500.00 EUR
// of 03-02 lettered at 1.2: 600.00 USD, half the invoice. P2, 600.00 USD
// of 03-16 = 461.54 EUR (461.538), the other half.
//   - I1 P1: transition 160 × 600 / 1 200 = 80.00, final 200 × 500 /
//     1 200 = 83.3333 → 83.33 (not 80.00, as if paid at 1.25), loss 3.33.
//   - then I1 P2: final round(200 × (500 + 461.54) / 1 200) = 160.2567 →
//     160.26 in all, 76.93 now.
//   - J1 in the other order: 76.92 (76.9233), then 160.26 − 76.92 =
//     83.34: 160.26 in all either way.
func TestHrev279AgreedRateOnTheInvoicesQuote(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f, "rate USD 2026-03-02 1.25", "rate USD 2026-03-16 1.30",
			"sale I1 C1 2026-03-02 1000.00@20e cur=USD", "pay P1 C1 BQD 2026-03-02 500.00",
			"pay P2 C1 BQD 2026-03-16 600.00 cur=USD",
			"sale J1 C2 2026-03-02 1000.00@20e cur=USD", "pay Q1 C2 BQD 2026-03-02 500.00",
			"pay Q2 C2 BQD 2026-03-16 600.00 cur=USD")
		_, _, final := hrev269Run(t, f, s, "letter I1 P1 agreed=1.2")
		assert.Equal(t, "-83.33", final, "445710: P1 at the agreed rate")
		_, _, final = hrev269Run(t, f, s, "letter I1 P2")
		assert.Equal(t, "-160.26", final, "445710: I1 paid")
		_, _, final = hrev269Run(t, f, s, "letter J1 Q2")
		assert.Equal(t, "-237.18", final, "445710: Q2 first, 76.92")
		_, _, final = hrev269Run(t, f, s, "letter J1 Q1 agreed=1.2")
		assert.Equal(t, "-320.52", final, "445710: J1 paid, as I1")
		assert.Equal(t, "0.00", f.balance(t, "445740"), "445740 cleared")
	})
}
