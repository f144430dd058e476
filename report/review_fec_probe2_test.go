package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
)

// reviewFecJulyBook: fiscal years July–June 2025-2026 and 2026-2027, sales,
// a dollar sale, a partial payment across the year end, a loss then a profit.
func reviewFecJulyBook(t *testing.T) (*ledger.Book, ledger.FiscalYear, ledger.FiscalYear) {
	y1 := ledger.FiscalYearFrom(date(2025, 7, 1), 12)
	y2 := ledger.FiscalYearFrom(date(2026, 7, 1), 12)
	b := reviewFecNew(t, nil, y1, y2)
	usd := currency.MustLookup("USD")
	require.NoError(t, b.SetRate(ctx, usd, date(2025, 1, 1), currency.MustParseRate("0.8")))
	for _, p := range []string{"C1", "C2"} {
		require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: p, Name: "Client " + p}))
	}
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	sale := func(d journal.Date, p, amt string) journal.Entry {
		return reviewFecPost(t, b, journal.Entry{Journal: "VT", Date: d, Ref: "F" + d.String(), Label: "Vente", Lines: []journal.Line{
			{Account: "411000", Partner: p, Balance: e(amt)}, {Account: "706000", Balance: e(amt).Neg()}}})
	}
	i1 := sale(date(2025, 9, 1), "C1", "1000.00")
	i2 := sale(date(2026, 6, 20), "C2", "500.00")
	reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2026, 5, 1), Label: "Loyer", Lines: []journal.Line{
		{Account: "613200", Balance: e("2000.00")}, {Account: "512000", Balance: e("-2000.00")}}})
	reviewFecPost(t, b, journal.Entry{Journal: "VT", Date: date(2026, 3, 1), Label: "USD", Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(usd, "80.00")}, {Account: "706000", AmountCurrency: currency.MustParse(usd, "-80.00")}}})
	pay := func(d journal.Date, p, amt string, inv journal.Entry) {
		_, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: p, Journal: "BQD", Date: d,
			Amount: e(amt), Method: reconcile.MethodTransfer, Label: "Virement", Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
	}
	pay(date(2026, 6, 25), "C1", "1000.00", i1)
	pay(date(2026, 6, 30), "C2", "200.00", i2)
	pay(date(2026, 7, 3), "C2", "300.00", i2)
	sale(date(2027, 6, 30), "C1", "3333.33")
	return b, y1, y2
}

// fecAccountSums sums Debit − Credit per CompteNum of a pipe FEC.
func fecAccountSums(t *testing.T, s string) map[string]currency.Amount {
	out := map[string]currency.Amount{}
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n")[1:] {
		f := strings.Split(l, "|")
		require.Len(t, f, 18)
		d := currency.MustParse(eur, strings.Replace(f[11], ",", ".", 1))
		c := currency.MustParse(eur, strings.Replace(f[12], ",", ".", 1))
		acc := out[f[4]]
		if !acc.IsSet() {
			acc = currency.Zero(eur)
		}
		acc, err := acc.Add(d)
		require.NoError(t, err)
		acc, err = acc.Sub(c)
		require.NoError(t, err)
		out[f[4]] = acc
	}
	return out
}

// The FEC (opening + entries) of each year agrees per account with the
// balance générale's closing, the general ledger's totals and Book.TrialBalance.
func TestReviewFecProbeAgreesWithBalances(t *testing.T) {
	b, y1, y2 := reviewFecJulyBook(t)
	for _, y := range []ledger.FiscalYear{y1, y2} {
		s, sum := reviewFecWrite(t, b, y.Label, fec.Pipe)
		rep := reviewFecValidate(t, s, sum)
		require.True(t, rep.OK(), "%v\n%s", rep.Findings, s)
		sums := fecAccountSums(t, s)
		p := report.Period{From: y.Start, To: y.End}
		gb, err := report.ReadGeneralBalance(ctx, b, report.BalanceQuery{Period: p})
		require.NoError(t, err)
		tb, err := b.TrialBalance(ctx, y.End)
		require.NoError(t, err)
		seen := map[string]bool{}
		for _, r := range gb.Rows {
			acct := r.Account
			if acct == "" {
				continue
			}
			seen[acct] = true
			got, ok := sums[acct]
			if !ok {
				got = currency.Zero(eur)
			}
			assert.True(t, got.Equal(r.Closing), "%s %s: FEC %s, balance %s", y.Label, acct, got, r.Closing)
			bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: acct, At: y.End})
			require.NoError(t, err)
			a, _ := b.Account(ctx, acct)
			if !a.IsIncomeStatement() && acct[:2] != "12" {
				assert.True(t, bal.Balance.Equal(r.Closing), "%s %s: Book.Balance %s, balance %s", y.Label, acct, bal.Balance, r.Closing)
			}
		}
		for _, r := range tb.Rows {
			if r.Account == "" {
				continue
			}
			got := sums[r.Account]
			if !got.IsSet() {
				got = currency.Zero(eur)
			}
			assert.True(t, got.Equal(r.Balance), "%s %s: FEC %s, trial %s", y.Label, r.Account, got, r.Balance)
		}
		for acct, v := range sums {
			if !seen[acct] {
				assert.True(t, v.IsZero(), "%s %s in the FEC only: %s", y.Label, acct, v)
			}
		}
		gl, err := report.ReadGeneralLedger(ctx, b, report.LedgerQuery{Period: p})
		require.NoError(t, err)
		assert.True(t, gl.Debit.Equal(gl.Credit))
		for _, r := range gl.Rows {
			if r.Kind == report.RowTotal {
				got := sums[r.Account]
				if !got.IsSet() {
					got = currency.Zero(eur)
				}
				assert.True(t, got.Equal(r.Balance), "%s %s: FEC %s, ledger %s", y.Label, r.Account, got, r.Balance)
			}
		}
	}
}

// XLSX amounts are numbers with two decimals; French CSV uses ';' and a decimal comma.
func TestReviewFecProbeXLSXAndCSV(t *testing.T) {
	b, _, y2 := reviewFecJulyBook(t)
	p := report.Period{From: y2.Start, To: y2.End}
	gb, err := report.ReadGeneralBalance(ctx, b, report.BalanceQuery{Period: p})
	require.NoError(t, err)
	var x bytes.Buffer
	require.NoError(t, report.WriteXLSX(&x, gb.Table()))
	f, err := excelize.OpenReader(&x)
	require.NoError(t, err)
	rows, err := f.GetRows("Balance générale", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	found := false
	for i, r := range rows[2:] {
		if len(r) > 1 && r[1] == "411000" {
			cell, _ := excelize.CoordinatesToCellName(5, i+3)
			typ, err := f.GetCellType("Balance générale", cell)
			require.NoError(t, err)
			assert.NotEqual(t, excelize.CellTypeSharedString, typ)
			assert.NotEqual(t, excelize.CellTypeInlineString, typ)
			style, _ := f.GetCellStyle("Balance générale", cell)
			st, _ := f.GetStyle(style)
			require.NotNil(t, st.CustomNumFmt)
			assert.Equal(t, "#,##0.00", *st.CustomNumFmt)
			found = true
		}
	}
	assert.True(t, found)
	var c bytes.Buffer
	gb2, err := report.ReadGeneralBalance(ctx, b, report.BalanceQuery{Period: p})
	require.NoError(t, err)
	require.NoError(t, report.WriteCSV(&c, gb2.Table(), report.CSVFrench))
	assert.Contains(t, c.String(), ";3333,33;")
	assert.NotContains(t, c.String(), "3333.33")
}
