package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --rate accepts a comma and a percent sign, as its doc says: "12,15 %",
// "12.15%", " 12,15".
func TestHrev206PenaltiesRateForms(t *testing.T) {
	t.Parallel()
	dir := hrev200Book(t)
	for _, rate := range []string{"12,15 %", "12.15%", " 12,15", "12,15%"} {
		out := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-03-31", "--rate", rate)
		assert.Equal(t, "57.78", out.Total, rate)
		assert.Equal(t, "12.15", out.Rate, rate)
	}
	// A thousands separator or two commas is refused with exit 2.
	for _, rate := range []string{"1,2,15", "12,15 %%", "%12"} {
		r := run(t, dir, "", "dunning", "penalties", "--date", "2026-03-31", "--rate", rate)
		assert.Equal(t, 2, r.code, "%q: %s%s", rate, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, "--rate", rate)
	}
}

// --post twice with different ids the same day invoices once; the FEC of
// the book validates; verify passes.
func TestHrev206PenaltiesPostTwiceDifferentIDs(t *testing.T) {
	t.Parallel()
	dir := hrev200Book(t)
	first := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-03-31", "--rate", "12.15", "--post",
		"--id", "0b7c3f0e-8a43-4f57-9b8f-3c1f2d9e4a11")
	require.Len(t, first.Entries, 1)
	second := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-03-31", "--rate", "12.15", "--post",
		"--id", "0b7c3f0e-8a43-4f57-9b8f-3c1f2d9e4a12")
	assert.Empty(t, second.Entries)
	assert.Empty(t, second.Customers)
	assert.Equal(t, "0.00", second.Total)
	hrev185Steps(t, dir, []string{"verify"})
	r := run(t, dir, "", "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", ".")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "validate-fec", "732829320FEC20261231.txt")
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
	fec, err := os.ReadFile(filepath.Join(dir, "732829320FEC20261231.txt"))
	require.NoError(t, err)
	var pen []string
	for _, l := range strings.Split(string(fec), "\n") {
		if strings.Contains(l, "763100") || strings.Contains(l, "758800") {
			pen = append(pen, l)
		}
	}
	require.Len(t, pen, 2, string(fec))
	assert.Contains(t, pen[0]+pen[1], "17,78")
	assert.Contains(t, pen[0]+pen[1], "40,00")
}

// Was failing, fixed: a replay (--post with the same --id) in text prints "No penalties owed" and hides the penalty invoice the operation posted, while --json lists it with replay true; expected the replayed invoice's number in the text, got only "No penalties owed at 31/03/2026 ..."
func TestHrev206PenaltiesReplayText(t *testing.T) {
	t.Parallel()
	dir := hrev200Book(t)
	id := "0b7c3f0e-8a43-4f57-9b8f-3c1f2d9e4a13"
	posted := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-03-31", "--rate", "12.15", "--post", "--id", id)
	require.Len(t, posted.Entries, 1)
	r := run(t, dir, "", "dunning", "penalties", "--date", "2026-03-31", "--rate", "12.15", "--post", "--id", id)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, posted.Entries[0].Number, r.stdout)
}
