package reconcile_test

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev212Invoice invoices the penalties at a date and rate.
func (f *fixture) hrev212Invoice(t *testing.T, at journal.Date, rate string) reconcile.Result {
	t.Helper()
	res, err := f.rec.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: reconcile.PenaltyQuery{At: at, Rate: hrev200Rate(rate)}})
	require.NoError(t, err)
	f.check(t)
	return res
}

func (f *fixture) hrev212Query(t *testing.T, at journal.Date, rate string) reconcile.Penalties {
	t.Helper()
	pen, err := f.rec.LatePenalties(ctx, reconcile.PenaltyQuery{At: at, Rate: hrev200Rate(rate)})
	require.NoError(t, err)
	return pen
}

// hrev212Dunning renders a customer's dunning penalty figures: pending
// penalties, pending indemnities, penalties invoiced, indemnities invoiced.
func (f *fixture) hrev212Dunning(t *testing.T, at journal.Date, p string) string {
	t.Helper()
	dn, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: at, PenaltyRate: hrev200Rate("12.15"), Partners: []string{p}})
	require.NoError(t, err)
	require.Len(t, dn.Rows, 1)
	r := dn.Rows[0]
	return r.Penalties.Plain() + " " + r.Indemnities.Plain() + " " + r.PenaltiesInvoiced.Plain() + " " + r.IndemnitiesInvoiced.Plain()
}

// Invoiced at one rate, then at another: each run charges the days it
// adds at its own rate, as the godoc says ("what remains × q.Rate").
// 1 200,00 due 31/01, open. At 28/02 at 10 %: 1 200 × 28 = 33 600 × 0,10
// / 365 = 9,2054… = 9,21, and 40,00. At 31/03 at 12,15 %: 1 200 × 31 =
// 37 200 × 0,1215 / 365 = 12,3830… = 12,38. 21,59 in all. The first
// penalty invoice reversed, its 28 days count again at the rate asked:
// 1 200 × 28 = 33 600 × 0,1215 / 365 = 11,1846… = 11,18, and the
// indemnity again.
func TestHrev212RateChangedBetweenRuns(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		res := f.hrev212Invoice(t, d(2, 28), "10")
		require.Len(t, res.Entries, 1)
		first := res.Entries[0]
		assert.Equal(t, "411000 49.21, 763100 -9.21, 758800 -40.00", hrev182Lines(first))
		res = f.hrev212Invoice(t, d(3, 31), "12.15")
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 12.38, 763100 -12.38", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "-21.59", f.balance(t, "763100"))
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev212Query(t, d(3, 31), "12.15")))

		_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: first.ID, Date: d(4, 1)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "C1 FA-1 [1200.00×28] 11.18+40.00; total 51.18", hrev200Show(f.hrev212Query(t, d(3, 31), "12.15")))
	})
}

// Was failing, fixed: a penalty invoice cancelled by a credit note (lettered with it in full) still counts in the dunning row as "invoiced" and the formal notice claims it: expected PenaltiesInvoiced/IndemnitiesInvoiced "0.00 0.00", got "23.57 40.00"
func TestHrev212PenaltyInvoiceCreditedDunning(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		res := f.hrev206Invoice(t, d(3, 31))
		require.Len(t, res.Entries, 1)
		pe := res.Entries[0]
		assert.Equal(t, "411000 63.57, 763100 -23.57, 758800 -40.00", hrev182Lines(pe))
		// The customer disputes them; the company cancels the penalty
		// invoice by a credit note of the same amount, lettered with it.
		cn := f.post(t, journal.Entry{Journal: "VT", Date: d(4, 10), Type: journal.TypeCreditNote, Ref: "AV-PEN", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("-63.57")},
			{Account: "763100", Balance: e("23.57")},
			{Account: "758800", Balance: e("40.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{pe.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "0.00", f.balance(t, "763100"))
		assert.Equal(t, "0.00", f.balance(t, "758800"))
		got := f.hrev212Dunning(t, d(4, 30), "C1")
		// Pending: whatever the credit note means, nothing of the
		// cancelled invoice is invoiced any more.
		assert.Regexp(t, ` 0\.00 0\.00$`, got)
	})
}

// Was failing, fixed: a dunning run dated before a penalty invoice shows no penalties at all: the later invoice is not "invoiced up to the run's date", yet its days are taken off what is pending: expected "11.18 40.00 0.00 0.00" (1 200 × 28 at 28/02), got "0.00 0.00 0.00 0.00"
func TestHrev212DunningBeforePenaltyInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		before := f.hrev212Dunning(t, d(2, 28), "C1")
		assert.Equal(t, "11.18 40.00 0.00 0.00", before)
		res := f.hrev206Invoice(t, d(3, 31))
		require.Len(t, res.Entries, 1)
		// The same run, asked again for 28/02 after the 31/03 invoice:
		// nothing had been invoiced at 28/02.
		assert.Equal(t, before, f.hrev212Dunning(t, d(2, 28), "C1"))
	})
}

// A payment lettered with FA-A, the penalties invoiced, then the payment
// unlettered and lettered with FA-B: FA-A owes its whole life less what
// was invoiced, FA-B owes nothing more and is credited nothing back (as
// the godoc says). Both 1 200,00 due 31/01, payment of 10/02. At 31/03:
// FA-A 1 200 × 10 = 3,99 + 40; FA-B 1 200 × 59 = 23,57 + 40. At 30/04:
// FA-A 1 200 × 89 − 12 000 = 94 800 × 0,1215 / 365 = 31,5567… = 31,56.
func TestHrev212PaymentMovedToAnotherInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.hrev200Inv(t, "C1", "FA-A", d(1, 31), "1200.00")
		b := f.hrev200Inv(t, "C1", "FA-B", d(1, 31), "1200.00")
		pay := f.receive(t, "BQD", "C1", d(2, 10), "1200.00", a)
		res := f.hrev206Invoice(t, d(3, 31))
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 107.56, 763100 -3.99, 758800 -40.00, 763100 -23.57, 758800 -40.00", hrev182Lines(res.Entries[0]))
		f.hrev208Unletter(t, pay)
		var payLine journal.LineRef
		for i, l := range pay.Lines {
			if l.Account == "411000" {
				payLine = pay.LineRef(i)
			}
		}
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{b.LineRef(0), payLine}})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "C1 FA-A [1200.00×79] 31.56+0.00; total 31.56", hrev200Show(f.hrev200Query(t, d(4, 30))))
		res = f.hrev206Invoice(t, d(4, 30))
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 31.56, 763100 -31.56", hrev182Lines(res.Entries[0]))
		// 3,99 + 23,57 + 31,56.
		assert.Equal(t, "-59.12", f.balance(t, "763100"))
		assert.Equal(t, "-80.00", f.balance(t, "758800"))
	})
}

// A dollar invoice invoiced twice, the rate changed between: each run
// brings its own penalties to euros at its date's rate. 1 250,00 USD due
// 31/01, open. At 31/03 at 1,25: 1 250 × 59 = 24,55 USD = 19,64 EUR. At
// 30/04 at 1,10: 1 250 × 30 = 37 500 × 0,1215 / 365 = 12,4828… = 12,48
// USD = 11,3454… = 11,35 EUR.
func TestHrev212ForeignInvoiceRateChanges(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.25")))
		f.post(t, journal.Entry{Journal: "VT", Date: d(1, 2), Type: journal.TypeInvoice, Currency: usd, Ref: "FA-US", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: d(1, 31), AmountCurrency: currency.MustParse(usd, "1250.00"), Balance: e("1000.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-1250.00"), Balance: e("-1000.00")},
		}})
		res := f.hrev206Invoice(t, d(3, 31))
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 59.64, 763100 -19.64, 758800 -40.00", hrev182Lines(res.Entries[0]))
		require.NoError(t, f.book.SetRate(ctx, usd, d(4, 1), currency.MustParseRate("1.10")))
		pen := f.hrev200Query(t, d(4, 30))
		assert.Equal(t, "C1 FA-US [1250.00×30] 11.35+0.00; total 11.35", hrev200Show(pen))
		require.Len(t, pen.Rows, 1)
		assert.Equal(t, "12.48 USD", pen.Rows[0].Items[0].PenaltyCurrency.String())
		res = f.hrev206Invoice(t, d(4, 30))
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 11.35, 763100 -11.35", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "-30.99", f.balance(t, "763100"))
	})
}

// A dollar invoice paid in dollars 10 days late: 1 250 × 10 = 12 500 ×
// 0,1215 / 365 = 4,1609… = 4,16 USD, 3,47 EUR at the rate of the query's
// date, 1,20 (3,4666…).
func TestHrev212ForeignInvoicePaidInDollars(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.25")))
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(1, 2), Type: journal.TypeInvoice, Currency: usd, Ref: "FA-US", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: d(1, 31), AmountCurrency: currency.MustParse(usd, "1250.00"), Balance: e("1000.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-1250.00"), Balance: e("-1000.00")},
		}})
		require.NoError(t, f.book.SetRate(ctx, usd, d(2, 10), currency.MustParseRate("1.20")))
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(2, 10),
			Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "1250.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		f.check(t)
		pen := f.hrev200Query(t, d(3, 31))
		assert.Equal(t, "C1 FA-US [1250.00×10] 3.47+40.00; total 43.47", hrev200Show(pen))
	})
}

// Instalments, the first paid early, the second late: only the second
// counts. 600,00 due 31/01 paid 20/01, 600,00 due 28/02 paid 10/03: 600
// × 10 = 6 000 × 0,1215 / 365 = 1,9972… = 2,00, and 40,00.
func TestHrev212InstalmentsEarlyAndLate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "600.00", d(2, 28), "600.00")
		f.receive(t, "BQD", "C1", d(1, 20), "600.00", inv)
		f.receive(t, "BQD", "C1", d(3, 10), "600.00", inv)
		f.check(t)
		assert.Equal(t, "C1 FA-1 [600.00×10] 2.00+40.00; total 42.00", hrev200Show(f.hrev200Query(t, d(6, 30))))
		// One payment of both on 15/02: the first 15 days late, the
		// second early: 600 × 15 = 9 000 → 2,9958… = 3,00.
		other := f.hrev200Inv(t, "C2", "FA-2", d(1, 31), "600.00", d(2, 28), "600.00")
		f.receive(t, "BQD", "C2", d(2, 15), "1200.00", other)
		assert.Equal(t, "C2 FA-2 [600.00×15] 3.00+40.00; total 43.00", hrev200Show(f.hrev200Query(t, d(6, 30), "C2")))
	})
}

// Credited in part after penalties were invoiced on the full amount: the
// credited part was never owed, so what the whole life owes is 1 000 × 89
// = 89 000 at 30/04, less 70 800 invoiced = 18 200 × 0,1215 / 365 =
// 6,0583… = 6,06; 29,63 in all, as 89 000 once gives; the indemnity is
// not claimed again.
func TestHrev212PartlyCreditedAfterInvoicing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1200.00")
		res := f.hrev206Invoice(t, d(3, 31))
		require.Len(t, res.Entries, 1)
		cn := f.creditNote(t, "C1", d(4, 15), "200.00")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		pen := f.hrev200Query(t, d(4, 30))
		require.Len(t, pen.Rows, 1)
		assert.Equal(t, "6.06", pen.Rows[0].Items[0].Penalty.Plain())
		assert.Equal(t, "0.00", pen.Rows[0].Items[0].Indemnity.Plain())
		f.hrev206Invoice(t, d(4, 30))
		assert.Equal(t, "-29.63", f.balance(t, "763100"))
		assert.Equal(t, "-40.00", f.balance(t, "758800"))
	})
}

// An invoice in a locked period, or in a year closed since, owes its
// penalties all the same: the penalty invoice is dated in an open period
// and the event is recorded on the invoice without posting in the locked
// one. 1 200,00 dated 02/11/2026 due 01/12/2026, open at 31/03/2027: 120
// days, 1 200 × 120 × 0,1215 / 365 = 47,9342… = 47,93.
func TestHrev212InvoiceInClosedYear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev206Inv(t, "C1", "FA-1", d(11, 2), d(12, 1), "1200.00")
		*f.now = journalTimeHrev212(2027, 1, 15)
		_, _, err := f.book.CloseFiscalYear(ctx, "2026", "expert")
		require.NoError(t, err)
		at := journal.MustDate(2027, 3, 31)
		assert.Equal(t, "C1 FA-1 [1200.00×120] 47.93+40.00; total 87.93", hrev200Show(f.hrev200Query(t, at)))
		res := f.hrev206Invoice(t, at)
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "411000 87.93, 763100 -47.93, 758800 -40.00", hrev182Lines(res.Entries[0]))
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, at)))
	})
}

func journalTimeHrev212(y int, m time.Month, day int) time.Time {
	return time.Date(y, m, day, 9, 0, 0, 0, time.UTC)
}
