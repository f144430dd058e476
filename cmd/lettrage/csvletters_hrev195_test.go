package main_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev195Letters are the entry, account, partner, letter and letter_date
// of each line of an export.
func hrev195Letters(t *testing.T, csv string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimRight(csv, "\n"), "\n") {
		f := strings.Split(line, ";")
		require.Len(t, f, 21, line)
		out = append(out, strings.Join([]string{f[0], f[6], f[7], f[18], f[19]}, ";"))
	}
	return out
}

// The mixed book (write-off AAA and cash-basis AAB on C03, a discount, a
// partial payment, a bad debt): every line keeps its code and
// letter_date through a round trip, and the new book's next code follows
// the file's.
func TestHrev195MixedBookKeepsCodes(t *testing.T) {
	dir := hrev192Mixed(t)
	hrev183Step(t, dir, "export", "csv", "-o", "out.csv")
	out := hrev192Read(t, dir, "out.csv")
	require.Contains(t, out, ";Facture FA-5;AAA;")
	require.Contains(t, out, ";Facture FA-6;AAB;")
	hrev192Fresh(t, dir, "b2.db")
	imp := hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	assert.NotContains(t, imp, "warning")
	hrev183Step(t, dir, "export", "csv", "-o", "out2.csv", "--book", "b2.db")
	assert.Equal(t, hrev195Letters(t, out), hrev195Letters(t, hrev192Read(t, dir, "out2.csv")))
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// A cancelled invoice round-trips: the reversal is posted as the
// invoice's reversal and lettered with it under the file's code; the new
// book's export is the file.
func TestHrev195ReversedInvoiceExportsTheSame(t *testing.T) {
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", hrev192Invoices)
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "reverse", "VT/2026/00011", "--date", "2026-04-02")
	want := hrev192Reports(t, dir)
	hrev183Step(t, dir, "export", "csv", "-o", "out.csv")
	out := hrev192Read(t, dir, "out.csv")
	require.Contains(t, out, ";Extourne de VT/2026/00011;AAA;2026-04-02;\n")
	hrev192Fresh(t, dir, "b2.db")
	imp := hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	assert.NotContains(t, imp, "warning")
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"))
	assert.Contains(t, hrev183Step(t, dir, "state", "VT/2026/00011", "--book", "b2.db"), "reversed")
	hrev183Step(t, dir, "export", "csv", "-o", "out2.csv", "--book", "b2.db")
	assert.Equal(t, out, hrev192Read(t, dir, "out2.csv"))
	// Reversing it again is refused: the book knows it is reversed.
	r := run(t, dir, "", "reverse", "VT/2026/00011", "--book", "b2.db")
	assert.NotEqual(t, 0, r.code)
	hrev183Step(t, dir, "verify", "--book", "b2.db")
	// Imported again: nothing new.
	hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"))
}

// In a file without the letter columns the reversal is imported as the
// invoice's reversal too, unlettered as everything in such a file.
func TestHrev195ReversedInvoiceOldFile(t *testing.T) {
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", hrev192Invoices)
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "reverse", "VT/2026/00011", "--date", "2026-04-02")
	hrev183Step(t, dir, "export", "csv", "-o", "out.csv")
	var old []string
	for _, line := range strings.Split(strings.TrimRight(hrev192Read(t, dir, "out.csv"), "\n"), "\n") {
		f := strings.Split(line, ";")
		old = append(old, strings.Join(f[:len(f)-3], ";"))
	}
	hrev192Write(t, dir, "old.csv", strings.Join(old, "\n")+"\n")
	hrev192Fresh(t, dir, "b2.db")
	hrev183Step(t, dir, "import", "entries", "old.csv", "--book", "b2.db")
	assert.Equal(t, hrev183Step(t, dir, "report", "trial", "--csv"), hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db"))
	r := run(t, dir, "", "reverse", "VT/2026/00011", "--book", "b2.db")
	assert.NotEqual(t, 0, r.code, "already reversed")
}

// A document running the wrong way that mirrors no earlier entry of the
// file is still refused, nothing imported.
func TestHrev195WrongWayWithoutOriginalRefused(t *testing.T) {
	hrev192Refused(t, "date;journal;ref;type;label;account;partner;debit;credit\n"+
		"2026-03-02;VT;FA-1;invoice;Facture;411000;C01;100,00;\n"+
		"2026-03-02;VT;FA-1;invoice;Facture;706000;;;100,00\n"+
		"2026-03-03;VT;EX-1;invoice;Extourne;411000;C01;;90,00\n"+
		"2026-03-03;VT;EX-1;invoice;Extourne;706000;;90,00;\n",
		"wrong way")
}

// Cash-basis VAT paid in two parts, the first before a tax lock but
// lettered after it (its VAT entry moved to the first open date), the
// second after: the import dates both as the file does, and 'auto'
// finds nothing more to post.
func TestHrev195CashBasisPartLetteredAfterTaxLock(t *testing.T) {
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", hrev192Invoices+
		"2026-03-20;BQD;VIR-6;Reglement FA-6;512000;C03;120,00;;;;\n"+
		"2026-03-20;BQD;VIR-6;Reglement FA-6;411000;C03;;120,00;;;\n")
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "lock", "--tax", "2026-03-31")
	hrev183Step(t, dir, "letter", "VT/2026/00007", "BQD/2026/00002:1")
	hrev183Step(t, dir, "pay", "VT/2026/00007", "--amount", "120", "--date", "2026-04-10")
	want := hrev192Reports(t, dir)
	hrev183Step(t, dir, "export", "csv", "-o", "out.csv")
	out := hrev192Read(t, dir, "out.csv")
	require.Contains(t, out, ";2026-04-01;TVA;VT/2026/00007;cash_basis;")
	require.Contains(t, out, ";2026-04-10;TVA;VT/2026/00007;cash_basis;")
	hrev192Fresh(t, dir, "b2.db")
	imp := hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	assert.NotContains(t, imp, "warning")
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"), "after import")
	hrev183Step(t, dir, "export", "csv", "-o", "out2.csv", "--book", "b2.db")
	assert.Equal(t, out, hrev192Read(t, dir, "out2.csv"))
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"), "after auto")
}

// A cancelled cash-basis invoice (VAT on receipts) round-trips too: its
// lettering with its reversal makes no VAT due, in either book.
func TestHrev195ReversedCashBasisInvoice(t *testing.T) {
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", hrev192Invoices)
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "reverse", "VT/2026/00007", "--date", "2026-04-02")
	imp := hrev192RoundTrip(t, dir)
	assert.Contains(t, hrev183Step(t, dir, "state", "VT/2026/00007", "--book", "b2.db"), "reversed", imp)
	assert.Equal(t, hrev192Read(t, dir, "out.csv"), func() string {
		hrev183Step(t, dir, "export", "csv", "-o", "out2.csv", "--book", "b2.db")
		return hrev192Read(t, dir, "out2.csv")
	}())
}
