package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An export of a period carries no code for a lettering with lines
// outside it (a March invoice paid in April, exported from April): the
// file could not letter it again. Such a file imports, its lines
// unlettered, as a period's file always did.
func TestCSVPeriodExportImports(t *testing.T) {
	t.Parallel()
	dir := hrev183Built(t)
	hrev183Step(t, dir, "export", "csv", "--from", "2026-04-01", "-o", "april.csv")
	april, err := os.ReadFile(filepath.Join(dir, "april.csv"))
	require.NoError(t, err)
	for _, l := range strings.Split(string(april), "\n") {
		if strings.Contains(l, ";VIR-2;") && strings.Contains(l, ";411000;") {
			assert.NotContains(t, l, ";AAA;", "FA-1's match has its invoice in March: %s", l)
		}
	}
	hrev183Step(t, dir, "init", "--year", "2026", "--book", "b3.db")
	hrev183Step(t, dir, "partner", "add", "C01", "C02", "C03", "--book", "b3.db")
	out := hrev183Step(t, dir, "import", "entries", "april.csv", "--book", "b3.db")
	assert.Contains(t, out, "warning: letter code aaaa on 411000 C02", "FA-2's partial payment, its invoice in March")
	assert.Contains(t, out, "left unlettered")
	hrev183Step(t, dir, "verify", "--book", "b3.db")
}
