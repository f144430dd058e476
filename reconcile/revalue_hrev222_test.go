package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var hrev222USD = currency.MustLookup("USD")

// hrev222Book posts, at 1,10 USD, a USD 1 100.00 invoice to C1 on 1/12
// (1 000.00 EUR), revalues it on 31/12 at 1,00 (+100.00 to 477000) and
// posts a USD 1 100.00 receipt from C1 dated on (the closing date) left
// unapplied: found on January's statement, after the closing.
func hrev222Book(t *testing.T, on journal.Date) (f *fixture, invoice, receipt journal.Entry) {
	t.Helper()
	f, invoice = hrev222Revalued(t)
	receipt = f.post(t, hrev222Receipt("C1", on, "1100.00"))
	return f, invoice, receipt
}

// hrev222Revalued is hrev222Book without the receipt, on a boltstore
// book (whose snapshot proves a refusal wrote nothing).
func hrev222Revalued(t *testing.T) (*fixture, journal.Entry) {
	t.Helper()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	invoice := hrev222Sale(t, f, "C1", d(12, 1), "1100.00")
	res := hrev222Revalue(t, f, "1.00")
	require.Len(t, res.Entries, 2, "the revaluation and its reversal")
	return f, invoice
}

func hrev222Bolt(t *testing.T) store.Store {
	t.Helper()
	for _, b := range storetest.Backends {
		if b.Name == "boltstore" {
			return b.Open(t)
		}
	}
	t.Fatal("no boltstore backend")
	return nil
}

func hrev222Sale(t *testing.T, f *fixture, partner string, date journal.Date, amount string) journal.Entry {
	t.Helper()
	a := currency.MustParse(hrev222USD, amount)
	return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Currency: hrev222USD, Lines: []journal.Line{
		{Account: "411000", Partner: partner, AmountCurrency: a, DueDate: date.AddDays(30)}, {Account: "706000", AmountCurrency: a.Neg()}}})
}

func hrev222Receipt(partner string, date journal.Date, amount string) journal.Entry {
	a := currency.MustParse(hrev222USD, amount)
	return journal.Entry{Journal: "BQD", Date: date, Type: journal.TypePayment, Currency: hrev222USD, Lines: []journal.Line{
		{Account: "512000", AmountCurrency: a}, {Account: "411000", Partner: partner, AmountCurrency: a.Neg()}}}
}

func hrev222Revalue(t *testing.T, f *fixture, rate string) reconcile.Result {
	t.Helper()
	res, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate(rate)}})
	require.NoError(t, err)
	return res
}

// hrev222Balance is the balance of account (of partner, if any) at 31/12.
func hrev222Balance(t *testing.T, f *fixture, account, partner string) string {
	t.Helper()
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account, Partner: partner, At: d(12, 31)})
	require.NoError(t, err)
	return b.Balance.Plain()
}

// An invoice settled on the closing date, lettered after the closing was
// revalued: the balance sheet at that date never shows the revaluation of
// the debt that is gone — the lettering is refused, or the book at the
// date holds no revaluation of C1 and nothing on 477000.
func TestHrev222SettledOnClosingDateShowsNoRevaluation(t *testing.T) {
	t.Parallel()
	f, invoice, receipt := hrev222Book(t, d(12, 31))
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{invoice.LineRef(0), receipt.LineRef(1)}})
	if err == nil {
		assert.Equal(t, "0.00", hrev222Balance(t, f, "411000", "C1"), "C1's debt is settled at 31/12")
		assert.Equal(t, "0.00", hrev222Balance(t, f, "477000", ""), "no unrealised gain on a settled debt")
		return
	}
	assert.ErrorIs(t, err, reconcile.ErrRevalued)
	f.check(t)
}

// hrev222Refused asserts err is ErrRevalued naming the revaluation, and
// that the book is what it was before.
func hrev222Refused(t *testing.T, f *fixture, before string, err error) {
	t.Helper()
	require.ErrorIs(t, err, reconcile.ErrRevalued)
	assert.Contains(t, err.Error(), "OD/2026/00001")
	assert.Contains(t, err.Error(), "2026-12-31")
	f.unchanged(t, before)
	f.check(t)
	assert.Equal(t, "-100.00", hrev222Balance(t, f, "477000", ""), "the revaluation stands")
}

// Each way of settling, or reopening, the revalued invoice on the closing
// date after the closing was revalued is refused, and writes nothing.
func TestHrev222LetteringOnClosingDateAfterRevalueRefused(t *testing.T) {
	t.Parallel()
	usd := func(s string) currency.Amount { return currency.MustParse(hrev222USD, s) }
	for _, tc := range []struct {
		name string
		// prepare posts what the lettering needs; run letters.
		prepare func(t *testing.T, f *fixture, inv journal.Entry) journal.Entry
		run     func(f *fixture, inv, other journal.Entry) error
	}{
		{"payment", nil, func(f *fixture, inv, _ journal.Entry) error {
			_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
				Date: d(12, 31), Method: reconcile.MethodTransfer, Amount: usd("1100.00"), Invoices: []journal.ID{inv.ID}})
			return err
		}},
		{"partial payment", nil, func(f *fixture, inv, _ journal.Entry) error {
			_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
				Date: d(12, 31), Method: reconcile.MethodTransfer, Amount: usd("500.00"), Invoices: []journal.ID{inv.ID}})
			return err
		}},
		{"receipt lettered", func(t *testing.T, f *fixture, _ journal.Entry) journal.Entry {
			return f.post(t, hrev222Receipt("C1", d(12, 31), "1100.00"))
		}, func(f *fixture, inv, rc journal.Entry) error {
			_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rc.LineRef(1)}})
			return err
		}},
		{"bad debt", nil, func(f *fixture, inv, _ journal.Entry) error {
			_, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(12, 31)})
			return err
		}},
		{"doubtful", nil, func(f *fixture, inv, _ journal.Entry) error {
			_, err := f.rec.MoveToDoubtful(ctx, reconcile.DoubtfulMove{Invoice: inv.ID, Date: d(12, 31)})
			return err
		}},
		{"credit note", func(t *testing.T, f *fixture, _ journal.Entry) journal.Entry {
			a := usd("300.00")
			return f.post(t, journal.Entry{Journal: "VT", Date: d(12, 31), Type: journal.TypeCreditNote, Currency: hrev222USD, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", AmountCurrency: a.Neg()}, {Account: "706000", AmountCurrency: a}}})
		}, func(f *fixture, inv, cn journal.Entry) error {
			_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: cn.LineRef(0)})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, inv := hrev222Revalued(t)
			var other journal.Entry
			if tc.prepare != nil {
				other = tc.prepare(t, f, inv)
			}
			before := f.snapshot(t)
			hrev222Refused(t, f, before, tc.run(f, inv, other))
		})
	}
}

// A receipt of 15/12 lettered before the closing is revalued leaves
// 600.00 USD open, revalued; unlettering it then is refused.
func TestHrev222UnletterBeforeClosingAfterRevalueRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	inv := hrev222Sale(t, f, "C1", d(12, 1), "1100.00")
	rc := f.post(t, hrev222Receipt("C1", d(12, 15), "500.00"))
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rc.LineRef(1)}})
	require.NoError(t, err)
	hrev222Revalue(t, f, "1.00")
	assert.Equal(t, "-54.55", hrev222Balance(t, f, "477000", ""), "600.00 USD: 600.00 − 545.45")
	before := f.snapshot(t)
	_, err = f.rec.Unletter(ctx, journal.NoID, rc.LineRef(1))
	require.ErrorIs(t, err, reconcile.ErrRevalued)
	assert.Contains(t, err.Error(), "unlettered on 2026-12-15")
	f.unchanged(t, before)
	_, err = f.rec.CancelPayment(ctx, journal.NoID, rc.ID)
	require.ErrorIs(t, err, reconcile.ErrRevalued, "cancelling the receipt unletters it")
	f.unchanged(t, before)

	// Once the closing is locked, it is final: the unlettering goes on.
	require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(12, 31), "hrev222"))
	_, err = f.rec.Unletter(ctx, journal.NoID, rc.LineRef(1))
	require.NoError(t, err)
	f.check(t)
}

// Dated the day after the closing, the same lettering is accepted: what
// was open at the closing does not change.
func TestHrev222LetteringAfterClosingDateAccepted(t *testing.T) {
	t.Parallel()
	f, inv, rc := hrev222Book(t, journal.MustDate(2027, 1, 1))
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rc.LineRef(1)}})
	require.NoError(t, err)
	f.check(t)
	assert.Equal(t, "1100.00", hrev222Balance(t, f, "411000", "C1"), "still owed at the closing")
	assert.Equal(t, "-100.00", hrev222Balance(t, f, "477000", ""))
	f2, inv2 := hrev222Revalued(t)
	_, err = f2.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv2.ID, Date: journal.MustDate(2027, 1, 1)})
	require.NoError(t, err)
	f2.check(t)
}

// Lettered on the closing date before the closing is revalued: as before,
// the revaluation finds nothing open.
func TestHrev222LetteringBeforeRevalueUnchanged(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	inv := hrev222Sale(t, f, "C1", d(12, 1), "1100.00")
	rc := f.post(t, hrev222Receipt("C1", d(12, 31), "1100.00"))
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rc.LineRef(1)}})
	require.NoError(t, err)
	res := hrev222Revalue(t, f, "1.00")
	assert.Empty(t, res.Entries)
	assert.Equal(t, "0.00", hrev222Balance(t, f, "411000", "C1"))
	assert.Equal(t, "0.00", hrev222Balance(t, f, "477000", ""))
}

// A revaluation of another partner, or of another currency of the same
// partner, does not block a lettering on the closing date.
func TestHrev222OtherPartnerOrCurrencyNotBlocked(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	gbp := currency.MustLookup("GBP")
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(12, 10), currency.MustParseRate("1.00")))
	require.NoError(t, f.book.SetRate(ctx, gbp, d(1, 1), currency.MustParseRate("0.80")))
	hrev222Sale(t, f, "C1", d(12, 1), "1100.00")          // at 1,10: revalued
	inv2 := hrev222Sale(t, f, "C2", d(12, 10), "1000.00") // at 1,00: nothing to revalue
	a := currency.MustParse(gbp, "800.00")                // at 0,80, its closing rate: nothing to revalue
	gb := f.post(t, journal.Entry{Journal: "VT", Date: d(12, 1), Type: journal.TypeInvoice, Currency: gbp, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", AmountCurrency: a}, {Account: "706000", AmountCurrency: a.Neg()}}})
	eurInv := f.invoice(t, "C1", d(12, 1), "500.00")
	res := hrev222Revalue(t, f, "1.00")
	require.Len(t, res.Entries, 2, "C1's USD only")
	_, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv2.ID, Date: d(12, 31)})
	assert.NoError(t, err, "C2 was not revalued")
	_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: gb.ID, Date: d(12, 31)})
	assert.NoError(t, err, "C1's GBP were not revalued")
	f.receive(t, "BQ", "C1", d(12, 31), "500.00", eurInv)
	f.check(t)
}

// The way out the error names: take the revaluation back, letter on the
// closing date, revalue again — the book at the closing shows no
// revaluation of the debt settled then. Undo with Cash is refused.
func TestHrev222UndoLetterRevalueAgain(t *testing.T) {
	t.Parallel()
	f, inv, rc := hrev222Book(t, d(12, 31))
	before := f.snapshot(t)
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Undo: true, Cash: true})
	require.ErrorIs(t, err, reconcile.ErrNotRevaluable)
	f.unchanged(t, before)
	res, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Undo: true})
	require.NoError(t, err)
	require.Len(t, res.Entries, 2, "the take-back and its reversal")
	assert.Equal(t, "0.00", hrev222Balance(t, f, "411000", "C1"), "the invoice and the receipt, at their own rate")
	assert.Equal(t, "0.00", hrev222Balance(t, f, "477000", ""))
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rc.LineRef(1)}})
	require.NoError(t, err)
	res = hrev222Revalue(t, f, "1.00")
	assert.Empty(t, res.Entries, "nothing open at the closing")
	f.check(t)
	assert.Equal(t, "0.00", hrev222Balance(t, f, "411000", "C1"))
	assert.Equal(t, "0.00", hrev222Balance(t, f, "476000", ""))
	assert.Equal(t, "0.00", hrev222Balance(t, f, "477000", ""))
	items, err := f.rec.Revalued(ctx, d(12, 31))
	require.NoError(t, err)
	assert.Len(t, items, 2, "the revaluation and its take-back")
}
