package ledger_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReviewTodayOneBookConcurrentWriters: one Book on PostgreSQL, whose
// Updates run side by side and are retried, lends its index write arrays
// (txScratch) to single posts (group commits), small batches that lag,
// batches large enough to run the pipeline and catch up, and Index, all at
// once. Every entry is numbered once and Check and Verify find nothing
// (run it under -race too).
func TestReviewTodayOneBookConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	st := storetest.OpenPostgres(t, pgstore.Options{MaxConns: 8, UpdateAttempts: 50})
	bk := benchBook(t, st)
	addPartners(t, bk, 4)
	var wg sync.WaitGroup
	var mu sync.Mutex
	posted := 0
	add := func(n int) { mu.Lock(); posted += n; mu.Unlock() }
	for w := 0; w < 4; w++ {
		p := fmt.Sprintf("C%06d", w)
		wg.Add(3)
		go func() { // single posts
			defer wg.Done()
			for i := 0; i < 20; i++ {
				e := benchEntry(w*100000+i, p)
				e.ID = journal.NewID()
				err := mpRetry(func() error { _, err := bk.Post(ctx, e); return err })
				if assert.NoError(t, err) {
					add(1)
				}
			}
		}()
		go func() { // batches: small ones lag, large ones run the pipeline
			defer wg.Done()
			for i, n := range []int{10, 300, 5, 400} {
				batch := make([]journal.Entry, n)
				for j := range batch {
					batch[j] = benchEntry(w*100000+10000*(i+1)+j, p)
					batch[j].ID = journal.NewID()
				}
				var res []ledger.PostResult
				err := mpRetry(func() (err error) { res, err = bk.PostBatch(ctx, batch, ledger.BatchOptions{}); return err })
				if assert.NoError(t, err) {
					for _, r := range res {
						assert.NoError(t, r.Err)
					}
					add(n)
				}
			}
		}()
		go func() { // catch-ups
			defer wg.Done()
			for i := 0; i < 5; i++ {
				assert.NoError(t, mpRetry(func() error { return bk.Index(ctx) }))
			}
		}()
	}
	wg.Wait()
	seen := map[int64]int{}
	for pe, err := range bk.Entries(ctx, ledger.EntryFilter{Journal: "VT"}) {
		require.NoError(t, err)
		seen[pe.Entry.Number]++
	}
	require.Len(t, seen, posted)
	for n := int64(1); n <= int64(posted); n++ {
		assert.Equal(t, 1, seen[n], "entry number %d", n)
	}
	require.NoError(t, bk.Check(ctx))
	require.NoError(t, bk.Verify(ctx))
}
