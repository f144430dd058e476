package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev232Revalued: C03's USD 1 100,00 invoice (1 000,00) paid USD 500,00
// on 15/12 and lettered, the USD 600,00 left revalued on 31/12 at 1,00;
// exported and imported into b2.db.
func hrev232Revalued(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	hrev183Step(t, dir, "year", "add", "--year", "2027")
	hrev192Write(t, dir, "r.csv", "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n"+
		"2026-12-01;VT;FA-3;Facture FA-3;411000;C03;1000,00;;USD;1100,00;\n"+
		"2026-12-01;VT;FA-3;Facture FA-3;706000;;;1000,00;USD;-1100,00;\n"+
		"2026-12-15;BQD;VIR-4;Reglement FA-3;512000;;454,55;;USD;500,00\n"+
		"2026-12-15;BQD;VIR-4;Reglement FA-3;411000;C03;;454,55;USD;-500,00\n")
	hrev183Step(t, dir, "import", "entries", "r.csv")
	hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2026/00001")
	hrev183Step(t, dir, "revalue", "--date", "2026-12-31", "--rate", "USD=1.00")
	hrev183Step(t, dir, "export", "csv", "-o", "out.csv")
	hrev192Fresh(t, dir, "b2.db")
	hrev183Step(t, dir, "year", "add", "--year", "2027", "--book", "b2.db")
	hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	hrev183Step(t, dir, "verify", "--book", "b2.db")
	return dir
}

// The revaluation's reversal of 1/1, imported, is the reversal it is in
// the source book, not a revaluation of 1/1: a receipt of 1/1 letters
// with the revalued invoice in both books.
func TestHrev232ImportedRevaluationReversal(t *testing.T) {
	t.Parallel()
	dir := hrev232Revalued(t)
	hrev192Write(t, dir, "p.csv", "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n"+
		"2027-01-01;BQD;VIR-9;Reglement FA-3;512000;;600,00;;USD;600,00\n"+
		"2027-01-01;BQD;VIR-9;Reglement FA-3;411000;C03;;600,00;USD;-600,00\n")
	for _, book := range []string{"book.db", "b2.db"} {
		hrev183Step(t, dir, "import", "entries", "p.csv", "--book", book)
		hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2027/00001", "--book", book)
	}
	assert.Equal(t, hrev183Step(t, dir, "report", "trial"), hrev183Step(t, dir, "report", "trial", "--book", "b2.db"))
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// The imported revaluation is taken back as the source's would be
// ('revalue --undo'): then a receipt of the closing day letters.
func TestHrev232ImportedRevaluationUndo(t *testing.T) {
	t.Parallel()
	dir := hrev232Revalued(t)
	hrev192Write(t, dir, "p.csv", "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n"+
		"2026-12-31;BQD;VIR-9;Reglement FA-3;512000;;545,45;;USD;600,00\n"+
		"2026-12-31;BQD;VIR-9;Reglement FA-3;411000;C03;;545,45;USD;-600,00\n")
	hrev183Step(t, dir, "import", "entries", "p.csv", "--book", "b2.db")
	hrev183Step(t, dir, "revalue", "--date", "2026-12-31", "--undo", "--book", "b2.db")
	hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2026/00002", "--book", "b2.db")
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// March's file left AAA unlettered; lettered by hand as the warning
// tells ('lettrage letter'), April's file goes on with it.
func TestHrev232MonthSplitLetteredByHandThenNextMonth(t *testing.T) {
	t.Parallel()
	dir := hrev231Source(t)
	hrev183Step(t, dir, "export", "csv", "--from", "2026-03-01", "--to", "2026-03-31", "-o", "m3.csv")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-04-01", "--to", "2026-04-30", "-o", "m4.csv")
	m3, err := os.ReadFile(filepath.Join(dir, "m3.csv"))
	require.NoError(t, err)
	out := hrev223Import(t, dir, hrev231Tamper(t, string(m3), "TVA/2026/00001"))
	require.Contains(t, out, "letter the lines of AAA")
	hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2026/00001", "--book", "b2.db")
	hrev183Step(t, dir, "import", "entries", "m4.csv", "--book", "b2.db")
	vat := []string{"report", "vat", "--from", "2026-01-01", "--to", "2026-12-31"}
	assert.Equal(t, hrev183Step(t, dir, vat...), hrev183Step(t, dir, append(vat, "--book", "b2.db")...))
	assert.Equal(t, hrev183Step(t, dir, "report", "trial"), hrev183Step(t, dir, "report", "trial", "--book", "b2.db"))
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// March's file left AAA unlettered and April's imported before lettering
// it: April's lines go with March's kept under AAA, lettered together
// or left unlettered with a warning, never refused.
func TestHrev232MonthSplitNextMonthBeforeLettering(t *testing.T) {
	t.Parallel()
	dir := hrev231Source(t)
	hrev183Step(t, dir, "export", "csv", "--from", "2026-03-01", "--to", "2026-03-31", "-o", "m3.csv")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-04-01", "--to", "2026-04-30", "-o", "m4.csv")
	m3, err := os.ReadFile(filepath.Join(dir, "m3.csv"))
	require.NoError(t, err)
	hrev223Import(t, dir, hrev231Tamper(t, string(m3), "TVA/2026/00001"))
	r := run(t, dir, "", "import", "entries", "m4.csv", "--book", "b2.db")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout+r.stderr, "letter the lines of AAA")
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	vat := []string{"report", "vat", "--from", "2026-01-01", "--to", "2026-12-31"}
	assert.Equal(t, hrev183Step(t, dir, vat...), hrev183Step(t, dir, append(vat, "--book", "b2.db")...))
	assert.Equal(t, hrev183Step(t, dir, "report", "trial"), hrev183Step(t, dir, "report", "trial", "--book", "b2.db"))
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}
