package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a book that keeps its taken-over opening balances in its OD
// journal (as examples/bank does) posts first a misc entry of 15/01/2026
// (OD/2026/00001), then the opening entry dated 01/01/2026
// (OD/2026/00002). Since h-rev113 bookOpenings writes OD/2026/00002 before
// every other entry, so OD/2026/00001 follows OD/2026/00002 in the file
// and the book's own validator ('validate-fec', report/fec) reports the
// error number-order ("OD/2026/00001 follows OD/2026/00002: numbers must
// increase"); before the change the file had only a date-order warning.
// A FEC the program writes must pass its own validator: DESIGN §13 (the
// validator reports "continuous numbering per journal"), art. A47 A-1 LPF
// (EcritureNum "continue et chronologique"). Expected: "0 errors" — the
// opening moved first only when that keeps its journal's numbers in order
// (or the journal's numbers given in date order).
func TestHrev116FECOpeningFirstBreaksItsJournalsNumbering(t *testing.T) {
	t.Parallel()
	dir := hrev113Book(t)
	hrev113Do(t, dir, "", "post", "--journal", "OD", "--date", "2026-01-15", "--ref", "OD-1",
		"--label", "Frais bancaires", "--line", "627000=12", "--line", "512000=-12")
	hrev113Do(t, dir, "", "post", "--journal", "OD", "--date", "2026-01-01", "--type", "opening", "--ref", "AN-2026",
		"--label", "Reprise des soldes", "--line", "512000=5000", "--line", "101000=-5000")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "out"), 0o755))
	hrev113Do(t, dir, "", "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", "out")
	body, err := os.ReadFile(filepath.Join(dir, "out", "732829320FEC20261231.txt"))
	require.NoError(t, err)
	rows := strings.Split(strings.TrimSpace(string(body)), "\n")
	require.Len(t, rows, 5, string(body))
	r := runAt(t, dir, hrev113Now, "", "validate-fec", "out/732829320FEC20261231.txt")
	assert.Contains(t, r.stdout, "0 errors", "%s%s\n%s", r.stdout, r.stderr, body)
	assert.NotContains(t, r.stdout, "number-order", r.stdout)
}

// Two opening entries of the year's first day, the second reversed on
// that day, all posted after the year's first invoice: the FEC lists the
// three opening entries first, in posting order, and validates.
func TestHrev116FECSeveralOpeningsOneReversed(t *testing.T) {
	t.Parallel()
	dir := hrev113Book(t)
	hrev113Do(t, dir, "", "journal", "add", "AN", "--name", "A nouveaux")
	hrev113Do(t, dir, "", "post", "--journal", "VT", "--date", "2026-01-05", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C001=120", "--line", "707000=-100@TVA20", "--line", "445710=-20@TVA20")
	hrev113Do(t, dir, "", "post", "--journal", "AN", "--date", "2026-01-01", "--type", "opening", "--ref", "AN-1",
		"--label", "Reprise banque", "--line", "512000=5000", "--line", "101000=-5000")
	hrev113Do(t, dir, "", "post", "--journal", "AN", "--date", "2026-01-01", "--type", "opening", "--ref", "AN-2",
		"--label", "Reprise stock", "--line", "370000=800", "--line", "101000=-800")
	hrev113Do(t, dir, "", "reverse", "AN/2026/00002", "--date", "2026-01-01")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "out"), 0o755))
	hrev113Do(t, dir, "", "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", "out")
	r := hrev113Do(t, dir, "", "validate-fec", "out/732829320FEC20261231.txt")
	assert.Contains(t, r.stdout, "0 errors", r.stdout)
	body, err := os.ReadFile(filepath.Join(dir, "out", "732829320FEC20261231.txt"))
	require.NoError(t, err)
	rows := strings.Split(strings.TrimSpace(string(body)), "\n")
	require.Len(t, rows, 10, string(body))
	for i, num := range []string{"AN/2026/00001", "AN/2026/00001", "AN/2026/00002", "AN/2026/00002", "AN/2026/00003", "AN/2026/00003"} {
		assert.Contains(t, rows[1+i], "\t"+num+"\t", "row %d:\n%s", 1+i, body)
	}
}
