package reconcile_test

// Review 21 — issue 14, the aged balance (balance âgée): "correct at a past
// date (an item counts as open at D if its partials dated on or before D
// do not settle it); totals per bucket that agree with the account's
// balance at D", buckets "not yet due, 1–30, 31–60, 61–90, > 90 days by
// default, configurable", "by due date or by document date, in company
// currency and per currency", and "Batch-letter one partner, or every
// partner, from it".

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// agedEveryDay takes the aged balance on every day from..to and asserts
// that, per account and partner, the company buckets sum to the book's
// balance at that day, that the per-currency totals add up to the company
// totals, and that a row's buckets add up to its totals.
func agedEveryDay(t *testing.T, f *fixture, q reconcile.AgedQuery, from, to journal.Date, accounts []string, partners []string) {
	t.Helper()
	for day := from; !day.After(to); day = day.AddDays(1) {
		q.At = day
		a, err := f.rec.Aged(ctx, q)
		require.NoError(t, err)
		for _, acct := range accounts {
			for _, p := range partners {
				rvAgedAgrees(t, f, a, acct, p)
			}
		}
		company := currency.Zero(eur)
		for _, c := range a.ByCurrency {
			company = r21Add(t, company, c.CompanyTotal)
		}
		require.True(t, company.Equal(a.CompanyTotal), "at %s: currencies sum to %s, total %s", day, company, a.CompanyTotal)
		for _, r := range a.Rows {
			sum, csum := currency.Zero(r.Currency), currency.Zero(eur)
			for i := range r.Amounts {
				sum, csum = r21Add(t, sum, r.Amounts[i]), r21Add(t, csum, r.Company[i])
			}
			require.True(t, sum.Equal(r.Total) && csum.Equal(r.CompanyTotal), "at %s row %s/%s", day, r.Partner, r.Currency)
		}
	}
}

func r21Add(t *testing.T, a, b currency.Amount) currency.Amount {
	t.Helper()
	s, err := a.Add(b)
	require.NoError(t, err)
	return s
}

// Requirement: "the aged balance at a past date with a payment lettered
// after it", the lettering made by AutoLetter (exact amount, reference,
// a write-off within tolerance, and oldest-first partial allocations).
// Expected: before the payments' dates the invoices show in full, in the
// right bucket; the buckets agree with 411000's balance on every day of
// the half year, per partner and overall.
func TestReview21AgedPastDateAfterAutoLetter(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00") // due 31 January
		f.pay(t, "C1", d(3, 10), "100.00", "", "")
		i2 := f.invoice(t, "C2", d(1, 15), "200.00") // due 14 February
		f.pay(t, "C2", d(2, 20), "199.97", "", "")   // 0,03 written off
		i3 := f.invoice(t, "C3", d(1, 5), "300.00")
		f.invoice(t, "C3", d(1, 6), "150.00")
		f.pay(t, "C3", d(4, 1), "350.00", "", "acompte") // oldest first: 300 + 50 of 150
		// Default rules first (C1 exact amount, C2 within tolerance), then
		// oldest first for C3: with oldest first on, rule 4 runs before
		// rule 5 (DESIGN §11 order) and would allocate C2's receipt
		// leaving 0,03 € open instead of writing it off.
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 2, sum.Applied)
		require.Equal(t, 1, sum.Entries)
		sum, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers, Rules: reconcile.Rules{OldestFirst: true}})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		require.Equal(t, reconcile.InPayment, f.state(t, i1).State)
		require.Equal(t, reconcile.InPayment, f.state(t, i2).State)
		require.Equal(t, reconcile.InPayment, f.state(t, i3).State)

		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 9), Partners: []string{"C1"}})
		require.NoError(t, err)
		require.Equal(t, []string{"411000 C1 EUR: 0.00/0.00 0.00/0.00 100.00/100.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
		a, err = f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 10), Partners: []string{"C1"}})
		require.NoError(t, err)
		require.Empty(t, a.Rows)
		a, err = f.rec.Aged(ctx, reconcile.AgedQuery{At: d(2, 19), Partners: []string{"C2"}})
		require.NoError(t, err)
		require.Equal(t, []string{"411000 C2 EUR: 0.00/0.00 200.00/200.00 0.00/0.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
		a, err = f.rec.Aged(ctx, reconcile.AgedQuery{At: d(2, 20), Partners: []string{"C2"}})
		require.NoError(t, err)
		require.Empty(t, a.Rows, "the write-off settles C2 on the payment's date")
		a, err = f.rec.Aged(ctx, reconcile.AgedQuery{At: d(4, 1), Partners: []string{"C3"}})
		require.NoError(t, err)
		// 150,00 € invoice of 6 January, due 5 February: 100,00 € left, 55 days late.
		require.Equal(t, []string{"411000 C3 EUR: 0.00/0.00 0.00/0.00 100.00/100.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))

		agedEveryDay(t, f, reconcile.AgedQuery{}, d(1, 1), d(6, 30), []string{"411000"}, []string{"", "C1", "C2", "C3"})
		agedEveryDay(t, f, reconcile.AgedQuery{ByDocumentDate: true, Bounds: []int{7, 14}}, d(1, 1), d(4, 30), []string{"411000"}, []string{""})
	})
}

// Requirement: aged balance per currency and at a past date, with an
// exchange difference made by AutoLetter. A USD invoice of 120.00 USD
// (100,00 € at 1.20) on 10 January due 9 February; a USD receipt of 120.00
// USD on 10 March at 1.25 (96,00 €), open until AutoLetter letters it by
// exact amount (an exchange loss of 4,00 €). A EUR invoice for the same
// customer. Expected: at 9 March two rows for C1 (EUR and USD), the USD row
// 120.00 USD / 100,00 € in 1–30 (28 days late); ByCurrency per currency;
// from 10 March the USD row is gone; every day the buckets agree with
// 411000's balance and the currency totals with the company total.
func TestReview21AgedPerCurrencyAfterAutoLetterExchange(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.25")))
		f.post(t, journal.Entry{Journal: "VT", Date: d(1, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: d(2, 9), AmountCurrency: currency.MustParse(usd, "120.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-120.00")}}})
		f.invoice(t, "C1", d(2, 1), "50.00") // due 3 March
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "120.00")})
		require.NoError(t, err)
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		require.Equal(t, 1, sum.ByRule[reconcile.RuleExactAmount])
		require.Equal(t, 1, sum.Entries, "the exchange difference")

		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 9)})
		require.NoError(t, err)
		require.Equal(t, []string{
			"411000 C1 EUR: 0.00/0.00 50.00/50.00 0.00/0.00 0.00/0.00 0.00/0.00",
			"411000 C1 USD: 0.00/0.00 120.00/100.00 0.00/0.00 0.00/0.00 0.00/0.00",
		}, rvAgedRows(a))
		require.Equal(t, "120.00 USD", a.Rows[1].Amounts[1].String())
		require.Equal(t, "100.00 EUR", a.Rows[1].Company[1].String())
		require.Len(t, a.ByCurrency, 2)
		require.Equal(t, "120.00 USD", a.ByCurrency[1].Total.String())
		require.Equal(t, "150.00 EUR", a.CompanyTotal.String())
		a, err = f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 10)})
		require.NoError(t, err)
		require.Len(t, a.Rows, 1)
		require.Equal(t, eur, a.Rows[0].Currency)
		agedEveryDay(t, f, reconcile.AgedQuery{}, d(1, 1), d(4, 30), []string{"411000"}, []string{"", "C1"})
		f.check(t)
	})
}

// Requirement: bucket boundaries, configurable. With bounds 15 and 45:
// due today → not due; 1 and 15 days → 1–15; 16 and 45 → 16–45; 46 → "> 45";
// due tomorrow → not due. By document date the same days from the entry's
// date. The default buckets: 30 → 1–30, 31 → 31–60, 60 → 31–60, 61 →
// 61–90, 90 → 61–90, 91 → "> 90".
func TestReview21AgedConfigurableBucketBoundaries(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		at := d(6, 30)
		lates := []int{0, 1, 15, 16, 45, 46, -1, 30, 31, 60, 61, 90, 91}
		for i, late := range lates {
			// One partner per item, so each row is one item: partner i.
			p := fmt.Sprintf("P%02d", i)
			require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: p, Name: p}))
			// Dated late days before D (document date) and due that day;
			// the one due tomorrow is dated D.
			date, due := at.AddDays(-late), at.AddDays(-late)
			if late < 0 {
				date = at
			}
			f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: p, Balance: e("1.00"), DueDate: due},
				{Account: "706000", Balance: e("-1.00")},
			}})
		}
		bucketOf := func(a reconcile.AgedBalance) map[int]string {
			out := map[int]string{}
			for _, r := range a.Rows {
				var i int
				fmt.Sscanf(r.Partner, "P%02d", &i)
				for k, x := range r.Amounts {
					if !x.IsZero() {
						out[lates[i]] = a.Buckets[k].Label
					}
				}
			}
			return out
		}
		want15 := map[int]string{0: "not due", -1: "not due", 1: "1-15", 15: "1-15", 16: "16-45", 45: "16-45", 46: "> 45",
			30: "16-45", 31: "16-45", 60: "> 45", 61: "> 45", 90: "> 45", 91: "> 45"}
		for _, byDoc := range []bool{false, true} {
			a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: at, Bounds: []int{15, 45}, ByDocumentDate: byDoc})
			require.NoError(t, err)
			require.Equal(t, []string{"not due", "1-15", "16-45", "> 45"}, labels(a))
			require.Equal(t, want15, bucketOf(a), "by document date %v", byDoc)
		}
		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: at})
		require.NoError(t, err)
		require.Equal(t, map[int]string{0: "not due", -1: "not due", 1: "1-30", 15: "1-30", 16: "1-30", 30: "1-30", 31: "31-60",
			45: "31-60", 46: "31-60", 60: "31-60", 61: "61-90", 90: "61-90", 91: "> 90"}, bucketOf(a))
		// One bound: not due, 1-1, > 1.
		a, err = f.rec.Aged(ctx, reconcile.AgedQuery{At: at, Bounds: []int{1}})
		require.NoError(t, err)
		require.Equal(t, []string{"not due", "1-1", "> 1"}, labels(a))
		require.Equal(t, "1-1", bucketOf(a)[1])
		require.Equal(t, "> 1", bucketOf(a)[15])
	})
}

// Requirement: bad bucket configuration is a typed error. Expected:
// ErrAgeBuckets for a zero or negative bound, equal or descending bounds,
// anywhere in the list; Bounds nil and empty both mean the default.
func TestReview21AgedBadBuckets(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 1), "100.00")
		for _, bad := range [][]int{{0}, {-30}, {30, 30}, {60, 30}, {30, 60, 60}, {30, 60, 0}, {30, -60}, {30, 60, 90, 45}} {
			_, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31), Bounds: bad})
			require.ErrorIs(t, err, reconcile.ErrAgeBuckets, "%v", bad)
		}
		for _, ok := range [][]int{nil, {}} {
			a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31), Bounds: ok})
			require.NoError(t, err)
			require.Equal(t, []string{"not due", "1-30", "31-60", "61-90", "> 90"}, labels(a))
		}
	})
}

// Requirement: "Batch-letter one partner, or every partner, from it".
// Expected: lettering one row's scope letters that partner only; the
// balance's scope letters every partner it shows; the payables balance
// (Accounts 401000) letters suppliers.
func TestReview21AgedBatchLetterFromRows(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 1), "200.00")
		f.pay(t, "C2", d(2, 1), "200.00", "", "")
		b := f.bill(t, "S1", d(1, 3), "480.00")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(2, 1), Method: reconcile.MethodTransfer, Amount: e("480.00")})
		require.NoError(t, err)

		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31)})
		require.NoError(t, err)
		var c2 *reconcile.AgedRow
		for i := range a.Rows {
			if a.Rows[i].Partner == "C2" {
				c2 = &a.Rows[i]
			}
		}
		require.NotNil(t, c2)
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: c2.Scope()})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		require.Equal(t, reconcile.InPayment, f.state(t, i2).State)
		require.Equal(t, reconcile.NotPaid, f.state(t, i1).State)

		sum, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: a.Scope()})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		require.Equal(t, reconcile.InPayment, f.state(t, i1).State)
		require.Equal(t, reconcile.NotPaid, f.state(t, b).State, "the receivable balance's scope letters no supplier")

		pay, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31), Accounts: []string{"401000"}})
		require.NoError(t, err)
		require.Len(t, pay.Rows, 1)
		sum, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: pay.Scope()})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		require.Equal(t, reconcile.InPayment, f.state(t, b).State)
		after, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31)})
		require.NoError(t, err)
		require.Empty(t, after.Rows)
		f.check(t)
	})
}
