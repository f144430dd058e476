package report_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/store/memstore"
)

// Was failing, fixed: WriteFEC: "It returns ErrNoFiscalYear for an unknown label" — in
// package report's godoc that name is report.ErrNoFiscalYear (the sentinel
// the ledgers' periods return), but an unknown label returns only
// ledger.ErrNoFiscalYear: errors.Is(err, report.ErrNoFiscalYear) is false.
// Either wrap report.ErrNoFiscalYear too, or have the doc say
// ledger.ErrNoFiscalYear.
func TestHrev49FECUnknownLabelIsReportErrNoFiscalYear(t *testing.T) {
	book := exampleMem()
	var buf bytes.Buffer
	_, err := report.WriteFEC(ctx, book, "2030", &buf, report.FECOptions{})
	require.Error(t, err)
	assert.True(t, errors.Is(err, report.ErrNoFiscalYear), "errors.Is(%v, report.ErrNoFiscalYear)", err)
	assert.Zero(t, buf.Len())
}

// Was failing, fixed: WriteXLSX "writes tables as one workbook, a sheet per table
// (named by Table.Sheet)": two general ledgers (February and the year,
// both Sheet "General ledger") give a workbook of one sheet; the second
// table silently overwrites the first, whose rows are lost. Sheets whose
// names differ in case only ("Journals", "JOURNALS"), one and the same
// sheet to Excel, collide the same way.
func TestHrev49XLSXTwoTablesOfOneSheetName(t *testing.T) {
	book := exampleMem()
	feb, err := report.GeneralLedgerTable(ctx, book, report.LedgerQuery{Period: february})
	require.NoError(t, err)
	year, err := report.GeneralLedgerTable(ctx, book, report.LedgerQuery{Period: year2026})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, report.WriteXLSX(&buf, feb, year))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	sheets := f.GetSheetList()
	assert.Len(t, sheets, 2, "a sheet per table: %v", sheets)
	var titles []string
	for _, s := range sheets {
		v, err := f.GetCellValue(s, "A1")
		require.NoError(t, err)
		titles = append(titles, v)
	}
	assert.Contains(t, titles, "General ledger "+february.String(), "the February ledger is in the workbook: %v", titles)
}

// Was failing, fixed in the doc (amounts are never cut; one wider than its
// column pushes its row right, as WriteText now says; the test checks
// the amount is whole). WriteText "renders t as a fixed-width text table" (Column.Width
// "in runes, for the text rendering"): an amount wider than its column
// is written whole and pushes every later column right. A yen book's
// sale of ¥1 234 567 890 (13 runes in the 12 of Debit/Credit/Balance)
// leaves the journal listing's Credit amounts and the general ledger's
// Balance out of line with their headings.
func TestHrev49TextAmountsKeepTheirColumns(t *testing.T) {
	jpy := currency.MustLookup("JPY")
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: jpy, Clock: fixedClock()})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Ōsaka Kōgyō"}))
	y := func(s string) currency.Amount { return currency.MustParse(jpy, s) }
	_, err = b.Post(ctx, journal.Entry{Journal: "VT", Date: date(2026, 3, 1), Label: "Facture F-1", Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: y("1234567890")}, {Account: "706000", Balance: y("-1234567890")}}})
	require.NoError(t, err)

	// endOf is the rune offset just after the last occurrence of s in line.
	endOf := func(line, s string) int {
		i := strings.LastIndex(line, s)
		if i < 0 {
			return -1
		}
		return utf8.RuneCountInString(line[:i+len(s)])
	}
	amount := currency.FrenchNumber(y("1234567890"))

	jl, err := report.ReadJournals(ctx, b, report.JournalQuery{Period: year2026})
	require.NoError(t, err)
	lines := strings.Split(jl.String(), "\n")
	head := lines[1]
	var credit string
	for _, l := range lines {
		if strings.HasPrefix(l, "VT ") && strings.Contains(l, "706000") {
			credit = l
		}
	}
	require.NotEmpty(t, credit, jl.String())
	assert.Contains(t, credit, amount, "the amount whole, never cut")
	assert.GreaterOrEqual(t, endOf(credit, amount), endOf(head, "Credit"), "pushed right, not cut:\n%s\n%s", head, credit)

	gl, err := report.ReadGeneralLedger(ctx, b, report.LedgerQuery{Period: year2026, Accounts: []string{"411000"}})
	require.NoError(t, err)
	lines = strings.Split(gl.String(), "\n")
	head = lines[1]
	var detail string
	for _, l := range lines {
		if strings.Contains(l, "VT/2026/00001") {
			detail = l
		}
	}
	require.NotEmpty(t, detail, gl.String())
	assert.Contains(t, detail, amount, "the balance whole, never cut")
	assert.GreaterOrEqual(t, endOf(detail, amount), endOf(head, "Balance"), "pushed right, not cut:\n%s\n%s", head, detail)
}

// Was failing, fixed in the doc ("totals and grand totals preceded by a
// rule (subtotals are not)"; the test checks a class total has none).
// WriteText said: "totals preceded by a rule" — a RowSubtotal (RowKind:
// "the total of a partner within an account (or of an account within a
// partner)"; the balance générale's "Total classe N") gets no rule, only
// RowTotal and RowGrandTotal do. Rule the subtotals, or have the doc say
// "totals and grand totals (not subtotals)".
func TestHrev49TextSubtotalsPrecededByRule(t *testing.T) {
	book := exampleMem()
	gb, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: year2026})
	require.NoError(t, err)
	lines := strings.Split(gb.String(), "\n")
	for i, l := range lines {
		if strings.Contains(l, "Total classe ") {
			assert.False(t, strings.HasPrefix(lines[i-1], "-----"), "no rule before the subtotal %q:\n%s", l, gb.String())
			return
		}
	}
	t.Fatalf("no class total:\n%s", gb.String())
}

// Was failing, fixed in the doc (the field comments now say a reversal's
// line reads "Extourne de OD/2026/00001 - Frais"; the test checks it).
// JournalRow.Label was "the line's label, else the entry's"
// and LedgerRow.Label "the line's label, else its entry's"; a reversal's
// line labelled "Frais" reads "Extourne de OD/2026/00001 - Frais" in both
// (deliberately: TestAcctReversalReadsAsSuchInTheFEC). The code is right;
// the two field comments should say a reversal's lines are prefixed by
// their entry's label.
func TestHrev49ReversalLineLabelIsTheLines(t *testing.T) {
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur, Clock: fixedClock()})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	res, err := b.Post(ctx, journal.Entry{Journal: "OD", Date: date(2026, 3, 1), Label: "Frais bancaires", Lines: []journal.Line{
		{Account: "627000", Label: "Frais", Balance: e("12.00")}, {Account: "512000", Label: "Frais", Balance: e("-12.00")}}})
	require.NoError(t, err)
	_, err = b.Reverse(ctx, res.Entry.ID, ledger.ReverseOptions{Date: date(2026, 3, 2)})
	require.NoError(t, err)
	jl, err := report.ReadJournals(ctx, b, report.JournalQuery{Period: year2026})
	require.NoError(t, err)
	seen := 0
	for _, r := range jl.Rows {
		if r.Kind == report.RowDetail && r.Number == "OD/2026/00002" {
			seen++
			assert.Equal(t, "Extourne de OD/2026/00001 - Frais", r.Label, "JournalRow.Label: a reversal's line says what it reverses")
		}
	}
	require.Equal(t, 2, seen)
	gl, err := report.ReadGeneralLedger(ctx, b, report.LedgerQuery{Period: year2026, Accounts: []string{"627000"}})
	require.NoError(t, err)
	for _, r := range gl.Rows {
		if r.Kind == report.RowDetail && r.Number == "OD/2026/00002" {
			assert.Equal(t, "Extourne de OD/2026/00001 - Frais", r.Label, "LedgerRow.Label: a reversal's line says what it reverses")
		}
	}
}

// Was failing, fixed in the doc (it now says "with their currency's
// decimals"; the test checks the yen's). The package doc said "XLSX writes number cells shown with
// two decimals"; a yen amount is shown "#,##0" (no decimals), as
// WriteXLSX's own doc says ("with their currency's decimals"). The code is
// right; the package doc should say "with their currency's decimals".
func TestHrev49XLSXTwoDecimals(t *testing.T) {
	jpy := currency.MustLookup("JPY")
	tb := report.Table{Title: "Yen", Sheet: "Yen", Columns: []report.Column{{Name: "Amount", Kind: report.ColAmount, Width: 12}},
		Rows: func(yield func(report.Row, error) bool) {
			yield(report.Row{Cells: []report.Cell{{Amount: currency.MustParse(jpy, "1234")}}}, nil)
		}}
	var buf bytes.Buffer
	require.NoError(t, report.WriteXLSX(&buf, tb))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	id, err := f.GetCellStyle("Yen", "B3")
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	require.NotNil(t, st.CustomNumFmt)
	assert.Equal(t, "#,##0", *st.CustomNumFmt, "shown with the yen's decimals: none")
}
