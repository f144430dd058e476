package report_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/lettrage/lettrage/report"
)

// WriteXLSX promises that only amounts of up to 15 significant digits are
// number cells (Excel keeps 15 digits of a number and rounds the rest)
// and that longer ones are written as text. 12 345 678 901 234,57 has 16
// significant digits and its float prints back as itself, so it is written
// as a number cell: Excel opens it as 12 345 678 901 234,60.
func TestReview16bXLSXSixteenDigitsIsText(t *testing.T) {
	cols := []report.Column{{Name: "A", Kind: report.ColText, Width: 3}, {Name: "B", Kind: report.ColAmount, Width: 8}}
	for _, amount := range []string{"12345678901234.57", "1000000000000000.01", "99999999999999.99"} {
		tab := report.Table{Sheet: "Big", Columns: cols, Rows: func(yield func(report.Row, error) bool) {
			yield(report.Row{Cells: []report.Cell{{Text: "x"}, {Amount: e(amount)}}}, nil)
		}}
		var buf bytes.Buffer
		require.NoError(t, report.WriteXLSX(&buf, tab))
		f, err := excelize.OpenReader(&buf)
		require.NoError(t, err)
		v, err := f.GetCellValue("Big", "C3", excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		assert.Equal(t, amount, v)
		typ, err := f.GetCellType("Big", "C3")
		require.NoError(t, err)
		isText := typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString
		assert.True(t, isText, "%s (%d significant digits) is a number cell (type %v): Excel rounds it to 15 digits", amount, len(amount)-1, typ)
		f.Close()
	}
}
