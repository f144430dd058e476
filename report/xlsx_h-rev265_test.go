package report_test

import (
	"bytes"
	"iter"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report"
)

func rows(v string) iter.Seq2[report.Row, error] {
	return func(yield func(report.Row, error) bool) { yield(report.Row{Cells: []report.Cell{{Text: v}}}, nil) }
}

// Was failing, fixed: WriteXLSX of the same three tables gives different bytes from
// one call to the next (the worksheets' parts come out of the zip in a
// varying order: sheet3.xml before sheet1.xml in one call, after it in
// another), so two exports of one unchanged book — or of the same book on
// memstore and bbolt, as TestHrev265RandomReports found — never compare
// equal. The CSV, text and FEC outputs are byte-stable; an export an
// accountant archives or a program diffs/hashes must be too (reproducible
// output, as the FEC's own rule of one content per book and year).
func TestHrev265XLSXReproducible(t *testing.T) {
	tables := []report.Table{
		{Sheet: "A", Columns: []report.Column{{Name: "x"}}, Rows: rows("1")},
		{Sheet: "B", Columns: []report.Column{{Name: "y"}}, Rows: rows("2")},
		{Sheet: "C", Columns: []report.Column{{Name: "z"}}, Rows: rows("3")},
	}
	var first []byte
	for i := 0; i < 20; i++ {
		var buf bytes.Buffer
		require.NoError(t, report.WriteXLSX(&buf, tables...))
		if i == 0 {
			first = buf.Bytes()
			continue
		}
		require.Equal(t, first, buf.Bytes(), "call %d differs from the first", i+1)
	}
}
