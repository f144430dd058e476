package journal_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// A credit note written with negative quantities mirrors the invoice it
// cancels: every base, every tax and the total the opposite of the
// invoice's, to the cent, with price-included taxes of several rates
// shared across lines, an excluded tax beside them and both roundings.
// Random lines, printed seed.
func TestReview20bIncludedCreditNoteMirrors(t *testing.T) {
	seed := uint64(2026)
	rng := rand.New(rand.NewPCG(seed, 7))
	t10 := rv20bTTC
	t10.ID, t10.Rate = "V10TTC", tax.MustParsePercent("10")
	t55 := rv20bTTC
	t55.ID, t55.Rate = "V5.5TTC", tax.MustParsePercent("5.5")
	taxSets := [][]tax.Tax{{rv20bTTC}, {t10}, {t55}, {rv20bTTC, vat55}, {vat20}, {t10, t55}}
	for n := 0; n < 300; n++ {
		var lines, mirror []journal.InvoiceLine
		for i := 0; i < 1+rng.IntN(5); i++ {
			price := fmt.Sprintf("%d.%02d", rng.IntN(200), rng.IntN(100))
			qty := fmt.Sprint(1 + rng.IntN(7))
			taxes := taxSets[rng.IntN(len(taxSets))]
			l := rv20bLine(price, taxes...)
			l.Quantity = journal.MustQuantity(qty)
			lines = append(lines, l)
			l.Quantity = journal.MustQuantity("-" + qty)
			mirror = append(mirror, l)
		}
		for _, perLine := range []bool{false, true} {
			a, err := journal.Invoice{Lines: lines, PerLineRounding: perLine}.Totals()
			require.NoError(t, err)
			b, err := journal.Invoice{Lines: mirror, PerLineRounding: perLine}.Totals()
			require.NoError(t, err)
			ctx := fmt.Sprintf("seed %d case %d per line %v", seed, n, perLine)
			assert.Equal(t, a.TTC.Neg().Plain(), b.TTC.Plain(), ctx)
			assert.Equal(t, a.HT.Neg().Plain(), b.HT.Plain(), ctx)
			for i := range a.Bases {
				assert.Equal(t, a.Bases[i].Neg().Plain(), b.Bases[i].Plain(), "%s base %d", ctx, i)
			}
			for i := range a.Taxes {
				assert.Equal(t, a.Taxes[i].Amount.Neg().Plain(), b.Taxes[i].Amount.Plain(), "%s tax %s", ctx, a.Taxes[i].Tax.ID)
			}
		}
	}
}
