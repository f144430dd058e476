package ledger

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bigBatch is n sales, enough from IndexLagMax on for the pipeline.
func bigBatch(n int) []journal.Entry {
	in := make([]journal.Entry, n)
	for i := range in {
		in[i] = sale([]string{"C1", "C2", "S1"}[i%3], d(3, 1+i%28), fmt.Sprintf("%d.%02d", 10+i, i%100))
	}
	return in
}

// TestPostBatchNumberIndex: every number of a batch large enough for the
// pipeline leads to its own entry. The pipeline once stored each number's
// value as a slice of a recycled job's entry id, which bbolt keeps until
// commit: every number then led to the zero id.
func TestPostBatchNumberIndex(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			res, err := b.PostBatch(ctx, bigBatch(300), BatchOptions{})
			require.NoError(t, err)
			wrong := 0
			for i, r := range res {
				require.NoError(t, r.Err, "entry %d", i)
				got, err := b.EntryByNumber(ctx, r.Entry.Name())
				if !assert.NoError(t, err, "entry %d", i) || got.ID != r.Entry.ID {
					wrong++
				}
			}
			assert.Zero(t, wrong, "numbers of 300 leading elsewhere")
		})
	}
}

// TestOwningCatchesBorrowedIDs brings the batch pipeline's old mistake
// back — index writes that borrow the id of a job recycled before commit —
// and shows that the ownership-checking store refuses the commit on
// memstore, where nothing else would notice: the safety net is tested, not
// assumed.
func TestOwningCatchesBorrowedIDs(t *testing.T) {
	defer lowerBatchIndexLag(t, IndexLagMax)() // the pipeline indexes as it posts
	borrowEntryIDs = true
	t.Cleanup(func() { borrowEntryIDs = false })
	t.Run("owning memstore", func(t *testing.T) {
		// The id index copies the ids it is handed when its writes are
		// applied (they wait for the transaction's end to be written in
		// runs), so a batch that indexes as it posts hands the store no
		// borrowed id.
		b := testBook(t, storetest.Owning(memstore.New()))
		_, err := b.PostBatch(ctx, bigBatch(300), BatchOptions{})
		require.NoError(t, err)
	})
	t.Run("lagging", func(t *testing.T) {
		// A batch that leaves its indexes to lag keeps its index writes
		// for the catch-up, after the pipeline reused its jobs: borrowed
		// ids are then another entry's, and Check finds the id index wrong.
		defer lowerBatchIndexLag(t, 1000)()
		b := testBook(t, memstore.New())
		b.strict = false
		_, err := b.PostBatch(ctx, bigBatch(300), BatchOptions{})
		require.NoError(t, err)
		require.NoError(t, b.Index(ctx))
		require.ErrorContains(t, b.Check(ctx), "id index")
	})
	t.Run("memstore", func(t *testing.T) {
		b := testBook(t, memstore.New())
		res, err := b.PostBatch(ctx, bigBatch(300), BatchOptions{})
		require.NoError(t, err)
		got, err := b.EntryByNumber(ctx, res[0].Entry.Name())
		require.NoError(t, err)
		assert.Equal(t, res[0].Entry.ID, got.ID, "memstore copies what it is given: the mistake is invisible")
	})
	t.Run("boltstore", func(t *testing.T) {
		st, err := boltstore.Open(filepath.Join(t.TempDir(), "book.db"), boltstore.Options{NoSync: true})
		require.NoError(t, err)
		defer st.Close()
		b := testBook(t, st)
		// bbolt copies keys and keeps values as given. The number index
		// once held a borrowed id as its value, and bbolt committed the
		// corruption; its value is now a sequence number, and the ids a
		// batch hands over are keys, which bbolt copies. The owning store
		// above is what catches the mistake whichever slice it reaches.
		_, err = b.PostBatch(ctx, bigBatch(300), BatchOptions{})
		require.NoError(t, err)
	})
}

// TestEntryIsTheCallersCopy: a transaction decodes each entry once and
// keeps it; what Tx.Entry returns is the caller's to change, and changing
// it changes neither later reads in the transaction nor what lettering
// validates against.
func TestEntryIsTheCallersCopy(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			x := mustPost(t, b, sale("C1", d(3, 1), "120.00"))
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				first, err := tx.Entry(x.ID)
				require.NoError(t, err)
				first.Lines[0].Label = "changed"
				first.Lines[0].Partner = "C2"
				first.Lines[0].Balance = e("1.00")
				again, err := tx.Entry(x.ID)
				require.NoError(t, err)
				require.Equal(t, x.Lines[0].Label, again.Lines[0].Label)
				require.Equal(t, "C1", again.Lines[0].Partner)
				require.True(t, again.Lines[0].Balance.Equal(x.Lines[0].Balance))
				r, err := tx.Residual(x.LineRef(0))
				require.NoError(t, err)
				require.True(t, r.Balance.Equal(x.Lines[0].Balance))
				return nil
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}
