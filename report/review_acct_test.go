package report_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
)

// Review by a chartered accountant of the reports over the example book
// (exampleBook: 2025 invoice of C1 paid in 2026, C2 partly paid, a bill
// of S1 paid).

// tableRows reads a table whole: its column names and its rows.
func tableRows(t *testing.T, tb report.Table) ([]string, []report.Row) {
	t.Helper()
	var names []string
	for _, c := range tb.Columns {
		names = append(names, c.Name)
	}
	var rows []report.Row
	for r, err := range tb.Rows {
		require.NoError(t, err)
		rows = append(rows, r)
	}
	return names, rows
}

func col(t *testing.T, names []string, name string) int {
	t.Helper()
	for i, n := range names {
		if n == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, names)
	return -1
}

func cellAmount(r report.Row, i int) string {
	a := r.Cells[i].Amount
	if a.Currency().Code() == "" || a.IsZero() {
		return ""
	}
	return a.Plain()
}

// A French balance générale shows each account's closing balance in two
// columns, solde débiteur and solde créditeur, both positive, and its
// total shows that they agree (PCG art. 812-3 and every French package:
// "Soldes débiteurs / Soldes créditeurs"). The table had only a signed
// Closing column (credits negative): an accountant cannot read the total
// of credit balances from it. FAILS before the fix.
func TestAcctGeneralBalanceDebitCreditBalanceColumns(t *testing.T) {
	book := exampleMem()
	p := report.Period{From: date(2026, 1, 1), To: date(2026, 12, 31)}
	bal, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: p})
	require.NoError(t, err)
	names, rows := tableRows(t, bal.Table())
	dr, cr := col(t, names, "Debit balance"), col(t, names, "Credit balance")
	got := map[string][2]string{}
	for _, r := range rows {
		key := r.Cells[0].Text
		if r.Kind == report.RowGrandTotal {
			key = "total"
		}
		got[key] = [2]string{cellAmount(r, dr), cellAmount(r, cr)}
	}
	// 411000: C1 600,00 + C2 1 400,00 debit; 706000: 2 500,00 credit;
	// 401000 settled: blank both.
	assert.Equal(t, [2]string{"2000.00", ""}, got["411000"])
	assert.Equal(t, [2]string{"", "2500.00"}, got["706000"])
	assert.Equal(t, [2]string{"", ""}, got["401000"])
	tot := got["total"]
	assert.NotEmpty(t, tot[0])
	assert.Equal(t, tot[0], tot[1], "the debit balances equal the credit balances")
}

// A balance générale totals each class of the chart (classe 1 to 7) before
// the grand total: the accountant ties class 6 and 7 to the income
// statement and classes 1 to 5 to the balance sheet. There was only the
// grand total. FAILS before the fix.
func TestAcctGeneralBalanceClassTotals(t *testing.T) {
	book := exampleMem()
	p := report.Period{From: date(2026, 1, 1), To: date(2026, 12, 31)}
	bal, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: p})
	require.NoError(t, err)
	names, rows := tableRows(t, bal.Table())
	closing := col(t, names, "Closing")
	debit, credit := col(t, names, "Debit"), col(t, names, "Credit")
	totals := map[string][3]string{}
	var order []string
	for _, r := range rows {
		if r.Kind == report.RowSubtotal {
			label := r.Cells[2].Text
			order = append(order, label)
			totals[label] = [3]string{r.Cells[debit].Amount.Plain(), r.Cells[credit].Amount.Plain(), r.Cells[closing].Amount.Plain()}
		}
	}
	assert.Equal(t, []string{"Total classe 1", "Total classe 4", "Total classe 5", "Total classe 6", "Total classe 7"}, order)
	// Class 7 in 2026: 706000 credited 500,00 + 2 000,00.
	assert.Equal(t, [3]string{"0.00", "2500.00", "-2500.00"}, totals["Total classe 7"])
	// Class 6: 607000 300,00.
	assert.Equal(t, [3]string{"300.00", "0.00", "300.00"}, totals["Total classe 6"])
	// The grand total stays the sum of the accounts, not of the subtotals too.
	last := rows[len(rows)-1]
	require.Equal(t, report.RowGrandTotal, last.Kind)
	assert.True(t, last.Cells[closing].Amount.IsZero())
	assert.Equal(t, bal.Total.Debit.Plain(), last.Cells[debit].Amount.Plain())
	// The balance auxiliaire has no class totals (its accounts are all of
	// class 4; it totals per collective account).
	aux, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: p})
	require.NoError(t, err)
	_, arows := tableRows(t, aux.Table())
	for _, r := range arows {
		assert.False(t, strings.HasPrefix(r.Cells[2].Text, "Total classe"))
	}
}

// The balance auxiliaire agrees with the collective accounts 411000 and
// 401000 of the balance générale, opening, movements and closing.
// Passes (checked).
func TestAcctAuxiliaryAgreesWithCollective(t *testing.T) {
	book := exampleMem()
	p := report.Period{From: date(2026, 1, 1), To: date(2026, 12, 31)}
	gen, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: p})
	require.NoError(t, err)
	aux, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: p})
	require.NoError(t, err)
	want := map[string]report.BalanceRow{}
	for _, r := range gen.Rows {
		want[r.Account] = r
	}
	n := 0
	for _, r := range aux.Rows {
		if r.Kind != report.RowTotal {
			continue
		}
		n++
		g := want[r.Account]
		assert.Equal(t, g.Opening.Plain(), r.Opening.Plain(), r.Account)
		assert.Equal(t, g.Debit.Plain(), r.Debit.Plain(), r.Account)
		assert.Equal(t, g.Credit.Plain(), r.Credit.Plain(), r.Account)
		assert.Equal(t, g.Closing.Plain(), r.Closing.Plain(), r.Account)
	}
	assert.Equal(t, 2, n, "401000 and 411000")
}

// In the FEC of 2026 of the example book, the receipt of 15/01/2026 is
// lettered AAA with the invoice of 15/12/2025, which the file carries only
// inside C1's à-nouveau line on 411000: the lines lettered AAA on
// 411000/C1 in the file sum to −1 200,00, not zero. French packages carry
// the open items of lettrable accounts forward one by one (à-nouveaux
// détaillés) so that a letter ties up within the year's file, and an
// auditor rebuilding open items from the FEC (EcritureLet/DateLet) finds
// them. The export opened one line per partner; it now carries a
// lettrable account's open items one by one.
func TestAcctFECLettersTieUpWithinTheYear(t *testing.T) {
	book := exampleMem()
	var buf strings.Builder
	_, err := report.WriteFEC(ctx, book, "2026", &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	sums := map[string]int64{}
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n")[1:] {
		f := strings.Split(l, "|")
		if f[13] == "" {
			continue
		}
		cents := func(s string) int64 {
			var u, c int64
			fmt.Sscanf(strings.Replace(s, ",", " ", 1), "%d %d", &u, &c)
			return u*100 + c
		}
		sums[f[4]+"/"+f[6]+"/"+f[13]] += cents(f[11]) - cents(f[12])
	}
	for k, v := range sums {
		assert.Zero(t, v, "letter %s does not tie up in the file", k)
	}
}

// The journal centralisateur (auxiliary journals are centralised at least
// once a month into the livre-journal, French practice): for each journal, one
// row per month with its debits and credits, a total per journal, and a
// grand total agreeing with the journal listing's. The listing had only
// the line-by-line journals. FAILS before the fix.
func TestAcctCentralJournal(t *testing.T) {
	book := exampleMem()
	q := report.JournalQuery{Period: report.Period{From: date(2025, 1, 1), To: date(2026, 12, 31)}}
	tb, err := report.CentralJournalTable(ctx, book, q)
	require.NoError(t, err)
	names, rows := tableRows(t, tb)
	jc, mc, dc, cc := col(t, names, "Journal"), col(t, names, "Month"), col(t, names, "Debit"), col(t, names, "Credit")
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s %s %s %s", r.Kind, r.Cells[jc].Text, r.Cells[mc].Text, r.Cells[dc].Amount.Plain(), r.Cells[cc].Amount.Plain()))
	}
	assert.Equal(t, []string{
		"detail AC 02/2026 360.00 360.00",
		"total AC  360.00 360.00",
		"detail BQD 01/2026 1200.00 1200.00",
		"detail BQD 02/2026 1360.00 1360.00",
		"total BQD  2560.00 2560.00",
		"detail VT 12/2025 1200.00 1200.00",
		"detail VT 01/2026 3000.00 3000.00",
		"total VT  4200.00 4200.00",
		"grand total   7120.00 7120.00",
	}, got)
	jl, err := report.ReadJournals(ctx, book, q)
	require.NoError(t, err)
	assert.Equal(t, "7120.00", jl.Debit.Plain())
}

// A reversal (extourne) copies its original's line labels: in the FEC, the
// journal listing and the grand livre, OD/2026/00002 reversing a 50,00
// fee reads "Frais" like the original, with the same PieceRef; only the
// entry's own label ("Extourne de OD/2026/00001"), which no report shows
// on a labelled line, says what it is. An auditor reading EcritureLib
// expects "Extourne de …" (or the original's label with it). Fixed for the
// FEC and the journals ("Extourne de OD/2026/00001 - Frais"), then for the
// grand livre, which showed "Frais" (it reads no entry for a labelled
// line: the line listing now carries its entry's label and reversal).
func TestAcctReversalReadsAsSuchInTheFEC(t *testing.T) {

	book := exampleMem()
	res, err := book.Post(ctx, journal.Entry{Journal: "OD", Date: date(2026, 3, 1), Ref: "F-9", Label: "Frais", Lines: []journal.Line{
		{Account: "627000", Label: "Frais", Balance: e("50.00")}, {Account: "512000", Label: "Frais", Balance: e("-50.00")}}})
	require.NoError(t, err)
	_, err = book.Reverse(ctx, res.Entry.ID, ledger.ReverseOptions{Date: date(2026, 3, 2)})
	require.NoError(t, err)
	var buf strings.Builder
	_, err = report.WriteFEC(ctx, book, "2026", &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	for _, l := range strings.Split(buf.String(), "\n") {
		if f := strings.Split(l, "|"); len(f) > 10 && f[3] == "20260302" {
			assert.Contains(t, f[10], "Extourne", l)
		}
	}
	rows, err := report.GeneralLedgerRows(ctx, book, report.LedgerQuery{Period: year2026, Accounts: []string{"627000", "512000"}})
	require.NoError(t, err)
	seen := 0
	for r, err := range rows {
		require.NoError(t, err)
		if r.Kind == report.RowDetail && r.Date == date(2026, 3, 2) {
			assert.Equal(t, "Extourne de OD/2026/00001 - Frais", r.Label)
			seen++
		}
	}
	assert.Equal(t, 2, seen, "the reversal's two lines")
}

// A line cannot be lettered before it exists: a DateLet earlier than the
// line's EcritureDate says the file's lettering is not the book's (a
// lettering date is its latest line's date, never earlier than any of
// them). The validator said nothing. FAILS before the fix.
func TestAcctFECValidatorDateLetBeforeEcritureDate(t *testing.T) {
	book := exampleMem()
	var buf strings.Builder
	_, err := report.WriteFEC(ctx, book, "2026", &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	lines := strings.Split(buf.String(), "\n")
	changed := 0
	for i, l := range lines {
		f := strings.Split(l, "|")
		if len(f) == fec.ColumnCount && f[13] != "" && f[13] != "EcritureLet" && changed == 0 {
			f[14] = "20260101" // before every dated line of 2026 but the opening
			if f[3] > f[14] {
				lines[i], changed = strings.Join(f, "|"), i+1
			}
		}
	}
	require.NotZero(t, changed)
	rep, err := fec.Validate(strings.NewReader(strings.Join(lines, "\n")), fec.Options{})
	require.NoError(t, err)
	assert.Zero(t, rep.Errors)
	require.Len(t, rep.Findings, 1, "%v", rep.Findings)
	assert.Equal(t, fec.Warning, rep.Findings[0].Severity)
	assert.Equal(t, "DateLet", rep.Findings[0].Column)
	assert.Equal(t, changed, rep.Findings[0].Line)
	// Our own file says nothing.
	rep, err = fec.Validate(strings.NewReader(buf.String()), fec.Options{})
	require.NoError(t, err)
	assert.Empty(t, rep.Findings)
}
