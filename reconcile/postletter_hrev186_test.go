package reconcile_test

import (
	"errors"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev186USD is a USD invoice of 1 000,00 booked at 900,00 EUR and its
// payment booked at 950,00 EUR, with their ids: lettering them posts a
// 50,00 exchange gain.
func hrev186USD() (inv, pay journal.Entry) {
	u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
	inv = journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(3, 4), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("900.00"), AmountCurrency: u("1000.00")},
		{Account: "706000", Balance: e("-900.00"), AmountCurrency: u("-1000.00")}}}
	pay = journal.Entry{ID: journal.NewID(), Journal: "BQD", Date: d(4, 15), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
		{Account: "512000", Balance: e("950.00"), AmountCurrency: u("1000.00")},
		{Account: "411000", Partner: "C1", Balance: e("-950.00"), AmountCurrency: u("-1000.00")}}}
	return inv, pay
}

// PostAndLetter says which Letter step posted each entry the lettering
// posted (EntrySteps), and which Letter steps it skipped: what lets the
// CSV import tell which letter code an exchange difference comes from.
func TestHrev186PostAndLetterEntrySteps(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev186USD()
		req := reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay}, {Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}}}}
		out, err := f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		require.Len(t, out.Entries, 1, "the exchange difference")
		assert.Equal(t, journal.TypeExchangeDifference, out.Entries[0].Type)
		assert.Equal(t, []int{2}, out.EntrySteps)
		assert.Empty(t, out.SkippedSteps)

		// The same request again: the entries are replays, the lettering
		// skipped.
		again, err := f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		assert.Empty(t, again.Entries)
		assert.Empty(t, again.EntrySteps)
		assert.Equal(t, []int{2}, again.SkippedSteps)
		f.check(t)
	})
}

// A step that fails is named by a *reconcile.StepError, which wraps the
// reconciler's refusal; nothing is written.
func TestHrev186PostAndLetterStepError(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev186USD()
		before := f.snapshot(t)
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Letter: []journal.LineRef{inv.LineRef(0)}}}})
		var se *reconcile.StepError
		require.True(t, errors.As(err, &se), "%v", err)
		assert.Equal(t, 1, se.Step)
		assert.ErrorIs(t, err, reconcile.ErrNothingToLetter)
		assert.Contains(t, err.Error(), "step 2: ")
		f.unchanged(t, before)
	})
}
