package report_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func hrev148Year() report.Period {
	return report.Period{From: date(2026, 1, 1), To: date(2026, 12, 31)}
}

// The French CSV of the general ledger: ';' separated, the label with ';'
// and quotes quoted and read back whole, decimal comma, dd/mm/yyyy.
func TestHrev148CSVFrenchLedger(t *testing.T) {
	book := hrev148Book(t)
	var buf bytes.Buffer
	require.NoError(t, report.WriteGeneralLedgerCSV(ctx, book, report.LedgerQuery{Period: hrev148Year(), ByPartner: true}, &buf, report.CSVFrench))
	assert.Contains(t, buf.String(), "\ndetail;411000;C1;01/01/2026;VT/2026/00001;\"Facture \"\"spéciale\"\"; réf|A 'été'\";600,00;;1800,00;\n")
	cr := csv.NewReader(bytes.NewReader(buf.Bytes()))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"Row", "Account", "Partner", "Date", "Number", "Label", "Debit", "Credit", "Balance", "Letter"}, recs[0])
	var last []string
	for _, r := range recs[1:] {
		require.Len(t, r, 10)
		if r[5] == hrev148Label {
			assert.Equal(t, "01/01/2026", r[3])
		}
		last = r
	}
	assert.Equal(t, []string{"grand total", "", "", "", "", "Grand total", "3983,64", "3983,64", "0,00", ""}, last)
}

// The plain CSV of the balance auxiliaire: ',' separated, decimal point,
// ISO dates; partner names with ';' and quotes come back whole.
func TestHrev148CSVPlainAuxiliary(t *testing.T) {
	book := hrev148Book(t)
	tab, err := report.AuxiliaryBalanceTable(ctx, book, report.BalanceQuery{Period: hrev148Year()})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, report.WriteCSV(&buf, tab, report.CSVOptions{}))
	recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	require.NoError(t, err)
	found := false
	for _, r := range recs {
		if len(r) > 3 && r[2] == "C1" {
			found = true
			assert.Equal(t, `Dupont; "Frères" SARL`, r[3])
			assert.Contains(t, r, "1200.00")
			assert.Contains(t, r, "600.00")
		}
	}
	assert.True(t, found, buf.String())
}

// A label a spreadsheet would take for a formula is written after a quote
// in a Spreadsheet CSV; an amount never is.
func TestHrev148CSVFormulaLabel(t *testing.T) {
	book := hrev148Book(t)
	must(book.Post(ctx, journal.Entry{Journal: "OD", Date: date(2026, 4, 1), Label: "=HYPERLINK(\"x\";\"y\")", Lines: []journal.Line{
		{Account: "627000", Balance: e("10.00")}, {Account: "512000", Balance: e("-10.00"), Label: "-Remise"}}}))
	var buf bytes.Buffer
	require.NoError(t, report.WriteGeneralLedgerCSV(ctx, book, report.LedgerQuery{Period: report.Period{From: date(2026, 4, 1), To: date(2026, 4, 30)}, Accounts: []string{"512000", "627000"}}, &buf, report.CSVFrench))
	out := buf.String()
	assert.Contains(t, out, ";'-Remise;;10,00;-10,00;")
	assert.Contains(t, out, `;"'=HYPERLINK(""x"";""y"")";10,00;;10,00;`)
	assert.NotContains(t, out, ";'-10,00")
}

// The XLSX of the balance générale and the general ledger, read back:
// amounts are number cells with the exact value, dates date cells.
func TestHrev148XLSXTypes(t *testing.T) {
	book := hrev148Book(t)
	gb, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: hrev148Year()})
	require.NoError(t, err)
	glt, err := report.GeneralLedgerTable(ctx, book, report.LedgerQuery{Period: hrev148Year(), ByPartner: true})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, report.WriteXLSX(&buf, gb.Table(), glt))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	sheets := f.GetSheetList()
	require.Len(t, sheets, 2)

	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	var hdr []string = rows[1]
	col := func(name string) int {
		for i, h := range hdr {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %v", name, hdr)
		return -1
	}
	closing := col("Closing")
	seen := 0
	for i, r := range rows[2:] {
		if len(r) > 1 && r[1] == "411000" {
			seen++
			cell := must(excelize.CoordinatesToCellName(closing+1, i+3))
			typ, err := f.GetCellType(sheets[0], cell)
			require.NoError(t, err)
			assert.NotEqual(t, excelize.CellTypeSharedString, typ, "%s is a string", cell)
			assert.NotEqual(t, excelize.CellTypeInlineString, typ, "%s is a string", cell)
			assert.Equal(t, "1054.54", r[closing])
		}
		if len(r) > 0 && r[0] == "grand total" {
			assert.Equal(t, "3983.64", r[col("Debit")])
			assert.Equal(t, "3983.64", r[col("Credit")])
		}
	}
	assert.Equal(t, 1, seen)

	rows, err = f.GetRows(sheets[1], excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	hdr = rows[1]
	dcol, lcol := col("Date"), col("Label")
	found := false
	for i, r := range rows[2:] {
		if len(r) > lcol && r[lcol] == hrev148Label {
			found = true
			cell := must(excelize.CoordinatesToCellName(dcol+1, i+3))
			// 01/01/2026 is serial 46023.
			assert.Equal(t, "46023", r[dcol], cell)
			shown, err := f.GetCellValue(sheets[1], cell)
			require.NoError(t, err)
			assert.Equal(t, "01/01/2026", shown)
		}
	}
	assert.True(t, found)
}
