package report_test

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// hrev107Book: years 2025..2027, clock in 2027-03.
//
//	2025-06-10 VT  C1 411 1 200 / 706 1 000 / 445710 200
//	2025-07-10 AC  S1 607 300 / 401 300
//	-> result 2025: profit 700; 2025 closed.
//	2026-03-15 VT  C1 411 600 / 706 500 / 445710 100
//	2026-05-20 BQD C2 512 250 / 411 C2 250 (C2 overpays: credit balance)
//	2026-06-30 OD  120000 700 / 106800 700 (allocation of 2025)
//	2026-09-01 OD  627 40 / 512 40, reversed on 2026-09-02
func hrev107Book(t *testing.T) *ledger.Book {
	t.Helper()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	book, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur, Clock: clock})
	require.NoError(t, err)
	for _, y := range []int{2025, 2026, 2027} {
		require.NoError(t, book.AddFiscalYear(ctx, ledger.CalendarYear(y)))
	}
	require.NoError(t, book.InstallFrenchChart(ctx))
	for _, p := range []string{"C1", "C2", "S1"} {
		require.NoError(t, book.AddPartner(ctx, ledger.Partner{Code: p, Name: "P " + p}))
	}
	post := func(j string, d journal.Date, label string, lines ...journal.Line) journal.Entry {
		r, err := book.Post(ctx, journal.Entry{Journal: j, Date: d, Label: label, Lines: lines})
		require.NoError(t, err)
		return r.Entry
	}
	post("VT", date(2025, 6, 10), "F1", journal.Line{Account: "411000", Partner: "C1", Balance: e("1200")},
		journal.Line{Account: "706000", Balance: e("-1000")}, journal.Line{Account: "445710", Balance: e("-200")})
	post("AC", date(2025, 7, 10), "A1", journal.Line{Account: "607000", Balance: e("300")},
		journal.Line{Account: "401000", Partner: "S1", Balance: e("-300")})
	_, _, err = book.CloseFiscalYear(ctx, "2025", "expert")
	require.NoError(t, err)
	post("VT", date(2026, 3, 15), "F2", journal.Line{Account: "411000", Partner: "C1", Balance: e("600")},
		journal.Line{Account: "706000", Balance: e("-500")}, journal.Line{Account: "445710", Balance: e("-100")})
	post("BQD", date(2026, 5, 20), "R2", journal.Line{Account: "512000", Balance: e("250")},
		journal.Line{Account: "411000", Partner: "C2", Balance: e("-250")})
	post("OD", date(2026, 6, 30), "Affectation", journal.Line{Account: "120000", Balance: e("700")},
		journal.Line{Account: "106800", Balance: e("-700")})
	fr := post("OD", date(2026, 9, 1), "Frais", journal.Line{Account: "627000", Balance: e("40")},
		journal.Line{Account: "512000", Balance: e("-40")})
	_, err = book.Reverse(ctx, fr.ID, ledger.ReverseOptions{Date: date(2026, 9, 2)})
	require.NoError(t, err)
	return book
}

// TestHrev107ClosedYearAllocation pins the à-nouveaux across a closed
// year and its allocation, checked by hand: 2025's profit 700 (706 1 000
// − 607 300) opens 2026 on 120000 (credit 700) until the allocation of
// 30/06/2026 moves it to 106800; 2027 opens 120000 at 2026's profit 500
// (706 500; 627 40 reversed); a period inside 2026 opens 706000 at March's
// 500; every balance sums to zero. It passes.
func TestHrev107ClosedYearAllocation(t *testing.T) {
	book := hrev107Book(t)
	closing := func(b report.BalanceReport, account string) (open, close string) {
		for _, r := range b.Rows {
			if r.Account == account {
				return r.Opening.Plain(), r.Closing.Plain()
			}
		}
		return "", ""
	}
	b6, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: report.Period{From: date(2026, 4, 1), To: date(2026, 12, 31)}})
	require.NoError(t, err)
	o, c := closing(b6, "120000")
	require.Equal(t, []string{"-700.00", "0.00"}, []string{o, c})
	o, c = closing(b6, "706000")
	require.Equal(t, []string{"-500.00", "-500.00"}, []string{o, c})
	o, c = closing(b6, "411000")
	require.Equal(t, []string{"1800.00", "1550.00"}, []string{o, c})
	require.True(t, b6.Total.Opening.IsZero() && b6.Total.Closing.IsZero())
	require.Equal(t, "1030.00", b6.Total.Debit.Plain())

	b7, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: report.Period{From: date(2027, 1, 1), To: date(2027, 12, 31)}})
	require.NoError(t, err)
	o, _ = closing(b7, "120000")
	require.Equal(t, "-500.00", o)
	o, _ = closing(b7, "106800")
	require.Equal(t, "-700.00", o)
	o, _ = closing(b7, "706000")
	require.Equal(t, "", o, "706000 restarts in 2027")
	require.True(t, b7.Total.Opening.IsZero() && b7.Total.Closing.IsZero())

	j, err := report.ReadJournals(ctx, book, report.JournalQuery{Period: report.Period{From: date(2025, 1, 1), To: date(2026, 12, 31)}})
	require.NoError(t, err)
	require.Equal(t, "3130.00", j.Debit.Plain())
	require.Equal(t, "3130.00", j.Credit.Plain())
}
