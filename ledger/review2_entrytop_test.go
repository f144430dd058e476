package ledger

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// TestReview2ReplaysAroundEntryTop: ids equal to the top, descending ids,
// duplicates inside one batch and across lagging batches, and a second
// handle on the same store all replay, never post twice.
func TestReview2ReplaysAroundEntryTop(t *testing.T) {
	for _, be := range stores {
		t.Run(be.Name, func(t *testing.T) {
			st := be.Open(t)
			b := testBook(t, st)
			b2, err := Open(ctx, st, Options{Clock: fixedClock(), Strict: true})
			require.NoError(t, err)
			ids := make([]journal.ID, 40)
			for i := range ids {
				ids[i] = journal.ID(uuid.Must(uuid.NewRandom()))
			}
			slices.SortFunc(ids, func(a, b journal.ID) int { return -bytes.Compare(a[:], b[:]) }) // descending
			mk := func(i int) journal.Entry {
				x := sale("C1", d(2, 1+i%27), "10.00")
				x.ID = ids[i]
				return x
			}
			posted := map[journal.ID]uint64{}
			note := func(res []PostResult) {
				for _, r := range res {
					require.NoError(t, r.Err)
					if n, ok := posted[r.Entry.ID]; ok {
						require.True(t, r.Replay, "%s posted twice", r.Entry.ID)
						require.Equal(t, n, uint64(r.Entry.Number))
					} else {
						require.False(t, r.Replay)
						posted[r.Entry.ID] = uint64(r.Entry.Number)
					}
				}
			}
			// The top first, then ids below it, the top again.
			r, err := b.Post(ctx, mk(0))
			require.NoError(t, err)
			note([]PostResult{r})
			r, err = b2.Post(ctx, mk(0))
			require.NoError(t, err)
			note([]PostResult{r})
			// A lagging batch, with a duplicate inside.
			in := []journal.Entry{mk(1), mk(2), mk(1), mk(0)}
			for i := 3; i < IndexLagMax+10; i++ {
				in = append(in, mk(i%30+3))
			}
			res, err := b.PostBatch(ctx, in, BatchOptions{})
			require.NoError(t, err)
			note(res)
			// Across batches, from the other handle, while lagging.
			res, err = b2.PostBatch(ctx, []journal.Entry{mk(2), mk(33), mk(5), mk(33), mk(0)}, BatchOptions{})
			require.NoError(t, err)
			note(res)
			for i := range 36 {
				r, err := b2.Post(ctx, mk(i))
				require.NoError(t, err)
				note([]PostResult{r})
			}
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				for i := 35; i >= 0; i-- {
					e, replay, err := tx.Post(mk(i))
					if err != nil {
						return err
					}
					note([]PostResult{{Entry: e, Replay: replay}})
				}
				return nil
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}
