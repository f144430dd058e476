package reconcile_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

var hrev256GBP = currency.MustLookup("GBP")

// hrev256Bill posts a supplier bill in cur of amount to partner on 401000.
func hrev256Bill(t *testing.T, f *fixture, partner string, date journal.Date, cur currency.Currency, amount string) journal.Entry {
	t.Helper()
	a := currency.MustParse(cur, amount)
	return f.post(t, journal.Entry{Journal: "AC", Date: date, Type: journal.TypeInvoice, Currency: cur, Lines: []journal.Line{
		{Account: "607000", AmountCurrency: a}, {Account: "401000", Partner: partner, AmountCurrency: a.Neg(), DueDate: date.AddDays(30)}}})
}

// hrev256Close closes 2026 in January 2027.
func hrev256Close(t *testing.T, f *fixture) error {
	t.Helper()
	*f.now = time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC)
	_, _, err := f.rec.CloseFiscalYear(ctx, "2026", "me")
	return err
}

// Was failing, fixed: Revalue on 31/12 (every receivable and payable account, USD at
// 1.00) revalued C1's USD 1 100.00 invoice on 411000; a USD 1 100.00
// supplier bill of S1 dated 20/12 is posted afterwards on 401000, which
// then held no USD item. Revalue run again would post −100.00 on S1's
// 401000 (1 000.00 → 1 100.00 owed) with 100.00 to 476000, so the year's
// revaluation no longer holds: CloseFiscalYear should return
// ErrStaleRevaluation (naming 401000, S1, −100.00); it closes the year,
// the debt at its historical rate on the balance sheet. staleRevaluation
// looks only at the accounts the revaluation entries of the day have
// lines on, while Revalue (Accounts empty) covers every receivable and
// payable account. PCG art. 420-5: every foreign debt is converted at the
// closing rate; the doc of CloseFiscalYear promises the refusal for
// "items posted since".
func TestHrev256CloseStaleBillOnAnotherAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	hrev222Sale(t, f, "C1", d(12, 1), "1100.00")
	hrev222Revalue(t, f, "1.00")
	hrev256Bill(t, f, "S1", d(12, 20), hrev222USD, "1100.00")

	err := hrev256Close(t, f)
	require.ErrorIs(t, err, reconcile.ErrStaleRevaluation, "S1's USD bill on 401000 is not revalued")
	var se *reconcile.StaleRevaluationError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "401000", se.Account)
	assert.Equal(t, "S1", se.Partner)
	assert.Equal(t, "-100.00", se.Missing.Plain())
}

// Was failing, fixed: Revalue on 31/12 was given USD=1.00 and GBP=0.80; only USD
// items were open (C1's invoice). A GBP 800.00 invoice to C2 dated 15/12
// (at 0.85: 941.18) is posted afterwards: Revalue for the day at the
// rates it was given would post +58.82 (800 / 0.80 = 1 000.00). The
// closing lets the year through: the check reads the rates only from the
// entries a revaluation posted, not from the run's request (which records
// them), so a currency that had no open item then is never looked at —
// though Revalue revalues every foreign currency (at the book's rate when
// none is given), and the balance sheet shows the GBP invoice at its
// historical rate, what ErrStaleRevaluation exists to refuse.
func TestHrev256CloseStaleNewCurrencyOfTheRun(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	require.NoError(t, f.book.SetRate(ctx, hrev256GBP, d(1, 1), currency.MustParseRate("0.85")))
	hrev222Sale(t, f, "C1", d(12, 1), "1100.00")
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{
		"USD": currency.MustParseRate("1.00"), "GBP": currency.MustParseRate("0.80")}})
	require.NoError(t, err)
	a := currency.MustParse(hrev256GBP, "800.00")
	f.post(t, journal.Entry{Journal: "VT", Date: d(12, 15), Type: journal.TypeInvoice, Currency: hrev256GBP, Lines: []journal.Line{
		{Account: "411000", Partner: "C2", AmountCurrency: a, DueDate: d(12, 31)}, {Account: "706000", AmountCurrency: a.Neg()}}})

	err = hrev256Close(t, f)
	require.ErrorIs(t, err, reconcile.ErrStaleRevaluation, "C2's GBP invoice is not revalued at the run's 0.80")
}

// Was failing, fixed: USD items on 411000 (C1) and 401000 (S1) are revalued on 31/12
// at 1.00; the revaluation of 401000 alone is then taken back (Undo,
// Accounts 401000), C1's stands. A USD 220.00 invoice to C2 dated 31/12
// is posted on 411000: Revalue at 1.00 would post +20.00 for it. The
// closing goes through: staleRevaluation keeps one "last revaluation" per
// currency, and the Undo entry of 401000, posted last and recording no
// rate, makes it skip USD on every account, 411000 included, whose
// revaluation still stands at 1.00 (the refusal the doc promises: items
// posted since that a standing revaluation did not revalue).
func TestHrev256CloseStaleAfterUndoOfAnotherAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	hrev222Sale(t, f, "C1", d(12, 1), "1100.00")
	hrev256Bill(t, f, "S1", d(12, 2), hrev222USD, "1100.00")
	hrev222Revalue(t, f, "1.00")
	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Undo: true, Accounts: []string{"401000"}})
	require.NoError(t, err)
	require.Equal(t, "1100.00", hrev222Balance(t, f, "411000", "C1"), "C1's revaluation stands")
	hrev222Sale(t, f, "C2", d(12, 31), "220.00")

	err = hrev256Close(t, f)
	require.ErrorIs(t, err, reconcile.ErrStaleRevaluation, "C2's invoice is not revalued at 1.00 while C1's is")
}

// Pins: a year revalued at 1.10 then corrected to 1.00 (a second run),
// with a provision and the cash (Cash), on 411000 and 401000, and a
// foreign invoice settled in full before the closing, closes: nothing
// posted since is not stale.
func TestHrev256CloseCorrectedRateProvisionCashCloses(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	inv := hrev222Sale(t, f, "C1", d(11, 1), "550.00")
	rcpt := f.post(t, hrev222Receipt("C1", d(11, 20), "550.00"))
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rcpt.LineRef(1)}})
	require.NoError(t, err)
	hrev222Sale(t, f, "C2", d(12, 1), "1100.00")
	hrev256Bill(t, f, "S1", d(12, 2), hrev222USD, "2200.00")
	for _, r := range []string{"1.10", "1.05", "1.00"} {
		_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Provision: true, Cash: true,
			Rates: map[string]currency.Rate{"USD": currency.MustParseRate(r)}})
		require.NoError(t, err)
	}
	require.NoError(t, hrev256Close(t, f))
	f.check(t)
}

// Pins: an invoice revalued on 31/12 (C1, USD 1 100.00, +100.00 at 1.00)
// reversed afterwards by an entry dated 31/12 (ledger.Book.Reverse,
// nothing lettered): the revaluation of C1 on 411000 no longer holds
// (−100.00 missing), and the closing refuses the year; run again, it
// closes, C1 at nothing.
func TestHrev256CloseStaleAfterReversal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	inv := hrev222Sale(t, f, "C1", d(12, 1), "1100.00")
	hrev222Revalue(t, f, "1.00")
	_, err := f.book.Reverse(ctx, inv.ID, ledgerReverseAt(d(12, 31)))
	require.NoError(t, err)

	err = hrev256Close(t, f)
	require.ErrorIs(t, err, reconcile.ErrStaleRevaluation)
	var se *reconcile.StaleRevaluationError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "C1", se.Partner)
	assert.Equal(t, "-100.00", se.Missing.Plain())
	hrev222Revalue(t, f, "1.00")
	require.NoError(t, hrev256Close(t, f))
	loss, gain := hrev222Balance(t, f, "476000", ""), hrev222Balance(t, f, "477000", "")
	assert.Equal(t, "0.00", hrev222Balance(t, f, "411000", "C1"), "the cancelled invoice is worth nothing (476000 %s, 477000 %s)", loss, gain)
	f.check(t)
}

func ledgerReverseAt(date journal.Date) ledger.ReverseOptions {
	return ledger.ReverseOptions{Date: date}
}
