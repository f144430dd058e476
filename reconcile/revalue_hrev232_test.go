package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev232HandRevaluation is a revaluation of C1's USD items posted by
// hand on 31/12: +50.00 to 411000 against 477000.
func hrev232HandRevaluation() journal.Entry {
	zero := currency.Zero(hrev222USD)
	return journal.Entry{Journal: "OD", Date: d(12, 31), Type: journal.TypeRevaluation, Currency: hrev222USD, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("50.00"), AmountCurrency: zero},
		{Account: "477000", Balance: e("-50.00"), AmountCurrency: zero}}}
}

// A revaluation posted by hand for the closing is one of its
// revaluations, as Undo takes it back: standing, it refuses the lettering
// of the closing day; taken back by Undo, the lettering goes through.
func TestHrev232HandRevaluationGuardsUntilUndone(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	inv := hrev222Sale(t, f, "C1", d(12, 1), "1100.00")
	f.post(t, hrev232HandRevaluation())
	rc := f.post(t, hrev222Receipt("C1", d(12, 31), "1100.00"))
	before := f.snapshot(t)
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rc.LineRef(1)}})
	require.ErrorIs(t, err, reconcile.ErrRevalued)
	f.unchanged(t, before)

	res, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Undo: true})
	require.NoError(t, err)
	require.Len(t, res.Entries, 2, "the hand revaluation taken back, and that reversed the next day")
	assert.Equal(t, "0.00", hrev222Balance(t, f, "477000", ""))
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rc.LineRef(1)}})
	require.NoError(t, err)
	f.check(t)
}

// A revaluation posted by hand and reversed the same day revalues
// nothing: the lettering of that day goes through.
func TestHrev232HandRevaluationReversedSameDay(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	inv := hrev222Sale(t, f, "C1", d(12, 1), "1100.00")
	hand := f.post(t, hrev232HandRevaluation())
	_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: hand.ID, Date: d(12, 31)})
	require.NoError(t, err)
	rc := f.post(t, hrev222Receipt("C1", d(12, 31), "1100.00"))
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rc.LineRef(1)}})
	require.NoError(t, err)
	f.check(t)
}

// hrev232Settled: C1's USD 1 100.00 invoice of 1/12 (1 000.00 at 1,10)
// lettered with a receipt of 15/12 worth EUR amount; C2's USD 1 100.00
// open; the closing of 31/12 revalued at 1,00 (C2's only).
func hrev232Settled(t *testing.T, amount string) (*fixture, journal.Entry) {
	t.Helper()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	inv := hrev222Sale(t, f, "C1", d(12, 1), "1100.00")
	rc := f.post(t, journal.Entry{Journal: "BQ", Date: d(12, 15), Type: journal.TypePayment, Lines: []journal.Line{
		{Account: "512000", Balance: e(amount)}, {Account: "411000", Partner: "C1", Balance: e("-" + amount)}}})
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rc.LineRef(1)}})
	require.NoError(t, err)
	hrev222Sale(t, f, "C2", d(12, 1), "1100.00")
	res := hrev222Revalue(t, f, "1.00")
	require.Len(t, res.Entries, 2, "C2's revaluation and its reversal")
	return f, rc
}

// Unlettering on the closing day an item the closing found settled, of a
// revalued account, reopens a debt the closing did not revalue: refused,
// nothing written; taken back by Undo, the unlettering goes through.
func TestHrev232UnletterSettledOfRevaluedAccount(t *testing.T) {
	t.Parallel()
	f, rc := hrev232Settled(t, "1000.00")
	before := f.snapshot(t)
	_, err := f.rec.Unletter(ctx, journal.NoID, rc.LineRef(1))
	require.ErrorIs(t, err, reconcile.ErrRevalued)
	assert.ErrorContains(t, err, "that the closing of 2026-12-31 revalued")
	f.unchanged(t, before)
	_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Undo: true})
	require.NoError(t, err)
	_, err = f.rec.Unletter(ctx, journal.NoID, rc.LineRef(1))
	require.NoError(t, err)
	f.check(t)
}

// An item already at the closing rate changes nothing the closing
// revalued, settled or reopened: the unlettering goes through.
func TestHrev232UnletterSettledAtClosingRate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	hrev222Sale(t, f, "C2", d(12, 1), "1100.00") // the closing revalues C2's
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(12, 10), currency.MustParseRate("1.00")))
	inv := hrev222Sale(t, f, "C1", d(12, 10), "1100.00") // 1 100.00 at 1,00, the closing rate
	rc := f.post(t, hrev222Receipt("C1", d(12, 15), "1100.00"))
	_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rc.LineRef(1)}})
	require.NoError(t, err)
	res := hrev222Revalue(t, f, "1.00")
	require.Len(t, res.Entries, 2)
	_, err = f.rec.Unletter(ctx, journal.NoID, rc.LineRef(1))
	require.NoError(t, err)
	assert.Equal(t, "-100.00", hrev222Balance(t, f, "477000", ""))
	f.check(t)
}

// A PostAndLetter request that posts a closing's revaluation and letters
// the lines it holds lettered, on or before the closing (a book moved
// with its closing), goes through; a later lettering on the closing day
// is refused as after Revalue.
func TestHrev232PostAndLetterWithRevaluation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, hrev222Bolt(t))
	require.NoError(t, f.book.SetRate(ctx, hrev222USD, d(1, 1), currency.MustParseRate("1.10")))
	a := currency.MustParse(hrev222USD, "1100.00")
	inv := journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(12, 1), Type: journal.TypeInvoice, Currency: hrev222USD, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", AmountCurrency: a}, {Account: "706000", AmountCurrency: a.Neg()}}}
	half := hrev222Receipt("C1", d(12, 15), "500.00")
	half.ID = journal.NewID()
	// USD 600.00 open at the closing, booked 545.45, worth 600.00 at 1,00.
	reval := journal.Entry{ID: journal.NewID(), Journal: "OD", Date: d(12, 31), Type: journal.TypeRevaluation, Currency: hrev222USD, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("54.55"), AmountCurrency: currency.Zero(hrev222USD)},
		{Account: "477000", Balance: e("-54.55"), AmountCurrency: currency.Zero(hrev222USD)}}}
	_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
		{Entry: &inv}, {Entry: &half}, {Entry: &reval},
		{Letter: []journal.LineRef{inv.LineRef(0), half.LineRef(1)}},
	}})
	require.NoError(t, err)
	assert.Equal(t, "600.00", hrev222Balance(t, f, "411000", "C1"))

	rc := f.post(t, hrev222Receipt("C1", d(12, 31), "600.00"))
	before := f.snapshot(t)
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rc.LineRef(1)}})
	require.ErrorIs(t, err, reconcile.ErrRevalued)
	f.unchanged(t, before)
	f.check(t)
}
