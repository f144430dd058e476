// Review 32 (3ac546c): these tests PASS on 3ac546c; they pin properties of
// book format 10 worth keeping (no failing case was found in the time given).

package ledger

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// A batch that holds one caller's entry twice (a client retrying inside
// its own batch) posts it once: the second is a Replay, and the id index
// stays valid, with runs, past sequence 64.
func TestReview32BatchDuplicateID(t *testing.T) {
	t.Parallel()
	for _, n := range []int{10, IndexLagMax + 30} {
		for _, s := range stores {
			t.Run(fmt.Sprintf("%d/%s", n, s.Name), func(t *testing.T) {
				st := s.Open(t)
				b := testBook(t, st)
				for i := 0; i < 70; i++ {
					mustPost(t, b, sale("C2", d(1, 1+i%28), "2.00"))
				}
				var xs []journal.Entry
				for i := 0; i < n; i++ {
					x := sale("C1", d(2, 1+i%28), fmt.Sprintf("%d.00", 5+i))
					x.ID = journal.NewID()
					xs = append(xs, x)
				}
				xs = append(xs, xs[n/2], xs[0], xs[n-1])
				res, err := b.PostBatch(ctx, xs, BatchOptions{})
				require.NoError(t, err)
				for i := n; i < len(xs); i++ {
					require.NoError(t, res[i].Err)
					require.True(t, res[i].Replay, "duplicate %d", i)
				}
				require.NoError(t, b.Check(ctx))
				b2, err := Open(ctx, st, Options{Clock: fixedClock(), Strict: true})
				require.NoError(t, err)
				for _, x := range xs {
					r, err := b2.Post(ctx, x)
					require.NoError(t, err)
					require.True(t, r.Replay)
				}
				require.NoError(t, b2.Check(ctx))
			})
		}
	}
}
