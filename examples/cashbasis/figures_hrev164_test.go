package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Hand-checked VAT of the period: collected on payment 66.67 + 66.66 (the
// third share reversed by the detach) + 196.00 = 329.33 on bases 333.33 +
// 333.34 + 980.00 = 1 646.67; deductible on the bill 200.00 less the
// discount's 4.00 = 196.00 on 1 000.00 - 20.00 = 980.00.
func TestHrev164CashbasisVATFigures(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), filepath.Join(t.TempDir(), "book.db"), &out))
	s := strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(out.String())
	assert.Regexp(t, `445660 déductible\s+20 % sur débits\s+base\s+980,00 €\s+TVA\s+196,00 €`, s)
	assert.Regexp(t, `445710 collectée\s+20 % sur encaissements base\s+1 646,67 €\s+TVA\s+329,33 €`, s)
	assert.Contains(t, s, "→ 445740 balance 0,00 €")
	assert.Contains(t, s, "→ 445740 balance -66,67 €")
	assert.Regexp(t, `665000\s+20,00 €\n\s+445740\s+4,00 €`, s)
	assert.Regexp(t, `401000 S1\s+24,00 €\n\s+765000\s+-20,00 €\n\s+445660\s+-4,00 €`, s)
	assert.Contains(t, s, "VT/2026/00001 partial, reste dû 400,00 €")
}
