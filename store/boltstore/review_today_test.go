package boltstore

// Found by `go test ./reconcile` with LETTRAGE_PG_DSN set (a loaded
// machine): TestConcurrentPayments/boltstore failed with "store: data is
// damaged: ... no valid meta page records transaction 13, the one open
// (page 0: 12; page 1: 15)". VerifyStructure (Check, strict mode) reads
// meta page 0 and then meta page 1 with two reads; two commits between
// them (14 onto page 0, 15 onto page 1) leave it with 12 and 15, neither
// the open transaction's 13, one below it: walker.run calls that damage
// (ErrCorrupt) instead of errMetaMoved, and VerifyStructure does not try
// again. TestReviewTodayVerifyWhileWriting shows it without crafting a
// file: VerifyStructure beside four writers reports damage within a few
// hundred calls (milliseconds).

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

func TestReviewTodayVerifyMetaOverwrittenTwiceBetweenReads(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "book.db")
	d, err := Open(path, Options{NoSync: true})
	require.NoError(t, err)
	defer d.Close()
	txid := func() uint64 {
		var n uint64
		require.NoError(t, d.Bolt().View(func(tx *bolt.Tx) error { n = uint64(tx.ID()); return nil }))
		return n
	}
	put := func() {
		require.NoError(t, d.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("b"), []byte("k"), []byte("v")) }))
	}
	for txid() < 12 {
		put()
	}
	require.Equal(t, uint64(12), txid())
	ps := d.Bolt().Info().PageSize
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	// The walk of transaction 13 reads meta page 0 (transaction 12, the
	// one before), then transactions 14 and 15 commit, then it reads meta
	// page 1 (15).
	put() // 13, page 1
	put() // 14, page 0
	put() // 15, page 1
	require.Equal(t, uint64(15), txid())
	seen, err := os.ReadFile(path)
	require.NoError(t, err)
	copy(seen[:ps], before[:ps])
	racy := filepath.Join(t.TempDir(), "seen.db")
	require.NoError(t, os.WriteFile(racy, seen, 0o600))
	f, err := os.Open(racy)
	require.NoError(t, err)
	defer f.Close()
	fi, err := f.Stat()
	require.NoError(t, err)
	w := &walker{ctx: ctx, c: &fileCheck{f: f, path: racy, size: fi.Size()}}
	err = w.run(13)
	require.NotErrorIs(t, err, store.ErrCorrupt, "the meta pages moved on under the walk; the file is sound")
	require.ErrorIs(t, err, errMetaMoved)
}

// TestReviewTodayVerifyWhileWriting: VerifyStructure of a sound file,
// while writers commit, never reports damage.
func TestReviewTodayVerifyWhileWriting(t *testing.T) {
	ctx := context.Background()
	d, err := Open(filepath.Join(t.TempDir(), "book.db"), Options{NoSync: true})
	require.NoError(t, err)
	defer d.Close()
	var stop atomic.Bool
	var wg sync.WaitGroup
	defer func() { stop.Store(true); wg.Wait() }()
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				_ = d.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("b"), []byte{byte(g)}, []byte("v")) })
			}
		}()
	}
	deadline := time.Now().Add(3 * time.Second)
	for n := 1; time.Now().Before(deadline); n++ {
		require.NoError(t, d.VerifyStructure(ctx), "verify %d", n)
	}
}
