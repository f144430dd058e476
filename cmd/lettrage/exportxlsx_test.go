package main_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// export xlsx writes the lines of export csv to a workbook: dates as date
// cells, amounts as numbers.
func TestExportXLSX(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1", "--due", "2026-04-01",
		"--line", "411000:C01=1234,56", "--line", "706000=-1028,80", "--line", "445710=-205,76")
	require.Equal(t, 0, r.code, r.stderr)

	r = run(t, dir, "", "export", "xlsx", "--year", "2026")
	assert.Equal(t, 2, r.code, "-o is required: %s", r.stderr)

	r = run(t, dir, "", "export", "xlsx", "--year", "2026", "-o", "entries.xlsx")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "entries.xlsx: 1 entry, 3 lines\n", r.stdout)

	f, err := excelize.OpenFile(filepath.Join(dir, "entries.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("Écritures", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	require.Len(t, rows, 5, "title, header, three lines")
	assert.Equal(t, []string{"Row", "entry", "date", "journal", "ref", "type", "label", "account", "partner", "due", "debit", "credit"}, rows[1][:12])
	assert.Equal(t, "VT/2026/00001", rows[2][1])
	assert.Equal(t, "411000", rows[2][7])
	assert.Equal(t, "1234.56", rows[2][10])
	assert.Equal(t, "205.76", rows[4][11])
	day, err := f.GetCellValue("Écritures", "C3")
	require.NoError(t, err)
	assert.Equal(t, "02/03/2026", day)
	due, err := f.GetCellValue("Écritures", "J3")
	require.NoError(t, err)
	assert.Equal(t, "01/04/2026", due)
	typ, err := f.GetCellType("Écritures", "K3")
	require.NoError(t, err)
	assert.NotEqual(t, excelize.CellTypeSharedString, typ, "a number, not text")
	assert.NotEqual(t, excelize.CellTypeInlineString, typ, "a number, not text")
	shown, err := f.GetCellValue("Écritures", "K3")
	require.NoError(t, err)
	assert.Equal(t, "1,234.56", shown) // "#,##0.00"; a French Excel shows 1 234,56
}
