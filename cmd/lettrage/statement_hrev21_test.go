package main_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// A JPY invoice (0 decimals) offering 2 400 JPY, booked 160.00 EUR for
// 24 000 JPY: the statement's offer is 16,00 EUR, in --csv and --xlsx
// (a number and a date on the invoice's row only).
func TestHrev21StatementJPYOfferXLSX(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev17Write(t, dir, "jpy.csv", hrev17Head+
		"2026-12-22;VT;FA1;invoice;Export;411000;C01;160.00;;JPY;24000;2400;2026-12-31\n"+
		"2026-12-22;VT;FA1;invoice;Export;706000;;;160.00;JPY;-24000;;\n"+
		"2026-12-23;VT;AV1;credit_note;Avoir;411000;C01;;10.00;;;;\n"+
		"2026-12-23;VT;AV1;credit_note;Avoir;706000;;10.00;;;;;\n")
	r := run(t, dir, "", "import", "entries", "jpy.csv")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "report", "statement", "C01", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, ",160.00,160.00,16.00,2026-12-31,", r.stdout)
	r = run(t, dir, "", "report", "statement", "C01", "--xlsx", filepath.Join(dir, "s.xlsx"))
	require.Equal(t, 0, r.code, r.stderr)
	f, err := excelize.OpenFile(filepath.Join(dir, "s.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	var head []string
	var inv, note []string
	for _, row := range rows {
		if len(row) > 2 && row[1] == "Document" {
			head = row
		}
		if len(row) > 2 && row[2] == "invoice" {
			inv = row
		}
		if len(row) > 2 && row[2] == "credit_note" {
			note = row
		}
	}
	require.NotNil(t, head, "%v", rows)
	require.NotNil(t, inv, "%v", rows)
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no %s in %v", name, head)
		return -1
	}
	cell := func(row []string, i int) string {
		if i < len(row) {
			return row[i]
		}
		return ""
	}
	require.Equal(t, "16", cell(inv, col("Discount")), "%v", inv)
	require.NotEmpty(t, cell(inv, col("Until")), "%v", inv)
	if note != nil {
		require.Empty(t, cell(note, col("Discount")), "%v", note)
	}
}
