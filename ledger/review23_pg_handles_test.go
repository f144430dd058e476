package ledger_test

// Review 23: two handles of one book on PostgreSQL (two stores, as two
// processes) post the same entries (same ids) at once, single and in
// batches, while a third stream posts new ones and a fourth renames a
// partner (the configuration chain each handle caches). Run with
// LETTRAGE_PG_DSN set.

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

// TestReview23TwoHandlesSameIDs: every id is posted once, whichever handle
// gets there first (the other replays the same entry and number); the
// journal is numbered 1..n with no gap or duplicate; Check and Verify pass
// on both handles.
func TestReview23TwoHandlesSameIDs(t *testing.T) {
	ctx := context.Background()
	a := storetest.OpenPostgres(t, pgstore.Options{MaxConns: 6, UpdateAttempts: 50})
	ba := benchBook(t, a)
	addPartners(t, ba, 3)
	st, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: a.Schema(), MaxConns: 6, UpdateAttempts: 50})
	require.NoError(t, err)
	defer st.Close()
	bb, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	books := []*ledger.Book{ba, bb}

	const singles, batches, per = 15, 4, 25
	type got struct {
		id     journal.ID
		number int64
		replay bool
	}
	var mu sync.Mutex
	results := map[journal.ID][]got{}
	keep := func(e journal.Entry, replay bool) {
		mu.Lock()
		defer mu.Unlock()
		results[e.ID] = append(results[e.ID], got{e.ID, e.Number, replay})
	}
	entries := make([]journal.Entry, singles)
	for i := range entries {
		entries[i] = benchEntry(i, "C000000")
		entries[i].ID = journal.NewID()
	}
	batchList := make([][]journal.Entry, batches)
	for i := range batchList {
		for j := 0; j < per; j++ {
			x := benchEntry(1000*(i+1)+j, "C000001")
			x.ID = journal.NewID()
			batchList[i] = append(batchList[i], x)
		}
	}
	var wg sync.WaitGroup
	for _, b := range books {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for _, x := range entries {
				var res ledger.PostResult
				err := mpRetry(func() (err error) { res, err = b.Post(ctx, x); return err })
				if assert.NoError(t, err) {
					keep(res.Entry, res.Replay)
				}
			}
		}()
		go func() {
			defer wg.Done()
			for _, batch := range batchList {
				var res []ledger.PostResult
				err := mpRetry(func() (err error) { res, err = b.PostBatch(ctx, batch, ledger.BatchOptions{}); return err })
				if assert.NoError(t, err) {
					for _, r := range res {
						if assert.NoError(t, r.Err) {
							keep(r.Entry, r.Replay)
						}
					}
				}
			}
		}()
	}
	others := 0
	wg.Add(2)
	go func() { // new entries on B
		defer wg.Done()
		for i := 0; i < 20; i++ {
			x := benchEntry(5000+i, "C000002")
			x.ID = journal.NewID()
			if assert.NoError(t, mpRetry(func() error { _, err := bb.Post(ctx, x); return err })) {
				others++
			}
		}
	}()
	go func() { // configuration changes on A: each moves the chain's head
		defer wg.Done()
		for i := 0; i < 10; i++ {
			code := fmt.Sprintf("N%05d", i)
			assert.NoError(t, mpRetry(func() error { return ba.AddPartner(ctx, ledger.Partner{Code: code, Name: code}) }))
		}
	}()
	wg.Wait()
	require.Len(t, results, singles+batches*per)
	for id, gs := range results {
		if assert.Len(t, gs, 2, "entry %s", id) {
			assert.Equal(t, gs[0].number, gs[1].number, "entry %s: one number", id)
			assert.True(t, gs[0].replay != gs[1].replay, "entry %s: one post and one replay", id)
		}
	}
	seen := map[int64]int{}
	for pe, err := range bb.Entries(ctx, ledger.EntryFilter{Journal: "VT"}) {
		require.NoError(t, err)
		seen[pe.Entry.Number]++
	}
	require.Len(t, seen, singles+batches*per+others)
	for n := int64(1); n <= int64(len(seen)); n++ {
		assert.Equal(t, 1, seen[n], "entry number %d", n)
	}
	for _, b := range books {
		require.NoError(t, b.Check(ctx))
		require.NoError(t, b.Verify(ctx))
	}
}
