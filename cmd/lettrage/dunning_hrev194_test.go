package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Letters of one customer and day get the next free name; a file already
// under a name is kept.
func TestHrev194DunningSendNextFreeName(t *testing.T) {
	t.Parallel()
	dir := hrev189Book(t)
	sent := hrev189JSON(t, dir, "dunning", "send", "--at", "2026-06-30", "--company", "Atelier")
	require.Len(t, sent.Customers, 1)
	assert.Equal(t, "relance-C01-2026-06-30.pdf", sent.Customers[0].Letter)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "relance-C01-2026-06-30-2.pdf"), []byte("kept"), 0o644))
	hrev185Steps(t, dir, []string{"post", "--journal", "VT", "--date", "2026-05-11", "--type", "invoice", "--due", "2026-06-10",
		"--line", "411000:C01=40.00", "--line", "706000=-40.00"})
	again := hrev189JSON(t, dir, "dunning", "send", "--at", "2026-06-30", "--company", "Atelier")
	require.Len(t, again.Customers, 1)
	assert.Equal(t, "relance-C01-2026-06-30-3.pdf", again.Customers[0].Letter)
	kept, err := os.ReadFile(filepath.Join(dir, "relance-C01-2026-06-30-2.pdf"))
	require.NoError(t, err)
	assert.Equal(t, "kept", string(kept))
	pdf, err := os.ReadFile(filepath.Join(dir, "relance-C01-2026-06-30-3.pdf"))
	require.NoError(t, err)
	assert.Equal(t, "%PDF-", string(pdf[:5]))
	matches, err := filepath.Glob(filepath.Join(dir, ".relance*"))
	require.NoError(t, err)
	assert.Empty(t, matches, "no temporary file left")
}

// Credits covering the debts: listed, nothing to claim, no letter sent.
func TestHrev194DunningNothingToClaim(t *testing.T) {
	t.Parallel()
	dir := hrev189Book(t)
	hrev185Steps(t, dir, []string{"post", "--journal", "VT", "--date", "2026-06-02", "--type", "credit_note",
		"--line", "411000:C01=-720.00", "--line", "706000=720.00"})
	list := hrev189JSON(t, dir, "dunning", "list", "--at", "2026-06-30")
	require.Len(t, list.Customers, 1)
	assert.Equal(t, 3, list.Customers[0].Level)
	assert.Equal(t, 0, list.Customers[0].Next)
	assert.Equal(t, "0.00", list.Customers[0].Net)
	r := run(t, dir, "", "dunning", "list", "--at", "2026-06-30")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "nothing to claim: the credits cover the debts")
	sent := hrev189JSON(t, dir, "dunning", "send", "--at", "2026-06-30", "--company", "Atelier")
	assert.Empty(t, sent.Customers)
	matches, err := filepath.Glob(filepath.Join(dir, "relance-*"))
	require.NoError(t, err)
	assert.Empty(t, matches)
}
