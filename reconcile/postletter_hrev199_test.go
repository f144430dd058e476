package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A match lettered in three operations, as period files bring it: the
// invoice and a first payment asking AAD stay open and keep the code;
// a second payment alone (one side) keeps nothing but the code; the
// third operation names the kept lines with the last payment and
// completes the match under AAD.
func TestHrev199PostAndLetterKeepsCodeOfOpenGroup(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay1 := hrev195Pair(1, "300.00")
		pay1.Lines[0].Balance, pay1.Lines[1].Balance = e("100.00"), e("-100.00")
		_, pay2 := hrev195Pair(2, "200.00")
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Entry: &pay1},
			{Letter: []journal.LineRef{inv.LineRef(0), pay1.LineRef(1)}, Code: "AAD"}}})
		require.NoError(t, err)
		assert.Equal(t, 1, out.Lettered)
		kept, err := f.rec.KeptLines(ctx, "411000", "C1", "AAD")
		require.NoError(t, err)
		assert.Equal(t, []journal.LineRef{inv.LineRef(0)}, kept, "the open line of the group keeps the code")
		none, err := f.rec.KeptLines(ctx, "411000", "C2", "AAD")
		require.NoError(t, err)
		assert.Empty(t, none, "on another partner")

		// The second payment alone: nothing lettered, the code kept.
		out, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &pay2}, {Letter: []journal.LineRef{pay2.LineRef(1)}, Code: "AAD"}}})
		require.NoError(t, err)
		assert.Equal(t, []int{1}, out.KeptSteps)
		assert.Zero(t, out.Lettered)
		kept, err = f.rec.KeptLines(ctx, "411000", "C1", "AAD")
		require.NoError(t, err)
		assert.ElementsMatch(t, []journal.LineRef{inv.LineRef(0), pay2.LineRef(1)}, kept)

		out, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Letter: kept, Code: "AAD"}}})
		require.NoError(t, err)
		assert.Equal(t, 1, out.Lettered)
		c, prov, err := f.rec.Code(ctx, pay1.LineRef(1))
		require.NoError(t, err)
		assert.False(t, prov)
		assert.Equal(t, "AAD", c)
		kept, err = f.rec.KeptLines(ctx, "411000", "C1", "AAD")
		require.NoError(t, err)
		assert.Empty(t, kept, "lettered: no line left open")
		f.check(t)

		_, err = f.rec.KeptLines(ctx, "411000", "C1", "abcd")
		assert.ErrorIs(t, err, reconcile.ErrLetterCode)
	})
}
