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

// The aged balance falls by exactly what the lettering posted: the 24.00
// discount and the 0.02 and 0.03 write-offs (95 921.34 - 24.05).
func TestHrev164AutoletteringAgedTotals(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), filepath.Join(t.TempDir(), "book.db"), &out))
	s := strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(out.String())
	assert.Regexp(t, `total\s+EUR\s+1 350,00\s+43 761,02\s+23 637,60\s+8 994,48\s+18 178,24\s+95 921,34`, s)
	assert.Regexp(t, `total\s+EUR\s+0,00\s+45 086,97\s+14 622,74\s+11 009,30\s+25 178,28\s+95 897,29`, s)
	assert.Contains(t, s, "150 proposals applied, 0 failed, 150 matches, 3 write-off and discount entries")
	assert.Contains(t, s, "1 421,24 € paid and 150,00 € credited = 1 571,24 € owed")
}
