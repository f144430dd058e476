package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev231Source: FA-1, 1 200,00 with VAT on receipts, paid 600,00 on 10/3
// then 599,97 on 10/4, lettered with a 0,03 write-off.
func hrev231Source(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n"+
		"2026-03-02;VT;FA-1;Facture FA-1;411000;C01;1200,00;;;;\n"+
		"2026-03-02;VT;FA-1;Facture FA-1;706000;;;1000,00;;;TVA20-ENC\n"+
		"2026-03-02;VT;FA-1;Facture FA-1;445740;;;200,00;;;TVA20-ENC\n"+
		"2026-03-10;BQD;VIR-1;Reglement FA-1;512000;;600,00;;;;\n"+
		"2026-03-10;BQD;VIR-1;Reglement FA-1;411000;C01;;600,00;;;\n"+
		"2026-04-10;BQD;VIR-2;Reglement FA-1;512000;;599,97;;;;\n"+
		"2026-04-10;BQD;VIR-2;Reglement FA-1;411000;C01;;599,97;;;\n")
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2026/00001")
	hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2026/00002", "--tolerance", "0.05", "--write-off")
	return dir
}

func hrev231Tamper(t *testing.T, csv, entry string) string {
	t.Helper()
	n := 0
	lines := strings.Split(csv, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, entry+";") && (strings.Contains(l, ";445740;") || strings.Contains(l, ";445710;")) {
			lines[i] = strings.Replace(l, ";100.00;", ";99.99;", 1)
			n++
		}
	}
	require.Equal(t, 2, n)
	return strings.Join(lines, "\n")
}

// A write-off beside cash-basis VAT, the code left unlettered (its second
// cash-basis entry edited): after 'auto --all' the VAT (200,00) and the
// trial balance are the source's.
func TestHrev231WriteOffBesideCashBasisAuto(t *testing.T) {
	t.Parallel()
	dir := hrev231Source(t)
	csv := hrev231Tamper(t, hrev183Step(t, dir, "export", "csv", "--year", "2026"), "TVA/2026/00002")
	out := hrev223Import(t, dir, csv)
	assert.Contains(t, out, "left unlettered, 2 cash-basis or exchange entries left out, 1 other generated entry imported as written")
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	vat := []string{"report", "vat", "--from", "2026-01-01", "--to", "2026-12-31"}
	want := hrev183Step(t, dir, vat...)
	require.Contains(t, want, "200,00")
	assert.Equal(t, want, hrev183Step(t, dir, append(vat, "--book", "b2.db")...))
	march := []string{"report", "vat", "--from", "2026-03-01", "--to", "2026-03-31"}
	assert.Equal(t, hrev183Step(t, dir, march...), hrev183Step(t, dir, append(march, "--book", "b2.db")...))
	assert.Equal(t, hrev183Step(t, dir, "report", "trial"), hrev183Step(t, dir, "report", "trial", "--book", "b2.db"))
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// Was failing, fixed: month-split export, March's file with its code AAA left unlettered (warning: "letter the lines of AAA"); after lettering it ('auto --all') as told, April's file of the same book is refused ("import the files of the earlier periods first") — expected it imported and the VAT 200,00 / trial balance the source's, got exit 1, nothing imported (VAT 100,00, 411000 600,00)
func TestHrev231MonthSplitLeftUnletteredThenNextMonth(t *testing.T) {
	t.Parallel()
	dir := hrev231Source(t)
	hrev183Step(t, dir, "export", "csv", "--from", "2026-03-01", "--to", "2026-03-31", "-o", "m3.csv")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-04-01", "--to", "2026-04-30", "-o", "m4.csv")
	m3, err := os.ReadFile(filepath.Join(dir, "m3.csv"))
	require.NoError(t, err)
	out := hrev223Import(t, dir, hrev231Tamper(t, string(m3), "TVA/2026/00001"))
	assert.Contains(t, out, "letter the lines of AAA")
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	r := run(t, dir, "", "import", "entries", "m4.csv", "--book", "b2.db")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	vat := []string{"report", "vat", "--from", "2026-01-01", "--to", "2026-12-31"}
	assert.Equal(t, hrev183Step(t, dir, vat...), hrev183Step(t, dir, append(vat, "--book", "b2.db")...))
	assert.Equal(t, hrev183Step(t, dir, "report", "trial"), hrev183Step(t, dir, "report", "trial", "--book", "b2.db"))
}

// The same month-split export, untouched, imports month by month to the
// source's VAT and trial balance.
func TestHrev231MonthSplitRoundTrip(t *testing.T) {
	t.Parallel()
	dir := hrev231Source(t)
	hrev183Step(t, dir, "export", "csv", "--from", "2026-03-01", "--to", "2026-03-31", "-o", "m3.csv")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-04-01", "--to", "2026-04-30", "-o", "m4.csv")
	hrev192Fresh(t, dir, "b2.db")
	hrev183Step(t, dir, "import", "entries", "m3.csv", "--book", "b2.db")
	hrev183Step(t, dir, "import", "entries", "m4.csv", "--book", "b2.db")
	vat := []string{"report", "vat", "--from", "2026-01-01", "--to", "2026-12-31"}
	assert.Equal(t, hrev183Step(t, dir, vat...), hrev183Step(t, dir, append(vat, "--book", "b2.db")...))
	assert.Equal(t, hrev183Step(t, dir, "report", "trial"), hrev183Step(t, dir, "report", "trial", "--book", "b2.db"))
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// A USD invoice with VAT on receipts paid twice at other rates (two
// exchange differences), its second cash-basis entry edited: left
// unlettered, 'auto --all' brings VAT (178,33) and trial balance to the
// source's.
func TestHrev231ForeignCashBasisAuto(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev192Write(t, dir, "fx.csv", "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n"+
		"2026-03-04;VT;FA-3;Facture FA-3;411000;C03;1080,00;;USD;1200,00;\n"+
		"2026-03-04;VT;FA-3;Facture FA-3;706000;;;900,00;USD;-1000,00;TVA20-ENC\n"+
		"2026-03-04;VT;FA-3;Facture FA-3;445740;;;180,00;USD;-200,00;TVA20-ENC\n"+
		"2026-04-15;BQD;VIR-4;Reglement FA-3;512000;;570,00;;USD;600,00\n"+
		"2026-04-15;BQD;VIR-4;Reglement FA-3;411000;C03;;570,00;USD;-600,00\n"+
		"2026-05-15;BQD;VIR-5;Reglement FA-3;512000;;500,00;;USD;600,00\n"+
		"2026-05-15;BQD;VIR-5;Reglement FA-3;411000;C03;;500,00;USD;-600,00\n")
	hrev183Step(t, dir, "import", "entries", "fx.csv")
	hrev183Step(t, dir, "auto", "--all")
	csv := hrev223Edit(t, hrev183Step(t, dir, "export", "csv", "--year", "2026"), "TVA/2026/00002;", func(l string) string {
		return strings.Replace(strings.Replace(l, ";83.33;", ";83.34;", 1), ";6.67;", ";6.66;", 1)
	})
	out := hrev223Import(t, dir, csv)
	assert.Contains(t, out, "left unlettered, its generated entries left out (4 cash-basis or exchange entries)")
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	vat := []string{"report", "vat", "--from", "2026-01-01", "--to", "2026-12-31"}
	want := hrev183Step(t, dir, vat...)
	require.Contains(t, want, "178,33")
	assert.Equal(t, want, hrev183Step(t, dir, append(vat, "--book", "b2.db")...))
	assert.Equal(t, hrev183Step(t, dir, "report", "trial"), hrev183Step(t, dir, "report", "trial", "--book", "b2.db"))
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// Was failing, fixed: a book revalued on 31/12 (USD 600.00 of C03 open, +54.55 to 477000) exported to CSV and imported: in the source, lettering the invoice with a receipt of 31/12 is refused (ErrRevalued); in the imported book the same lettering goes through (exit 0, letter AAB), leaving the revaluation of a settled debt on 477000 at 31/12 — expected the same refusal (the imported revaluation has no Origin, which revalue.go revaluationsFrom requires)
func TestHrev231ImportedRevaluationStillGuards(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev183Step(t, dir, "year", "add", "--year", "2027")
	hrev192Write(t, dir, "r.csv", "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n"+
		"2026-12-01;VT;FA-3;Facture FA-3;411000;C03;1000,00;;USD;1100,00;\n"+
		"2026-12-01;VT;FA-3;Facture FA-3;706000;;;1000,00;USD;-1100,00;\n"+
		"2026-12-15;BQD;VIR-4;Reglement FA-3;512000;;454,55;;USD;500,00\n"+
		"2026-12-15;BQD;VIR-4;Reglement FA-3;411000;C03;;454,55;USD;-500,00\n")
	hrev192Write(t, dir, "p.csv", "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n"+
		"2026-12-31;BQD;VIR-9;Reglement FA-3;512000;;545,45;;USD;600,00\n"+
		"2026-12-31;BQD;VIR-9;Reglement FA-3;411000;C03;;545,45;USD;-600,00\n")
	hrev183Step(t, dir, "import", "entries", "r.csv")
	hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2026/00001")
	hrev183Step(t, dir, "revalue", "--date", "2026-12-31", "--rate", "USD=1.00")
	hrev183Step(t, dir, "export", "csv", "-o", "out.csv")
	hrev192Fresh(t, dir, "b2.db")
	hrev183Step(t, dir, "year", "add", "--year", "2027", "--book", "b2.db")
	hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	assert.Equal(t, hrev183Step(t, dir, "report", "trial"), hrev183Step(t, dir, "report", "trial", "--book", "b2.db"))

	hrev183Step(t, dir, "import", "entries", "p.csv")
	src := run(t, dir, "", "letter", "VT/2026/00001", "BQD/2026/00002")
	require.NotEqual(t, 0, src.code, "refused in the source book")
	require.Contains(t, src.stderr, "the lettering changes what a closing revalued")

	hrev183Step(t, dir, "import", "entries", "p.csv", "--book", "b2.db")
	dst := run(t, dir, "", "letter", "VT/2026/00001", "BQD/2026/00002", "--book", "b2.db")
	assert.NotEqual(t, 0, dst.code, "refused in the imported book too: %s", dst.stdout)
	assert.Contains(t, dst.stderr, "the lettering changes what a closing revalued")
}
