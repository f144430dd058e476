package main_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev209Invoices are a customer invoice with VAT on debits paid 0,03
// short, a supplier bill paid 0,03 short, a customer invoice with VAT on
// receipts paid 0,03 short, and an invoice offering a discount of 2 %
// (24,00) paid 1 176,00 in time.
const hrev209Invoices = "date;journal;ref;label;account;partner;debit;credit;tax;discount;discount_until\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;411000;C01;1200,00;;;;\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;706000;;;1000,00;TVA20;;\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;445710;;;200,00;TVA20;;\n" +
	"2026-03-03;AC;FF-1;Facture FF-1;401000;C02;;600,00;;;\n" +
	"2026-03-03;AC;FF-1;Facture FF-1;607000;;500,00;;TVA20-DED;;\n" +
	"2026-03-03;AC;FF-1;Facture FF-1;445660;;100,00;;TVA20-DED;;\n" +
	"2026-03-04;VT;FA-2;Facture FA-2;411000;C03;240,00;;;;\n" +
	"2026-03-04;VT;FA-2;Facture FA-2;706000;;;200,00;TVA20-ENC;;\n" +
	"2026-03-04;VT;FA-2;Facture FA-2;445740;;;40,00;TVA20-ENC;;\n" +
	"2026-03-05;VT;FA-3;Facture FA-3;411000;C02;1200,00;;;24,00;2026-03-20\n" +
	"2026-03-05;VT;FA-3;Facture FA-3;706000;;;1000,00;TVA20;;\n" +
	"2026-03-05;VT;FA-3;Facture FA-3;445710;;;200,00;TVA20;;\n" +
	"2026-03-06;VT;FA-4;Facture FA-4;411000;C01;1200,00;;;24,00;2026-03-20\n" +
	"2026-03-06;VT;FA-4;Facture FA-4;706000;;;1000,00;TVA20-ENC;;\n" +
	"2026-03-06;VT;FA-4;Facture FA-4;445740;;;200,00;TVA20-ENC;;\n" +
	"2026-03-10;BQD;VIR-1;Reglement FA-1;512000;;1199,97;;;;\n" +
	"2026-03-10;BQD;VIR-1;Reglement FA-1;411000;C01;;1199,97;;;\n" +
	"2026-03-11;BQD;VIR-2;Reglement FF-1;512000;;;599,97;;;\n" +
	"2026-03-11;BQD;VIR-2;Reglement FF-1;401000;C02;599,97;;;;\n" +
	"2026-03-12;BQD;VIR-3;Reglement FA-2;512000;;239,97;;;;\n" +
	"2026-03-12;BQD;VIR-3;Reglement FA-2;411000;C03;;239,97;;;\n" +
	"2026-03-13;BQD;VIR-4;Reglement FA-3;512000;;1176,00;;;;\n" +
	"2026-03-13;BQD;VIR-4;Reglement FA-3;411000;C02;;1176,00;;;\n"

// hrev209Moved letters what 'auto' finds in dir's book.db, moves it into
// b2.db (hrev204Move: the re-export is the same file, no warning, verify)
// and checks the reports are the source's, that 'auto' posts nothing,
// and that unlettering each of docs in both books leaves the same
// reports. It returns the exported file.
func hrev209Moved(t *testing.T, dir string, docs ...string) string {
	t.Helper()
	hrev183Step(t, dir, "auto", "--all")
	want := hrev192Reports(t, dir)
	file := hrev204Move(t, dir)
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"), "the moved book's reports")
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"), "'auto' posts nothing")
	hrev183Step(t, dir, "import", "entries", "out.csv", "--book", "b2.db")
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"), "the file imported again posts nothing")
	for _, doc := range docs {
		for _, book := range []string{"book.db", "b2.db"} {
			hrev183Step(t, dir, "unletter", doc, "--book", book)
		}
		assert.Equal(t, hrev192Reports(t, dir), hrev192Reports(t, dir, "--book", "b2.db"), "after unlettering %s in both books", doc)
	}
	hrev183Step(t, dir, "verify", "--book", "b2.db")
	return file
}

// hrev209Book is a book holding hrev209Invoices.
func hrev209Book(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", hrev209Invoices)
	hrev183Step(t, dir, "import", "entries", "in.csv")
	return dir
}

// The write-off of 0,03 a customer invoice and a supplier bill were paid
// short is posted anew by the lettering, generated as in the source: the
// re-export is the same file, and unlettering reverses it in both books.
func TestHrev209CSVWriteOffCustomerAndSupplier(t *testing.T) {
	t.Parallel()
	dir := hrev209Book(t)
	hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2026/00001", "--write-off", "--tolerance", "0,05")
	hrev183Step(t, dir, "letter", "AC/2026/00001", "BQD/2026/00002", "--write-off", "--tolerance", "0,05")
	file := hrev209Moved(t, dir, "VT/2026/00001", "AC/2026/00001")
	assert.Contains(t, file, ";write_off;")
	assert.Regexp(t, `;write_off;[^\n]*;658000;;;0.03;[^\n]*;yes\n`, file)
	assert.Regexp(t, `;write_off;[^\n]*;758000;;;;0.03;[^\n]*;yes\n`, file)
	after := hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db")
	assert.Contains(t, after, "658000,")
	for _, acc := range []string{"658000", "758000"} {
		assert.Equal(t, hrev207Row(hrev183Step(t, dir, "report", "trial", "--csv"), acc), hrev207Row(after, acc), acc)
	}
}

// An early-payment discount of 2 % taken by 'auto' on an invoice with VAT
// on debits (its VAT share on 445710), and one taken by a payment on an
// invoice with VAT on receipts (445740), are posted anew before their
// payments are lettered: generated, reversed by unlettering in both books.
func TestHrev209CSVDiscountVAT(t *testing.T) {
	t.Parallel()
	dir := hrev209Book(t)
	hrev183Step(t, dir, "auto", "--all")
	hrev183Step(t, dir, "pay", "VT/2026/00004", "--amount", "1176", "--date", "2026-03-14")
	file := hrev209Moved(t, dir, "VT/2026/00003", "VT/2026/00004")
	assert.Regexp(t, `;discount;[^\n]*;665000;;;20.00;[^\n]*;yes\n`, file)
	assert.Regexp(t, `;discount;[^\n]*;445710;;;4.00;[^\n]*;yes\n`, file)
	assert.Regexp(t, `;discount;[^\n]*;445740;;;4.00;[^\n]*;yes\n`, file)
}

// A match with both a cash-basis entry and a write-off (VAT on receipts
// paid 0,03 short): the lettering posts both anew, the write-off's own
// cash-basis share included.
func TestHrev209CSVCashBasisAndWriteOff(t *testing.T) {
	t.Parallel()
	dir := hrev209Book(t)
	hrev183Step(t, dir, "letter", "VT/2026/00002", "BQD/2026/00003", "--write-off", "--tolerance", "0,05")
	file := hrev209Moved(t, dir, "VT/2026/00002")
	assert.Contains(t, file, ";cash_basis;")
	assert.Regexp(t, `;write_off;[^\n]*;658000;;;0.03;[^\n]*;yes\n`, file)
}

// Month files: the invoice in March, its payment 0,03 short in April
// lettered with a write-off then. Imported in order, the April file's
// write-off is posted anew, completing the match kept from March; each
// month's re-export is the month's file.
func TestHrev209CSVWriteOffInLaterMonth(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev192Write(t, dir, "in.csv", "date;journal;ref;label;account;partner;debit;credit;tax\n"+
		"2026-03-02;VT;FA-1;Facture FA-1;411000;C01;240,00;;\n"+
		"2026-03-02;VT;FA-1;Facture FA-1;706000;;;200,00;TVA20-ENC\n"+
		"2026-03-02;VT;FA-1;Facture FA-1;445740;;;40,00;TVA20-ENC\n"+
		"2026-04-10;BQD;VIR-1;Reglement FA-1;512000;;239,97;;\n"+
		"2026-04-10;BQD;VIR-1;Reglement FA-1;411000;C01;;239,97;\n")
	hrev183Step(t, dir, "import", "entries", "in.csv")
	hrev183Step(t, dir, "letter", "VT/2026/00001", "BQD/2026/00001", "--write-off", "--tolerance", "0,05")
	want := hrev192Reports(t, dir)
	months := map[string]string{"03": "31", "04": "30"}
	files := map[string]string{}
	for _, m := range []string{"03", "04"} {
		hrev183Step(t, dir, "export", "csv", "--from", "2026-"+m+"-01", "--to", "2026-"+m+"-"+months[m], "-o", m+".csv")
		files[m] = hrev192Read(t, dir, m+".csv")
	}
	assert.Regexp(t, `2026-04-10;OD;;write_off;[^\n]*;658000;;;0.03;[^\n]*;yes\n`, files["04"])
	hrev192Fresh(t, dir, "b2.db")
	for _, m := range []string{"03", "04"} {
		out := hrev183Step(t, dir, "import", "entries", m+".csv", "--book", "b2.db")
		assert.NotContains(t, out, "warning", m)
		hrev183Step(t, dir, "verify", "--book", "b2.db")
	}
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"), "the moved book's reports")
	for _, m := range []string{"03", "04"} {
		hrev183Step(t, dir, "export", "csv", "--from", "2026-"+m+"-01", "--to", "2026-"+m+"-"+months[m], "-o", m+"b.csv", "--book", "b2.db")
		assert.Equal(t, files[m], hrev192Read(t, dir, m+"b.csv"), m)
	}
	hrev183Step(t, dir, "auto", "--all", "--book", "b2.db")
	assert.Equal(t, want, hrev192Reports(t, dir, "--book", "b2.db"), "'auto' posts nothing")
	for _, book := range []string{"book.db", "b2.db"} {
		hrev183Step(t, dir, "unletter", "VT/2026/00001", "--book", book)
	}
	assert.Equal(t, hrev192Reports(t, dir), hrev192Reports(t, dir, "--book", "b2.db"), "after unlettering in both books")
	row := hrev207Row(hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db"), "658000")
	assert.True(t, strings.HasSuffix(row, ",0.00"), "the write-off reversed: %s", row)
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}

// A discount whose VAT share the file has otherwise than the lettering
// posts it (edited by hand) is imported as written, with a warning, its
// code left unlettered: posted once, never twice.
func TestHrev209CSVDiscountOtherwiseImportedAsWritten(t *testing.T) {
	t.Parallel()
	dir := hrev209Book(t)
	hrev183Step(t, dir, "auto", "--all")
	hrev183Step(t, dir, "export", "csv", "-o", "out.csv")
	file := hrev192Read(t, dir, "out.csv")
	edited := strings.Replace(strings.Replace(file, ";665000;;;20.00;", ";665000;;;19.00;", 1), ";445710;;;4.00;", ";445710;;;5.00;", 1)
	require.NotEqual(t, file, edited)
	hrev192Write(t, dir, "edited.csv", edited)
	hrev192Fresh(t, dir, "b2.db")
	out := hrev183Step(t, dir, "import", "entries", "edited.csv", "--book", "b2.db")
	assert.Contains(t, out, "warning")
	trial := hrev183Step(t, dir, "report", "trial", "--csv", "--book", "b2.db")
	assert.Contains(t, hrev207Row(trial, "665000"), ",19.00,0.00,19.00")
	hrev183Step(t, dir, "verify", "--book", "b2.db")
}
