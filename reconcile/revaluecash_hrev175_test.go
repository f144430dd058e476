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

var h175gbp = currency.MustLookup("GBP")

func h175rates(kv ...string) map[string]currency.Rate {
	m := map[string]currency.Rate{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = currency.MustParseRate(kv[i+1])
	}
	return m
}

// h175move posts account Dr eur / amt against 580000 in cur.
func h175move(t *testing.T, f *fixture, date journal.Date, account string, cur currency.Currency, amt, eurAmt string) {
	t.Helper()
	f.post(t, journal.Entry{Journal: "OD", Date: date, Currency: cur, Lines: []journal.Line{
		{Account: account, Balance: e(eurAmt), AmountCurrency: currency.MustParse(cur, amt)},
		{Account: "580000", Balance: e(eurAmt).Neg(), AmountCurrency: currency.MustParse(cur, amt).Neg()},
	}})
}

func h175lines(res reconcile.Result) []string {
	var got []string
	for _, x := range res.Entries {
		for _, l := range x.Lines {
			got = append(got, x.Date.String()+" "+x.Type.String()+" "+l.Account+" "+l.Balance.Plain()+" "+l.AmountCurrency.String())
		}
	}
	return got
}

func h175usdAccount(t *testing.T, f *fixture, code string) {
	t.Helper()
	a := ledger.NewAccount(code, "Banque USD", ledger.KindBank)
	a.Currency = usd
	require.NoError(t, f.book.AddAccount(ctx, a))
}

// A bank account held in dollars, one in pounds, a cash box held in
// dollars, a euro bank account and the outstanding-receipts account
// holding dollar lines: each account held in a foreign currency is
// revalued; the euro account's dollar lines (converted by the bank) and
// the outstanding account are not (neither here nor by Revalue).
//
// Changed from the reviewer's first version, which revalued every
// currency of 512000 and of 530000 (accounts without a currency of their
// own): a euro account's dollar lines say what a payment was made in, and
// the bank converted it; only an account held in a currency holds it.
func TestHrev175SeveralCurrenciesAndAccounts(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h175usdAccount(t, f, "512400")
		gbpBank := ledger.NewAccount("512500", "Banque GBP", ledger.KindBank)
		gbpBank.Currency = h175gbp
		require.NoError(t, f.book.AddAccount(ctx, gbpBank))
		usdCash := ledger.NewAccount("530100", "Caisse USD", ledger.KindCash)
		usdCash.Currency = usd
		require.NoError(t, f.book.AddAccount(ctx, usdCash))
		h175move(t, f, d(3, 1), "512400", usd, "1000.00", "800.00")    // at 1.25
		h175move(t, f, d(3, 2), "512500", h175gbp, "100.00", "117.65") // at 0.85
		h175move(t, f, d(3, 3), "530100", usd, "200.00", "160.00")     // at 1.25
		h175move(t, f, d(3, 4), "512100", usd, "300.00", "240.00")     // at 1.25
		h175move(t, f, d(3, 5), "512000", usd, "500.00", "400.00")     // at 1.25
		res, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31), Rates: h175rates("USD", "1.10", "GBP", "0.90")})
		require.NoError(t, err)
		// 1 000 USD / 1.10 = 909.09 (+109.09); 100 GBP / 0.90 = 111.11
		// (-6.54); 200 USD / 1.10 = 181.82 (+21.82).
		assert.ElementsMatch(t, []string{
			"2026-12-31 exchange_difference 512400 109.09 0.00 USD", "2026-12-31 exchange_difference 766000 -109.09 0.00 USD",
			"2026-12-31 exchange_difference 666000 6.54 0.00 GBP", "2026-12-31 exchange_difference 512500 -6.54 0.00 GBP",
			"2026-12-31 exchange_difference 530100 21.82 0.00 USD", "2026-12-31 exchange_difference 766000 -21.82 0.00 USD",
		}, h175lines(res))
		b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "512100", Currency: usd, At: d(12, 31)})
		require.NoError(t, err)
		assert.Equal(t, "240.00", b.Balance.Plain(), "the outstanding account is left at its historical rate")
		b, err = f.book.Balance(ctx, ledger.BalanceQuery{Account: "512000", Currency: usd, At: d(12, 31)})
		require.NoError(t, err)
		assert.Equal(t, "400.00", b.Balance.Plain(), "the euro account holds euros")
		for _, acct := range []string{"512100", "512000"} {
			_, err = f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31), Rates: h175rates("USD", "1.10"), Accounts: []string{acct}})
			assert.ErrorIs(t, err, reconcile.ErrNotRevaluable, acct)
		}
		f.check(t)
	})
}

// An overdraft in dollars: -500 USD booked -450.00; at 1.10 it is
// -454.55: a loss of 4.55.
func TestHrev175Overdraft(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h175usdAccount(t, f, "512400")
		h175move(t, f, d(3, 1), "512400", usd, "1000.00", "800.00")
		h175move(t, f, d(4, 1), "512400", usd, "-1500.00", "-1250.00")
		res, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31), Rates: h175rates("USD", "1.10")})
		require.NoError(t, err)
		assert.Equal(t, []string{
			"2026-12-31 exchange_difference 666000 4.55 0.00 USD", "2026-12-31 exchange_difference 512400 -4.55 0.00 USD",
		}, h175lines(res))
		f.check(t)
	})
}

// 1 000 USD in at 1.25 (800.00), out at 1.10 (909.09): no dollar held,
// -109.09 on the books: the realised gain is brought to zero.
func TestHrev175ZeroCurrencyBalance(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h175usdAccount(t, f, "512400")
		h175move(t, f, d(3, 1), "512400", usd, "1000.00", "800.00")
		h175move(t, f, d(4, 1), "512400", usd, "-1000.00", "-909.09")
		res, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31), Rates: h175rates("USD", "1.10")})
		require.NoError(t, err)
		assert.Equal(t, []string{
			"2026-12-31 exchange_difference 512400 109.09 0.00 USD", "2026-12-31 exchange_difference 766000 -109.09 0.00 USD",
		}, h175lines(res))
		b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "512400", At: d(12, 31)})
		require.NoError(t, err)
		assert.Equal(t, "0.00", b.Balance.Plain())
		f.check(t)
	})
}

// Was failing, fixed: a currency the account holds nothing of at the closing date (its first line is dated after it) needs a closing rate: RevalueCash with USD's rate only is refused with ErrAmount "no closing rate for GBP"; expected the USD gain 146.97 and nothing for GBP
func TestHrev175CurrencyOnlyAfterTheClosing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		a := ledger.NewAccount("512500", "Banque GBP", ledger.KindBank)
		a.Currency = h175gbp
		require.NoError(t, f.book.AddAccount(ctx, a))
		h175move(t, f, journal.MustDate(2027, time.January, 10), "512500", h175gbp, "100.00", "115.00")
		res, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31), Rates: h175rates("USD", "1.10")})
		require.NoError(t, err)
		assert.Equal(t, []string{
			"2026-12-31 exchange_difference 512400 146.97 0.00 USD", "2026-12-31 exchange_difference 766000 -146.97 0.00 USD",
		}, h175lines(res))
		f.check(t)
	})
}

// Was failing, fixed: a currency fully spent at its booking rate (0 USD held, 0.00 on the books) still needs a closing rate: RevalueCash without one is refused with ErrAmount; expected nothing to post and no error
func TestHrev175SpentCurrencyNeedsNoRate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h175usdAccount(t, f, "512400")
		h175move(t, f, d(3, 1), "512400", usd, "1000.00", "800.00")
		h175move(t, f, d(4, 1), "512400", usd, "-1000.00", "-800.00")
		res, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31)})
		require.NoError(t, err)
		assert.Empty(t, res.Entries)
	})
}

// The next year end takes last year's adjustment as its base: 2026 at
// 1.10 brings 1 500 USD to 1 363.64; 200 USD more at 1.10 (181.82) in
// 2027; at 1.00 the 1 700 USD are 1 700.00, booked 1 545.46: +154.54.
func TestHrev175NextYearEnd(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		_, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31), Rates: h175rates("USD", "1.10")})
		require.NoError(t, err)
		h175move(t, f, journal.MustDate(2027, time.March, 1), "512400", usd, "200.00", "181.82")
		res, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: journal.MustDate(2027, time.December, 31), Rates: h175rates("USD", "1.00")})
		require.NoError(t, err)
		assert.Equal(t, []string{
			"2027-12-31 exchange_difference 512400 154.54 0.00 USD", "2027-12-31 exchange_difference 766000 -154.54 0.00 USD",
		}, h175lines(res))
		// 2026 is untouched: rerun at 1.10 posts nothing.
		res, err = f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31), Rates: h175rates("USD", "1.10")})
		require.NoError(t, err)
		assert.Empty(t, res.Entries)
		f.check(t)
	})
}

// Replays: the same id and request returns the same entries as a replay
// and posts nothing; the same id with another rate, or with Revalue, is
// an idempotency conflict.
func TestHrev175Replay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		op := journal.NewID()
		rv := reconcile.CashRevaluation{Operation: op, Date: d(12, 31), Rates: h175rates("USD", "1.10")}
		first, err := f.rec.RevalueCash(ctx, rv)
		require.NoError(t, err)
		require.Len(t, first.Entries, 1)
		before := f.snapshot(t)
		again, err := f.rec.RevalueCash(ctx, rv)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		require.Len(t, again.Entries, 1)
		assert.Equal(t, first.Entries[0].ID, again.Entries[0].ID)
		assert.Equal(t, before, f.snapshot(t))
		rv.Rates = h175rates("USD", "1.20")
		_, err = f.rec.RevalueCash(ctx, rv)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Operation: op, Date: d(12, 31), Rates: h175rates("USD", "1.10"), Cash: true})
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		assert.Equal(t, before, f.snapshot(t))

		// Revalue without Cash replays under its id.
		op2 := journal.NewID()
		_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Operation: op2, Date: d(12, 31), Rates: h175rates("USD", "1.20")})
		require.NoError(t, err)
		r2, err := f.rec.Revalue(ctx, reconcile.Revaluation{Operation: op2, Date: d(12, 31), Rates: h175rates("USD", "1.20")})
		require.NoError(t, err)
		assert.True(t, r2.Replay)
		_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Operation: op2, Date: d(12, 31), Rates: h175rates("USD", "1.20"), Cash: true})
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.check(t)
	})
}

// Revalue with Cash and Provision: the provision covers the items' 476000
// loss only, not the bank's 666000 loss.
func TestHrev175CashWithProvision(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		// C1 owes 1 000 USD booked 800.00; at 1.30 it is 769.23: -30.77.
		f.post(t, journal.Entry{Journal: "VT", Date: d(11, 2), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("800.00"), AmountCurrency: u("1000.00"), DueDate: d(12, 2)},
			{Account: "706000", Balance: e("-800.00"), AmountCurrency: u("-1000.00")},
		}})
		res, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: h175rates("USD", "1.30"), Cash: true, Provision: true})
		require.NoError(t, err)
		// Bank: 1 500 USD / 1.30 = 1 153.85, booked 1 216.67: -62.82.
		got := h175lines(res)
		assert.Contains(t, got, "2026-12-31 exchange_difference 666000 62.82 0.00 USD")
		assert.Contains(t, got, "2026-12-31 exchange_difference 512400 -62.82 0.00 USD")
		b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "151500", At: d(12, 31)})
		require.NoError(t, err)
		assert.Equal(t, "-30.77", b.Balance.Plain())
		f.check(t)
	})
}

// A revaluation entry refused by Reverse, and unlettering the bank line
// says it is not lettered; the items' revaluation (with an Origin that is
// an operation too) is refused by Reverse the same way.
func TestHrev175ReverseAndUnletter(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		res, err := f.rec.RevalueCash(ctx, reconcile.CashRevaluation{Date: d(12, 31), Rates: h175rates("USD", "1.10")})
		require.NoError(t, err)
		x := res.Entries[0]
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: x.ID})
		assert.ErrorIs(t, err, reconcile.ErrNotDocument)
		_, err = f.rec.Unletter(ctx, journal.NoID, journal.LineRef{Entry: x.ID, Index: 0})
		assert.Error(t, err, "a bank line is not lettered")
		f.check(t)
	})
}

// Revalue with Cash on a chart without the financial exchange accounts:
// ErrConfig, and the items' revaluation is not written either.
func TestHrev175RevalueCashConfigAtomic(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cashUSD(t, f)
		f.post(t, journal.Entry{Journal: "VT", Date: d(11, 2), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("800.00"), AmountCurrency: u("1000.00"), DueDate: d(12, 2)},
			{Account: "706000", Balance: e("-800.00"), AmountCurrency: u("-1000.00")},
		}})
		r, err := reconcile.New(ctx, f.book, reconcile.Config{CashExchangeLoss: "668999"})
		require.NoError(t, err)
		before := f.snapshot(t)
		// At 1.10 the bank gains: the loss account is checked all the same.
		_, err = r.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: h175rates("USD", "1.10"), Cash: true})
		require.ErrorIs(t, err, reconcile.ErrConfig)
		assert.Equal(t, before, f.snapshot(t))
		b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "477000", At: d(12, 31)})
		require.NoError(t, err)
		assert.Equal(t, "0.00", b.Balance.Plain())
		f.check(t)
	})
}
