package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A closing run again at a corrected rate (1,06, then 1,05) leaves two
// revaluations of one date: together they bring the items to the last
// rate, and each bucket holds its items at 1,05.
func TestHrev196AgedRevaluationRunAgainAtACorrectedRate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	hrev193Sale(t, f, d(10, 2), d(11, 1), "USD", "1000.00")
	hrev193Receipt(t, f, d(12, 20), "999.00")
	for _, rate := range []string{"1.06", "1.05"} {
		_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate(rate)}})
		require.NoError(t, err)
	}
	f.check(t)

	a := hrev193Aged(t, f, d(12, 31), false)
	require.Len(t, a.Rows, 1)
	assert.Equal(t, "0.95", a.CompanyTotal.Plain())
	assert.Equal(t, []string{"0.00", "-951.43", "952.38", "0.00", "0.00"}, plains(a.Rows[0].Company))
}

// A revaluation posted by hand at the book's rate of its date (1,05 set
// on 31/12), which records no rate: the book's rate gives its total, so
// each bucket holds its items at it, even for items that nearly cancel.
func TestHrev196AgedHandRevaluationAtTheBookRate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	require.NoError(t, f.book.SetRate(ctx, usd, d(12, 31), currency.MustParseRate("1.05")))
	hrev193Sale(t, f, d(10, 2), d(11, 1), "USD", "1000.00")
	hrev193Receipt(t, f, d(12, 20), "999.00")
	// 1,00 USD at 1,05 is 0,95; the book holds 909,09 − 908,18 = 0,91.
	f.post(t, journal.Entry{Journal: "OD", Date: d(12, 31), Type: journal.TypeRevaluation, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("0.04"), AmountCurrency: currency.Zero(usd)},
		{Account: "477000", Balance: e("-0.04"), AmountCurrency: currency.Zero(usd)}}})
	f.check(t)

	a := hrev193Aged(t, f, d(12, 31), false)
	require.Len(t, a.Rows, 1)
	assert.Equal(t, []string{"0.00", "-951.43", "952.38", "0.00", "0.00"}, plains(a.Rows[0].Company))
}

// A revaluation posted by hand at no rate the book knows, over items in
// two buckets: their value (book 1 363,64 plus 36,36) is spread in
// proportion to their currency amounts, 1 000 : 500.
func TestHrev196AgedHandRevaluationWithoutRate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	hrev193Sale(t, f, d(3, 1), d(3, 31), "USD", "1000.00")
	hrev193Sale(t, f, d(6, 1), d(7, 31), "USD", "500.00")
	f.post(t, journal.Entry{Journal: "OD", Date: d(6, 30), Type: journal.TypeRevaluation, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("36.36"), AmountCurrency: currency.Zero(usd)},
		{Account: "477000", Balance: e("-36.36"), AmountCurrency: currency.Zero(usd)}}})
	f.check(t)

	a := hrev193Aged(t, f, d(6, 30), false)
	require.Len(t, a.Rows, 1)
	assert.Equal(t, "1400.00", a.CompanyTotal.Plain())
	// 1 400,00 × 1 000 / 1 500 = 933,33; 1 400,00 × 500 / 1 500 = 466,67.
	assert.Equal(t, []string{"466.67", "0.00", "0.00", "0.00", "933.33"}, plains(a.Rows[0].Company))
}

// A revaluation posted by hand on 30/06 and the closing of 31/12, which
// counts it as already moved: at the closing every item, the March
// invoice the hand revaluation moved and the December one it did not,
// is at the closing rate.
func TestHrev196AgedClosingOverAHandRevaluation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	hrev193Sale(t, f, d(3, 1), d(3, 31), "USD", "1000.00")
	f.post(t, journal.Entry{Journal: "OD", Date: d(6, 30), Type: journal.TypeRevaluation, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("20.00"), AmountCurrency: currency.Zero(usd)},
		{Account: "477000", Balance: e("-20.00"), AmountCurrency: currency.Zero(usd)}}})
	hrev193Sale(t, f, d(12, 16), journal.MustDate(2027, 1, 15), "USD", "200.00")
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.05")}})
	require.NoError(t, err)
	f.check(t)

	a := hrev193Aged(t, f, d(12, 31), false)
	require.Len(t, a.Rows, 1)
	assert.Equal(t, "1142.86", a.CompanyTotal.Plain())
	// 200/1,05 = 190,48; 1 000/1,05 = 952,38.
	assert.Equal(t, []string{"190.48", "0.00", "0.00", "0.00", "952.38"}, plains(a.Rows[0].Company))

	// The day after, the hand revaluation still stands, over the March
	// invoice alone.
	b := hrev193Aged(t, f, journal.MustDate(2027, 1, 1), false)
	assert.Equal(t, []string{"181.82", "0.00", "0.00", "0.00", "929.09"}, plains(b.Rows[0].Company))
}
