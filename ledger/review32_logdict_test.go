// Review 32 (3ac546c): these tests PASS on 3ac546c; they pin properties of
// book format 10 worth keeping (no failing case was found in the time given).

package ledger

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// review32Huge is an entry of n lines: n-1 sales lines and a receivable.
func review32Huge(n int) journal.Entry {
	x := journal.Entry{Journal: "VT", Date: d(2, 3), Type: journal.TypeInvoice}
	for i := 0; i < n-1; i++ {
		x.Lines = append(x.Lines, journal.Line{Account: "706000", Label: fmt.Sprintf("article %d", i), Balance: e("-1.00")})
	}
	x.Lines = append(x.Lines, journal.Line{Account: "411000", Partner: "C1", Balance: e(fmt.Sprintf("%d.00", n-1))})
	return x
}

// Two handles on one store post alternately across sequence 64, one of
// them a huge entry among the first 64 and a batch straddling 64; every
// entry reads back on both, and Check passes.
func TestReview32LogDictTwoHandles(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			a := testBook(t, st)
			bb, err := Open(ctx, st, Options{Clock: fixedClock(), Strict: true})
			require.NoError(t, err)
			var ids []journal.ID
			for i := 0; i < 30; i++ {
				h := []*Book{a, bb}[i%2]
				ids = append(ids, mustPost(t, h, sale("C1", d(1, 1+i%28), fmt.Sprintf("%d.00", 10+i))).ID)
			}
			ids = append(ids, mustPost(t, a, review32Huge(5000)).ID)
			for i := 0; i < 20; i++ {
				h := []*Book{bb, a}[i%2]
				ids = append(ids, mustPost(t, h, receipt("C1", d(2, 1+i%28), "1.00")).ID)
			}
			// seq 52 now; a batch of IndexLagMax+20 straddles 64, then
			// single posts on both handles.
			var xs []journal.Entry
			for i := 0; i < IndexLagMax+20; i++ {
				xs = append(xs, sale("C2", d(3, 1+i%28), fmt.Sprintf("%d.00", 5+i)))
			}
			res, err := bb.PostBatch(ctx, xs, BatchOptions{})
			require.NoError(t, err)
			for _, r := range res {
				require.NoError(t, r.Err)
				ids = append(ids, r.Entry.ID)
			}
			for i := 0; i < 10; i++ {
				h := []*Book{a, bb}[i%2]
				ids = append(ids, mustPost(t, h, sale("S1", d(4, 1+i), "3.00")).ID)
			}
			c, err := Open(ctx, st, Options{Clock: fixedClock(), Strict: true})
			require.NoError(t, err)
			for _, h := range []*Book{a, bb, c} {
				for _, id := range ids {
					_, err := h.Entry(ctx, id)
					require.NoError(t, err)
				}
				require.NoError(t, h.Check(ctx))
			}
			bal, err := c.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C1"})
			require.NoError(t, err)
			want := 0
			for i := 0; i < 30; i++ {
				want += 10 + i
			}
			want += 4999 - 20
			require.Equal(t, fmt.Sprintf("%d.00", want), bal.Balance.Plain())
		})
	}
}
