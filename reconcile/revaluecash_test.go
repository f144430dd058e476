package reconcile_test

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cashUSD adds 512400, a bank account held in dollars, and posts two
// receipts into it from 580000: 1 000,00 USD at 1,25 (800,00 €) on 10/03
// and 500,00 USD at 1,20 (416,67 €) on 10/06. It holds 1 500,00 USD
// booked 1 216,67 €.
func cashUSD(t *testing.T, f *fixture) {
	t.Helper()
	a := ledger.NewAccount("512400", "Banque USD", ledger.KindBank)
	a.Currency = usd
	require.NoError(t, f.book.AddAccount(ctx, a))
	for _, x := range []struct {
		date     journal.Date
		usd, eur string
	}{{d(3, 10), "1000.00", "800.00"}, {d(6, 10), "500.00", "416.67"}} {
		f.post(t, journal.Entry{Journal: "OD", Date: x.date, Currency: usd, Lines: []journal.Line{
			{Account: "512400", Balance: e(x.eur), AmountCurrency: u(x.usd)},
			{Account: "580000", Balance: e(x.eur).Neg(), AmountCurrency: u(x.usd).Neg()},
		}})
	}
}

func cashBalance(t *testing.T, f *fixture, account string, at journal.Date) (company, usdHeld string) {
	t.Helper()
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account, Currency: usd, At: at})
	require.NoError(t, err)
	return b.Balance.Plain(), b.AmountCurrency.Plain()
}

func TestRevalueCashGainAndLoss(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		// At 1,10 the 1 500,00 USD are worth 1 363,64 €: a gain of 146,97.
		res, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31),
			Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.10")}})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		x := res.Entries[0]
		assert.Equal(t, journal.TypeExchangeDifference, x.Type)
		assert.Equal(t, d(12, 31), x.Date)
		assert.Equal(t, "OD", x.Journal)
		require.Len(t, x.Lines, 2)
		assert.Equal(t, "512400", x.Lines[0].Account)
		assert.Equal(t, "146.97", x.Lines[0].Balance.Plain())
		assert.True(t, x.Lines[0].AmountCurrency.IsZero(), "the dollars held do not change")
		assert.Equal(t, "766000", x.Lines[1].Account)
		assert.Equal(t, "-146.97", x.Lines[1].Balance.Plain())
		company, held := cashBalance(t, f, "512400", d(12, 31))
		assert.Equal(t, "1363.64", company)
		assert.Equal(t, "1500.00", held)
		f.check(t)

		// The same closing again posts nothing; a closing rate that the
		// book's rate table gives posts nothing either when it agrees.
		res, err = f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31),
			Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.10")}})
		require.NoError(t, err)
		assert.Empty(t, res.Entries)

		// A corrected closing rate (1,20: 1 250,00 €) moves only the
		// difference, a loss of 113,64 on 666000, debit first.
		res, err = f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31),
			Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.20")}})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		l := res.Entries[0].Lines
		assert.Equal(t, []string{"666000 113.64", "512400 -113.64"},
			[]string{l[0].Account + " " + l[0].Balance.Plain(), l[1].Account + " " + l[1].Balance.Plain()})
		company, _ = cashBalance(t, f, "512400", d(12, 31))
		assert.Equal(t, "1250.00", company)
		f.check(t)
	})
}

// A movement dated after the closing date does not count, even when
// posted before the closing is run; the book's rate on the date stands in
// for a closing rate not given.
func TestRevalueCashAtTheClosingDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		f.post(t, journal.Entry{Journal: "OD", Date: journal.MustDate(2027, time.January, 5), Currency: usd, Lines: []journal.Line{
			{Account: "512400", Balance: e("100.00"), AmountCurrency: u("100.00")},
			{Account: "580000", Balance: e("-100.00"), AmountCurrency: u("-100.00")},
		}})
		require.NoError(t, f.book.SetRate(ctx, usd, d(12, 1), currency.MustParseRate("1.25")))
		res, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31), Accounts: []string{"512400"}})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		// 1 500,00 USD at 1,25 = 1 200,00 €, booked 1 216,67: a loss of 16,67.
		assert.Equal(t, "666000", res.Entries[0].Lines[0].Account)
		assert.Equal(t, "16.67", res.Entries[0].Lines[0].Balance.Plain())
		company, _ := cashBalance(t, f, "512400", d(12, 31))
		assert.Equal(t, "1200.00", company)
		f.check(t)
	})
}

func TestRevalueCashRefusesBadInput(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		before := f.snapshot(t)
		rate := map[string]currency.Rate{"USD": currency.MustParseRate("1.10")}
		for _, c := range []struct {
			name string
			rv   reconcile.CashRevaluation
			want error
		}{
			{"no date", reconcile.CashRevaluation{Rates: rate}, journal.ErrNoDate},
			{"a receivable", reconcile.CashRevaluation{Date: d(12, 31), Rates: rate, Accounts: []string{"411000"}}, reconcile.ErrNotRevaluable},
			{"a euro bank account", reconcile.CashRevaluation{Date: d(12, 31), Rates: rate, Accounts: []string{"512000"}}, reconcile.ErrNotRevaluable},
			{"an unknown account", reconcile.CashRevaluation{Date: d(12, 31), Rates: rate, Accounts: []string{"512999"}}, ledger.ErrUnknownAccount},
			{"the company currency", reconcile.CashRevaluation{Date: d(12, 31),
				Rates: map[string]currency.Rate{"EUR": currency.MustParseRate("1")}}, reconcile.ErrAmount},
			{"a code spelt otherwise", reconcile.CashRevaluation{Date: d(12, 31),
				Rates: map[string]currency.Rate{"usd": currency.MustParseRate("1.1")}}, reconcile.ErrAmount},
			{"no rate at all", reconcile.CashRevaluation{Date: d(12, 31)}, reconcile.ErrAmount},
		} {
			_, err := f.rec.RevalueCash(ctx, c.rv)
			assert.ErrorIs(t, err, c.want, c.name)
		}
		assert.Equal(t, before, f.snapshot(t), "a refused revaluation writes nothing")
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(12, 31), "clôture"))
		_, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31), Rates: rate})
		assert.ErrorIs(t, err, ledger.ErrLocked)
		f.check(t)
	})
}

// A book whose chart lacks the financial exchange accounts is told which.
func TestRevalueCashNeedsItsAccounts(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		r, err := reconcile.New(ctx, f.book, reconcile.Config{CashExchangeGain: "768999"})
		require.NoError(t, err)
		_, err = r.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31),
			Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.10")}})
		require.ErrorIs(t, err, reconcile.ErrConfig)
		assert.ErrorContains(t, err, "768999")
	})
}

// A cash revaluation is corrected by running it again, not reversed.
func TestRevalueCashIsNotReversedByHand(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		res, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31),
			Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.10")}})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: res.Entries[0].ID})
		require.ErrorIs(t, err, reconcile.ErrNotDocument)
		assert.ErrorContains(t, err, "run the revaluation again")
	})
}

// Revalue with Cash revalues the open items and the cash in one
// operation: both, or neither when the cash cannot be.
func TestRevalueWithCash(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		// C1 owes 1 000,00 USD booked 800,00 € (at 1,25).
		f.post(t, journal.Entry{Journal: "VT", Date: d(11, 2), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("800.00"), AmountCurrency: u("1000.00"), DueDate: d(12, 2)},
			{Account: "706000", Balance: e("-800.00"), AmountCurrency: u("-1000.00")},
		}})
		gbp := currency.MustLookup("GBP")
		a := ledger.NewAccount("512500", "Banque GBP", ledger.KindBank)
		a.Currency = gbp
		require.NoError(t, f.book.AddAccount(ctx, a))
		f.post(t, journal.Entry{Journal: "OD", Date: d(3, 10), Currency: gbp, Lines: []journal.Line{
			{Account: "512500", Balance: e("115.00"), AmountCurrency: currency.MustParse(gbp, "100.00")},
			{Account: "580000", Balance: e("-115.00"), AmountCurrency: currency.MustParse(gbp, "-100.00")},
		}})
		before := f.snapshot(t)
		usdOnly := map[string]currency.Rate{"USD": currency.MustParseRate("1.10")}
		_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: usdOnly, Cash: true})
		require.ErrorIs(t, err, reconcile.ErrAmount, "no closing rate for the pounds held")
		assert.ErrorContains(t, err, "GBP")
		assert.Equal(t, before, f.snapshot(t), "neither the items nor the cash revalued")

		rates := map[string]currency.Rate{"USD": currency.MustParseRate("1.10"), "GBP": currency.MustParseRate("0.80")}
		res, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: rates, Cash: true})
		require.NoError(t, err)
		var got []string
		for _, x := range res.Entries {
			for _, l := range x.Lines {
				got = append(got, x.Date.String()+" "+l.Account+" "+l.Balance.Plain())
			}
		}
		// The invoice: 1 000,00 USD at 1,10 = 909,09 €, a gain of 109,09
		// on 477000, reversed on 01/01/2027. The dollars: 146,97 gained
		// (TestRevalueCashGainAndLoss). The pounds: 100,00 GBP at 0,80 =
		// 125,00 €, booked 115,00: 10,00 gained.
		assert.Equal(t, []string{
			"2026-12-31 411000 109.09", "2026-12-31 477000 -109.09",
			"2027-01-01 411000 -109.09", "2027-01-01 477000 109.09",
			"2026-12-31 512400 146.97", "2026-12-31 766000 -146.97",
			"2026-12-31 512500 10.00", "2026-12-31 766000 -10.00",
		}, got)
		f.check(t)
	})
}

// A euro account's dollar lines record what a payment was made in: the
// bank converted it, and nothing of it is revalued. Dollars that came in
// at 1,25 and went out at 1,10 leave no dollars held and 109,09 € on the
// account: the closing brings it to none, a gain.
func TestRevalueCashEuroAccountsAndNoDollarsLeft(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		f.post(t, journal.Entry{Journal: "BQD", Date: d(4, 2), Currency: usd, Lines: []journal.Line{
			{Account: "512000", Balance: e("800.00"), AmountCurrency: u("1000.00")},
			{Account: "580000", Balance: e("-800.00"), AmountCurrency: u("-1000.00")},
		}})
		f.post(t, journal.Entry{Journal: "OD", Date: d(9, 1), Currency: usd, Lines: []journal.Line{
			{Account: "580000", Balance: e("1363.64"), AmountCurrency: u("1500.00")},
			{Account: "512400", Balance: e("-1363.64"), AmountCurrency: u("-1500.00")},
		}})
		res, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31),
			Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.30")}})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1, "512000 holds euros")
		l := res.Entries[0].Lines
		// 1 216,67 € in, 1 363,64 € out: -146,97 € for no dollars.
		assert.Equal(t, []string{"512400 146.97", "766000 -146.97"},
			[]string{l[0].Account + " " + l[0].Balance.Plain(), l[1].Account + " " + l[1].Balance.Plain()})
		company, held := cashBalance(t, f, "512400", d(12, 31))
		assert.Equal(t, "0.00", company)
		assert.Equal(t, "0.00", held)
		f.check(t)
	})
}
