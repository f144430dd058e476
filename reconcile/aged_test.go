package reconcile_test

import (
	"slices"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// agedAmounts renders each row's buckets: "C1 0.00 0.00 100.00 0.00 0.00".
func agedAmounts(a reconcile.AgedBalance) []string {
	var out []string
	for _, r := range a.Rows {
		s := r.Partner
		for _, x := range r.Amounts {
			s += " " + x.Plain()
		}
		out = append(out, s)
	}
	return out
}

func TestAgedBalanceAtAPastDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00") // due 31 January
		f.invoice(t, "C1", d(3, 1), "200.00")       // due 31 March
		f.invoice(t, "C2", d(2, 1), "50.00")        // due 3 March
		// Paid on 10 April and lettered then.
		f.receive(t, "BQ", "C1", d(4, 10), "100.00", i1)

		at := func(day journal.Date) reconcile.AgedBalance {
			a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: day})
			require.NoError(t, err)
			bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", At: day})
			require.NoError(t, err)
			require.True(t, a.CompanyTotal.Equal(bal.Balance), "aged %s, balance %s at %s", a.CompanyTotal, bal.Balance, day)
			sum := a.Company[0]
			for _, x := range a.Company[1:] {
				sum, _ = sum.Add(x)
			}
			require.True(t, sum.Equal(bal.Balance))
			return a
		}
		// On 31 March the April payment does not count: 100.00 is 59 days
		// late, 200.00 due that day, C2's 50.00 28 days late.
		march := at(d(3, 31))
		require.Equal(t, []string{"C1 200.00 0.00 100.00 0.00 0.00", "C2 0.00 50.00 0.00 0.00 0.00"}, agedAmounts(march))
		require.Equal(t, []string{"not due", "1-30", "31-60", "61-90", "> 90"}, labels(march))
		april := at(d(4, 30))
		require.Equal(t, []string{"C1 0.00 200.00 0.00 0.00 0.00", "C2 0.00 0.00 50.00 0.00 0.00"}, agedAmounts(april))
		require.Equal(t, 2, april.Rows[0].Items+april.Rows[1].Items)

		// Aged from the document date, with other buckets, for one partner.
		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31), ByDocumentDate: true, Bounds: []int{45}, Partners: []string{"C1"}})
		require.NoError(t, err)
		require.Equal(t, []string{"not due", "1-45", "> 45"}, labels(a))
		require.Equal(t, []string{"C1 0.00 200.00 100.00"}, agedAmounts(a))
		require.Equal(t, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C1"}, Currency: eur}, a.Rows[0].Scope())
		require.Contains(t, a.String(), "Aged balance at 31/03/2026 (days past document date)")

		for _, bad := range [][]int{{0}, {30, 30}, {60, 30}, {-1}} {
			_, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31), Bounds: bad})
			require.ErrorIs(t, err, reconcile.ErrAgeBuckets, "%v", bad)
		}
		_, err = f.rec.Aged(ctx, reconcile.AgedQuery{})
		require.ErrorIs(t, err, journal.ErrNoDate)
		// The message says which date is missing: the query's, not an
		// entry's.
		require.Contains(t, err.Error(), "AgedQuery.At")
		_, err = f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31), Accounts: []string{"706000"}})
		require.ErrorIs(t, err, reconcile.ErrScope)
	})
}

func labels(a reconcile.AgedBalance) []string {
	var out []string
	for _, b := range a.Buckets {
		out = append(out, b.Label)
	}
	return out
}

func TestPartnersOneByOne(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 1), "100.00")
		f.invoice(t, "C1", d(1, 2), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", a.Name(), "")
		f.invoice(t, "C2", d(1, 3), "70.00")
		f.invoice(t, "C3", d(1, 4), "10.00")
		f.pay(t, "C3", d(2, 1), "10.00", "", "")

		var order []string
		for v, err := range f.rec.Partners(ctx, "411000", reconcile.MostOpen, reconcile.Rules{}) {
			require.NoError(t, err)
			order = append(order, v.Partner)
			if v.Partner == "C1" {
				require.Len(t, v.Debits, 2)
				require.Len(t, v.Credits, 1)
				require.Len(t, v.Proposals, 1)
				// Letter it on the way: the walk goes on from the book as
				// it is now.
				applied, err := f.rec.Apply(ctx, journal.NoID, v.Proposals)
				require.NoError(t, err)
				require.Zero(t, applied.Failed())
			}
		}
		require.Equal(t, []string{"C1", "C3", "C2"}, order)

		order = nil
		for v, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, reconcile.Rules{}) {
			require.NoError(t, err)
			order = append(order, v.Partner)
			if v.Partner == "C1" {
				require.Len(t, v.Debits, 1) // the other was lettered above
				require.Empty(t, v.Proposals)
			}
			if v.Partner == "C3" {
				require.Len(t, v.Proposals, 1)
				break
			}
		}
		require.Equal(t, []string{"C1", "C2", "C3"}, order)

		for _, err := range f.rec.Partners(ctx, "512100", reconcile.ByCode, reconcile.Rules{}) {
			require.ErrorIs(t, err, reconcile.ErrScope)
		}
		for _, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, reconcile.Rules{CombinationSize: 20}) {
			require.ErrorIs(t, err, reconcile.ErrRules)
		}
		require.True(t, slices.Equal(order, []string{"C1", "C2", "C3"}))
	})
}

// TestAgedBalanceInEachCurrency: a partner's items in another currency make
// a row of their own, in that currency and in the company's; the company
// buckets still sum to the account's balance, and a row's scope letters
// just that partner's items.
func TestAgedBalanceInEachCurrency(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		f.invoice(t, "C1", d(2, 1), "100.00")
		f.post(t, journal.Entry{Journal: "VT", Date: d(2, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: d(3, 12), AmountCurrency: currency.MustParse(usd, "240.00"), Balance: e("200.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-240.00"), Balance: e("-200.00")},
		}})
		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, a.Rows, 2)
		require.Equal(t, eur, a.Rows[0].Currency)
		require.Equal(t, usd, a.Rows[1].Currency)
		require.Equal(t, "240.00 USD", a.Rows[1].Total.String())
		require.Equal(t, "200.00 EUR", a.Rows[1].CompanyTotal.String())
		require.Equal(t, "240.00", a.Rows[1].Amounts[1].Plain()) // 19 days late
		require.Len(t, a.ByCurrency, 2)
		require.Equal(t, "300.00 EUR", a.CompanyTotal.String())
		bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", At: d(3, 31)})
		require.NoError(t, err)
		require.True(t, bal.Balance.Equal(a.CompanyTotal))
		require.Contains(t, a.String(), "USD")

		// Batch-letter the USD row from the aged balance: a receipt naming
		// the invoice, in dollars.
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: a.Rows[1].Scope()})
		require.NoError(t, err)
		require.Zero(t, sum.Proposals)
		f.check(t)
	})
}
