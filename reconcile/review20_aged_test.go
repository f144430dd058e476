package reconcile_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// Review 20 of the aged balance (balance âgée) against Odoo's
// account_reports test_aged_receivable_report.py.

func d27(m time.Month, day int) journal.Date { return journal.MustDate(2027, m, day) }

// Odoo TestAgedReceivableReport.setUpClass and
// test_aged_receivable_unfold_1_whole_report, partner_a, dates moved ten
// years on (2016-10 … 2017-02 → 2026-10 … 2027-02: the same day counts,
// no 29 February in between). As of 1 February 2027, buckets 1-30, 31-60,
// 61-90, 91-120, older. Three receivable accounts:
//
//	move_1 (3 Nov.): r1 +1 000 (no due date), r2 −800 (due 1 Jan.), 706 −200
//	move_2 (5 Oct.): r1 −200 (due 2 Dec.), r1 −300 (due 3 Dec.), r2 +1 000
//	  (no due date), r3 six lines of +100 due 1 Feb. 2027, 2 Jan. 2027,
//	  3 Dec., 3 Nov., 4 Oct., 1 Jan. 2026; 706 −1 100
//
// r1's and r2's lines lettered together. Odoo's figures for partner_a:
// not due 100, 1-30 100, 31-60 100, 61-90 600 (r1's 500 left on move_1,
// r3's 100), 91-120 300 (r2's 200 left on move_2, r3's 100), older 100;
// total 1 300.
func TestReview20AgedOdooUnfoldWholeReport(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for _, code := range []string{"411100", "411200"} {
			require.NoError(t, f.book.AddAccount(ctx, ledger.NewAccount(code, "Clients "+code, ledger.KindReceivable)))
		}
		d26 := func(m time.Month, day int) journal.Date { return journal.MustDate(2026, m, day) }
		m1 := f.post(t, journal.Entry{Journal: "VT", Date: d26(11, 3), Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1000.00")},
			{Account: "411100", Partner: "C1", Balance: e("-800.00"), DueDate: d27(1, 1)},
			{Account: "706000", Balance: e("-200.00")},
		}})
		m2 := f.post(t, journal.Entry{Journal: "VT", Date: d26(10, 5), Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("-200.00"), DueDate: d26(12, 2)},
			{Account: "411000", Partner: "C1", Balance: e("-300.00"), DueDate: d26(12, 3)},
			{Account: "411100", Partner: "C1", Balance: e("1000.00")},
			{Account: "411200", Partner: "C1", Balance: e("100.00"), DueDate: d27(2, 1)},
			{Account: "411200", Partner: "C1", Balance: e("100.00"), DueDate: d27(1, 2)},
			{Account: "411200", Partner: "C1", Balance: e("100.00"), DueDate: d26(12, 3)},
			{Account: "411200", Partner: "C1", Balance: e("100.00"), DueDate: d26(11, 3)},
			{Account: "411200", Partner: "C1", Balance: e("100.00"), DueDate: d26(10, 4)},
			{Account: "411200", Partner: "C1", Balance: e("100.00"), DueDate: d26(1, 1)},
			{Account: "706000", Balance: e("-1100.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{m1.LineRef(0), m2.LineRef(0), m2.LineRef(1)}})
		require.NoError(t, err)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{m1.LineRef(1), m2.LineRef(2)}})
		require.NoError(t, err)
		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d27(2, 1), Bounds: []int{30, 60, 90, 120}})
		require.NoError(t, err)
		require.Equal(t, []string{"not due", "1-30", "31-60", "61-90", "91-120", "> 120"}, labels(a))
		got := []string{}
		for _, x := range a.Company {
			got = append(got, x.Plain())
		}
		require.Equal(t, []string{"100.00", "100.00", "100.00", "600.00", "300.00", "100.00"}, got)
		require.Equal(t, "1300.00", a.CompanyTotal.Plain())
		require.Equal(t, []string{
			"411000 C1 EUR: 0.00/0.00 0.00/0.00 0.00/0.00 500.00/500.00 0.00/0.00 0.00/0.00",
			"411100 C1 EUR: 0.00/0.00 0.00/0.00 0.00/0.00 0.00/0.00 200.00/200.00 0.00/0.00",
			"411200 C1 EUR: 100.00/100.00 100.00/100.00 100.00/100.00 100.00/100.00 100.00/100.00 100.00/100.00",
		}, rvAgedRows(a))
		for _, acct := range []string{"411000", "411100", "411200"} {
			rvAgedAgrees(t, f, a, acct, "C1")
		}
	})
}
