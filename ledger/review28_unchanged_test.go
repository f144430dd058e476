package ledger

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReview28NothingWrittenLeavesTheFile: on boltstore as the CLI opens
// it, the book operations that write nothing — batches of refused entries
// (small, and large enough for the pipeline), replays of posted entries
// one by one and in a batch, a refused Post, a refused reversal, an Index
// with nothing lagging, reads — leave the file byte for byte, Close
// included (DESIGN §7.10; the boltstore rule of today). And a real write
// after them is kept.
func TestReview28NothingWrittenLeavesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	b := splitBook(t, st)
	in := splitEntries(40)
	first := postInBatches(t, b, in, 1)
	require.NoError(t, b.Index(ctx))
	require.NoError(t, st.Close())
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	refused := func(n int) []journal.Entry {
		out := make([]journal.Entry, n)
		for i := range out {
			x := splitSale(journal.NewID(), "C1", journal.MustDate(2026, 4, 1), 1200)
			x.Lines[0].Balance = x.Lines[0].Balance.Neg()
			out[i] = x
		}
		return out
	}
	var posted []journal.Entry
	for i := range in {
		if first[i].Err == nil && !first[i].Replay {
			posted = append(posted, in[i])
		}
	}
	ops := []struct {
		name string
		fn   func(b *Book)
	}{
		{"a small batch of refused entries", func(b *Book) {
			res, err := b.PostBatch(ctx, refused(3), BatchOptions{})
			require.NoError(t, err)
			require.Error(t, res[0].Err)
		}},
		{"a pipelined batch of refused entries", func(b *Book) {
			res, err := b.PostBatch(ctx, refused(IndexLagMax+5), BatchOptions{})
			require.NoError(t, err)
			require.Error(t, res[0].Err)
		}},
		{"an AllOrNothing batch with a refused entry", func(b *Book) {
			x := append(refused(1), splitSale(journal.NewID(), "C2", journal.MustDate(2026, 4, 1), 1200))
			res, err := b.PostBatch(ctx, x, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			require.Error(t, res[1].Err)
		}},
		{"a refused Post", func(b *Book) {
			_, err := b.Post(ctx, refused(1)[0])
			require.Error(t, err)
		}},
		{"a replayed Post", func(b *Book) {
			res, err := b.Post(ctx, posted[0])
			require.NoError(t, err)
			require.True(t, res.Replay)
		}},
		{"a batch of replays", func(b *Book) {
			res, err := b.PostBatch(ctx, posted, BatchOptions{})
			require.NoError(t, err)
			for i := range res {
				require.True(t, res[i].Replay, "entry %d: %v", i, res[i].Err)
			}
		}},
		{"a refused reversal", func(b *Book) {
			_, err := b.Reverse(ctx, journal.NewID(), ReverseOptions{})
			require.Error(t, err)
		}},
		{"an Index with nothing lagging, and reads", func(b *Book) {
			require.NoError(t, b.Index(ctx))
			_, err := b.Balance(ctx, BalanceQuery{Account: "411000"})
			require.NoError(t, err)
			_, err = b.OpenItems(ctx, "411000", "C1")
			require.NoError(t, err)
		}},
	}
	for _, op := range ops {
		st, err := boltstore.Open(path, boltstore.Options{})
		require.NoError(t, err)
		b, err := Open(ctx, st, Options{Currency: eur, Clock: b.clock})
		require.NoError(t, err)
		op.fn(b)
		require.NoError(t, st.Close())
		after, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(before, after), "%s changed the book file", op.name)
		before = after
	}

	st, err = boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	b, err = Open(ctx, st, Options{Currency: eur, Clock: b.clock})
	require.NoError(t, err)
	x := mustPost(t, b, splitSale(journal.NewID(), "C3", journal.MustDate(2026, 4, 2), 3600))
	require.NoError(t, st.Close())
	st, err = boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	b, err = Open(ctx, st, Options{Currency: eur, Clock: b.clock})
	require.NoError(t, err)
	got, err := b.Entry(ctx, x.ID)
	require.NoError(t, err)
	assert.Equal(t, x.Hash, got.Hash)
	require.NoError(t, b.Check(ctx))
	require.NoError(t, st.Close())
}
