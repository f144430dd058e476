package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev195Pair is a EUR invoice of amount to C1 and its payment.
func hrev195Pair(day int, amount string) (inv, pay journal.Entry) {
	inv = journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(3, day), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e(amount)},
		{Account: "706000", Balance: e("-" + amount)}}}
	pay = journal.Entry{ID: journal.NewID(), Journal: "BQD", Date: d(3, day+10), Type: journal.TypePayment, Lines: []journal.Line{
		{Account: "512000", Balance: e(amount)},
		{Account: "411000", Partner: "C1", Balance: e("-" + amount)}}}
	return inv, pay
}

// Letter steps asking for codes out of order, with a gap, get them; the
// next match takes the code after the highest given; a code given
// already is not given twice (the match takes the next one).
func TestHrev195PostAndLetterCodes(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv1, pay1 := hrev195Pair(1, "100.00")
		inv2, pay2 := hrev195Pair(2, "200.00")
		inv3, pay3 := hrev195Pair(3, "300.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv1}, {Entry: &pay1}, {Entry: &inv2}, {Entry: &pay2},
			{Letter: []journal.LineRef{inv1.LineRef(0), pay1.LineRef(1)}, Code: "AAD"},
			{Letter: []journal.LineRef{inv2.LineRef(0), pay2.LineRef(1)}, Code: "AAB"}}})
		require.NoError(t, err)
		code := func(ref journal.LineRef) string {
			c, prov, err := f.rec.Code(ctx, ref)
			require.NoError(t, err)
			assert.False(t, prov)
			return c
		}
		assert.Equal(t, "AAD", code(inv1.LineRef(0)))
		assert.Equal(t, "AAB", code(pay2.LineRef(1)))

		// Asking for AAB again (given): the next code, AAE.
		_, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv3}, {Entry: &pay3},
			{Letter: []journal.LineRef{inv3.LineRef(0), pay3.LineRef(1)}, Code: "AAB"}}})
		require.NoError(t, err)
		assert.Equal(t, "AAE", code(inv3.LineRef(0)))
		f.check(t)
	})
}

// A Code that is not a letter code is refused before anything is
// written. (Fourteen A's is one, since the counter reaches fourteen
// letters: the first version refused it, a code the book can give; past
// the counter's range, fourteen Z's, or fifteen letters, are not.)
func TestHrev195PostAndLetterBadCode(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev195Pair(1, "100.00")
		before := f.snapshot(t)
		for _, c := range []string{"AA", "AAa", "AA1", "ZZZZZZZZZZZZZZ", "AAAAAAAAAAAAAAA"} {
			_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
				{Entry: &inv}, {Entry: &pay},
				{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: c}}})
			assert.ErrorIs(t, err, reconcile.ErrLetterCode, c)
		}
		f.unchanged(t, before)
	})
}

// NotBefore dates the exchange difference a step posts no earlier than
// it; without it, the payment's date.
func TestHrev195PostAndLetterNotBefore(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev186USD()
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay}, {Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, NotBefore: d(5, 2)}}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1)
		assert.Equal(t, d(5, 2), out.Entries[0].Date)

		inv, pay = hrev186USD()
		out, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay}, {Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, NotBefore: d(4, 1)}}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 1)
		assert.Equal(t, d(4, 15), out.Entries[0].Date, "a NotBefore before the natural date changes nothing")
		f.check(t)
	})
}

// A step that posts and letters, or does neither, or gives a code to an
// entry, is refused (ErrStep in a *StepError) before anything is written.
func TestPostAndLetterBadSteps(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		before := f.snapshot(t)
		x := journal.Entry{Journal: "OD", Date: d(3, 2), Lines: []journal.Line{
			{Account: "512000", Balance: e("100.00")}, {Account: "411000", Partner: "C1", Balance: e("-100.00")}}}
		for _, s := range []reconcile.PostLetterStep{
			{},
			{Entry: &x, Letter: []journal.LineRef{inv.LineRef(0)}},
			{Entry: &x, Code: "AAA"},
			{Entry: &x, NotBefore: d(3, 5)},
		} {
			_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{s}})
			var se *reconcile.StepError
			require.ErrorAs(t, err, &se)
			assert.ErrorIs(t, err, reconcile.ErrStep)
			assert.Equal(t, 0, se.Step)
		}
		f.unchanged(t, before)
	})
}

// Off receivable and payable accounts a match has no partner, and its
// lines may name several: a code asked for lines of 471000 naming C1 and
// C2 is given all the same (it was compared with one line's partner).
func TestPostAndLetterCodeOnSuspenseOfTwoPartners(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		in := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 1), Lines: []journal.Line{
			{Account: "512000", Balance: e("100.00")}, {Account: "471000", Partner: "C1", Balance: e("-100.00")}}})
		out := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 2), Lines: []journal.Line{
			{Account: "471000", Partner: "C2", Balance: e("100.00")}, {Account: "512000", Balance: e("-100.00")}}})
		res, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Letter: []journal.LineRef{in.LineRef(1), out.LineRef(0)}, Code: "ABC"}}})
		require.NoError(t, err)
		require.Len(t, res.Matches, 1)
		assert.Equal(t, "ABC", res.Matches[0].Code)
		f.check(t)
	})
}
