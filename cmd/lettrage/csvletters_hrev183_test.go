package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev183Step runs a command that must succeed, in dir.
func hrev183Step(t *testing.T, dir string, args ...string) string {
	t.Helper()
	r := run(t, dir, "", args...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	return r.stdout
}

// hrev183Source is a book with a services invoice of 1 200,00 (VAT on
// receipts) paid 600,00 then 600,00, a second one paid in part, a USD
// invoice paid in USD at another rate, lettered by 'auto'.
const hrev183Source = "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;411000;C01;1200,00;;;;\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;706000;;;1000,00;;;TVA20-ENC\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;445740;;;200,00;;;TVA20-ENC\n" +
	"2026-03-03;VT;FA-2;Facture FA-2;411000;C02;600,00;;;;\n" +
	"2026-03-03;VT;FA-2;Facture FA-2;706000;;;500,00;;;TVA20-ENC\n" +
	"2026-03-03;VT;FA-2;Facture FA-2;445740;;;100,00;;;TVA20-ENC\n" +
	"2026-03-04;VT;FA-3;Facture FA-3;411000;C03;900,00;;USD;1000,00;\n" +
	"2026-03-04;VT;FA-3;Facture FA-3;706000;;;900,00;USD;-1000,00;\n" +
	"2026-03-10;BQD;VIR-1;Reglement FA-1;512000;;600,00;;;;\n" +
	"2026-03-10;BQD;VIR-1;Reglement FA-1;411000;C01;;600,00;;;\n" +
	"2026-04-10;BQD;VIR-2;Reglement FA-1;512000;;600,00;;;;\n" +
	"2026-04-10;BQD;VIR-2;Reglement FA-1;411000;C01;;600,00;;;\n" +
	"2026-04-12;BQD;VIR-3;Reglement FA-2;512000;;240,00;;;;\n" +
	"2026-04-12;BQD;VIR-3;Reglement FA-2;411000;C02;;240,00;;;\n" +
	"2026-04-15;BQD;VIR-4;Reglement FA-3;512000;;950,00;;USD;1000,00\n" +
	"2026-04-15;BQD;VIR-4;Reglement FA-3;411000;C03;;950,00;USD;-1000,00\n"

// hrev183Reports are the reports a round trip must keep.
func hrev183Reports(t *testing.T, dir string, book ...string) []string {
	t.Helper()
	var out []string
	for _, args := range [][]string{
		{"report", "trial", "--csv"},
		{"report", "aux", "--csv"},
		{"report", "vat", "--csv", "--from", "2026-03-01", "--to", "2026-03-31"},
		{"report", "vat", "--csv", "--from", "2026-04-01", "--to", "2026-04-30"},
	} {
		out = append(out, hrev183Step(t, dir, append(args, book...)...))
	}
	return out
}

// hrev183Built is a directory whose book.db holds hrev183Source, lettered
// (by letter and auto), and out.csv its export.
func hrev183Built(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.csv"), []byte(hrev183Source), 0o644))
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2026/00001")
	hrev183Step(t, dir, "auto", "--all")
	hrev183Step(t, dir, "export", "csv", "-o", "out.csv")
	return dir
}

// Was failing: the export carried the generated cash-basis entries as
// plain entries and no lettering; the fresh book, lettered again, made
// the VAT due twice. Now the lettering travels with the file and the
// generated entries are posted by it anew.
func TestHrev183CSVRoundTripLettersAgainAndKeepsVAT(t *testing.T) {
	t.Parallel()
	dir := hrev183Built(t)
	want := hrev183Reports(t, dir)
	exported, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(exported), ";cash_basis;", "the source book posted cash-basis VAT")
	assert.Contains(t, string(exported), ";exchange_difference;", "the source book posted an exchange difference")
	assert.Contains(t, string(exported), ";letter;letter_date;generated\n")

	hrev183Step(t, dir, "init", "--year", "2026", "--book", "b2.db")
	hrev183Step(t, dir, "partner", "add", "C01", "C02", "C03", "--book", "b2.db")
	out := hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	assert.Contains(t, out, "letter codes lettered")
	assert.Equal(t, want, hrev183Reports(t, dir, "--book", "b2.db"), "the imported book's reports")
	// Lettering again finds nothing left to letter: the VAT is due once.
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	assert.Equal(t, want, hrev183Reports(t, dir, "--book", "b2.db"), "after 'auto' on the imported book")
	hrev183Step(t, dir, "verify", "--book", "b2.db")

	// The second book's export is the first's: same entries, same numbers,
	// same letter codes (the partial payment of FA-2 keeps a lower-case
	// code, the USD match its exchange difference).
	hrev183Step(t, dir, "export", "csv", "-o", "out2.csv", "--book", "b2.db")
	again, err := os.ReadFile(filepath.Join(dir, "out2.csv"))
	require.NoError(t, err)
	// An open group's lower-case code is the file's own (aaaa, aaab…),
	// not the book's provisional one, made of a partial's id: the same in
	// the new book (h-rev186).
	assert.Equal(t, string(exported), string(again))
	assert.Contains(t, string(again), "Facture FA-2;aaaa;;\n", "FA-2 paid in part keeps a lower-case code")

	// Importing the file again posts and letters nothing new.
	hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	assert.Equal(t, want, hrev183Reports(t, dir, "--book", "b2.db"), "after importing the file again")
}

// A file whose upper-case code does not balance is refused, naming the
// code, and nothing is written.
func TestHrev183CSVUnbalancedLetterCodeRefused(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "date;journal;ref;label;account;partner;debit;credit;letter\n" +
		"2026-03-02;VT;FA-1;Facture FA-1;411000;C01;1200,00;;AAA\n" +
		"2026-03-02;VT;FA-1;Facture FA-1;706000;;;1200,00;\n" +
		"2026-03-10;BQD;VIR-1;Reglement FA-1;512000;;600,00;;\n" +
		"2026-03-10;BQD;VIR-1;Reglement FA-1;411000;C01;;600,00;AAA\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.csv"), []byte(in), 0o644))
	before := hrev183Step(t, dir, "report", "trial", "--csv")
	r := run(t, dir, "", "import", "entries", "in.csv")
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stderr, "letter code AAA on 411000 C01")
	assert.Contains(t, r.stderr, "nothing imported")
	assert.Equal(t, before, hrev183Step(t, dir, "report", "trial", "--csv"), "nothing written")

	// With a lower-case code the payment of part of the invoice is
	// lettered.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.csv"), []byte(strings.ReplaceAll(in, "AAA", "abcd")), 0o644))
	hrev183Step(t, dir, "import", "entries", "in.csv")
	st := hrev183Step(t, dir, "state", "VT/2026/00001")
	assert.Contains(t, st, "partial")
}

// A file an older version wrote (no letter, letter_date, generated
// columns) imports as before: its entries, generated ones included, are
// posted as written and nothing is lettered.
func TestHrev183CSVOldFormatImportsAsBefore(t *testing.T) {
	t.Parallel()
	dir := hrev183Built(t)
	exported, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	require.NoError(t, err)
	var old []string
	for _, line := range strings.Split(strings.TrimRight(string(exported), "\n"), "\n") {
		f := strings.Split(line, ";")
		old = append(old, strings.Join(f[:len(f)-3], ";"))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "old.csv"), []byte(strings.Join(old, "\n")+"\n"), 0o644))
	want := hrev183Step(t, dir, "report", "trial", "--csv")
	hrev183Step(t, dir, "init", "--year", "2026", "--book", "b2.db")
	hrev183Step(t, dir, "partner", "add", "C01", "C02", "C03", "--book", "b2.db")
	out := hrev183Step(t, dir, "import", "entries", "old.csv", "--book", "b2.db")
	assert.NotContains(t, out, "lettered")
	assert.Equal(t, want, hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db"))
}
