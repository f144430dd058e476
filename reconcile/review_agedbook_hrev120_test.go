package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// hrev120Book builds the credit controller's book of the review (company
// EUR, balance date 30 June 2026):
//
//	C1  A  1 000.00 dated 1 Feb in three instalments: 300.00 due 3 Mar,
//	       300.00 due 2 Apr, 400.00 due 15 Jul; receipt 450.00 on 14 Apr
//	       naming it (300.00 + 150.00, earliest due first)
//	    B  credit note 80.00 dated 10 May, unused
//	    R  receipt 200.00 dated 20 Jun, unallocated
//	    C  500.00 dated 1 Mar due 31 Mar, paid by a receipt dated 5 Jul
//	    E  700.00 dated 10 Jul (after the date)
//	    F  200.00 dated 1 May, paid 199.96 on 10 Jun, 0.04 written off
//	    G  1 000.00 dated 1 Jun, paid 980.00 on 10 Jun with a 20.00 escompte
//	C2  invoice 100.00 dated 1 Jun due 1 Jul, receipt 250.00 on 5 Jun
//	    naming it: a credit balance of 150.00
//	C3  USD invoice 1 200.00 dated 1 Mar at 1.20 (1 000.00 EUR) due 31 Mar,
//	    paid 600.00 USD on 15 Apr at 1.25 (480.00 EUR, exchange loss 20.00)
type hrev120Book struct {
	f                *fixture
	usd              currency.Currency
	a, c, e, fInv, g journal.Entry
}

func hrev120NewBook(t *testing.T, f *fixture) *hrev120Book {
	t.Helper()
	b := &hrev120Book{f: f, usd: currency.MustLookup("USD")}
	b.a = f.instalments(t, "C1", d(2, 1),
		struct {
			due    journal.Date
			amount string
		}{d(3, 3), "300.00"},
		struct {
			due    journal.Date
			amount string
		}{d(4, 2), "300.00"},
		struct {
			due    journal.Date
			amount string
		}{d(7, 15), "400.00"})
	f.receive(t, "BQD", "C1", d(4, 14), "450.00", b.a)
	f.creditNote(t, "C1", d(5, 10), "80.00")
	f.receive(t, "BQD", "C1", d(6, 20), "200.00")
	b.c = f.invoice(t, "C1", d(3, 1), "500.00") // due 31 March
	f.receive(t, "BQD", "C1", d(7, 5), "500.00", b.c)
	b.e = f.invoice(t, "C1", d(7, 10), "700.00")
	b.fInv = f.invoice(t, "C1", d(5, 1), "200.00")
	_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
		Date: d(6, 10), Method: reconcile.MethodTransfer, Amount: e("199.96"), Invoices: []journal.ID{b.fInv.ID}})
	require.NoError(t, err)
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{b.fInv.LineRef(0)}, WriteOff: true})
	require.NoError(t, err)
	b.g = f.invoice(t, "C1", d(6, 1), "1000.00")
	_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
		Date: d(6, 10), Method: reconcile.MethodTransfer, Amount: e("980.00"), Invoices: []journal.ID{b.g.ID}, EarlyDiscount: true})
	require.NoError(t, err)

	c2 := f.post(t, journal.Entry{Journal: "VT", Date: d(6, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "C2", Balance: e("100.00"), DueDate: d(7, 1)},
		{Account: "706000", Balance: e("-100.00")}}})
	f.receive(t, "BQD", "C2", d(6, 5), "250.00", c2)

	require.NoError(t, f.book.SetRate(ctx, b.usd, d(1, 1), currency.MustParseRate("1.20")))
	require.NoError(t, f.book.SetRate(ctx, b.usd, d(4, 1), currency.MustParseRate("1.25")))
	inv := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: b.usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C3", DueDate: d(3, 31), AmountCurrency: currency.MustParse(b.usd, "1200.00")},
		{Account: "706000", AmountCurrency: currency.MustParse(b.usd, "-1200.00")}}})
	_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C3", Journal: "BQD",
		Date: d(4, 15), Method: reconcile.MethodTransfer, Amount: currency.MustParse(b.usd, "600.00"), Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	return b
}

// passes. The whole book at 30 June, by hand: C1 not due 400.00 (A's
// third instalment), 1-30 -200.00 (R, 10 days), 31-60 -80.00 (B, 51
// days), 61-90 150.00 (A's second instalment, 89 days), > 90 500.00 (C,
// 91 days; its receipt is dated 5 July); F and G closed; E after the
// date: total 770.00 = 411000's balance for C1. C2 -150.00 in 1-30 (25
// days). C3 600.00 USD / 500.00 EUR > 90. Company total 1 120.00.
func TestHrev120AgedWholeBook(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev120NewBook(t, f)
		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(6, 30), Accounts: []string{"411000"}})
		require.NoError(t, err)
		require.Equal(t, []string{
			"411000 C1 EUR: 400.00/400.00 -200.00/-200.00 -80.00/-80.00 150.00/150.00 500.00/500.00",
			"411000 C2 EUR: 0.00/0.00 -150.00/-150.00 0.00/0.00 0.00/0.00 0.00/0.00",
			"411000 C3 USD: 0.00/0.00 0.00/0.00 0.00/0.00 0.00/0.00 600.00/500.00",
		}, rvAgedRows(a))
		require.Equal(t, "1120.00 EUR", a.CompanyTotal.String())
		for _, p := range []string{"", "C1", "C2", "C3"} {
			rvAgedAgrees(t, f, a, "411000", p)
		}
		// Statements at the same date agree with the rows.
		for _, c := range []struct{ p, due, unalloc string }{{"C1", "1050.00", "280.00"}, {"C2", "0.00", "150.00"}, {"C3", "500.00", "0.00"}} {
			st, err := f.rec.StatementAt(ctx, "411000", c.p, d(6, 30))
			require.NoError(t, err)
			require.Equal(t, c.due, st.Due.Plain(), c.p)
			require.Equal(t, c.unalloc, st.Unallocated.Plain(), c.p)
		}
		// By document date: A 1 Feb (149 days) -> > 90 for 150.00 + 400.00;
		// C 1 Mar (121) > 90; R 10 days; B 51 days.
		a, err = f.rec.Aged(ctx, reconcile.AgedQuery{At: d(6, 30), Accounts: []string{"411000"}, ByDocumentDate: true, Partners: []string{"C1"}})
		require.NoError(t, err)
		require.Equal(t, []string{
			"411000 C1 EUR: 0.00/0.00 -200.00/-200.00 -80.00/-80.00 0.00/0.00 1050.00/1050.00",
		}, rvAgedRows(a))
		// Custom bounds 15/45: A's third instalment not due; R 10 -> 1-15;
		// B 51 -> > 45; A2 89 and C 91 -> > 45.
		a, err = f.rec.Aged(ctx, reconcile.AgedQuery{At: d(6, 30), Accounts: []string{"411000"}, Bounds: []int{15, 45}, Partners: []string{"C1"}})
		require.NoError(t, err)
		require.Equal(t, []string{"411000 C1 EUR: 400.00/400.00 -200.00/-200.00 0.00/0.00 570.00/570.00"}, rvAgedRows(a))
	})
}

// passes. The statement as it stands (no date) is as at the last date of
// the partner's lines, 10 July (invoice E): reste dû 150.00 + 400.00 +
// 700.00 = 1 250.00, reste à utiliser 80.00 + 200.00 = 280.00; the aged
// balance at that date totals the same 970.00 for C1 (C paid on 5 July).
// At 4 July, the day before C's receipt, the statement holds C again and
// not E: 1 050.00 / 280.00, the aged row 770.00.
func TestHrev120StatementAgreesWithAged(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev120NewBook(t, f)
		st, err := f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		require.Equal(t, d(7, 10), st.At)
		require.Equal(t, "1250.00", st.Due.Plain())
		require.Equal(t, "280.00", st.Unallocated.Plain())
		for _, c := range []struct {
			at                 journal.Date
			due, unalloc, aged string
		}{{d(7, 10), "1250.00", "280.00", "970.00"}, {d(7, 4), "1050.00", "280.00", "770.00"}} {
			st, err := f.rec.StatementAt(ctx, "411000", "C1", c.at)
			require.NoError(t, err)
			require.Equal(t, c.due, st.Due.Plain(), c.at.String())
			require.Equal(t, c.unalloc, st.Unallocated.Plain(), c.at.String())
			a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: c.at, Partners: []string{"C1"}})
			require.NoError(t, err)
			require.Equal(t, c.aged, a.CompanyTotal.Plain(), c.at.String())
			rvAgedAgrees(t, f, a, "411000", "C1")
		}
	})
}
