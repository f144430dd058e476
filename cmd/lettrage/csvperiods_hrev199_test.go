package main_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev199March are the March invoices of hrev199Book: goods FA-1 (C01,
// 300,00) and FA-2 (C01, 300,00), FA-3 in USD (C02), goods FA-5 (C03,
// 500,00), services FA-6 (C03, 240,00, VAT on receipts).
const hrev199March = "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;411000;C01;300,00;;;;\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;706000;;;300,00;;;EXO\n" +
	"2026-03-03;VT;FA-2;Facture FA-2;411000;C01;300,00;;;;\n" +
	"2026-03-03;VT;FA-2;Facture FA-2;706000;;;300,00;;;EXO\n" +
	"2026-03-04;VT;FA-3;Facture FA-3;411000;C02;900,00;;USD;1000,00;\n" +
	"2026-03-04;VT;FA-3;Facture FA-3;706000;;;900,00;USD;-1000,00;EXO\n" +
	"2026-03-07;VT;FA-5;Facture FA-5;411000;C03;500,00;;;;\n" +
	"2026-03-07;VT;FA-5;Facture FA-5;706000;;;500,00;;;EXO\n" +
	"2026-03-08;VT;FA-6;Facture FA-6;411000;C03;240,00;;;;\n" +
	"2026-03-08;VT;FA-6;Facture FA-6;706000;;;200,00;;;TVA20-ENC\n" +
	"2026-03-08;VT;FA-6;Facture FA-6;445740;;;40,00;;;TVA20-ENC\n"

// hrev199Invoices are VT/2026/00001 to 00006: FA-1, FA-2, FA-3, FA-5,
// FA-6 and the credit note AV-1.
var hrev199Invoices = []string{"VT/2026/00001", "VT/2026/00002", "VT/2026/00003", "VT/2026/00004", "VT/2026/00005", "VT/2026/00006"}

// hrev199Book is a book whose matches span March to May: (b) FA-1 paid
// 100,00 a month; (a) FA-6, VAT on receipts, paid 120,00 in March and in
// April; (d) FA-2 paid 200,00 in March, the rest settled by the credit
// note AV-1 in April; (c) FA-3, 1 000,00 USD booked 900,00, paid in April
// 950,00 (an exchange difference); (e) FA-5 paid 499,97 in April, the
// rest written off.
func hrev199Book(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	hrev192Write(t, dir, "in1.csv", hrev199March)
	hrev192Write(t, dir, "in2.csv", "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency;tax\n"+
		"2026-04-05;VT;AV-1;Avoir AV-1;411000;C01;;100,00;;;\n"+
		"2026-04-05;VT;AV-1;Avoir AV-1;706000;;100,00;;;;EXO\n"+
		"2026-04-15;BQD;VIR-4;Reglement FA-3;512000;;950,00;;USD;1000,00;\n"+
		"2026-04-15;BQD;VIR-4;Reglement FA-3;411000;C02;;950,00;USD;-1000,00;\n")
	hrev192Write(t, dir, "in3.csv", "date;journal;ref;label;account;partner;debit;credit\n"+
		"2026-04-20;BQD;VIR-5;Reglement FA-5;512000;;499,97;\n"+
		"2026-04-20;BQD;VIR-5;Reglement FA-5;411000;C03;;499,97\n")
	for _, args := range [][]string{
		{"import", "entries", "in1.csv"},
		{"pay", "VT/2026/00001", "--amount", "100", "--date", "2026-03-15"},
		{"pay", "VT/2026/00005", "--amount", "120", "--date", "2026-03-20"},
		{"pay", "VT/2026/00002", "--amount", "200", "--date", "2026-03-20"},
		{"pay", "VT/2026/00005", "--amount", "120", "--date", "2026-04-10"},
		{"import", "entries", "in2.csv"},
		{"letter", "VT/2026/00002", "VT/2026/00006"},
		{"letter", "VT/2026/00003", "BQD/2026/00005"},
		{"pay", "VT/2026/00001", "--amount", "100", "--date", "2026-04-15"},
		{"import", "entries", "in3.csv"},
		{"letter", "VT/2026/00004", "BQD/2026/00007", "--write-off", "--tolerance", "0.05"},
		{"pay", "VT/2026/00001", "--amount", "100", "--date", "2026-05-15"},
	} {
		hrev183Step(t, dir, args...)
	}
	return dir
}

// hrev199States are the states (and letter codes) of the invoices.
func hrev199States(t *testing.T, dir string, book ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, inv := range hrev199Invoices {
		out[inv] = hrev183Step(t, dir, append([]string{"state", inv}, book...)...)
	}
	return out
}

// hrev199Months exports dir's book month by month, March to May.
func hrev199Months(t *testing.T, dir string) {
	t.Helper()
	for _, m := range []string{"03", "04", "05"} {
		last := map[string]string{"03": "31", "04": "30", "05": "31"}[m]
		hrev183Step(t, dir, "export", "csv", "--from", "2026-"+m+"-01", "--to", "2026-"+m+"-"+last, "-o", m+".csv")
	}
}

// The month files of a book whose matches cross the months, imported in
// date order into a fresh book, give the same book: the same reports (the
// VAT of each month once), the same states and letter codes, the book
// verified; 'auto' afterwards changes nothing, and importing the files
// again neither.
func TestHrev199MonthFilesRebuildTheBook(t *testing.T) {
	t.Parallel()
	dir := hrev199Book(t)
	want, states := hrev192Reports(t, dir), hrev199States(t, dir)
	for inv, st := range states {
		require.Contains(t, st, " paid ", inv)
	}
	hrev199Months(t, dir)
	mar, apr := hrev192Read(t, dir, "03.csv"), hrev192Read(t, dir, "04.csv")
	assert.Contains(t, mar, "Facture FA-1;AAB;2026-05-15;\n", "FA-1's match, completed in May, named in March")
	assert.Contains(t, apr, ";exchange_difference;", "the exchange difference of FA-3")
	assert.Contains(t, apr, ";cash_basis;", "the VAT on receipts of FA-6's second payment")
	hrev192Fresh(t, dir, "b2.db")
	for _, m := range []string{"03", "04", "05"} {
		out := hrev183Step(t, dir, "import", "entries", m+".csv", "--book", "b2.db")
		assert.NotContains(t, out, "warning", m)
	}
	hrev183Step(t, dir, "verify", "--book", "b2.db")
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"), "the rebuilt book's reports")
	assert.Equal(t, states, hrev199States(t, dir, "--book", "b2.db"), "the rebuilt book's states and codes")

	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"), "after auto")
	for _, m := range []string{"03", "04", "05"} {
		hrev183Step(t, dir, "import", "entries", m+".csv", "--book", "b2.db")
	}
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"), "after importing the files again")
	assert.Equal(t, states, hrev199States(t, dir, "--book", "b2.db"))
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// Out of order: the April file before the March one is refused, naming
// the code whose earlier lines the book lacks, and nothing is written;
// imported in order afterwards, the files letter as the book did.
func TestHrev199LaterMonthFirstRefused(t *testing.T) {
	t.Parallel()
	dir := hrev192CashBasis(t)
	want := hrev192Reports(t, dir)
	hrev183Step(t, dir, "export", "csv", "--from", "2026-03-01", "--to", "2026-03-31", "-o", "mar.csv")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-04-01", "--to", "2026-04-30", "-o", "apr.csv")
	hrev192Fresh(t, dir, "b2.db")
	before := hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db")
	r := run(t, dir, "", "import", "entries", "apr.csv", "--book", "b2.db")
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "letter code AAA on 411000 C03")
	assert.Contains(t, r.stderr, "import the files of the earlier periods first")
	assert.Contains(t, r.stderr, "nothing imported")
	assert.Equal(t, before, hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db"), "nothing written")

	hrev183Step(t, dir, "import", "entries", "mar.csv", "--book", "b2.db")
	hrev183Step(t, dir, "import", "entries", "apr.csv", "--book", "b2.db")
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"))
	assert.Contains(t, hrev183Step(t, dir, "state", "VT/2026/00007", "--book", "b2.db"), "AAA")
}

// Bad later files, after the March file: a code the book holds on
// another partner only is refused, nothing written; a code whose lines
// settle more than the book's open lines of it leaves it unlettered
// with a warning (its cash-basis entry left out, posted once by 'auto'); a
// code the book gave a match on other lines, the same.
func TestHrev199BadLaterFiles(t *testing.T) {
	t.Parallel()
	dir := hrev199Book(t)
	hrev199Months(t, dir)
	hrev192Fresh(t, dir, "b2.db")
	hrev183Step(t, dir, "import", "entries", "03.csv", "--book", "b2.db")
	trial := func() string { return hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db") }

	t.Run("another partner", func(t *testing.T) {
		// AAB is FA-1's (C01) and FA-5's (C03) in the book, not C02's.
		hrev192Write(t, dir, "other.csv", hrev192Hdr+
			"2026-04-25;BQD;VIR-9;Reglement;512000;;10,00;;;;;\n"+
			"2026-04-25;BQD;VIR-9;Reglement;411000;C02;;10,00;AAB;2026-04-25;;\n")
		before := trial()
		r := run(t, dir, "", "import", "entries", "other.csv", "--book", "b2.db")
		assert.Equal(t, 1, r.code, r.stdout+r.stderr)
		assert.Contains(t, r.stderr, "letter code AAB on 411000 C02")
		assert.Equal(t, before, trial(), "nothing written")
	})

	t.Run("over-settles", func(t *testing.T) {
		var lines []string
		for _, l := range strings.Split(hrev192Read(t, dir, "04.csv"), "\n") {
			if strings.HasPrefix(l, "BQD/2026/00004;") {
				l = strings.Replace(l, ";120.00;", ";150.00;", 1)
			}
			lines = append(lines, l)
		}
		hrev192Write(t, dir, "04bad.csv", strings.Join(lines, "\n"))
		out := hrev183Step(t, dir, "import", "entries", "04bad.csv", "--book", "b2.db")
		assert.Contains(t, out, "warning: letter code AAA on 411000 C03: its lines settle 30,00 more than the 120,00")
		assert.Contains(t, out, "left unlettered")
		assert.Contains(t, hrev183Step(t, dir, "state", "VT/2026/00005", "--book", "b2.db"), "partial", "FA-6 not lettered with the April payment")
		assert.Contains(t, hrev183Step(t, dir, "state", "VT/2026/00003", "--book", "b2.db"), " paid ", "FA-3, in the same file, is")
		// Its cash-basis entry is left out: lettering the payment posts it.
		vat := func() string {
			return hrev183Step(t, dir, "report", "vat", "--csv", "--from", "2026-04-01", "--to", "2026-04-30", "--book", "b2.db")
		}
		assert.NotContains(t, vat(), "TVA20-ENC,TVA 20 % sur encaissements,20,payment", "the April VAT on receipts left out")
		t.Log(hrev183Step(t, dir, "auto", "--all", "--book", "b2.db"))
		assert.Contains(t, vat(), "TVA20-ENC,TVA 20 % sur encaissements,20,payment,collected,100.00,20.00\n", "the April VAT on receipts once, after auto")
		hrev183Step(t, dir, "verify", "--book", "b2.db")
	})

	t.Run("code of a match on other lines", func(t *testing.T) {
		// FA-3's match on C02 is AAA now.
		hrev192Write(t, dir, "taken.csv", hrev192Hdr+
			"2026-04-26;BQD;VIR-8;Reglement;512000;;10,00;;;;;\n"+
			"2026-04-26;BQD;VIR-8;Reglement;411000;C02;;10,00;AAA;2026-04-26;;\n")
		out := hrev183Step(t, dir, "import", "entries", "taken.csv", "--book", "b2.db")
		assert.Contains(t, out, "warning: letter code AAA on 411000 C02: the book has a match of that code on other lines")
		assert.Contains(t, hrev183Step(t, dir, "report", "aux", "--csv", "--book", "b2.db"), "detail,411000,C02,C02,0.00,950.00,960.00,-10.00,", "posted, unlettered")
		hrev183Step(t, dir, "verify", "--book", "b2.db")
	})
}

// A reversal in the April file whose original is in the March file,
// imported before: imported as that entry's reversal (it was refused,
// recognised only as the mirror of an entry of the same file), lettered
// with it under the file's code; importing April again posts nothing.
func TestHrev199ReversalOfEntryOfEarlierFile(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", hrev192Invoices)
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "reverse", "VT/2026/00011", "--date", "2026-04-02")
	hrev183Step(t, dir, "auto", "--all")
	want, st := hrev192Reports(t, dir), hrev183Step(t, dir, "state", "VT/2026/00011")
	require.Contains(t, st, "reversed")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-03-01", "--to", "2026-03-31", "-o", "mar.csv")
	hrev183Step(t, dir, "export", "csv", "--from", "2026-04-01", "--to", "2026-04-30", "-o", "apr.csv")
	require.Contains(t, hrev192Read(t, dir, "apr.csv"), ";Extourne de VT/2026/00011;")
	hrev192Fresh(t, dir, "b2.db")
	hrev183Step(t, dir, "import", "entries", "mar.csv", "--book", "b2.db")
	out := hrev183Step(t, dir, "import", "entries", "apr.csv", "--book", "b2.db")
	assert.NotContains(t, out, "warning")
	assert.Equal(t, st, hrev183Step(t, dir, "state", "VT/2026/00011", "--book", "b2.db"))
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"))
	r := run(t, dir, "", "reverse", "VT/2026/00011", "--book", "b2.db")
	assert.NotEqual(t, 0, r.code, "the book knows it is reversed")
	hrev183Step(t, dir, "import", "entries", "apr.csv", "--book", "b2.db")
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"), "after importing again and auto")
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}
