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

// hrev184Sale posts a sale to C1 in USD dated date and due on due.
func hrev184Sale(t *testing.T, f *fixture, date, due journal.Date, amount string) {
	t.Helper()
	usd := currency.MustLookup("USD")
	a := currency.MustParse(usd, amount)
	f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", AmountCurrency: a, DueDate: due}, {Account: "706000", AmountCurrency: a.Neg()}}})
}

// hrev184Aged is C1's aged balance on 411000 at the closing, its company
// buckets as text, after checking that they sum to the account's balance.
func hrev184Aged(t *testing.T, f *fixture, byDocument bool) (reconcile.AgedBalance, []string) {
	t.Helper()
	a, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"411000"}, Partners: []string{"C1"},
		At: d(12, 31), ByDocumentDate: byDocument})
	require.NoError(t, err)
	require.Len(t, a.Rows, 1)
	bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", At: d(12, 31)})
	require.NoError(t, err)
	sum := currency.Zero(eur)
	var out []string
	for _, x := range a.Company {
		sum, err = sum.Add(x)
		require.NoError(t, err)
		out = append(out, x.Plain())
	}
	assert.Equal(t, bal.Balance.Plain(), sum.Plain(), "the buckets sum to the account's balance at the date")
	assert.Equal(t, bal.Balance.Plain(), a.CompanyTotal.Plain())
	return a, out
}

// A USD invoice of 1 000,00 booked at 1,10 (909,09 €), due 60 days before
// the closing, revalued at 1,05 (952,38 €): at the closing date its bucket
// holds the revalued value, by due date (31–60) and by document date
// (61–90); the not-due bucket holds nothing; the USD amounts do not move.
func TestHrev184AgedRevaluationInItsItemsBucket(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	hrev184Sale(t, f, d(10, 2), d(11, 1), "1000.00")
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31),
		Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.05")}})
	require.NoError(t, err)
	f.check(t)

	a, company := hrev184Aged(t, f, false)
	assert.Equal(t, []string{"0.00", "0.00", "952.38", "0.00", "0.00"}, company, "by due date")
	assert.Equal(t, "1000.00", a.Rows[0].Amounts[2].Plain())
	assert.Equal(t, "952.38", a.Rows[0].Company[2].Plain())
	require.Len(t, a.ByCurrency, 1)
	assert.Equal(t, "1000.00", a.ByCurrency[0].Amounts[2].Plain(), "the USD total is not revalued")
	assert.Equal(t, "1000.00", a.ByCurrency[0].Total.Plain())
	assert.Equal(t, "952.38", a.ByCurrency[0].Company[2].Plain())

	_, company = hrev184Aged(t, f, true)
	assert.Equal(t, []string{"0.00", "0.00", "0.00", "952.38", "0.00"}, company, "by document date")
}

// Two USD invoices in two buckets revalued together: each bucket holds its
// items at the closing rate, and the buckets still sum to the balance.
func TestHrev184AgedRevaluationOverTwoBuckets(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
	hrev184Sale(t, f, d(10, 2), d(11, 1), "1000.00")
	hrev184Sale(t, f, d(12, 16), journal.MustDate(2027, 1, 15), "333.33")
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31),
		Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.05")}})
	require.NoError(t, err)
	f.check(t)

	a, company := hrev184Aged(t, f, false)
	assert.Equal(t, []string{"317.46", "0.00", "952.38", "0.00", "0.00"}, company)
	assert.Equal(t, "1269.84", a.CompanyTotal.Plain())
	assert.Equal(t, []string{"333.33", "0.00", "1000.00", "0.00", "0.00"}, plains(a.Rows[0].Amounts))

	// The day after, the revaluation is reversed: the book values again (the
	// first invoice is then 61 days past due).
	b, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"411000"}, Partners: []string{"C1"}, At: journal.MustDate(2027, 1, 1)})
	require.NoError(t, err)
	assert.Equal(t, []string{"303.03", "0.00", "0.00", "909.09", "0.00"}, plains(b.Company))
}

func plains(as []currency.Amount) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Plain()
	}
	return out
}
