package ledger

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWriteInsideLinesLoop posts inside a Lines loop on a bbolt file mapped
// small, so that the writes must grow the file and remap it. If the iterator
// held a read transaction across yield, the remap would wait for it forever.
func TestWriteInsideLinesLoop(t *testing.T) {
	st, err := boltstore.Open(filepath.Join(t.TempDir(), "grow.db"), boltstore.Options{NoSync: true, InitialMmapSize: 32 << 10})
	require.NoError(t, err)
	defer st.Close()
	b := testBook(t, st)
	b.strict = false
	var batch []journal.Entry
	for i := 0; i < 600; i++ {
		batch = append(batch, sale("C1", d(1, 1+i%28), "12.00"))
	}
	_, err = b.PostBatch(ctx, batch, BatchOptions{})
	require.NoError(t, err)
	before, err := st.SizeOnDisk()
	require.NoError(t, err)

	seen := 0
	for item, err := range b.Lines(ctx, LineFilter{Account: "706000"}) {
		require.NoError(t, err)
		seen++
		if seen%3 == 0 {
			x := sale("C2", d(6, 1), fmt.Sprintf("%d.00", 12*seen))
			x.Label = strings.Repeat("x", 1000) // big entries grow the file fast
			for i := range x.Lines {
				x.Lines[i].Label = x.Label
			}
			_, err := b.Post(ctx, x)
			require.NoError(t, err)
		}
		_ = item
	}
	after, err := st.SizeOnDisk()
	require.NoError(t, err)
	assert.Greater(t, after, before, "the file grew during the loop")
	assert.GreaterOrEqual(t, seen, 600)
	require.NoError(t, b.Check(ctx))
}

func TestLinesFilters(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	mustPost(t, b, sale("C1", d(1, 10), "12.00"))
	mustPost(t, b, sale("C2", d(2, 10), "24.00"))
	mustPost(t, b, sale("C1", d(3, 10), "36.00"))
	count := func(f LineFilter) (n int) {
		for _, err := range b.Lines(ctx, f) {
			require.NoError(t, err)
			n++
		}
		return n
	}
	assert.Equal(t, 3, count(LineFilter{Account: "411000"}))
	assert.Equal(t, 2, count(LineFilter{Account: "411000", Partner: "C1"}))
	assert.Equal(t, 1, count(LineFilter{Account: "411000", Partner: "C1", From: d(2, 1)}))
	assert.Equal(t, 2, count(LineFilter{Account: "706000", From: d(2, 10), To: d(3, 10)}))
	assert.Equal(t, 2, count(LineFilter{Partner: "C1"}))
	for _, err := range b.Lines(ctx, LineFilter{}) {
		assert.Error(t, err)
	}
	items, err := b.OpenItems(ctx, "411000", "C1")
	require.NoError(t, err)
	require.Len(t, items, 2)
	assert.Equal(t, "VT/2026/00001", items[0].Number)
	assert.Equal(t, "12.00", items[0].Residual.Balance.Plain())
	all, err := b.OpenItems(ctx, "411000", "")
	require.NoError(t, err)
	assert.Len(t, all, 3)
	_, err = b.OpenItems(ctx, "706000", "")
	assert.ErrorIs(t, err, ErrNotReconcilable)
}

func TestConcurrentPostsGroupCommit(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			b.strict = false
			var wg sync.WaitGroup
			names := make(chan string, 400)
			for w := 0; w < 8; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < 50; i++ {
						res, err := b.Post(ctx, sale("C1", d(1, 5), "1.20"))
						assert.NoError(t, err)
						names <- res.Entry.Name()
					}
				}()
			}
			wg.Wait()
			close(names)
			seen := map[string]bool{}
			for n := range names {
				assert.False(t, seen[n], "number %s given twice", n)
				seen[n] = true
			}
			assert.Len(t, seen, 400)
			assert.True(t, seen["VT/2026/00400"])
			require.NoError(t, b.Check(ctx))
		})
	}
}

// TestLinesToTheLastDate: a filter ending on the last date a Date holds
// still returns the lines up to it.
func TestLinesToTheLastDate(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			mustPost(t, b, sale("C1", d(3, 5), "12.00"))
			for _, to := range []journal.Date{journal.MustDate(9999, 12, 30), journal.MustDate(9999, 12, 31)} {
				n := 0
				for _, err := range b.Lines(ctx, LineFilter{Account: "411000", To: to}) {
					require.NoError(t, err)
					n++
				}
				require.Equal(t, 1, n, "lines up to %s", to)
			}
		})
	}
}

// updateCountingStore counts the write transactions a book commits.
type updateCountingStore struct {
	store.Store
	updates atomic.Int64
}

func (c *updateCountingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	c.updates.Add(1)
	return c.Store.Update(ctx, fn)
}

// TestGroupCommitYieldsOnlyWhenCrowded: a lone writer posting one entry
// after another leads groups of one, and its next group does not yield
// the processor first (nobody is there to join it); eight writers at once
// still share commits.
func TestGroupCommitYieldsOnlyWhenCrowded(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := &updateCountingStore{Store: s.Open(t)}
			b := testBook(t, st)
			b.strict = false
			for range 3 {
				mustPost(t, b, sale("C1", d(1, 5), "1.20"))
				b.group.mu.Lock()
				crowded := b.group.crowded
				b.group.mu.Unlock()
				assert.False(t, crowded, "a lone writer's group had company")
			}
			before := st.updates.Load()
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range 50 {
						_, err := b.Post(ctx, sale("C1", d(1, 5), "1.20"))
						assert.NoError(t, err)
					}
				}()
			}
			wg.Wait()
			commits := st.updates.Load() - before
			assert.Less(t, commits, int64(400), "eight writers share commits")
			t.Logf("400 posts of eight writers in %d commits", commits)
			require.NoError(t, b.Check(ctx))
		})
	}
}
