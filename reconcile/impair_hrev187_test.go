package reconcile_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func y27(m int, day int) journal.Date { return journal.MustDate(2027, time.Month(m), day) }

func hrev187Bal(t *testing.T, f *fixture, account, partner string, at journal.Date) string {
	t.Helper()
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account, Partner: partner, At: at})
	require.NoError(t, err)
	return b.Balance.Plain()
}

// hrev187Move is account's movement in 2027.
func hrev187Move(t *testing.T, f *fixture, account string) string {
	t.Helper()
	a, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account, At: d(12, 31)})
	require.NoError(t, err)
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account, At: y27(12, 31)})
	require.NoError(t, err)
	m, err := b.Balance.Sub(a.Balance)
	require.NoError(t, err)
	return m.Plain()
}

func hrev187Try(f *fixture, date journal.Date, debts ...reconcile.DoubtfulDebt) (reconcile.Result, error) {
	return f.rec.Impair(ctx, reconcile.Impairment{Date: date, Debts: debts})
}

func dd(p, amount string) reconcile.DoubtfulDebt {
	return reconcile.DoubtfulDebt{Partner: p, Amount: e(amount)}
}

// A run at the middle of a year, then one at the closing: the closing's
// run reverses the mid-year entry, the year's charge is the closing's
// estimate.
func TestHrev187MidYearThenClosing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "2400.00")
		res := f.impair(t, d(6, 30), dd("C1", "1000.00"))
		assert.Equal(t, []string{"2026-06-30 681740 1000.00 491000/C1 -1000.00"}, impairLines(res))
		res = f.impair(t, d(12, 31), dd("C1", "1500.00"))
		assert.Equal(t, []string{
			"2026-12-31 681740 -1000.00 491000/C1 1000.00",
			"2026-12-31 681740 1500.00 491000/C1 -1500.00",
		}, impairLines(res))
		assert.Equal(t, "1500.00", hrev187Bal(t, f, "681740", "", d(12, 31)))
		assert.Equal(t, "-1500.00", hrev187Bal(t, f, "491000", "C1", d(12, 31)))
		// 2027: a mid-year charge, then a closing below 2026's: the
		// mid-year charge reversed, a reprise of the difference.
		res = f.impair(t, y27(6, 30), dd("C1", "2000.00"))
		assert.Equal(t, []string{"2027-06-30 681740 500.00 491000/C1 -500.00"}, impairLines(res))
		res = f.impair(t, y27(12, 31), dd("C1", "1200.00"))
		assert.Equal(t, []string{
			"2027-12-31 681740 -500.00 491000/C1 500.00",
			"2027-12-31 491000/C1 300.00 781740 -300.00",
		}, impairLines(res))
		assert.Equal(t, "0.00", hrev187Move(t, f, "681740"), "2027's charge")
		assert.Equal(t, "-300.00", hrev187Move(t, f, "781740"), "2027's reprise")
		assert.Equal(t, "-1200.00", hrev187Bal(t, f, "491000", "C1", y27(12, 31)))
		f.check(t)
	})
}

// Was failing, fixed: a run dated before a standing impairment of a later date was accepted and raised the later one (2500.00 held on 2400.00 owed); it is refused (ErrLaterImpairment).
func TestHrev187RunBeforeALaterImpairment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "2400.00")
		f.impair(t, y27(12, 31), dd("C1", "1500.00"))
		before := f.snapshot(t)
		_, err := hrev187Try(f, d(12, 31), dd("C1", "1000.00"))
		require.ErrorIs(t, err, reconcile.ErrLaterImpairment)
		assert.Contains(t, err.Error(), "31/12/2027")
		f.unchanged(t, before)
		assert.Equal(t, []string{"C1 1500.00 of 2400.00"}, f.impaired(t, y27(12, 31)),
			"the 2027 closing's impairment must stay at its estimate, never more than owed")
		f.check(t)
	})
}

// Impairments posted by hand, with and without the partner, mixed with
// Impair's over two years: the one naming the customer counts as held
// (never reversed by Impair), the one without a partner is not the
// customer's; no prior year's impairment is reversed or counted twice.
func TestHrev187ByHandAndSeveralYears(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "2400.00")
		f.invoice(t, "C2", d(3, 1), "1200.00")
		f.post(t, journal.Entry{Journal: "OD", Date: d(6, 30), Lines: []journal.Line{
			{Account: "681740", Balance: e("200.00")},
			{Account: "491000", Partner: "C1", Balance: e("-200.00")},
		}})
		f.post(t, journal.Entry{Journal: "OD", Date: d(6, 30), Lines: []journal.Line{
			{Account: "681740", Balance: e("300.00")},
			{Account: "491000", Balance: e("-300.00")},
		}})
		res := f.impair(t, d(12, 31), dd("C1", "800.00"), dd("C2", "100.00"))
		assert.Equal(t, []string{
			"2026-12-31 681740 600.00 491000/C1 -600.00",
			"2026-12-31 681740 100.00 491000/C2 -100.00",
		}, impairLines(res))
		res = f.impair(t, d(12, 31), dd("C1", "900.00"), dd("C2", "100.00"))
		assert.Equal(t, []string{
			"2026-12-31 681740 -600.00 491000/C1 600.00",
			"2026-12-31 681740 700.00 491000/C1 -700.00",
		}, impairLines(res))
		assert.Equal(t, []string{"C1 900.00 of 2400.00", "C2 100.00 of 1200.00"}, f.impaired(t, d(12, 31)))
		assert.Equal(t, "1300.00", hrev187Bal(t, f, "681740", "", d(12, 31)))

		f.closeYear(t, "2026")
		// 2027: a hand reprise of 100 on C1 in the year, then the closing.
		f.post(t, journal.Entry{Journal: "OD", Date: y27(3, 31), Lines: []journal.Line{
			{Account: "491000", Partner: "C1", Balance: e("100.00")},
			{Account: "781740", Balance: e("-100.00")},
		}})
		res = f.impair(t, y27(12, 31), dd("C1", "1000.00"), dd("C2", "0"))
		assert.Equal(t, []string{
			"2027-12-31 681740 200.00 491000/C1 -200.00",
			"2027-12-31 491000/C2 100.00 781740 -100.00",
		}, impairLines(res))
		res = f.impair(t, y27(12, 31), dd("C1", "700.00"), dd("C2", "0"))
		assert.Equal(t, []string{
			"2027-12-31 681740 -200.00 491000/C1 200.00",
			"2027-12-31 491000/C1 100.00 781740 -100.00",
		}, impairLines(res))
		assert.Equal(t, "0.00", hrev187Move(t, f, "681740"))
		assert.Equal(t, "-300.00", hrev187Move(t, f, "781740"))
		assert.Equal(t, []string{"C1 700.00 of 2400.00"}, f.impaired(t, y27(12, 31)))
		assert.Equal(t, "-1000.00", hrev187Bal(t, f, "491000", "", y27(12, 31)), "700 of C1 and 300 without a partner")
		f.check(t)

		// The FEC of both years validates.
		for _, y := range []struct {
			label      string
			start, end journal.Date
		}{{"2026", d(1, 1), d(12, 31)}, {"2027", y27(1, 1), y27(12, 31)}} {
			var buf bytes.Buffer
			_, err := report.WriteFEC(ctx, f.book, y.label, &buf, report.FECOptions{})
			require.NoError(t, err)
			rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: y.start, YearEnd: y.end})
			require.NoError(t, err)
			assert.True(t, rep.OK(), "FEC %s: %+v", y.label, rep.Findings)
			if y.label == "2027" {
				assert.Contains(t, buf.String(), "491000")
			}
		}
		// The trial balance shows 491000 at its balance.
		per := report.Period{From: y27(1, 1), To: y27(12, 31)}
		gb, err := report.ReadGeneralBalance(ctx, f.book, report.BalanceQuery{Period: per})
		require.NoError(t, err)
		var rows []string
		for _, r := range gb.Rows {
			if r.Account == "491000" || r.Account == "681740" || r.Account == "781740" {
				rows = append(rows, r.Account+" "+r.Opening.Plain()+" "+r.Debit.Plain()+" "+r.Credit.Plain()+" "+r.Closing.Plain())
			}
		}
		assert.Equal(t, []string{
			"491000 -1300.00 500.00 200.00 -1000.00",
			"681740 0.00 200.00 200.00 0.00",
			"781740 0.00 0.00 300.00 -300.00",
		}, rows)
		assert.True(t, gb.Total.Closing.IsZero(), "trial balance total %s", gb.Total.Closing)
		aux, err := report.ReadAuxiliaryBalance(ctx, f.book, report.BalanceQuery{Period: per})
		require.NoError(t, err)
		for _, r := range aux.Rows {
			assert.NotEqual(t, "491000", r.Account, "the balance auxiliaire lists receivables and payables")
		}
	})
}

// What a customer owes bounds its impairment: net of payments, credit
// notes and unapplied receipts, with bills on 413000 and doubtful debts
// on 416, in the company currency for a foreign invoice; nothing before
// its invoice; nothing for a supplier.
func TestHrev187Bound(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "2400.00")
		f.receive(t, "BQ", "C1", d(4, 1), "400.00", inv)
		f.creditNote(t, "C1", d(4, 2), "200.00")
		f.receive(t, "BQ", "C1", d(4, 3), "100.00") // unapplied
		// A bill of 500 drawn by hand, and 300 moved to 416000.
		f.post(t, journal.Entry{Journal: "OD", Date: d(5, 1), Lines: []journal.Line{
			{Account: "413000", Partner: "C1", Balance: e("500.00")},
			{Account: "416000", Partner: "C1", Balance: e("300.00")},
			{Account: "411000", Partner: "C1", Balance: e("-800.00")},
		}})
		// 2400 - 400 - 200 - 100 = 1700
		before := f.snapshot(t)
		_, err := hrev187Try(f, d(12, 31), dd("C1", "1700.01"))
		require.ErrorIs(t, err, reconcile.ErrAmount)
		assert.Contains(t, err.Error(), "1\u202f700,00")
		_, err = hrev187Try(f, d(2, 28), dd("C1", "0.01"))
		require.ErrorIs(t, err, reconcile.ErrAmount, "before the invoice")
		_, err = hrev187Try(f, d(12, 31), dd("S1", "0.01"))
		require.ErrorIs(t, err, reconcile.ErrAmount, "a supplier")
		// one refused among several: nothing written
		_, err = hrev187Try(f, d(12, 31), dd("C1", "10.00"), dd("C2", "1.00"))
		require.ErrorIs(t, err, reconcile.ErrAmount)
		f.unchanged(t, before)
		res, err := hrev187Try(f, d(12, 31), dd("S1", "0"))
		require.NoError(t, err)
		assert.Empty(t, res.Entries)
		res = f.impair(t, d(12, 31), dd("C1", "1700.00"))
		assert.Equal(t, []string{"2026-12-31 681740 1700.00 491000/C1 -1700.00"}, impairLines(res))
		assert.Equal(t, []string{"C1 1700.00 of 1700.00"}, f.impaired(t, d(12, 31)))

		// A foreign invoice of 1000.00 USD at 1.25 (USD for 1 EUR).
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.25")))
		f.foreignSale(t, "C2", d(6, 1), usd, "1000.00")
		_, err = hrev187Try(f, d(12, 31), dd("C2", "800.01"))
		require.ErrorIs(t, err, reconcile.ErrAmount)
		res = f.impair(t, d(12, 31), dd("C2", "800.00"))
		assert.Len(t, res.Entries, 1)
		f.check(t)
	})
}

// Locks: a general lock between a mid-year run and the closing one does
// not stop the closing from replacing the mid-year entry; a tax lock on
// the closing date does not stop an impairment (no tax line).
func TestHrev187Locks(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "2400.00")
		f.impair(t, d(6, 30), dd("C1", "1000.00"))
		require.NoError(t, f.book.SetLockDates(ctx, ledger.LockChange{Kind: ledger.LockGeneral, Date: d(9, 30)}))
		require.NoError(t, f.book.SetLockDates(ctx, ledger.LockChange{Kind: ledger.LockTax, Date: d(12, 31)}))
		res := f.impair(t, d(12, 31), dd("C1", "1200.00"))
		assert.Equal(t, []string{
			"2026-12-31 681740 -1000.00 491000/C1 1000.00",
			"2026-12-31 681740 1200.00 491000/C1 -1200.00",
		}, impairLines(res))
		before := f.snapshot(t)
		_, err := hrev187Try(f, d(9, 30), dd("C1", "0"))
		require.ErrorIs(t, err, ledger.ErrLocked)
		f.unchanged(t, before)
		f.check(t)
	})
}

// Closed year: refused with ErrYearClosed, nothing written.
func TestHrev187ClosedYear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "2400.00")
		f.impair(t, d(12, 31), dd("C1", "1000.00"))
		f.closeYear(t, "2026")
		before := f.snapshot(t)
		_, err := hrev187Try(f, d(12, 31), dd("C1", "500.00"))
		require.ErrorIs(t, err, ledger.ErrYearClosed)
		f.unchanged(t, before)
		res := f.impair(t, y27(1, 1), dd("C1", "1000.00"))
		assert.Empty(t, res.Entries)
		res = f.impair(t, y27(12, 31), dd("C1", "400.00"))
		assert.Equal(t, []string{"2027-12-31 491000/C1 600.00 781740 -600.00"}, impairLines(res))
		f.check(t)
	})
}

// Replays: the same id replays after a later run; another date under
// it is a conflict; a replay of a run that posted nothing replays
// nothing.
func TestHrev187Replay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "2400.00")
		op := journal.NewID()
		im := reconcile.Impairment{Operation: op, Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{dd("C1", "500.00")}}
		first, err := f.rec.Impair(ctx, im)
		require.NoError(t, err)
		f.impair(t, d(12, 31), dd("C1", "700.00"))
		again, err := f.rec.Impair(ctx, im)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, impairLines(first), impairLines(again))
		assert.Equal(t, []string{"C1 700.00 of 2400.00"}, f.impaired(t, d(12, 31)), "a replay posts nothing")
		im.Date = d(12, 30)
		_, err = f.rec.Impair(ctx, im)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.check(t)
	})
}

// Reverse refuses the reversal Impair posted as much as its charge; an
// impairment posted by hand is reversed like any entry.
func TestHrev187ReverseRefusals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "2400.00")
		hand := f.post(t, journal.Entry{Journal: "OD", Date: d(6, 30), Type: journal.TypeMisc, Lines: []journal.Line{
			{Account: "681740", Balance: e("100.00")},
			{Account: "491000", Partner: "C1", Balance: e("-100.00")},
		}})
		f.impair(t, d(12, 31), dd("C1", "500.00"))
		res := f.impair(t, d(12, 31), dd("C1", "600.00"))
		require.Len(t, res.Entries, 2)
		before := f.snapshot(t)
		for _, x := range res.Entries {
			_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: x.ID})
			require.Error(t, err)
		}
		f.unchanged(t, before)
		_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: hand.ID, Date: d(12, 31)})
		require.NoError(t, err)
		assert.Equal(t, []string{"C1 500.00 of 2400.00"}, f.impaired(t, d(12, 31)))
		res = f.impair(t, d(12, 31), dd("C1", "600.00"))
		assert.Equal(t, []string{
			"2026-12-31 681740 -500.00 491000/C1 500.00",
			"2026-12-31 681740 600.00 491000/C1 -600.00",
		}, impairLines(res))
		assert.Equal(t, "600.00", hrev187Bal(t, f, "681740", "", d(12, 31)))
		f.check(t)
	})
}

// Was failing, fixed: in one year, a run at 2026-06-30 after the 2026-12-31 closing's run stacked on it (3000.00 held on 2400.00 owed); it is refused (ErrLaterImpairment).
func TestHrev187RunBeforeALaterImpairmentSameYear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "2400.00")
		f.impair(t, d(12, 31), dd("C1", "2000.00"))
		before := f.snapshot(t)
		_, err := hrev187Try(f, d(6, 30), dd("C1", "1000.00"))
		require.ErrorIs(t, err, reconcile.ErrLaterImpairment)
		f.unchanged(t, before)
		assert.Equal(t, []string{"C1 2000.00 of 2400.00"}, f.impaired(t, d(12, 31)))
		assert.Equal(t, "2000.00", hrev187Bal(t, f, "681740", "", d(12, 31)))
	})
}
