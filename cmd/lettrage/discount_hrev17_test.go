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

const hrev17Head = "date;journal;ref;type;label;account;partner;debit;credit;currency;amount_currency;discount;discount_until\n"

func hrev17Write(t *testing.T, dir, name, body string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600))
}

func hrev17Export(t *testing.T, dir string, args ...string) string {
	t.Helper()
	r := run(t, dir, "", append([]string{"export", "csv"}, args...)...)
	require.Equal(t, 0, r.code, r.stderr)
	return r.stdout
}

// The offer given on a line without partner (the sales line) is the
// entry's all the same: imported, exported on the partner line, and
// auto takes it.
func TestHrev17CSVDiscountOnNonPartnerLine(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev17Write(t, dir, "in.csv", hrev17Head+
		"2026-03-02;VT;FA1;invoice;Vente;411000;C01;1200.00;;;;;\n"+
		"2026-03-02;VT;FA1;invoice;Vente;706000;;;1000.00;;;24.00;2026-03-12\n"+
		"2026-03-02;VT;FA1;invoice;Vente;445710;;;200.00;;;;\n")
	r := run(t, dir, "", "import", "entries", "in.csv")
	require.Equal(t, 0, r.code, r.stderr)
	out := hrev17Export(t, dir)
	require.Contains(t, out, ";411000;C01;;1200.00;;;;;;24.00;2026-03-12;") // the entry_label column follows
}

// A credit note, or a misc entry, offers no discount: the line is refused
// by its number, nothing written; with --skip-bad the others are imported
// and the bad one listed.
func TestHrev17CSVDiscountOnCreditNoteSkipBad(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	body := hrev17Head +
		"2026-03-02;VT;AV1;credit_note;Avoir;411000;C01;;120.00;;;2.40;2026-03-12\n" +
		"2026-03-02;VT;AV1;credit_note;Avoir;706000;;120.00;;;;;\n" +
		"2026-03-03;VT;FA2;invoice;Vente;411000;C02;600.00;;;;12,00;2026-03-13\n" +
		"2026-03-03;VT;FA2;invoice;Vente;706000;;;600.00;;;;\n" +
		"2026-03-04;VT;FA3;invoice;Vente;411000;C03;300.00;;;;douze;2026-03-13\n" +
		"2026-03-04;VT;FA3;invoice;Vente;706000;;;300.00;;;;\n"
	hrev17Write(t, dir, "in.csv", body)
	before, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	r := run(t, dir, "", "import", "entries", "in.csv")
	require.Equal(t, 1, r.code, r.stdout)
	require.Contains(t, r.stderr, "line 6")
	after, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	require.Equal(t, before, after)

	r = run(t, dir, "", "import", "entries", "--skip-bad", "in.csv")
	require.Equal(t, 0, r.code, r.stderr)
	out := hrev17Export(t, dir)
	require.Contains(t, out, ";411000;C02;;600.00;;;;;;12.00;2026-03-13;") // the entry_label column follows
	require.NotContains(t, out, "AV1")
	require.NotContains(t, out, "FA3")
	r = run(t, dir, "", "verify")
	require.Equal(t, 0, r.code, r.stderr)
}

// A foreign-currency invoice whose currency column is given on a later
// line than the offer: the offer is in the entry's currency (USD), as
// when the currency comes first.
func TestHrev17CSVForeignOfferBeforeCurrency(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	// The currency on every line, the offer on the first: the reference.
	hrev17Write(t, dir, "first.csv", hrev17Head+
		"2026-03-02;VT;FA1;invoice;Export;411000;C01;960.00;;USD;1200.00;24.00;2026-03-12\n"+
		"2026-03-02;VT;FA1;invoice;Export;706000;;;960.00;USD;-1200.00;;\n")
	r := run(t, dir, "", "import", "entries", "first.csv")
	require.Equal(t, 0, r.code, r.stderr)
	out := hrev17Export(t, dir)
	require.Contains(t, out, ";USD;1200.00;;;24.00;2026-03-12;") // the entry_label column follows

	// The offer on the sales line, which comes first, the currency
	// column blank there: the entry is in USD all the same.
	hrev17Write(t, dir, "later.csv", hrev17Head+
		"2026-03-03;VT;FA2;invoice;Export;706000;;;960.00;USD;-1200.00;24.00;2026-03-12\n"+
		"2026-03-03;VT;FA2;invoice;Export;411000;C02;960.00;;USD;1200.00;;\n")
	r = run(t, dir, "", "import", "entries", "later.csv")
	require.Equal(t, 0, r.code, r.stderr)

	// The sales line first, its currency column blank (a company-only
	// line, which the book takes: amount_currency 0.00 USD), the partner
	// line in USD after it; the same offer on both lines. Without the
	// offer the file imports; with it, the offer is USD 24.00 either way.
	plain := hrev17Head +
		"2026-03-04;VT;FA3;invoice;Export;706000;;;960.00;;;;\n" +
		"2026-03-04;VT;FA3;invoice;Export;411000;C03;960.00;;USD;1200.00;;\n"
	hrev17Write(t, dir, "plain.csv", plain)
	r = run(t, dir, "", "import", "entries", "plain.csv")
	require.Equal(t, 0, r.code, r.stderr)
	for name, body := range map[string]string{
		"both.csv": hrev17Head +
			"2026-03-05;VT;FA4;invoice;Export;706000;;;960.00;;;24.00;2026-03-15\n" +
			"2026-03-05;VT;FA4;invoice;Export;411000;C03;960.00;;USD;1200.00;24.00;2026-03-15\n",
		"sales.csv": hrev17Head +
			"2026-03-06;VT;FA5;invoice;Export;706000;;;960.00;;;24.00;2026-03-16\n" +
			"2026-03-06;VT;FA5;invoice;Export;411000;C03;960.00;;USD;1200.00;;\n",
	} {
		hrev17Write(t, dir, name, body)
		r = run(t, dir, "", "import", "entries", name)
		assert.Equal(t, 0, r.code, "%s: %s", name, r.stderr)
		assert.NotContains(t, r.stderr, "EUR", "%s: the offer of a USD entry read as EUR", name)
	}
}

// Decimal comma, an offer with one decimal, and the xlsx export: the
// offer is a number and a date cell on the partner's line only; the csv
// export with --decimal-comma imported into another book gives the same
// export.
func TestHrev17ExportXLSXAndRoundTrip(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev17Write(t, dir, "in.csv", hrev17Head+
		"2026-03-02;VT;FA1;invoice;Vente;411000;C01;1 200,00;;;;24,5;12/03/2026\n"+
		"2026-03-02;VT;FA1;invoice;Vente;706000;;;1 000,00;;;;\n"+
		"2026-03-02;VT;FA1;invoice;Vente;445710;;;200,00;;;;\n"+
		"2026-03-05;BQ;P1;payment;Paiement;512000;;1175,50;;;;;\n"+
		"2026-03-05;BQ;P1;payment;Paiement;411000;C01;;1175,50;;;;\n")
	r := run(t, dir, "", "import", "entries", "in.csv")
	require.Equal(t, 0, r.code, r.stderr)
	out := hrev17Export(t, dir)
	require.Contains(t, out, ";411000;C01;;1200.00;;;;;;24.50;2026-03-12;") // the entry_label column follows

	r = run(t, dir, "", "export", "xlsx", "--year", "2026", "-o", "e.xlsx")
	require.Equal(t, 0, r.code, r.stderr)
	f, err := excelize.OpenFile(filepath.Join(dir, "e.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("Écritures", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(rows), 4)
	head := rows[1]
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, head)
		return -1
	}
	dc, uc := col("discount"), col("discount_until")
	cell := func(row []string, i int) string {
		if i < len(row) {
			return row[i]
		}
		return ""
	}
	assert.Equal(t, "24.5", strings.TrimRight(strings.TrimRight(cell(rows[2], dc), "0"), "."), "%v", rows[2])
	assert.NotEmpty(t, cell(rows[2], uc))
	assert.Empty(t, cell(rows[3], dc))
	assert.Empty(t, cell(rows[3], uc))

	comma := hrev17Export(t, dir, "--decimal-comma")
	require.Contains(t, comma, ";24,50;2026-03-12;") // the entry_label column follows
	hrev17Write(t, dir, "out.csv", comma)
	r = run(t, dir, "", "init", "--year", "2026", "--book", "copy.db")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "partner", "add", "C01", "--book", "copy.db")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "import", "entries", "out.csv", "--book", "copy.db")
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, out, hrev17Export(t, dir, "--book", "copy.db"))

	// auto in both books takes the discount alike.
	for _, book := range []string{"book.db", "copy.db"} {
		r = run(t, dir, "", "auto", "--account", "411000", "--book", book, "--json")
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, `"entries": 1,`, book)
	}
	require.Equal(t, hrev17Export(t, dir), hrev17Export(t, dir, "--book", "copy.db"))
}
