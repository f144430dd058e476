package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev221Source builds in dir's book.db the book of hrev219Moved: a
// 1 200,00 invoice with VAT on receipts, 480,00 received, the rest moved
// to 416000 in June, 120,00 received there in August.
func hrev221Source(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	hrev183Step(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20-ENC", "--line", "445740=-200.00@TVA20-ENC")
	hrev183Step(t, dir, "pay", "VT/2026/00001", "--amount", "480", "--date", "2026-04-10")
	hrev183Step(t, dir, "doubtful", "VT/2026/00001", "--date", "2026-06-30")
	hrev183Step(t, dir, "pay", "OD/2026/00001", "--amount", "120", "--date", "2026-08-10")
	return dir
}

// hrev221Same checks that b2.db reads as book.db: state of the invoice,
// VAT, trial balance and aged balance; that it exports the same file;
// and that 'auto --all' posts nothing there.
func hrev221Same(t *testing.T, dir string) {
	t.Helper()
	for _, args := range [][]string{
		{"state", "VT/2026/00001"},
		{"report", "vat", "--from", "2026-01-01", "--to", "2026-12-31"},
		{"report", "trial"},
		{"report", "aged", "--csv"},
		{"export", "csv", "--year", "2026"},
	} {
		assert.Equal(t, hrev183Step(t, dir, args...), hrev183Step(t, dir, append(args, "--book", "b2.db")...), "%v", args)
	}
	vat := hrev183Step(t, dir, "report", "vat", "--from", "2026-01-01", "--to", "2026-12-31", "--book", "b2.db")
	auto := hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	assert.Contains(t, auto, "0 entries posted")
	assert.Equal(t, vat, hrev183Step(t, dir, "report", "vat", "--from", "2026-01-01", "--to", "2026-12-31", "--book", "b2.db"))
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// The year's file: the move is posted anew, lettered as in the source,
// without a warning; a second import posts nothing.
func TestHrev221RoundTripMovedAnew(t *testing.T) {
	t.Parallel()
	dir := hrev221Source(t)
	hrev183Step(t, dir, "export", "csv", "--year", "2026", "-o", "e.csv")
	hrev192Fresh(t, dir, "b2.db")
	out := hrev183Step(t, dir, "import", "entries", "e.csv", "--book", "b2.db")
	assert.NotContains(t, out, "warning")
	assert.Contains(t, out, "3 entries marked generated left out, 3 entries posted by the lettering")
	again := hrev183Step(t, dir, "import", "entries", "e.csv", "--book", "b2.db")
	assert.NotContains(t, again, "warning")
	assert.Contains(t, again, "0 entries posted by the lettering")
	hrev221Same(t, dir)
}

// Month files, the move (June) in a later file than the invoice (March),
// the receipt on 416000 in a later one still (August): each imported
// without a warning, the moved book reads as the source; the files
// imported again post nothing.
func TestHrev221MonthFilesMoveLaterThanInvoice(t *testing.T) {
	t.Parallel()
	dir := hrev221Source(t)
	files := hrev210Months(t, dir)
	hrev192Fresh(t, dir, "b2.db")
	for _, f := range files {
		r := run(t, dir, "", "import", "entries", f, "--book", "b2.db")
		require.Equal(t, 0, r.code, "%s: %s%s", f, r.stdout, r.stderr)
		assert.NotContains(t, r.stdout+r.stderr, "warning", f)
		hrev183Step(t, dir, "verify", "--book", "b2.db")
	}
	hrev221Same(t, dir)
	trial := hrev183Step(t, dir, "report", "trial", "--book", "b2.db")
	for _, f := range files {
		hrev183Step(t, dir, "import", "entries", f, "--book", "b2.db")
	}
	assert.Equal(t, trial, hrev183Step(t, dir, "report", "trial", "--book", "b2.db"), "nothing more")
}

// A move whose file lost its generated mark is imported as written and
// unlettered, with a warning; 'auto --all' then leaves its 411000 line
// open, saying it is no payment, and makes no VAT due on it.
func TestHrev221MoveImportedAsWrittenIsNoPayment(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev183Step(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20-ENC", "--line", "445740=-200.00@TVA20-ENC")
	hrev183Step(t, dir, "doubtful", "VT/2026/00001", "--date", "2026-06-30")
	hrev183Step(t, dir, "pay", "OD/2026/00001", "--amount", "120", "--date", "2026-08-10")
	exp := hrev183Step(t, dir, "export", "csv", "--year", "2026")
	var lines []string
	for _, l := range strings.SplitAfter(exp, "\n") {
		if strings.HasPrefix(l, "OD/2026/00001;") {
			l = strings.Replace(l, ";yes\n", ";\n", 1)
		}
		lines = append(lines, l)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.csv"), []byte(strings.Join(lines, "")), 0o644))
	hrev192Fresh(t, dir, "b2.db")
	out := hrev183Step(t, dir, "import", "entries", "e.csv", "--book", "b2.db")
	assert.Contains(t, out, "warning")
	vat := []string{"report", "vat", "--from", "2026-01-01", "--to", "2026-12-31"}
	want := hrev183Step(t, dir, vat...)
	require.Equal(t, want, hrev183Step(t, dir, append(vat, "--book", "b2.db")...))
	auto := hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	assert.Contains(t, auto, "OD/2026/00001:1")
	assert.Contains(t, auto, "not a payment")
	assert.Equal(t, want, hrev183Step(t, dir, append(vat, "--book", "b2.db")...), "VAT after auto --all")
	assert.Equal(t, hrev183Step(t, dir, "report", "trial"), hrev183Step(t, dir, "report", "trial", "--book", "b2.db"))
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// 'lettrage pay' naming a moved invoice puts the receipt on 416000.
func TestHrev221PayTheMovedInvoiceByItsNumber(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev183Step(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20-ENC", "--line", "445740=-200.00@TVA20-ENC")
	hrev183Step(t, dir, "doubtful", "VT/2026/00001", "--date", "2026-06-30")
	out := hrev183Step(t, dir, "pay", "VT/2026/00001", "--amount", "240", "--date", "2026-07-10")
	assert.Contains(t, out, "960,00 still due")
	trial := hrev183Step(t, dir, "report", "trial", "--csv")
	assert.Equal(t, "detail,416000,Clients douteux ou litigieux,1200.00,240.00,960.00", hrev207Row(trial, "416000"))
	assert.Equal(t, "detail,445710,TVA collectée,0.00,40.00,-40.00", hrev207Row(trial, "445710"))
	st := hrev183Step(t, dir, "state", "VT/2026/00001")
	assert.Contains(t, st, "partial")
	hrev183Step(t, dir, "verify")
}
