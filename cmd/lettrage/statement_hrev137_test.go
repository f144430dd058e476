package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: `report statement C1` without --account promises "each one the partner has lines on" and "its unallocated credits (reste à utiliser)", but C1's only line, an advance of 600,00 received on 419100 with C1 as partner, is left out: it prints the empty 411000 statement (Unallocated 0,00, Balance 0,00); expected the 419100 statement with Unallocated -600,00.
func TestHrev137StatementLeavesOutTheAdvanceAccount(t *testing.T) {
	dir := t.TempDir()
	for _, s := range [][]string{
		{"init", "--year", "2026"},
		{"partner", "add", "C1", "--name", "Client Un"},
		{"post", "--journal", "BQ", "--date", "2026-03-10", "--type", "payment", "--line", "419100:C1=-600.00", "--line", "512000=600.00"},
	} {
		r := run(t, dir, "", s...)
		require.Equal(t, 0, r.code, "%v: %s%s", s, r.stdout, r.stderr)
	}
	r := run(t, dir, "", "report", "statement", "C1")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "on 419100", r.stdout)
	assert.Contains(t, r.stdout, "-600,00", r.stdout)
}
