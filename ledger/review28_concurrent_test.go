package ledger

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReview28ConcurrentBatchesPostsReads: lagging batches (their runs
// kept in the Book's lag cache), single posts (group committed) and reads
// (which catch up, taking the runs) run at once on one Book, with a second
// handle indexing now and then; the book passes Check and Verify and its
// 411000 balance is the sum of what was posted.
func TestReview28ConcurrentBatchesPostsReads(t *testing.T) {
	defer lowerBatchIndexLag(t, 4*splitPipelined)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := splitBook(t, st)
			other, err := Open(ctx, st, Options{Currency: eur, Clock: b.clock})
			require.NoError(t, err)
			var mu sync.Mutex
			total := int64(0)
			mk := func(g, i int) journal.Entry {
				cents := int64(1000 + (g*1000+i)%7000)
				return splitSale(journal.NewID(), fmt.Sprintf("C%d", 1+(g+i)%4), journal.MustDate(2026, time.Month(1+i%12), 1+i%28), cents)
			}
			var wg sync.WaitGroup
			for g := 0; g < 2; g++ {
				wg.Add(1)
				go func(g int) {
					defer wg.Done()
					for k := 0; k < 5; k++ {
						in := make([]journal.Entry, splitPipelined)
						for i := range in {
							in[i] = mk(g, k*1000+i)
						}
						res, err := b.PostBatch(ctx, in, BatchOptions{})
						if !assert.NoError(t, err) {
							return
						}
						mu.Lock()
						for i := range res {
							if assert.NoError(t, res[i].Err) {
								total += cents(in[i])
							}
						}
						mu.Unlock()
					}
				}(g)
			}
			for g := 2; g < 4; g++ {
				wg.Add(1)
				go func(g int) {
					defer wg.Done()
					for i := 0; i < 150; i++ {
						x := mk(g, i)
						_, err := b.Post(ctx, x)
						if !assert.NoError(t, err) {
							return
						}
						mu.Lock()
						total += cents(x)
						mu.Unlock()
					}
				}(g)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 15; i++ {
					_, err := b.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C1"})
					assert.NoError(t, err)
					if i%5 == 0 {
						assert.NoError(t, other.Index(ctx))
					}
				}
			}()
			wg.Wait()
			require.NoError(t, b.Index(ctx))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
			bal, err := b.Balance(ctx, BalanceQuery{Account: "411000"})
			require.NoError(t, err)
			assert.Equal(t, currency.FromMinor(eur, total).Plain(), bal.Balance.Plain())
		})
	}
}

func cents(x journal.Entry) int64 {
	n, _ := x.Lines[0].Balance.MinorUnits()
	return n
}
