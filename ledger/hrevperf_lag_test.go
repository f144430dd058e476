package ledger

import (
	"context"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review of the lag stash (lagCache): batches that leave their indexes to
// lag, mixed with single posts, reads that catch up, batches that roll
// back after their pipeline ran (a clock the book refuses at flush, an
// AllOrNothing abort), a second handle that indexes what the first one
// stashed, and catch-ups by a batch reaching the lowered limit, make the
// same store as the same entries posted one by one, and pass Check.
func TestReviewLagStashMixed(t *testing.T) {
	defer lowerBatchIndexLag(t, 3*splitPipelined)()
	in := splitEntries(8*splitPipelined + 40)
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			refSt, st := s.Open(t), s.Open(t)
			ref, b := splitBook(t, refSt), splitBook(t, st)
			postInBatches(t, ref, in, 1)
			require.NoError(t, ref.Index(ctx))

			other, err := Open(ctx, st, Options{Currency: eur, Clock: b.clock})
			require.NoError(t, err)
			at := 0
			batch := func(n int) {
				t.Helper()
				postInBatches(t, b, in[at:at+n], n)
				at += n
			}
			single := func(n int) {
				t.Helper()
				postInBatches(t, b, in[at:at+n], 1)
				at += n
			}
			balances := func() {
				t.Helper()
				for _, q := range []BalanceQuery{{Account: "411000"}, {Account: "411000", Partner: "C2"}, {Account: "411000", Currency: usd},
					{Account: "512000", At: journal.MustDate(2026, 6, 30)}} {
					_, err := b.Balance(ctx, q)
					require.NoError(t, err)
				}
			}
			failing := func(n int) {
				t.Helper()
				// Rolled back after its pipeline ran: the clock is refused
				// at flush.
				clock := b.clock
				b.clock = func() time.Time { return time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC) }
				_, err := b.PostBatch(ctx, in[at:at+n], BatchOptions{})
				b.clock = clock
				require.ErrorIs(t, err, ErrClock)
				// Aborted: one refused entry (the last one of the batch
				// is given unbalanced).
				part := append([]journal.Entry(nil), in[at:at+n]...)
				bad := splitSale(journal.NewID(), "C1", journal.MustDate(2026, 5, 5), 1000)
				bad.Lines[0].Balance = bad.Lines[0].Balance.Neg()
				part = append(part, bad)
				res, err := b.PostBatch(ctx, part, BatchOptions{AllOrNothing: true})
				require.NoError(t, err)
				require.ErrorIs(t, res[0].Err, ErrBatchAborted)
				// Cancelled before it commits.
				cctx, cancel := context.WithCancel(ctx)
				cancel()
				_, err = b.PostBatch(cctx, in[at:at+n], BatchOptions{})
				require.Error(t, err)
			}
			batch(splitPipelined)
			single(5)
			failing(splitPipelined)
			batch(splitPipelined)
			b.lagged.mu.Lock()
			runs := len(b.lagged.runs)
			b.lagged.mu.Unlock()
			require.Equal(t, 2, runs, "the batches kept their index writes, the failed ones none")
			balances() // a read catches up
			batch(splitPipelined)
			require.NoError(t, other.Index(ctx)) // the other handle indexes what b stashed
			batch(splitPipelined)
			single(IndexLagMax + 3) // single posts catch up past IndexLagMax
			batch(splitPipelined)
			batch(7) // a small batch: lags without a stash, between two stashed runs
			batch(splitPipelined)
			batch(9)
			failing(splitPipelined)
			batch(splitPipelined) // reaches the limit: catches up as it posts
			batch(len(in) - at)
			require.NoError(t, b.Index(ctx))
			require.NoError(t, b.Check(ctx))
			assert.Equal(t, withoutZeroLag(logicalDump(t, refSt)), withoutZeroLag(logicalDump(t, st)), "stashed catch-ups vs one by one")
		})
	}
}
