package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev211Open posts an invoice of 100,00 to p and a payment of 40,00 (not
// lettered).
func hrev211Open(t *testing.T, f *fixture, p string, day int) (inv, pay journal.Entry) {
	t.Helper()
	inv, _ = hrev198Pair(p, day, "100.00")
	_, pay = hrev198Pair(p, day, "40.00")
	f.post(t, inv)
	f.post(t, pay)
	return inv, pay
}

// A lower-case code on a Letter step leaving an open group is kept on its
// lines apart from the upper-case ones: KeptOpenGroup tells the group
// from one lettered by hand, KeptLines does not find it, and no match
// takes it.
func TestHrev211LowerCaseCodeKept(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev211Open(t, f, "C1", 1)
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: "aaaa"}}})
		require.NoError(t, err)
		assert.Equal(t, 1, out.Lettered)
		kept, err := f.rec.KeptOpenGroup(ctx, inv.LineRef(0))
		require.NoError(t, err)
		assert.True(t, kept, "lettered by a step with a code")
		none, err := f.rec.KeptLines(ctx, "411000", "C1", "AAAA")
		require.NoError(t, err)
		assert.Empty(t, none, "a lower-case code is not an upper-case one")

		own, ownPay := hrev211Open(t, f, "C2", 2)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{own.LineRef(0), ownPay.LineRef(1)}})
		require.NoError(t, err)
		kept, err = f.rec.KeptOpenGroup(ctx, own.LineRef(0))
		require.NoError(t, err)
		assert.False(t, kept, "lettered by hand")
		kept, err = f.rec.KeptOpenGroup(ctx, inv.LineRef(1))
		assert.ErrorIs(t, err, reconcile.ErrNotReconcilable)
		assert.False(t, kept)

		// Completed by hand with a payment of the book's own: no longer
		// the steps' group alone. The match takes the next code.
		_, more := hrev198Pair("C1", 5, "60.00")
		f.post(t, more)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), more.LineRef(1)}})
		require.NoError(t, err)
		assert.Equal(t, "AAA", hrev198Code(t, f, inv.LineRef(0)))
		kept, err = f.rec.KeptOpenGroup(ctx, inv.LineRef(0))
		require.NoError(t, err)
		assert.False(t, kept, "in a match")
		f.check(t)
	})
}

// An open group lettered by a lower-case step and then by hand with a
// line of the book's own is not the steps' group.
func TestHrev211KeptOpenGroupMixed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev211Open(t, f, "C1", 1)
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Letter: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Code: "aab"}}})
		require.NoError(t, err)
		_, more := hrev198Pair("C1", 5, "10.00")
		f.post(t, more)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), more.LineRef(1)}})
		require.NoError(t, err)
		kept, err := f.rec.KeptOpenGroup(ctx, pay.LineRef(1))
		require.NoError(t, err)
		assert.False(t, kept)
		f.check(t)
	})
}

// A lower-case code is for a Letter step only: on a bad debt it is
// refused, nothing written.
func TestHrev211LowerCaseCodeOnBadDebtRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev198Pair("C1", 1, "100.00")
		before := f.snapshot(t)
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {BadDebt: &reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 1)}, Code: "aaa"}}})
		assert.ErrorIs(t, err, reconcile.ErrLetterCode)
		f.unchanged(t, before)
	})
}

// Two Impairment steps of one request for the same customer and closing:
// the second replaces what the first posted, as a second Impair does (a
// reversal and the new figure, no reprise).
func TestHrev211ImpairmentStepsSameClosing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, _ := hrev195Pair(1, "300.00")
		step := func(amount string) reconcile.PostLetterStep {
			return reconcile.PostLetterStep{Impairment: &reconcile.Impairment{Date: d(12, 31),
				Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e(amount)}}}}
		}
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, step("200.00"), step("80.00")}})
		require.NoError(t, err)
		require.Len(t, out.Entries, 3, "the first figure, its reversal, the second figure")
		assert.Equal(t, []int{1, 2, 2}, out.EntrySteps)
		assert.Equal(t, out.Entries[0].ID, out.Entries[1].ReversalOf)
		assert.Equal(t, "-80.00", f.balance(t, "491000"))
		assert.Equal(t, "80.00", f.balance(t, "681740"))
		assert.Equal(t, "0.00", f.balance(t, "781740"))
		f.check(t)
	})
}
