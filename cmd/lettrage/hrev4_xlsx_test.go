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

// hrev4XLSXRows reads the sheet of an export xlsx, raw values.
func hrev4XLSXRows(t *testing.T, path string) (*excelize.File, [][]string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	assert.Equal(t, []string{"Écritures"}, f.GetSheetList())
	rows, err := f.GetRows("Écritures", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	return f, rows
}

// hrev4Number drops a number's trailing decimal zeros: "92.00" and "92"
// are one number.
func hrev4Number(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Probes that pass: export xlsx of a period without entries (title and
// header only, "0 entries, 0 lines"), a foreign-currency entry (currency
// and a signed amount_currency, as export csv writes them; a line of zero
// cannot be posted: the journal refuses it), the --json summary, and -o in a missing
// directory (an error, no file left behind anywhere).
func TestHrev4ProbeExportXLSX(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	csv := "date;journal;ref;label;account;partner;debit;credit;currency;amount_currency\n" +
		"2026-03-02;VT;FA-1;Export US;411000;C01;92,00;;USD;100,00\n" +
		"2026-03-02;VT;FA-1;Export US;706000;;;92,00;USD;-100,00\n" +
		"2026-03-04;OD;Z-2;Virement interne;580000;;10,00;;;\n" +
		"2026-03-04;OD;Z-2;Virement interne;512000;;;10,00;;\n"
	r := run(t, dir, csv, "import", "entries", "-")
	require.Equal(t, 0, r.code, r.stderr)

	r = run(t, dir, "", "export", "xlsx", "--from", "2026-06-01", "--to", "2026-06-30", "-o", "empty.xlsx")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "empty.xlsx: 0 entries, 0 lines\n", r.stdout)
	_, rows := hrev4XLSXRows(t, filepath.Join(dir, "empty.xlsx"))
	assert.Len(t, rows, 2, "title and header")

	r = run(t, dir, "", "--json", "export", "xlsx", "--year", "2026", "-o", "all.xlsx")
	require.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, `{"file":"all.xlsx","entries":2,"lines":4}`, r.stdout)
	r = run(t, dir, "", "export", "csv", "--year", "2026")
	require.Equal(t, 0, r.code, r.stderr)
	recs := strings.Split(strings.TrimSpace(r.stdout), "\n")[1:]
	f, rows := hrev4XLSXRows(t, filepath.Join(dir, "all.xlsx"))
	require.Len(t, rows, 2+len(recs))
	for i, rec := range recs {
		want := strings.Split(rec, ";")
		got := rows[2+i][1:]
		for j := range want {
			g := ""
			if j < len(got) {
				g = got[j]
			}
			switch j {
			case 1, 8: // dates: serial numbers in the raw view
				continue
			case 9, 10, 12: // amounts: the number, as csv writes it
				if want[j] != "" && g != "" {
					assert.Equal(t, hrev4Number(want[j]), hrev4Number(g), "row %d col %d", i, j)
					continue
				}
			}
			assert.Equal(t, want[j], g, "row %d col %d (%s)", i, j, rec)
		}
	}
	ac, err := f.GetCellValue("Écritures", "N4")
	require.NoError(t, err)
	assert.Equal(t, "-100.00", ac, "the credit line's amount_currency is negative, as in csv")

	r = run(t, dir, "", "export", "xlsx", "--year", "2026", "-o", filepath.Join("missing", "all.xlsx"))
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "missing")
	_, err = os.Stat(filepath.Join(dir, "missing"))
	assert.True(t, os.IsNotExist(err))
	left, err := filepath.Glob(filepath.Join(dir, ".*xlsx*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary file left")
}
