package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/storetest"
)

// Review probe: the Spreadsheet option quotes only text columns that
// start with = + - @ tab CR; amounts (negative ones included), dates,
// rates and the row kind are untouched; the zero options and a
// Spreadsheet-less French option write as before.
func TestReviewLastProbeCSVSpreadsheetQuoting(t *testing.T) {
	cols := []report.Column{{Name: "T", Kind: report.ColText}, {Name: "D", Kind: report.ColDate},
		{Name: "A", Kind: report.ColAmount}, {Name: "R", Kind: report.ColRate}}
	texts := []string{"=1+1", "+33 1 23", "-5", "@SUM(A1)", "\tx", "\rx", "Label", "", " =x", "'=x", "401000", "é=", "\n=x"}
	tab := func() report.Table {
		return report.Table{Columns: cols, Rows: func(yield func(report.Row, error) bool) {
			for _, s := range texts {
				if !yield(report.Row{Cells: []report.Cell{{Text: s}, {Date: date(2026, 3, 1)}, {Amount: e("-1234.50")}, {Text: "-5.5"}}}, nil) {
					return
				}
			}
		}}
	}
	read := func(o report.CSVOptions) [][]string {
		var buf bytes.Buffer
		require.NoError(t, report.WriteCSV(&buf, tab(), o))
		r := csv.NewReader(&buf)
		if o.Comma != 0 {
			r.Comma = o.Comma
		}
		recs, err := r.ReadAll()
		require.NoError(t, err)
		require.Len(t, recs, len(texts)+1)
		return recs[1:]
	}
	for i, rec := range read(report.CSVFrench) {
		want := texts[i]
		if want != "" && strings.ContainsRune("=+-@\t\r", rune(want[0])) {
			want = "'" + want
		}
		assert.Equal(t, []string{"detail", want, "01/03/2026", "-1234,50", "-5,5"}, rec, "%q", texts[i])
	}
	for i, rec := range read(report.CSVOptions{}) {
		assert.Equal(t, []string{"detail", texts[i], "2026-03-01", "-1234.50", "-5.5"}, rec, "%q", texts[i])
	}
	for i, rec := range read(report.CSVOptions{Comma: ';', DecimalComma: true, FrenchDates: true}) {
		assert.Equal(t, []string{"detail", texts[i], "01/03/2026", "-1234,50", "-5,5"}, rec, "%q", texts[i])
	}
}

// Review probe: the golden FEC files are unchanged by the Paris ValidDate
// (the test book's clock runs at 09:00 UTC), and the validator accepts
// them, for every store.
func TestReviewLastProbeFECGolden(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b := fecBook(t, s)
			for _, year := range []string{"2026", "2027"} {
				var buf bytes.Buffer
				sum, err := report.WriteFEC(context.Background(), b, year, &buf, report.FECOptions{})
				require.NoError(t, err)
				rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
				require.NoError(t, err)
				require.True(t, rep.OK(), "%v", rep.Findings)
				fecGolden(t, "fec-"+year+".txt", buf.Bytes())
			}
		})
	}
}

// Review probe: ValidDate in Paris may fall after the fiscal year's end
// (posted 31 Dec 23:30 UTC = 1 Jan 00:30 Paris) or before EcritureDate (an
// entry dated ahead): the validator checks neither, the file is OK and
// reads back with those dates; FECOptions.Location overrides.
func TestReviewLastProbeFECValidDateEdges(t *testing.T) {
	now := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)
	b := reviewFecNew(t, func() time.Time { return now }, ledger.CalendarYear(2026), ledger.CalendarYear(2027))
	reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2026, 12, 31), Label: "Fin", Lines: []journal.Line{
		{Account: "613200", Balance: e("10.00")}, {Account: "512000", Balance: e("-10.00")}}})
	now = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2026, 6, 30), Label: "Avance", Lines: []journal.Line{
		{Account: "613200", Balance: e("20.00")}, {Account: "512000", Balance: e("-20.00")}}})
	for _, o := range []report.FECOptions{{}, {Location: time.UTC}} {
		var buf bytes.Buffer
		sum, err := report.WriteFEC(ctx, b, "2026", &buf, o)
		require.NoError(t, err)
		rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
		require.NoError(t, err)
		require.True(t, rep.OK(), "%v", rep.Findings)
		s := buf.String()
		if o.Location == nil {
			assert.Contains(t, s, "20261231\tFin\t10,00\t0,00\t\t\t20270101", "Paris: 1 January")
		} else {
			assert.Contains(t, s, "20261231\tFin\t10,00\t0,00\t\t\t20261231", "UTC: 31 December")
		}
		assert.Contains(t, s, "Avance\t20,00\t0,00\t\t\t20260301")
	}
}
