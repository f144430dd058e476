package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A French spreadsheet's CSV: byte order mark, CRLF, ';', DD/MM/YYYY,
// decimal commas and spaced thousands, a label quoted over two lines
// (refused by the book for its line break, named by its line), a total
// row at the end. Without --skip-bad nothing is imported and every bad
// line is named by its file line; with it the good entry is posted to the
// cent and a second import replays it.
func TestHrev152CSVFrenchSheetTotalRow(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "\ufeffdate;journal;ref;label;account;partner;debit;credit\r\n" +
		"05/01/2026;VT;FA-1;\"Facture\r\nsuite\";411000;C01;1 234,56;\r\n" +
		"05/01/2026;VT;FA-1;Facture;706000;;;1 234,56\r\n" +
		"06/01/2026;VT;FA-2;F2;411000;C02;10,00;\r\n" +
		"06/01/2026;VT;FA-2;F2;706000;;;10,00\r\n" +
		";;;Total;;;1 244,56;1 244,56\r\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "f.csv"), []byte(in), 0o644))
	r := run(t, dir, "", "import", "entries", "f.csv")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "f.csv: line 7: no ref")
	assert.Contains(t, r.stderr, "nothing imported")

	r = run(t, dir, "", "import", "entries", "f.csv", "--skip-bad")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "f.csv: line 2 (entry VT FA-1)")
	assert.Contains(t, r.stdout, "1 posted")
	exp := run(t, dir, "", "export", "csv")
	require.Equal(t, 0, exp.code, exp.stderr)
	assert.Contains(t, exp.stdout, "VT/2026/00001;2026-01-06;VT;FA-2;invoice;F2;411000;C02;;10.00;")
	assert.NotContains(t, exp.stdout, "FA-1")

	r = run(t, dir, "", "import", "entries", "f.csv", "--skip-bad")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "0 posted")
	assert.Contains(t, r.stdout, "1 already in the book")
}

// Was failing, fixed: 'import hledger' ("The whole file is checked before anything is posted") refuses a journal whose dollar invoice the book cannot convert (no USD rate), yet leaves the partner C9 it names in the book: want 'partner list' without C9, got "C9 Client Neuf"
func TestHrev152HledgerRefusedLeavesPartner(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	j := "account 411000:C9  ; name: Client Neuf\n\n" +
		"2026-01-05 Vente en dollars\n    411000:C9  100.00 USD\n    706000\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "r.journal"), []byte(j), 0o644))
	r := run(t, dir, "", "import", "hledger", "r.journal")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "line 3")
	l := run(t, dir, "", "partner", "list")
	require.Equal(t, 0, l.code, l.stderr)
	assert.False(t, strings.Contains(l.stdout, "C9"), "a refused import added a partner:\n%s", l.stdout)
}
