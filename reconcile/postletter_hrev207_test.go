package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A kept line lettered in part by hand with another line is not the
// code's; the hand lettering undone, it is again, and a later step
// letters it under the kept code.
func TestHrev207KeptLinesAfterHandLetteringUndone(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev195Pair(1, "300.00")
		pay.Lines[0].Balance, pay.Lines[1].Balance = e("100.00"), e("-100.00")
		_, pay2 := hrev195Pair(2, "300.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Letter: []journal.LineRef{inv.LineRef(0)}, Code: "AAC"}}})
		require.NoError(t, err)
		_, err = f.book.Post(ctx, pay)
		require.NoError(t, err)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}})
		require.NoError(t, err)
		kept, err := f.rec.KeptLines(ctx, "411000", "C1", "AAC")
		require.NoError(t, err)
		assert.Empty(t, kept)

		_, err = f.rec.Unletter(ctx, journal.NewID(), pay.LineRef(1))
		require.NoError(t, err)
		kept, err = f.rec.KeptLines(ctx, "411000", "C1", "AAC")
		require.NoError(t, err)
		require.Equal(t, []journal.LineRef{inv.LineRef(0)}, kept)
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &pay2}, {Letter: append(kept, pay2.LineRef(1)), Code: "AAC"}}})
		require.NoError(t, err)
		require.Len(t, out.Matches, 1)
		assert.Equal(t, "AAC", out.Matches[0].Code)
		f.check(t)
	})
}
