package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// TestReviewIdempotencyMixed: caller ids made before a batch's fresh ids
// (below them, above the log's greatest id), repeated after fresh entries,
// with other content, as reversals, in big and small batches, all-or-nothing
// batches retried, and Update: every repeat replays or conflicts, nothing is
// posted twice, and the book passes Check and Verify.
func TestReviewIdempotencyMixed(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			for _, n := range []int{40, 2*IndexLagMax + 7} {
				ids := make([]journal.ID, n)
				for i := range ids {
					ids[i] = journal.NewID() // made before the batch: below its fresh ids
				}
				var in []journal.Entry
				for i := 0; i < n; i++ {
					x := sale("C1", d(4, 1+i%28), "10.00")
					if i%2 == 0 {
						x.ID = ids[i]
					} // odd: fresh id
					in = append(in, x)
				}
				conflict := in[4]
				conflict.Label = "other"
				rev := in[6].Reversal(ids[8], in[6].Date)
				revAgain := rev
				revConflict := in[10].Reversal(ids[8], in[10].Date)
				in = append(in, in[2], conflict, in[(n-2)&^1], rev, revAgain, revConflict, in[(n-4)&^1])
				before := hrLogCount(t, st)
				res, err := b.PostBatch(ctx, in, BatchOptions{})
				require.NoError(t, err)
				for i := 0; i < n; i++ {
					if i == 8 { // its id is the reversal's below: posted first
						continue
					}
					require.NoError(t, res[i].Err, "n %d entry %d", n, i)
					require.False(t, res[i].Replay, "n %d entry %d", n, i)
				}
				tail := res[n:]
				require.True(t, tail[0].Replay)
				require.Equal(t, res[2].Entry.Seq, tail[0].Entry.Seq)
				require.ErrorIs(t, tail[1].Err, ErrIdempotencyConflict)
				require.True(t, tail[2].Replay, "n %d: %+v", n, tail[2])
				// ids[8] was taken by entry 8 (a sale): the reversal under it conflicts
				require.ErrorIs(t, tail[3].Err, ErrIdempotencyConflict, "%v", tail[3])
				require.ErrorIs(t, tail[4].Err, ErrIdempotencyConflict)
				require.ErrorIs(t, tail[5].Err, ErrIdempotencyConflict)
				require.True(t, tail[6].Replay)
				require.Equal(t, before+n, hrLogCount(t, st), "n %d", n)

				// The same batch again, all or nothing: replays and the same conflicts.
				res, err = b.PostBatch(ctx, in[:n], BatchOptions{AllOrNothing: true})
				require.NoError(t, err)
				for i := 0; i < n; i += 2 {
					require.True(t, res[i].Replay, "again: n %d entry %d", n, i)
				}
				require.Equal(t, before+n+n/2, hrLogCount(t, st), "n %d: odd (fresh) entries posted again, caller ids not", n)
			}
			// Update: a new caller id twice in one transaction, the second differing.
			id := journal.NewID()
			x := sale("C2", d(5, 2), "30.00")
			x.ID = id
			y := x
			y.Label = "changed"
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				_, replay, err := tx.Post(x)
				require.NoError(t, err)
				require.False(t, replay)
				_, replay, err = tx.Post(x)
				require.NoError(t, err)
				require.True(t, replay)
				_, _, err = tx.Post(y)
				require.ErrorIs(t, err, ErrIdempotencyConflict)
				return nil
			}))
			r, err := b.Post(ctx, y)
			require.ErrorIs(t, err, ErrIdempotencyConflict, "%v", r)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}
