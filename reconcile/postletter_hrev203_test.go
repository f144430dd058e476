package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a code kept on an invoice (one-sided step) is still returned by KeptLines once the invoice is lettered by hand in part with another payment (open group of the hand lettering): expected no kept line, got [invoice line]
func TestHrev203KeptLinesAfterHandLetteringInPart(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev195Pair(1, "300.00")
		pay.Lines[0].Balance, pay.Lines[1].Balance = e("100.00"), e("-100.00")
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Letter: []journal.LineRef{inv.LineRef(0)}, Code: "AAC"}}})
		require.NoError(t, err)
		assert.Equal(t, []int{1}, out.KeptSteps)
		kept, err := f.rec.KeptLines(ctx, "411000", "C1", "AAC")
		require.NoError(t, err)
		require.Equal(t, []journal.LineRef{inv.LineRef(0)}, kept)

		_, err = f.book.Post(ctx, pay)
		require.NoError(t, err)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}})
		require.NoError(t, err)
		kept, err = f.rec.KeptLines(ctx, "411000", "C1", "AAC")
		require.NoError(t, err)
		assert.Empty(t, kept, "lettered by hand with another line: no longer the kept part of the file's match")
		f.check(t)
	})
}

// Pin: lettered by hand in full, the kept line is no longer returned.
func TestHrev203KeptLinesAfterHandLetteringInFull(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, pay := hrev195Pair(1, "300.00")
		_, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Letter: []journal.LineRef{inv.LineRef(0)}, Code: "AAC"}}})
		require.NoError(t, err)
		_, err = f.book.Post(ctx, pay)
		require.NoError(t, err)
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}})
		require.NoError(t, err)
		require.Len(t, res.Matches, 1)
		assert.Equal(t, "AAA", res.Matches[0].Code, "the kept code is not taken from the counter")
		kept, err := f.rec.KeptLines(ctx, "411000", "C1", "AAC")
		require.NoError(t, err)
		assert.Empty(t, kept)
		f.check(t)
	})
}

// Pin: a one-sided step in an operation with an id is replayed (nothing
// written again, the code still kept); the same id with another Code is
// ErrIdempotencyConflict; a later step completes the match under the
// kept code, and a two-sided step asking it again is skipped.
func TestHrev203OneSidedReplayThenComplete(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		op := journal.NewID()
		inv, pay1 := hrev195Pair(1, "300.00")
		pay1.Lines[0].Balance, pay1.Lines[1].Balance = e("100.00"), e("-100.00")
		_, pay2 := hrev195Pair(2, "200.00")
		req := reconcile.PostLetterRequest{Operation: op, Steps: []reconcile.PostLetterStep{
			{Entry: &inv}, {Letter: []journal.LineRef{inv.LineRef(0)}, Code: "AAB"}}}
		out, err := f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		assert.Equal(t, []int{1}, out.KeptSteps)
		assert.Zero(t, out.Lettered)
		before := f.snapshot(t)
		again, err := f.rec.PostAndLetter(ctx, req)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		f.unchanged(t, before)
		other := req
		other.Steps = []reconcile.PostLetterStep{req.Steps[0], {Letter: req.Steps[1].Letter, Code: "AAC"}}
		_, err = f.rec.PostAndLetter(ctx, other)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)

		// The payments, one-sided, in two later operations.
		out, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &pay1}, {Letter: []journal.LineRef{inv.LineRef(0), pay1.LineRef(1)}, Code: "AAB"}}})
		require.NoError(t, err)
		assert.Equal(t, 1, out.Lettered)
		assert.Empty(t, out.Matches)
		kept, err := f.rec.KeptLines(ctx, "411000", "C1", "AAB")
		require.NoError(t, err)
		assert.Equal(t, []journal.LineRef{inv.LineRef(0)}, kept)
		out, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &pay2}, {Letter: append(kept, pay2.LineRef(1)), Code: "AAB"}}})
		require.NoError(t, err)
		require.Len(t, out.Matches, 1)
		assert.Equal(t, "AAB", out.Matches[0].Code)
		for _, l := range []journal.LineRef{inv.LineRef(0), pay1.LineRef(1), pay2.LineRef(1)} {
			c, prov, err := f.rec.Code(ctx, l)
			require.NoError(t, err)
			assert.False(t, prov)
			assert.Equal(t, "AAB", c)
		}
		// The next hand lettering takes AAA (passed over), then AAC.
		inv3, pay3 := hrev195Pair(5, "50.00")
		for _, en := range []journal.Entry{inv3, pay3} {
			_, err = f.book.Post(ctx, en)
			require.NoError(t, err)
		}
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv3.LineRef(0), pay3.LineRef(1)}})
		require.NoError(t, err)
		require.Len(t, res.Matches, 1)
		assert.NotEqual(t, "AAB", res.Matches[0].Code)
		f.check(t)
	})
}
