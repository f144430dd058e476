package reconcile_test

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev198Rows returns the company buckets of C1's rows by currency code.
func hrev198Rows(t *testing.T, f *fixture, at journal.Date) map[string][]string {
	t.Helper()
	a := hrev193Aged(t, f, at, false)
	out := map[string][]string{}
	for _, r := range a.Rows {
		out[r.Currency.Code()] = plains(r.Company)
	}
	return out
}

// hrev198Sales posts USD 1 000 (due 1/11) and 333 (due 16/12), GBP 500
// (due 1/10) and 200 (due 20/12) to C1, at 1,10 USD and 0,85 GBP.
func hrev198Sales(t *testing.T, f *fixture) {
	t.Helper()
	require.NoError(t, f.book.SetRate(ctx, currency.MustLookup("USD"), d(1, 1), currency.MustParseRate("1.10")))
	require.NoError(t, f.book.SetRate(ctx, currency.MustLookup("GBP"), d(1, 1), currency.MustParseRate("0.85")))
	hrev193Sale(t, f, d(10, 2), d(11, 1), "USD", "1000.00")
	hrev193Sale(t, f, d(12, 1), d(12, 16), "USD", "333.00")
	hrev193Sale(t, f, d(9, 1), d(10, 1), "GBP", "500.00")
	hrev193Sale(t, f, d(12, 5), d(12, 20), "GBP", "200.00")
}

// Pin: a row of USD and one of GBP revalued on the same date: each bucket
// at its own currency's closing rate (USD 1,05, GBP 0,80).
func TestHrev198AgedUSDAndGBPSameDate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	hrev198Sales(t, f)
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{
		"USD": currency.MustParseRate("1.05"), "GBP": currency.MustParseRate("0.80")}})
	require.NoError(t, err)
	f.check(t)
	rows := hrev198Rows(t, f, d(12, 31))
	// 333/1,05 = 317,14 (1-30 days); 1 000/1,05 = 952,38 (31-60).
	assert.Equal(t, []string{"0.00", "317.14", "952.38", "0.00", "0.00"}, rows["USD"])
	// 200/0,80 = 250,00 (1-30); 500/0,80 = 625,00 (91+).
	assert.Equal(t, []string{"0.00", "250.00", "0.00", "0.00", "625.00"}, rows["GBP"])
}

// Pin: Revalue run twice on one date at 1,06 then 1,03, with GBP at
// 0,80 then 0,90: the aged takes the last rates.
func TestHrev198AgedRunTwiceTwoCurrencies(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	hrev198Sales(t, f)
	for _, r := range [][2]string{{"1.06", "0.80"}, {"1.03", "0.90"}} {
		_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{
			"USD": currency.MustParseRate(r[0]), "GBP": currency.MustParseRate(r[1])}})
		require.NoError(t, err)
	}
	f.check(t)
	rows := hrev198Rows(t, f, d(12, 31))
	// 333/1,03 = 323,30; 1 000/1,03 = 970,87; 200/0,90 = 222,22; 500/0,90 = 555,56.
	assert.Equal(t, []string{"0.00", "323.30", "970.87", "0.00", "0.00"}, rows["USD"])
	assert.Equal(t, []string{"0.00", "222.22", "0.00", "0.00", "555.56"}, rows["GBP"])
	// The day after, both reversed: the historical values.
	rows = hrev198Rows(t, f, journal.MustDate(2027, 1, 1))
	// 333/1,10 = 302,73; 1 000/1,10 = 909,09; 200/0,85 = 235,29; 500/0,85 = 588,24.
	assert.Equal(t, []string{"0.00", "302.73", "0.00", "909.09", "0.00"}, rows["USD"])
	assert.Equal(t, []string{"0.00", "235.29", "0.00", "0.00", "588.24"}, rows["GBP"])
}

// Pin: a closing 2026 at 1,05, then one in 2027 at 1,00 over the same
// open items: each year's aged at its own rate.
func TestHrev198AgedRevalueNextYear(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	require.NoError(t, f.book.AddFiscalYear(ctx, ledger.CalendarYear(2028)))
	hrev198Sales(t, f)
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{
		"USD": currency.MustParseRate("1.05"), "GBP": currency.MustParseRate("0.80")}})
	require.NoError(t, err)
	_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Date: journal.MustDate(2027, 12, 31), Rates: map[string]currency.Rate{
		"USD": currency.MustParseRate("1.00"), "GBP": currency.MustParseRate("1.00")}})
	require.NoError(t, err)
	f.check(t)
	a := hrev193Aged(t, f, journal.MustDate(2027, 12, 31), false)
	for _, r := range a.Rows {
		last := r.Company[len(r.Company)-1]
		switch r.Currency.Code() {
		case "USD":
			assert.Equal(t, "1333.00", last.Plain())
		case "GBP":
			assert.Equal(t, "700.00", last.Plain())
		}
	}
	rows := hrev198Rows(t, f, d(12, 31))
	assert.Equal(t, []string{"0.00", "317.14", "952.38", "0.00", "0.00"}, rows["USD"])
	assert.Equal(t, []string{"0.00", "250.00", "0.00", "0.00", "625.00"}, rows["GBP"])
}

// Pin: the rate events survive a reopened bbolt book; Check and Verify
// accept the book; the aged is the same; the FEC is written.
func TestHrev198RevaluationRateReopened(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	f := newFixture(t, st)
	hrev198Sales(t, f)
	_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{
		"USD": currency.MustParseRate("1.05"), "GBP": currency.MustParseRate("0.80")}})
	require.NoError(t, err)
	before := hrev198Rows(t, f, d(12, 31))
	var fec1 bytes.Buffer
	_, err = report.WriteFEC(ctx, f.book, "2026", &fec1, report.FECOptions{})
	require.NoError(t, err)
	require.NoError(t, st.Close())

	st2, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	defer st2.Close()
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	b, err := ledger.Open(ctx, st2, ledger.Options{Currency: eur, Strict: true, Clock: func() time.Time { now = now.Add(time.Second); return now }})
	require.NoError(t, err)
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
	r, err := reconcile.New(ctx, b, reconcile.Config{Tolerance: []currency.Amount{fixtureTolerance(eur)}})
	require.NoError(t, err)
	g := &fixture{st: st2, book: b, rec: r, now: &now}
	assert.Equal(t, before, hrev198Rows(t, g, d(12, 31)))
	var fec2 bytes.Buffer
	_, err = report.WriteFEC(ctx, b, "2026", &fec2, report.FECOptions{})
	require.NoError(t, err)
	assert.Equal(t, fec1.String(), fec2.String())
	assert.NotContains(t, fec2.String(), "revaluation_rate")
	rev, err := r.Revalued(ctx, d(12, 31))
	require.NoError(t, err)
	assert.Len(t, rev, 2)
}
