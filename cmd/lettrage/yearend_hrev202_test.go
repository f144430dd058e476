package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing: export csv → import entries posts the bad-debt (write_off, generated=yes) and impairment entries as plain entries: the re-export loses generated=yes, and unlettering FA-1 in the moved book leaves the bad debt standing (654000 720.00, 411000 C01 0.00) where the source book reverses it (654000 0.00, C01 owes 720.00)
//
// A book with a bad debt of a cash-basis invoice paid in part, and an
// impairment, moved by 'export csv' and 'import entries': the reports of
// the new book are the old one's, and the invoice is settled there too
// (these hold); the moved book must behave as the source when the
// lettering is undone, and export the same file.
func TestHrev202CSVRoundTripBadDebtAndImpairment(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	src := "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n" +
		"2026-03-02;VT;FA-1;Facture FA-1;411000;C01;1200,00;;;;\n" +
		"2026-03-02;VT;FA-1;Facture FA-1;706000;;;1000,00;;;TVA20-ENC\n" +
		"2026-03-02;VT;FA-1;Facture FA-1;445740;;;200,00;;;TVA20-ENC\n" +
		"2026-03-03;VT;FA-2;Facture FA-2;411000;C02;2400,00;;;;\n" +
		"2026-03-03;VT;FA-2;Facture FA-2;706000;;;2000,00;;;\n" +
		"2026-03-03;VT;FA-2;Facture FA-2;445710;;;400,00;;;\n" +
		"2026-03-10;BQD;VIR-1;Reglement FA-1;512000;;480,00;;;;\n" +
		"2026-03-10;BQD;VIR-1;Reglement FA-1;411000;C01;;480,00;;;\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.csv"), []byte(src), 0o644))
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2026/00001")
	hrev183Step(t, dir, "baddebt", "VT/2026/00001", "--date", "2026-06-15")
	hrev183Step(t, dir, "impair", "--date", "2026-12-31", "C02=1000")
	want := hrev183Reports(t, dir)
	hrev183Step(t, dir, "export", "csv", "-o", "out.csv")
	exported, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	require.NoError(t, err)

	hrev183Step(t, dir, "init", "--year", "2026", "--book", "b2.db")
	hrev183Step(t, dir, "partner", "add", "C01", "C02", "C03", "--book", "b2.db")
	r := run(t, dir, "", "import", "entries", "out.csv", "--book", "b2.db")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, want, hrev183Reports(t, dir, "--book", "b2.db"), "the imported book's reports")
	st := hrev183Step(t, dir, "state", "VT/2026/00001", "--book", "b2.db")
	assert.Contains(t, st, "paid")
	hrev183Step(t, dir, "verify", "--book", "b2.db")
	hrev183Step(t, dir, "export", "csv", "-o", "out2.csv", "--book", "b2.db")
	again, err := os.ReadFile(filepath.Join(dir, "out2.csv"))
	require.NoError(t, err)
	assert.Equal(t, string(exported), string(again))

	// Undone in both books: the first reverses the bad debt with the
	// lettering; the moved book must too.
	for _, book := range []string{"book.db", "b2.db"} {
		hrev183Step(t, dir, "unletter", "VT/2026/00001", "--book", book)
	}
	assert.Equal(t, hrev183Reports(t, dir), hrev183Reports(t, dir, "--book", "b2.db"), "after unlettering FA-1 in both books")
}
