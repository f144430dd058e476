package reconcile_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a euro receipt paying two GBP invoices at one rate (1 EUR =
// 0.8234186 GBP throughout) is left with 0.01 EUR open in one lettering
// order and matched with a 0.01 exchange gain in the other. Invoices 623.85
// GBP (757.63 EUR) and 2 082.98 GBP (2 529.67 EUR), 3 287.30 EUR in all;
// receipt 3 287.31 EUR on 04-01, worth 3 287.31 × 0.8234186 = 2 706.83 GBP,
// exactly the two invoices.
//   - C1, the 623.85 invoice first (and all at once, the default order):
//     P1 drops 757.63 then 2 529.67, keeps −0.01 EUR: an outstanding credit
//     of 0.01, the group open, 756000 untouched.
//   - C2, the 2 082.98 invoice first: the receipt is consumed to zero and
//     the cent goes to 756000 (−0.01), the group matched.
//
// Expected: the same in both orders (either both matched with the cent
// booked the same way, or both leaving it open). Decided: both matched,
// the cent a gain. DESIGN §5 settles a company-currency receipt against a
// foreign invoice in the invoice's currency: 3 287.31 EUR is worth exactly
// the 2 706.83 GBP the two invoices owe, so it pays them in full (§6
// example 11), and its cent over their 3 287.30 EUR as booked (each
// rounded on its own: 757.634 + 2 529.673) is an exchange difference, not
// a credit the customer could use. The receipt's open amount in pounds is
// its whole value less what it gave, converted cumulatively (2 706.83 −
// 623.85), not its rounded euro residual converted again (2 529.68 EUR →
// 2 082.99 GBP, a penny over the invoice it meets). Rule: DESIGN §5 "the
// outcome never depends on the order lines are lettered in" (also the
// pitfall list: residuals derived from partial records, never a cent that
// one order leaves and another books); h-rev245 fixed this very shape for
// one invoice and two receipts (TestHrev245SameRateTwoReceiptsJPYAnyOrder)
// but not one receipt over two invoices.
func TestHrev254EuroReceiptTwoGBPInvoicesOrder(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f,
			"rate GBP 2026-03-02 0.8234186",
			"invoice I1 C1 2026-03-16 623.85 cur=GBP", "invoice I2 C1 2026-03-16 2082.98 cur=GBP",
			"residual I1 757.63 cur=623.85", "residual I2 2529.67 cur=2082.98",
			"pay P1 C1 BQD 2026-04-01 3287.31",
			"invoice J1 C2 2026-03-16 623.85 cur=GBP", "invoice J2 C2 2026-03-16 2082.98 cur=GBP",
			"pay Q1 C2 BQD 2026-04-01 3287.31",
			"letter I1 P1", "letter I2 P1", "residual I1 0.00 cur=0.00", "residual I2 0.00 cur=0.00")
		p1 := residualOf(t, f, s.refs([]string{"P1"})[0])
		gain1 := f.balance(t, "756000")
		for _, c := range []string{"letter J2 Q1", "letter J1 Q1", "residual J1 0.00 cur=0.00", "residual J2 0.00 cur=0.00"} {
			require.NoError(t, s.do(strings.Fields(c)), c)
			f.check(t)
		}
		q1 := residualOf(t, f, s.refs([]string{"Q1"})[0])
		gain2 := f.balance(t, "756000")
		assert.Equal(t, p1.Balance.Plain(), q1.Balance.Plain(), "the receipt's residual, 623.85 invoice first (C1) then 2 082.98 first (C2)")
		c1, c2 := signedMinor(e(gain1)), signedMinor(e(gain2))-signedMinor(e(gain1))
		assert.Equal(t, c1, c2, "756000 moved %d cents for C1, %d for C2", c1, c2)
		assert.Equal(t, "0.00", q1.Balance.Plain(), "the receipt pays both invoices in full")
		assert.Equal(t, int64(-1), c1, "its cent over the invoices' euros is a gain")
	})
}
