package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FA-1 (240,00) paid 60,00 in March and 60,00 in April, the files
// exported month by month, imported in order into a book whose own FX-9
// of C01 has 120,00 open: both open groups could take the April payment,
// but only FA-1's, lettered by the March file's import, is a file's. The
// April payment is lettered with it, FX-9 untouched.
func TestHrev211OpenPartOnlyFilesGroup(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", hrev207Invoice)
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "pay", "VT/2026/00001", "--amount", "60", "--date", "2026-03-10")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-03-01", "--to", "2026-03-31", "-o", "mar.csv")
	hrev183Step(t, dir, "pay", "VT/2026/00001", "--amount", "60", "--date", "2026-04-10")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-04-01", "--to", "2026-04-30", "-o", "apr.csv")
	require.Contains(t, hrev210Read(t, dir, "apr.csv"), ";aaaa;")
	vat := hrev183Step(t, dir, "report", "vat", "--csv", "--from", "2026-04-01", "--to", "2026-04-30")
	hrev210Target(t, dir)
	for _, f := range []string{"mar.csv", "apr.csv"} {
		out := hrev183Step(t, dir, "import", "entries", f, "--book", "b2.db")
		assert.NotContains(t, out, "warning", f)
		hrev183Step(t, dir, "verify", "--book", "b2.db")
	}
	st := hrev183Step(t, dir, "state", "VT/2026/00002", "--book", "b2.db")
	assert.Contains(t, st, "partial", st)
	assert.Contains(t, st, "120,00", "FA-1 owes 120,00: %s", st)
	fx := hrev183Step(t, dir, "state", "VT/2026/00001", "--book", "b2.db")
	assert.Contains(t, fx, "120,00", "FX-9 untouched: %s", fx)
	assert.Equal(t, vat, hrev183Step(t, dir, "report", "vat", "--csv", "--from", "2026-04-01", "--to", "2026-04-30", "--book", "b2.db"),
		"April's VAT on FA-1's payment, as in the source")
}

// FA-1 paid 120,00 in March (the March file exported then, an open group)
// and 120,00 in April: the April file's end of the match could settle
// FX-9's open group of the book's own as well as FA-1's, but only FA-1's
// is a file's: the match is made again under its code, FX-9 untouched.
func TestHrev211MatchEndOnlyFilesGroup(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", hrev207Invoice)
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "pay", "VT/2026/00001", "--amount", "120", "--date", "2026-03-10")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-03-01", "--to", "2026-03-31", "-o", "mar.csv")
	hrev183Step(t, dir, "pay", "VT/2026/00001", "--amount", "120", "--date", "2026-04-10")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-04-01", "--to", "2026-04-30", "-o", "apr.csv")
	require.Contains(t, hrev210Read(t, dir, "mar.csv"), ";aaaa;")
	require.Contains(t, hrev210Read(t, dir, "apr.csv"), ";AAA;")
	vat := hrev183Step(t, dir, "report", "vat", "--csv", "--from", "2026-04-01", "--to", "2026-04-30")
	hrev210Target(t, dir)
	for _, f := range []string{"mar.csv", "apr.csv"} {
		out := hrev183Step(t, dir, "import", "entries", f, "--book", "b2.db")
		assert.NotContains(t, out, "warning", f)
		hrev183Step(t, dir, "verify", "--book", "b2.db")
	}
	st := hrev183Step(t, dir, "state", "VT/2026/00002", "--book", "b2.db")
	assert.Contains(t, st, "AAA", "FA-1 lettered with its payments: %s", st)
	fx := hrev183Step(t, dir, "state", "VT/2026/00001", "--book", "b2.db")
	assert.Contains(t, fx, "partial", fx)
	assert.Contains(t, fx, "120,00", "FX-9 untouched: %s", fx)
	assert.Equal(t, vat, hrev183Step(t, dir, "report", "vat", "--csv", "--from", "2026-04-01", "--to", "2026-04-30", "--book", "b2.db"),
		"April's VAT on FA-1's payment, as in the source")
}
