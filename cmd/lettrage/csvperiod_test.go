package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An export of a period carries the code of a lettering with lines
// outside it (a March invoice paid in April, exported from April) on its
// lines in the file, with the match's date. Such a file imported alone
// into a fresh book is refused, nothing written: it ends a match whose
// start the book lacks. After the March file it imports, the match
// lettered again; a group lettered in part across the months, its March
// line left unlettered by March's import with its code kept on it, is
// lettered in part again by April's, as in the source book.
func TestCSVPeriodExportImports(t *testing.T) {
	t.Parallel()
	dir := hrev183Built(t)
	hrev183Step(t, dir, "export", "csv", "--to", "2026-03-31", "-o", "march.csv")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-04-01", "-o", "april.csv")
	april, err := os.ReadFile(filepath.Join(dir, "april.csv"))
	require.NoError(t, err)
	found := false
	for _, l := range strings.Split(string(april), "\n") {
		if strings.Contains(l, ";VIR-2;") && strings.Contains(l, ";411000;") {
			assert.Contains(t, l, ";AAA;2026-04-10;", "FA-1's match, its invoice in March: %s", l)
			found = true
		}
	}
	assert.True(t, found)
	hrev183Step(t, dir, "init", "--year", "2026", "--book", "b3.db")
	hrev183Step(t, dir, "partner", "add", "C01", "C02", "C03", "--book", "b3.db")
	r := run(t, dir, "", "import", "entries", "april.csv", "--book", "b3.db")
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "letter code AAA on 411000 C01: the file has the last lines of its match")
	assert.Contains(t, r.stderr, "nothing imported")
	hrev183Step(t, dir, "import", "entries", "march.csv", "--book", "b3.db")
	out := hrev183Step(t, dir, "import", "entries", "april.csv", "--book", "b3.db")
	assert.NotContains(t, out, "warning", "FA-2's partial payment, its invoice in March, lettered with it")
	assert.Equal(t, hrev183Step(t, dir, "state", "VT/2026/00002")[:60], hrev183Step(t, dir, "state", "VT/2026/00002", "--book", "b3.db")[:60])
	assert.Contains(t, hrev183Step(t, dir, "state", "VT/2026/00001", "--book", "b3.db"), "AAA")
	hrev183Step(t, dir, "verify", "--book", "b3.db")
}
