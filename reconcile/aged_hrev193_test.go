package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev193Sale posts a sale (a credit note when negative) to C1 in code dated date, due on due (zero: none).
func hrev193Sale(t *testing.T, f *fixture, date, due journal.Date, code, amount string) {
	t.Helper()
	c := currency.MustLookup(code)
	a := currency.MustParse(c, amount)
	typ := journal.TypeInvoice
	if a.Sign() < 0 {
		typ = journal.TypeCreditNote
	}
	f.post(t, journal.Entry{Journal: "VT", Date: date, Type: typ, Currency: c, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", AmountCurrency: a, DueDate: due}, {Account: "706000", AmountCurrency: a.Neg()}}})
}

// hrev193Receipt posts a USD receipt from C1 left unapplied.
func hrev193Receipt(t *testing.T, f *fixture, date journal.Date, amount string) {
	t.Helper()
	usd := currency.MustLookup("USD")
	a := currency.MustParse(usd, amount)
	f.post(t, journal.Entry{Journal: "BQD", Date: date, Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
		{Account: "512000", AmountCurrency: a}, {Account: "411000", Partner: "C1", AmountCurrency: a.Neg()}}})
}

// hrev193Aged is the aged balance of C1 on 411000 at, its company buckets
// checked to sum to the account's balance at that date.
func hrev193Aged(t *testing.T, f *fixture, at journal.Date, byDocument bool) reconcile.AgedBalance {
	t.Helper()
	a, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"411000"}, Partners: []string{"C1"}, At: at, ByDocumentDate: byDocument})
	require.NoError(t, err)
	bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", At: at})
	require.NoError(t, err)
	sum := currency.Zero(eur)
	for _, x := range a.Company {
		sum, err = sum.Add(x)
		require.NoError(t, err)
	}
	assert.Equal(t, bal.Balance.Plain(), sum.Plain(), "buckets sum to the balance")
	assert.Equal(t, bal.Balance.Plain(), a.CompanyTotal.Plain())
	return a
}

// Was failing, fixed: a USD row whose items nearly cancel (1 000,00 invoice, 999,00 unapplied receipt) revalued at 1,05: the spread uses the row's rounded ratio 0,95/1,00, so the buckets read 950.00 / -949.05 instead of their closing-rate values 952.38 / -951.43
func TestHrev193AgedRevaluationNearlyCancellingRow(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	hrev193Sale(t, f, d(10, 2), d(11, 1), "USD", "1000.00")
	hrev193Receipt(t, f, d(12, 20), "999.00")
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.05")}})
	require.NoError(t, err)
	f.check(t)

	a := hrev193Aged(t, f, d(12, 31), false)
	require.Len(t, a.Rows, 1)
	assert.Equal(t, []string{"0.00", "-999.00", "1000.00", "0.00", "0.00"}, plains(a.Rows[0].Amounts))
	assert.Equal(t, "0.95", a.CompanyTotal.Plain())
	// 1 000,00 / 1,05 = 952,38; 999,00 / 1,05 = 951,43.
	assert.Equal(t, []string{"0.00", "-951.43", "952.38", "0.00", "0.00"}, plains(a.Rows[0].Company))
}

// Was failing, fixed: USD 500 / -300 / 1000 in three buckets revalued at 1,05 (closing values 476.19 / -285.71 / 952.38, summing exactly to the 1142.86 total): the spread at the rounded row ratio gives -285.72 and 952.39 instead
// Two USD invoices and a USD credit note in three buckets revalued at
// 1,05: each bucket at its closing-rate value, the sum the balance; the
// day after nothing is spread (book values at 1,10).
func TestHrev193AgedRevaluationWithCreditNote(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	hrev193Sale(t, f, d(10, 2), d(11, 1), "USD", "1000.00")
	hrev193Sale(t, f, d(12, 16), journal.MustDate(2027, 1, 15), "USD", "500.00")
	hrev193Sale(t, f, d(12, 10), journal.Date{}, "USD", "-300.00")
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.05")}})
	require.NoError(t, err)
	f.check(t)

	a := hrev193Aged(t, f, d(12, 31), false)
	require.Len(t, a.Rows, 1)
	assert.Equal(t, "1142.86", a.CompanyTotal.Plain())
	// 500/1,05 = 476,19; −300/1,05 = −285,71; 1 000/1,05 = 952,38.
	assert.Equal(t, []string{"476.19", "-285.71", "952.38", "0.00", "0.00"}, plains(a.Rows[0].Company))
	assert.Equal(t, []string{"500.00", "-300.00", "1000.00", "0.00", "0.00"}, plains(a.ByCurrency[0].Amounts))

	b := hrev193Aged(t, f, journal.MustDate(2027, 1, 1), false)
	// 500/1,10 = 454,55; −300/1,10 = −272,73; 1 000/1,10 = 909,09 (61 days).
	assert.Equal(t, []string{"454.55", "-272.73", "0.00", "909.09", "0.00"}, plains(b.Rows[0].Company))
}

// A customer with USD and GBP items: one row per currency, each revalued
// into its own buckets.
func TestHrev193AgedRevaluationTwoCurrencies(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd, gbp := currency.MustLookup("USD"), currency.MustLookup("GBP")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	require.NoError(t, f.book.SetRate(ctx, gbp, d(1, 1), currency.MustParseRate("0.80")))
	hrev193Sale(t, f, d(10, 2), d(11, 1), "USD", "1000.00")
	hrev193Sale(t, f, d(12, 16), journal.MustDate(2027, 1, 15), "GBP", "400.00")
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{
		"USD": currency.MustParseRate("1.05"), "GBP": currency.MustParseRate("0.85")}})
	require.NoError(t, err)
	f.check(t)

	a := hrev193Aged(t, f, d(12, 31), false)
	require.Len(t, a.Rows, 2)
	byCur := map[string][]string{}
	for _, r := range a.Rows {
		byCur[r.Currency.Code()] = plains(r.Company)
	}
	// 400/0,85 = 470,59; 1 000/1,05 = 952,38.
	assert.Equal(t, []string{"470.59", "0.00", "0.00", "0.00", "0.00"}, byCur["GBP"])
	assert.Equal(t, []string{"0.00", "0.00", "952.38", "0.00", "0.00"}, byCur["USD"])
	assert.Equal(t, []string{"470.59", "0.00", "952.38", "0.00", "0.00"}, plains(a.Company))
}

// An invoice paid in part after the closing: at the closing the whole
// invoice is open and holds its closing-rate value.
func TestHrev193AgedRevaluationPaidAfterClosing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	hrev193Sale(t, f, d(10, 2), d(11, 1), "USD", "1000.00")
	hrev193Sale(t, f, d(12, 16), journal.MustDate(2027, 1, 15), "USD", "200.00")
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.05")}})
	require.NoError(t, err)
	hrev193Receipt(t, f, journal.MustDate(2027, 1, 10), "400.00")
	f.check(t)

	a := hrev193Aged(t, f, d(12, 31), false)
	// 200/1,05 = 190,48; 1 000/1,05 = 952,38.
	assert.Equal(t, []string{"190.48", "0.00", "952.38", "0.00", "0.00"}, plains(a.Company))
}

// Was failing, fixed: a revaluation posted by hand on 30/06 (not reversed) revalues the items open then; an invoice of 16/12 gets a share of it at 31/12: expected not-due 181.82 and >90 929.09, got the revaluation blended over both (185.15 / 925.76)
func TestHrev193AgedStandingRevaluationOfAnEarlierClosing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	hrev193Sale(t, f, d(3, 1), d(3, 31), "USD", "1000.00")
	f.post(t, journal.Entry{Journal: "OD", Date: d(6, 30), Type: journal.TypeRevaluation, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("20.00"), AmountCurrency: currency.Zero(usd)},
		{Account: "477000", Balance: e("-20.00"), AmountCurrency: currency.Zero(usd)}}})
	hrev193Sale(t, f, d(12, 16), journal.MustDate(2027, 1, 15), "USD", "200.00")
	f.check(t)

	a := hrev193Aged(t, f, d(12, 31), false)
	require.Len(t, a.Rows, 1)
	assert.Equal(t, "1110.91", a.CompanyTotal.Plain())
	// The 16/12 invoice at its book value 200/1,10 = 181,82; the March
	// invoice 909,09 + the 20,00 that revalued it.
	assert.Equal(t, []string{"181.82", "0.00", "0.00", "0.00", "929.09"}, plains(a.Rows[0].Company))
}

// A row whose USD amounts sum to zero (invoice and unapplied receipt of
// 1 000,00) revalued at 1,05: the documented fallback counts the
// revaluation lines by their own date; the buckets sum to the balance.
func TestHrev193AgedRevaluationZeroForeignRow(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	hrev193Sale(t, f, d(10, 2), d(11, 1), "USD", "1000.00")
	hrev193Receipt(t, f, d(12, 20), "1000.00")
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.05")}})
	require.NoError(t, err)
	a := hrev193Aged(t, f, d(12, 31), false)
	require.Len(t, a.Rows, 1)
	assert.Equal(t, "0.00", a.CompanyTotal.Plain())
	assert.Equal(t, []string{"0.00", "-909.09", "909.09", "0.00", "0.00"}, plains(a.Rows[0].Company))
}
