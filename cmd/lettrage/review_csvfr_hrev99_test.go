package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// Review hrev99: CSV files as French users produce them (Excel FR,
// LibreOffice), fed to 'lettrage import entries', and the CSV and XLSX
// exports read back.

// hrev99Import writes content to dir/name, imports it with args and
// returns the run and whether the book file was left byte-identical.
func hrev99Import(t *testing.T, dir, name, content string, args ...string) (result, bool) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	before, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	r := run(t, dir, "", append([]string{"import", "entries", name}, args...)...)
	after, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	return r, string(before) == string(after)
}

// hrev99Lines is the book's entries as 'export csv' writes them, without
// its header.
func hrev99Lines(t *testing.T, dir string) []string {
	t.Helper()
	r := run(t, dir, "", "export", "csv")
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")[1:]
	// Without the entry_label column the export gained after this review,
	// and the letter, letter_date and generated columns after it, which
	// hold neither quotes nor separators (what these tests compare is the
	// lines).
	for i, l := range lines {
		for range 3 {
			l = l[:strings.LastIndexByte(l, ';')]
		}
		if k := strings.LastIndexByte(l, ';'); k >= 0 && !strings.HasSuffix(l, "\"") {
			lines[i] = l[:k]
		} else if k := strings.LastIndex(l, ";\""); k >= 0 {
			lines[i] = l[:k]
		}
	}
	return lines
}

// hrev99FirstLine is the first line of s.
func hrev99FirstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// hrev99Txn is the header line of the hledger transaction VT/2026/00001.
func hrev99Txn(journal string) string {
	for _, l := range strings.Split(journal, "\n") {
		if strings.Contains(l, "(VT/2026/00001)") {
			return l
		}
	}
	return ""
}

// An Excel FR / LibreOffice file: CRLF, a header, DD/MM/YYYY dates,
// amounts with a decimal comma and no-break spaces between thousands, a
// label quoted for its ';' and its quotes, a blank line: every amount to
// the cent.
func TestHrev99ImportExcelFrench(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "date;journal;ref;label;account;partner;debit;credit\r\n" +
		"05/01/2026;VT;FA-5;\"Facture; Société Générale\";411000;C01;\"1\u00a0234,56\";\r\n" +
		"05/01/2026;VT;FA-5;\"Vente \"\"pain\"\"\";706000;;;1\u202f234,56\r\n" +
		"\r\n" +
		"2026-01-06;VT;FA-6;F6;411000;C02;0,1;\r\n" +
		"2026-01-06;VT;FA-6;F6;706000;;;0,10\r\n"
	r, same := hrev99Import(t, dir, "excel.csv", in)
	require.Equal(t, 0, r.code, r.stderr)
	assert.False(t, same)
	assert.Equal(t, []string{
		`VT/2026/00001;2026-01-05;VT;FA-5;invoice;"Facture; Société Générale";411000;C01;;1234.56;;;;;;;`,
		`VT/2026/00001;2026-01-05;VT;FA-5;invoice;"Vente ""pain""";706000;;;;1234.56;;;;;;`,
		`VT/2026/00002;2026-01-06;VT;FA-6;invoice;F6;411000;C02;;0.10;;;;;;;`,
		`VT/2026/00002;2026-01-06;VT;FA-6;invoice;F6;706000;;;;0.10;;;;;;`,
	}, hrev99Lines(t, dir))
}

// A file saved in Windows-1252 (Excel's "CSV (séparateur: point-virgule)")
// is refused, naming the line, and the book is left as it was.
func TestHrev99ImportWindows1252Refused(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "date;journal;ref;label;account;partner;debit;credit\r\n" +
		"05/01/2026;VT;FA-3;Soci\xe9t\xe9 G\xe9n\xe9rale \x80;411000;C01;12,00;\r\n" +
		"05/01/2026;VT;FA-3;Soci\xe9t\xe9;706000;;;12,00\r\n"
	r, same := hrev99Import(t, dir, "cp1252.csv", in)
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "invalid UTF-8")
	assert.Contains(t, r.stderr, "nothing imported")
	assert.True(t, same, "a refused import leaves the book byte-identical")
}

// Was failing, fixed: a CSV syntax error in a record's first field (here a space after
// the closing quote of a quoted date) makes the import panic ("out of
// range index passed to FieldPos", csventries.go readCSVEntries calls
// cr.FieldPos(0) on a record the reader could not read), exit code 2 and a
// Go stack trace. Right: exit 1 and "bad.csv: line 2: extraneous or
// missing \" in quoted-field" as for a syntax error in any other field
// (readCSVEntries handles csv.ParseError; DESIGN §14: exit 1 on an error,
// errors on stderr; doc.go: "a bad line is reported by its line number").
func TestHrev99ImportParseErrorFirstFieldPanics(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "2026-01-09;OD;P;l;512000;;1;\n\"2026-01-09\" ;OD;P;l;101000;;;1\n"
	r, same := hrev99Import(t, dir, "bad.csv", in)
	assert.False(t, strings.Contains(r.stderr, "panic"), "a crash: %s", hrev99FirstLine(r.stderr))
	assert.Equal(t, 1, r.code, hrev99FirstLine(r.stderr))
	assert.True(t, strings.Contains(r.stderr, "bad.csv: line 2:"), hrev99FirstLine(r.stderr))
	assert.True(t, same, "a refused import leaves the book byte-identical")
}

// Was failing, fixed: a file saved as "Texte CSV" by LibreOffice with "UTF-8 BOM" and
// "Mettre en guillemets toutes les cellules texte" (a byte order mark
// before a quoted header) crashes the import: panic in
// csv.Reader.FieldPos, exit 2. Right: the header read (isHeader already
// strips a BOM) and the entry posted, 12,00 on 411000/C01 and 706000
// (doc.go "The CSV entry format"; DESIGN §14 exit codes).
func TestHrev99ImportBOMQuotedHeader(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "\ufeff\"date\";\"journal\";\"ref\";\"label\";\"account\";\"partner\";\"debit\";\"credit\"\r\n" +
		"\"05/01/2026\";\"VT\";\"FA-2\";\"Facture\";\"411000\";\"C01\";\"12,00\";\"\"\r\n" +
		"\"05/01/2026\";\"VT\";\"FA-2\";\"Facture\";\"706000\";\"\";\"\";\"12,00\"\r\n"
	r, _ := hrev99Import(t, dir, "lo.csv", in)
	assert.False(t, strings.Contains(r.stderr, "panic"), "a crash: %s", hrev99FirstLine(r.stderr))
	require.Equal(t, 0, r.code, hrev99FirstLine(r.stderr))
	assert.Equal(t, []string{
		`VT/2026/00001;2026-01-05;VT;FA-2;invoice;Facture;411000;C01;;12.00;;;;;;;`,
		`VT/2026/00001;2026-01-05;VT;FA-2;invoice;Facture;706000;;;;12.00;;;;;;`,
	}, hrev99Lines(t, dir))
}

// Was failing, fixed: a headerless file saved by Excel FR as "CSV UTF-8 (délimité par
// des virgules)" starts with a byte order mark: its first line is refused
// (`date "\ufeff05/01/2026": want YYYY-MM-DD or DD/MM/YYYY`, then "date
// 2026-01-05 differs from the entry's first line ()"), nothing imported.
// Right: the mark skipped as for a header (isHeader) and the entry posted,
// 1 200,50 (doc.go: the headerless format, amounts "1 234,56", dates
// 15/03/2026).
func TestHrev99ImportHeaderlessBOM(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "\ufeff05/01/2026;VT;FA-1;Facture;411000;C01;1 200,50;\r\n05/01/2026;VT;FA-1;Facture;706000;;;1 200,50\r\n"
	r, _ := hrev99Import(t, dir, "bom.csv", in)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, []string{
		`VT/2026/00001;2026-01-05;VT;FA-1;invoice;Facture;411000;C01;;1200.50;;;;;;;`,
		`VT/2026/00001;2026-01-05;VT;FA-1;invoice;Facture;706000;;;;1200.50;;;;;;`,
	}, hrev99Lines(t, dir))
}

// Was failing, fixed: with --skip-bad, a CSV syntax error (an unquoted '"' in a label,
// as in "Tuyau 1/2\" cuivre") on the first line of entry B1 marks the
// entry before it (A1, good) bad: A1 is skipped without any problem
// naming it, while the output says only line 3 was bad. Right: A1 and C1
// posted, B1 alone skipped (import entries --help: "with --skip-bad the
// bad lines are listed and the other entries imported").
func TestHrev99SkipBadParseErrorDropsGoodEntry(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "2026-01-12;OD;A1;ok;512000;;7,00;\n2026-01-12;OD;A1;ok;101000;;;7,00\n" +
		"2026-01-12;OD;B1;Tuyau 1/2\" cuivre;512000;;8,00;\n2026-01-12;OD;B1;ok;101000;;;8,00\n" +
		"2026-01-12;OD;C1;ok;512000;;9,00;\n2026-01-12;OD;C1;ok;101000;;;9,00\n"
	r, _ := hrev99Import(t, dir, "sk.csv", in, "--skip-bad")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "sk.csv: line 3:")
	assert.Equal(t, []string{
		`OD/2026/00001;2026-01-12;OD;A1;misc;ok;512000;;;7.00;;;;;;;`,
		`OD/2026/00001;2026-01-12;OD;A1;misc;ok;101000;;;;7.00;;;;;;`,
		`OD/2026/00002;2026-01-12;OD;C1;misc;ok;512000;;;9.00;;;;;;;`,
		`OD/2026/00002;2026-01-12;OD;C1;misc;ok;101000;;;;9.00;;;;;;`,
	}, hrev99Lines(t, dir))
}

// Was failing, fixed: with --skip-bad, two lines of a bank entry with a CSV syntax
// error (unquoted '"' in their label) are dropped and the rest of the
// entry, the bank fee pair, is posted as BQ/2026/00001 (5,00 on 627000 /
// 512000) with "0 entries skipped": the 100,00 receipt from C01 is lost
// and a partial entry written. Right: the whole entry R1 skipped and
// named, nothing posted (import entries --help: bad lines listed, "the
// other entries imported"; doc.go: the lines of one entry follow one
// another and share their ref).
func TestHrev99SkipBadParseErrorPostsPartialEntry(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "2026-01-13;BQ;R1;Remise \"urgent\";512000;;100,00;\n" +
		"2026-01-13;BQ;R1;Remise \"urgent\";411000;C01;;100,00\n" +
		"2026-01-13;BQ;R1;Frais;627000;;5,00;\n" +
		"2026-01-13;BQ;R1;Frais;512000;;;5,00\n"
	r, same := hrev99Import(t, dir, "sk2.csv", in, "--skip-bad")
	assert.Contains(t, r.stderr, "sk2.csv: line 1:")
	assert.NotContains(t, r.stdout, "0 entries skipped")
	assert.Empty(t, hrev99Lines(t, dir), "no part of R1 posted")
	assert.True(t, same, "nothing to import: the book left as it was")
}

// Was failing, fixed: a company-currency line whose debit (100,00) and amount_currency
// (200,00 EUR) disagree is imported with 100,00, the other amount
// silently dropped. Right: the line refused as contradictory, the book
// left byte-identical (csventries.go: "a company-currency amount is the
// balance"; DESIGN §8 bad input is refused).
func TestHrev99ImportCompanyAmountCurrencyContradiction(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	in := "2026-01-11;OD;U2;eur;512000;;100,00;;EUR;200,00\n2026-01-11;OD;U2;eur;101000;;;100,00;EUR;-200,00\n"
	r, same := hrev99Import(t, dir, "u2.csv", in)
	assert.Equal(t, 1, r.code, r.stdout)
	assert.True(t, same, "a refused import leaves the book byte-identical")
}

// Was failing, fixed: 'export csv' then 'import entries' into a new book changes an
// invoice's label: "Facture FA-1" becomes its partner line's label
// "Client Société Générale" (the export writes only line labels, and the
// import takes the entry's label from its first line), as 'export
// hledger' of both books shows. Right: the entry read back identically,
// label "Facture FA-1" (export csv --help: "in the format 'lettrage
// import entries' reads"; doc.go "'lettrage export csv' writes this
// format"; the review brief's round trip).
func TestHrev99ExportCSVRoundTripEntryLabel(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, `{"journal":"VT","date":"2026-03-02","type":"invoice","ref":"FA-1","label":"Facture FA-1","lines":[`+
		`{"account":"411000","partner":"C01","label":"Client Société Générale","debit":"1200.00","due":"2026-04-01"},`+
		`{"account":"706000","credit":"1000.00","tax":"TVA20"},{"account":"445710","credit":"200.00","tax":"TVA20"}]}`, "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "export", "csv", "--decimal-comma", "-o", "out.csv")
	require.Equal(t, 0, r.code, r.stderr)
	want := run(t, dir, "", "export", "hledger")
	require.Equal(t, 0, want.code, want.stderr)
	require.Equal(t, "2026-03-02 * (VT/2026/00001) Facture FA-1", hrev99Txn(want.stdout))

	r = run(t, dir, "", "init", "--year", "2026", "--book", "rt.db")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "partner", "add", "C01", "--book", "rt.db")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "import", "entries", "out.csv", "--book", "rt.db")
	require.Equal(t, 0, r.code, r.stderr)
	got := run(t, dir, "", "export", "hledger", "--book", "rt.db")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, "2026-03-02 * (VT/2026/00001) Facture FA-1", hrev99Txn(got.stdout))
}

// export xlsx of a USD invoice with a discount offer: debit, credit,
// amount_currency and discount are number cells, due and discount_until
// date cells.
func TestHrev99ExportXLSXForeignDiscount(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "rate", "set", "USD", "2026-01-01", "1.08")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, `{"journal":"VT","date":"2026-03-05","type":"invoice","ref":"FA-2","label":"Export US","currency":"USD",`+
		`"discount":{"amount":"21.60","until":"2026-03-15"},"lines":[`+
		`{"account":"411000","partner":"C01","amount_currency":"1080.00","due":"2026-04-04"},{"account":"706000","amount_currency":"-1080.00","tax":"EXPORT"}]}`, "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "export", "xlsx", "-o", "e.xlsx")
	require.Equal(t, 0, r.code, r.stderr)
	f, err := excelize.OpenFile(filepath.Join(dir, "e.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("Écritures", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	require.Len(t, rows, 4)
	// Row, entry, date, journal, ref, type, label, account, partner, due,
	// debit, credit, currency, amount_currency, tax, tax_role, discount,
	// discount_until: K debit, N amount_currency, Q discount.
	for cell, want := range map[string]string{"K3": "1000", "L4": "1000", "N3": "1080", "N4": "-1080", "Q3": "21.6"} {
		typ, err := f.GetCellType("Écritures", cell)
		require.NoError(t, err)
		assert.NotEqual(t, excelize.CellTypeSharedString, typ, "%s: a number, not text", cell)
		assert.NotEqual(t, excelize.CellTypeInlineString, typ, "%s: a number, not text", cell)
		v, err := f.GetCellValue("Écritures", cell, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		assert.Equal(t, want, v, cell)
	}
	for cell, want := range map[string]string{"C3": "05/03/2026", "J3": "04/04/2026", "R3": "15/03/2026"} {
		v, err := f.GetCellValue("Écritures", cell)
		require.NoError(t, err)
		assert.Equal(t, want, v, cell)
	}
}
