package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev204Move exports dir's book.db and imports the file into a fresh
// b2.db, which must export the same file and verify; it returns the file.
func hrev204Move(t *testing.T, dir string) string {
	t.Helper()
	hrev183Step(t, dir, "export", "csv", "-o", "out.csv")
	exported, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	require.NoError(t, err)
	hrev183Step(t, dir, "init", "--year", "2026", "--book", "b2.db")
	hrev183Step(t, dir, "partner", "add", "C01", "C02", "C03", "--book", "b2.db")
	out := hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	assert.NotContains(t, out, "warning")
	hrev183Step(t, dir, "verify", "--book", "b2.db")
	hrev183Step(t, dir, "export", "csv", "-o", "out2.csv", "--book", "b2.db")
	again, err := os.ReadFile(filepath.Join(dir, "out2.csv"))
	require.NoError(t, err)
	assert.Equal(t, string(exported), string(again), "the moved book exports the same file")
	return string(exported)
}

// hrev204Source is an invoice with VAT on debits (445710) paid in part,
// and another one to impair.
const hrev204Source = "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;411000;C01;1200,00;;;;\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;706000;;;1000,00;;;TVA20\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;445710;;;200,00;;;TVA20\n" +
	"2026-03-03;VT;FA-2;Facture FA-2;411000;C02;2400,00;;;;\n" +
	"2026-03-03;VT;FA-2;Facture FA-2;706000;;;2000,00;;;\n" +
	"2026-03-03;VT;FA-2;Facture FA-2;445710;;;400,00;;;\n" +
	"2026-03-10;BQD;VIR-1;Reglement FA-1;512000;;480,00;;;;\n" +
	"2026-03-10;BQD;VIR-1;Reglement FA-1;411000;C01;;480,00;;;\n"

// A bad debt of an invoice with VAT on debits (its 445710 share
// recovered) moved by export csv and import entries is written off anew:
// generated as in the source, so that 'auto' finds nothing to letter,
// unlettering the invoice reverses it in both books alike, and the file
// imported again posts nothing.
func TestHrev204CSVBadDebtVATOnDebitsRoundTrip(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.csv"), []byte(hrev204Source), 0o644))
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2026/00001")
	hrev183Step(t, dir, "baddebt", "VT/2026/00001", "--date", "2026-06-15")
	want := hrev183Reports(t, dir)
	file := hrev204Move(t, dir)
	assert.Contains(t, file, ";write_off;Créance irrécouvrable VT/2026/00001;445710;;;120.00;")
	assert.Equal(t, want, hrev183Reports(t, dir, "--book", "b2.db"), "the moved book's reports")

	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	assert.Equal(t, want, hrev183Reports(t, dir, "--book", "b2.db"), "'auto' posts nothing")
	hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	assert.Equal(t, want, hrev183Reports(t, dir, "--book", "b2.db"), "the file imported again posts nothing")

	for _, book := range []string{"book.db", "b2.db"} {
		hrev183Step(t, dir, "unletter", "VT/2026/00001", "--book", book)
	}
	after := hrev183Reports(t, dir)
	assert.Equal(t, after, hrev183Reports(t, dir, "--book", "b2.db"), "after unlettering FA-1 in both books")
	assert.Contains(t, after[0], "654000,Pertes sur créances irrécouvrables,600.00,600.00,0.00")
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// An impairment moved by export csv and import entries is posted anew as
// 'impair' posts it: a later 'impair' at the same closing replaces it (no
// reprise), one at the next closing takes it back as income, in the
// moved book as in the source; neither book reverses it by hand.
func TestHrev204CSVImpairmentThenImpairAgain(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.csv"), []byte(hrev204Source), 0o644))
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "impair", "--date", "2026-12-31", "C02=1000", "C01=500")
	want := hrev183Reports(t, dir)
	hrev204Move(t, dir)
	assert.Equal(t, want, hrev183Reports(t, dir, "--book", "b2.db"), "the moved book's reports")
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	assert.Equal(t, want, hrev183Reports(t, dir, "--book", "b2.db"), "'auto' posts nothing")

	for _, book := range []string{"book.db", "b2.db"} {
		r := run(t, dir, "", "reverse", "OD/2026/00001", "--book", book)
		assert.Equal(t, 1, r.code, "%s: %s", book, r.stdout)
		assert.Contains(t, r.stderr, "impairment", book)
		hrev183Step(t, dir, "impair", "--date", "2026-12-31", "C02=400", "--book", book)
	}
	same := hrev183Reports(t, dir)
	assert.Equal(t, same, hrev183Reports(t, dir, "--book", "b2.db"), "after impair at the same closing")
	assert.Contains(t, same[0], "681740,Dotations aux dépréciations des créances,1900.00,1000.00,900.00")

	for _, book := range []string{"book.db", "b2.db"} {
		hrev183Step(t, dir, "year", "add", "--book", book)
		hrev183Step(t, dir, "impair", "--date", "2027-12-31", "C02=100", "C01=0", "--book", book)
	}
	next := hrev183Step(t, dir, "report", "trial", "--csv", "--at", "2027-12-31")
	assert.Equal(t, next, hrev183Step(t, dir, "report", "trial", "--csv", "--at", "2027-12-31", "--book", "b2.db"), "after impair at the next closing")
	assert.Contains(t, next, "781740")
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}
