package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	year2026 = report.Period{From: date(2026, 1, 1), To: date(2026, 12, 31)}
	february = report.Period{From: date(2026, 2, 1), To: date(2026, 2, 28)}
)

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got)
}

func TestGolden(t *testing.T) {
	eachStore(t, func(t *testing.T, book *ledger.Book) {
		jl, err := report.ReadJournals(ctx, book, report.JournalQuery{Period: report.Period{From: date(2025, 1, 1), To: date(2026, 12, 31)}})
		require.NoError(t, err)
		golden(t, "journals.txt", jl.String())
		gl, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: year2026})
		require.NoError(t, err)
		golden(t, "general_ledger.txt", gl.String())
		gp, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: year2026, ByPartner: true})
		require.NoError(t, err)
		golden(t, "general_ledger_by_partner.txt", gp.String())
		pl, err := report.ReadPartnerLedger(ctx, book, report.PartnerLedgerQuery{Period: year2026})
		require.NoError(t, err)
		golden(t, "partner_ledger.txt", pl.String())
		gb, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: year2026})
		require.NoError(t, err)
		golden(t, "balance_generale.txt", gb.String())
		ab, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: year2026})
		require.NoError(t, err)
		golden(t, "balance_auxiliaire.txt", ab.String())
	})
}

// checkLedger checks a ledger's arithmetic against the book: every
// running balance is the opening plus the lines so far, every total's
// sums are its lines', and every section closes at the book's balance at
// the period's end.
func checkLedger(t *testing.T, book *ledger.Book, p report.Period, rows []report.LedgerRow) {
	t.Helper()
	var running, debit, credit currency.Amount
	sections := 0
	for _, r := range rows {
		switch r.Kind {
		case report.RowOpening:
			running, debit, credit = r.Balance, currency.Zero(eur), currency.Zero(eur)
			sections++
		case report.RowDetail:
			var err error
			if r.Debit.IsSet() {
				running, _ = running.Add(r.Debit)
				debit, err = debit.Add(r.Debit)
			} else {
				running, _ = running.Sub(r.Credit)
				credit, err = credit.Add(r.Credit)
			}
			require.NoError(t, err)
			assert.True(t, running.Equal(r.Balance), "%s %s: running %s, row %s", r.Account, r.Number, running, r.Balance)
			assert.False(t, r.Date.Before(p.From) || r.Date.After(p.To))
		case report.RowSubtotal, report.RowTotal:
			if r.Account == "" { // a partner's total in the partner ledger
				continue
			}
			if r.Kind == report.RowTotal && r.Partner == "" && sections == 0 {
				continue // an account's total over its partners
			}
			assert.True(t, debit.Equal(r.Debit) && credit.Equal(r.Credit) && running.Equal(r.Balance), "%s %s total", r.Account, r.Partner)
			bal, err := book.Balance(ctx, ledger.BalanceQuery{Account: r.Account, Partner: r.Partner, At: p.To})
			require.NoError(t, err)
			switch {
			case r.Account[0] == '6' || r.Account[0] == '7':
			case r.Account == "120000" || r.Account == "129000":
				// The result of earlier years shows there, computed: the
				// trial balance's closing.
				tb, err := book.TrialBalance(ctx, p.To)
				require.NoError(t, err)
				for _, row := range tb.Rows {
					if row.Account == r.Account {
						assert.True(t, row.Balance.Equal(r.Balance), "%s closes at %s, the trial balance says %s", r.Account, r.Balance, row.Balance)
					}
				}
			default:
				assert.True(t, bal.Balance.Equal(r.Balance), "%s %s closes at %s, the book says %s", r.Account, r.Partner, r.Balance, bal.Balance)
			}
			sections = 0
		}
	}
	assert.Positive(t, len(rows))
}

func TestLedgerArithmetic(t *testing.T) {
	eachStore(t, func(t *testing.T, book *ledger.Book) {
		for _, p := range []report.Period{year2026, february, {From: date(2025, 12, 1), To: date(2025, 12, 31)}} {
			gl, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: p})
			require.NoError(t, err)
			checkLedger(t, book, p, gl.Rows)
			assert.True(t, gl.Debit.Equal(gl.Credit), "every account listed: debits %s = credits %s", gl.Debit, gl.Credit)
			gp, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: p, ByPartner: true})
			require.NoError(t, err)
			checkLedger(t, book, p, gp.Rows)
			assert.True(t, gp.Debit.Equal(gl.Debit) && gp.Credit.Equal(gl.Credit))
			pl, err := report.ReadPartnerLedger(ctx, book, report.PartnerLedgerQuery{Period: p})
			require.NoError(t, err)
			checkLedger(t, book, p, pl.Rows)

			gb, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: p})
			require.NoError(t, err)
			assert.True(t, gb.Total.Opening.IsZero() && gb.Total.Closing.IsZero(), "opening %s closing %s", gb.Total.Opening, gb.Total.Closing)
			assert.True(t, gb.Total.Debit.Equal(gb.Total.Credit) && gb.Total.Debit.Equal(gl.Debit))
			tb, err := book.TrialBalance(ctx, p.To)
			require.NoError(t, err)
			for _, row := range tb.Rows {
				found := false
				for _, r := range gb.Rows {
					if r.Account == row.Account {
						found = true
						assert.True(t, r.Closing.Equal(row.Balance), "%s: %s vs trial balance %s", r.Account, r.Closing, row.Balance)
					}
				}
				assert.True(t, found || row.Balance.IsZero(), "%s missing", row.Account)
			}
			ab, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: p})
			require.NoError(t, err)
			for _, r := range ab.Rows {
				if r.Kind != report.RowDetail {
					continue
				}
				bal, err := book.Balance(ctx, ledger.BalanceQuery{Account: r.Account, Partner: r.Partner, At: p.To})
				require.NoError(t, err)
				assert.True(t, bal.Balance.Equal(r.Closing))
				c, _ := r.Opening.Add(r.Debit)
				c, _ = c.Sub(r.Credit)
				assert.True(t, c.Equal(r.Closing))
			}
		}
		jl, err := report.ReadJournals(ctx, book, report.JournalQuery{Period: year2026})
		require.NoError(t, err)
		assert.True(t, jl.Debit.Equal(jl.Credit))
		for _, r := range jl.Rows {
			if r.Kind == report.RowTotal {
				assert.True(t, r.Debit.Equal(r.Credit), r.Journal)
			}
		}
	})
}

func TestBadInput(t *testing.T) {
	book := exampleMem()
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"unknown account", func() error {
			_, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: year2026, Accounts: []string{"999999"}})
			return err
		}, report.ErrUnknownAccount},
		{"unknown account is the ledger's too", func() error {
			_, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: year2026, Accounts: []string{"999999"}})
			return err
		}, ledger.ErrUnknownAccount},
		{"From after To", func() error {
			_, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: report.Period{From: date(2026, 3, 1), To: date(2026, 2, 1)}})
			return err
		}, report.ErrPeriod},
		{"no dates", func() error {
			_, err := report.ReadJournals(ctx, book, report.JournalQuery{})
			return err
		}, report.ErrPeriod},
		{"outside every fiscal year", func() error {
			_, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: report.Period{From: date(2027, 1, 1), To: date(2027, 1, 31)}})
			return err
		}, report.ErrNoFiscalYear},
		{"ends outside every fiscal year", func() error {
			_, err := report.ReadJournals(ctx, book, report.JournalQuery{Period: report.Period{From: date(2026, 12, 1), To: date(2027, 1, 31)}})
			return err
		}, report.ErrNoFiscalYear},
		{"spans fiscal years", func() error {
			_, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: report.Period{From: date(2025, 12, 1), To: date(2026, 1, 31)}})
			return err
		}, report.ErrPeriod},
		{"unknown partner", func() error {
			_, err := report.ReadPartnerLedger(ctx, book, report.PartnerLedgerQuery{Period: year2026, Partners: []string{"ZZ"}})
			return err
		}, report.ErrUnknownPartner},
		{"unknown journal", func() error {
			_, err := report.ReadJournals(ctx, book, report.JournalQuery{Period: year2026, Journals: []string{"XX"}})
			return err
		}, report.ErrUnknownJournal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			assert.ErrorIs(t, err, tt.want)
			if errors.Is(tt.want, report.ErrPeriod) || errors.Is(tt.want, report.ErrNoFiscalYear) {
				var pe *report.PeriodError
				assert.ErrorAs(t, err, &pe)
			}
		})
	}
	// A journal listing may span fiscal years.
	_, err := report.ReadJournals(ctx, book, report.JournalQuery{Period: report.Period{From: date(2025, 12, 1), To: date(2026, 1, 31)}})
	assert.NoError(t, err)
}

func TestStreamStopsAndCancels(t *testing.T) {
	book := exampleMem()
	rows, err := report.GeneralLedgerRows(ctx, book, report.LedgerQuery{Period: year2026})
	require.NoError(t, err)
	n := 0
	for range rows {
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
	c, cancel := context.WithCancel(ctx)
	rows, err = report.GeneralLedgerRows(c, book, report.LedgerQuery{Period: year2026})
	require.NoError(t, err)
	cancel()
	var last error
	for _, err := range rows {
		last = err
	}
	assert.ErrorIs(t, last, context.Canceled)
}

func TestCSVReadsBack(t *testing.T) {
	eachStore(t, func(t *testing.T, book *ledger.Book) {
		q := report.LedgerQuery{Period: year2026, ByPartner: true}
		gl, err := report.ReadGeneralLedger(ctx, book, q)
		require.NoError(t, err)
		for _, o := range []report.CSVOptions{{}, report.CSVFrench} {
			var buf bytes.Buffer
			require.NoError(t, report.WriteGeneralLedgerCSV(ctx, book, q, &buf, o))
			r := csv.NewReader(&buf)
			if o.Comma != 0 {
				r.Comma = o.Comma
			}
			recs, err := r.ReadAll()
			require.NoError(t, err)
			require.Len(t, recs, len(gl.Rows)+1)
			assert.Equal(t, []string{"Row", "Account", "Partner", "Date", "Number", "Label", "Debit", "Credit", "Balance", "Letter"}, recs[0])
			debit, credit := currency.Zero(eur), currency.Zero(eur)
			for i, rec := range recs[1:] {
				row := gl.Rows[i]
				assert.Equal(t, row.Kind.String(), rec[0])
				if row.Kind != report.RowDetail {
					continue
				}
				if o.FrenchDates {
					assert.Equal(t, row.Date.French(), rec[3])
				} else {
					assert.Equal(t, row.Date.String(), rec[3])
				}
				parse := func(s string) currency.Amount {
					if s == "" {
						return currency.Zero(eur)
					}
					if o.DecimalComma {
						assert.NotContains(t, s, ".")
						s = strings.Replace(s, ",", ".", 1)
					}
					return currency.MustParse(eur, s)
				}
				debit, _ = debit.Add(parse(rec[6]))
				credit, _ = credit.Add(parse(rec[7]))
				assert.True(t, parse(rec[8]).Equal(row.Balance))
				assert.Equal(t, row.Letter, rec[9])
			}
			assert.True(t, debit.Equal(gl.Debit) && credit.Equal(gl.Credit), "%s %s", debit, credit)
		}
	})
}

func TestXLSXOpensBack(t *testing.T) {
	eachStore(t, func(t *testing.T, book *ledger.Book) {
		gl, err := report.GeneralLedgerTable(ctx, book, report.LedgerQuery{Period: february, Accounts: []string{"512000"}})
		require.NoError(t, err)
		jl, err := report.JournalTable(ctx, book, report.JournalQuery{Period: february})
		require.NoError(t, err)
		gb, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: february})
		require.NoError(t, err)
		ab, err := report.AuxiliaryBalanceTable(ctx, book, report.BalanceQuery{Period: february})
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, report.WriteXLSX(&buf, gl, jl, gb.Table(), ab))

		f, err := excelize.OpenReader(&buf)
		require.NoError(t, err)
		defer f.Close()
		assert.Equal(t, []string{"General ledger", "Journals", "Balance générale", "Balance auxiliaire"}, f.GetSheetList())
		get := func(sheet, cell string) string {
			v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			return v
		}
		assert.Equal(t, "General ledger 01/02/2026 – 28/02/2026", get("General ledger", "A1"))
		assert.Equal(t, "Row", get("General ledger", "A2"))
		assert.Equal(t, "Debit", get("General ledger", "G2"))
		// Row 3: the opening; row 4: the receipt of 10/02 for 1 000,00.
		assert.Equal(t, "opening", get("General ledger", "A3"))
		assert.Equal(t, "1200", get("General ledger", "I3"))
		assert.Equal(t, "detail", get("General ledger", "A4"))
		assert.Equal(t, "BQD/2026/00002", get("General ledger", "E4"))
		assert.Equal(t, "1000", get("General ledger", "G4"))
		assert.Equal(t, "", get("General ledger", "H4"))
		assert.Equal(t, "2200", get("General ledger", "I4"))
		typ, err := f.GetCellType("General ledger", "G4")
		require.NoError(t, err)
		assert.NotEqual(t, excelize.CellTypeSharedString, typ)
		assert.NotEqual(t, excelize.CellTypeInlineString, typ)
		formatted, err := f.GetCellValue("General ledger", "G4")
		require.NoError(t, err)
		assert.Equal(t, "1,000.00", formatted) // "#,##0.00"; a French Excel shows 1 000,00
		day, err := f.GetCellValue("General ledger", "D4")
		require.NoError(t, err)
		assert.Equal(t, "10/02/2026", day)
		assert.Equal(t, "1840", get("General ledger", "I5"))
		assert.Equal(t, "360", get("General ledger", "H5")) // 20/02: 1 840 after paying 360
		assert.Equal(t, "total", get("General ledger", "A6"))
		assert.Equal(t, "1840", get("General ledger", "I6"))
		// The balance générale's total row: balanced.
		rows, err := f.GetRows("Balance générale", excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		last := rows[len(rows)-1]
		assert.Equal(t, "grand total", last[0])
		assert.Equal(t, "0", last[4])
		assert.Equal(t, last[5], last[6])
		assert.Equal(t, "1720", last[5])
	})
}

// TestPaging lists more partners than a page of heads and more lines than
// a page of lines, on both backends.
func TestPaging(t *testing.T) {
	const partners = 520
	eachStore(t, func(t *testing.T, book *ledger.Book) {
		var batch []journal.Entry
		for i := range partners {
			code := fmt.Sprintf("P%04d", i)
			require.NoError(t, book.AddPartner(ctx, ledger.Partner{Code: code, Name: "Client " + code}))
			batch = append(batch, journal.Entry{Journal: "VT", Date: date(2026, 3, 1+i%28), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: code, Balance: e("10.00")},
				{Account: "706000", Balance: e("-10.00")},
			}})
		}
		res, err := book.PostBatch(ctx, batch, ledger.BatchOptions{AllOrNothing: true})
		require.NoError(t, err)
		require.NoError(t, res[0].Err)

		gl, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: year2026, Accounts: []string{"411000", "706000"}, ByPartner: true})
		require.NoError(t, err)
		checkLedger(t, book, year2026, gl.Rows)
		subtotals := 0
		for _, r := range gl.Rows {
			if r.Kind == report.RowSubtotal {
				subtotals++
			}
		}
		assert.Equal(t, partners+2, subtotals) // with C1 and C2
		ab, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: year2026, Accounts: []string{"411000"}})
		require.NoError(t, err)
		assert.Len(t, ab.Rows, partners+2+1)
		bal, err := book.Balance(ctx, ledger.BalanceQuery{Account: "411000", At: year2026.To})
		require.NoError(t, err)
		assert.True(t, ab.Total.Closing.Equal(bal.Balance))
		pl, err := report.ReadPartnerLedger(ctx, book, report.PartnerLedgerQuery{Period: year2026})
		require.NoError(t, err)
		checkLedger(t, book, year2026, pl.Rows)
	})
}

func TestEmptyBook(t *testing.T) {
	book, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur})
	require.NoError(t, err)
	require.NoError(t, book.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, book.InstallFrenchChart(ctx))
	gl, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: year2026, ByPartner: true})
	require.NoError(t, err)
	require.Len(t, gl.Rows, 1)
	assert.Equal(t, report.RowGrandTotal, gl.Rows[0].Kind)
	assert.True(t, gl.Debit.IsZero())
	jl, err := report.ReadJournals(ctx, book, report.JournalQuery{Period: year2026})
	require.NoError(t, err)
	assert.Len(t, jl.Rows, 1)
	gb, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: year2026})
	require.NoError(t, err)
	assert.Empty(t, gb.Rows)
	ab, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: year2026})
	require.NoError(t, err)
	assert.Empty(t, ab.Rows)
	pl, err := report.ReadPartnerLedger(ctx, book, report.PartnerLedgerQuery{Period: year2026})
	require.NoError(t, err)
	assert.Len(t, pl.Rows, 1)
}

func TestHandmadeTables(t *testing.T) {
	cols := []report.Column{{Name: "A", Kind: report.ColText, Width: 3}, {Name: "B", Kind: report.ColAmount, Width: 8}}
	var buf bytes.Buffer
	require.NoError(t, report.WriteCSV(&buf, report.Table{Columns: cols}, report.CSVOptions{}))
	assert.Equal(t, "Row,A,B\n", buf.String())
	bad := report.Table{Columns: cols, Rows: func(yield func(report.Row, error) bool) {
		yield(report.Row{Cells: []report.Cell{{Text: "x"}}}, nil)
	}}
	assert.ErrorIs(t, report.WriteCSV(&buf, bad, report.CSVOptions{}), report.ErrColumns)
	assert.ErrorIs(t, report.WriteText(&buf, bad), report.ErrColumns)
	assert.ErrorIs(t, report.WriteXLSX(&buf, bad), report.ErrColumns)
	// An amount beyond a float's 15 digits is written as text, not rounded.
	big := report.Table{Sheet: "Big", Columns: cols, Rows: func(yield func(report.Row, error) bool) {
		yield(report.Row{Cells: []report.Cell{{Text: "x"}, {Amount: e("1234567890123456.78")}}}, nil)
	}}
	buf.Reset()
	require.NoError(t, report.WriteXLSX(&buf, big))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	v, err := f.GetCellValue("Big", "C3", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, "1234567890123456.78", v)
}
