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

// Hand-checked figures: 1 200 USD at 1.20 = 1 000.00 EUR; 600 at 1.25 =
// 480.00 (loss 20.00 on 500.00); 600 at 1.15 = 521.74 (gain 21.74);
// at 1.10 the invoice's 600 USD are 545.45 (+45.45 on 500.00, 477000) and
// the detached receipt's -545.45 (-23.71 on -521.74, 476000, provided on
// 681500/151500).
func TestHrev164MulticurrencyFigures(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), filepath.Join(t.TempDir(), "book.db"), &out))
	s := strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(out.String())
	for _, want := range []string{
		"411000 US01      -20,00 €", "656000            20,00 €",
		"BQD/2026/00002 20/03/2026", "411000 US01     -521,74 €",
		"411000 US01       21,74 €       0,00 $US\n      756000           -21,74 €",
		"→ invoice: partial, reste dû 600,00 $US (500,00 €)",
		"477000           -45,45 €", "476000            23,71 €",
		"681500            23,71 €", "151500           -23,71 €",
		"OD/2027/00001  01/01/2027  Extourne de OD/2026/00001",
	} {
		assert.Contains(t, s, want)
	}
}
