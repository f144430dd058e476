// Package storetest is the conformance suite every store.Store backend
// passes (RunBackup for those that implement store.Backuper), and the
// wrappers that test a store's callers: Twice proves they survive re-run
// Update functions, Owning that they leave the slices they pass to Put
// alone until commit.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Run runs the conformance suite. open returns a new, empty store; Run
// closes it.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"GetPutDelete", testGetPutDelete},
		{"LargeValues", testLargeValues},
		{"NotFound", testNotFound},
		{"ScanForward", testScanForward},
		{"ScanReverse", testScanReverse},
		{"ScanStops", testScanStops},
		{"Rollback", testRollback},
		{"ReadOnly", testReadOnly},
		{"BadKeys", testBadKeys},
		{"ContextBefore", testContextBefore},
		{"ContextBeforeCommit", testContextBeforeCommit},
		{"Snapshot", testSnapshot},
		{"Serializable", testSerializable},
		{"TxDone", testTxDone},
		{"Twice", testTwice},
		{"Closed", testClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			if tt.name != "Closed" {
				defer func() { _ = s.Close() }()
			}
			tt.fn(t, s)
		})
	}
}

var (
	ctx = context.Background()
	bk  = []byte("b")
)

func put(t *testing.T, s store.Store, kv ...string) {
	t.Helper()
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		for i := 0; i < len(kv); i += 2 {
			if err := tx.Put(bk, []byte(kv[i]), []byte(kv[i+1])); err != nil {
				return err
			}
		}
		return nil
	}))
}

func get(t *testing.T, s store.Store, key string) (string, error) {
	t.Helper()
	var out string
	err := s.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bk, []byte(key))
		out = string(v) // copy: v dies with the transaction
		return err
	})
	return out, err
}

func scan(t *testing.T, s store.Store, from, to string, reverse bool) []string {
	t.Helper()
	var keys []string
	bound := func(x string) []byte {
		if x == "" {
			return nil
		}
		return []byte(x)
	}
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		return tx.Scan(bk, bound(from), bound(to), reverse, func(k, v []byte) error {
			keys = append(keys, string(k)+"="+string(v))
			return nil
		})
	}))
	return keys
}

func testGetPutDelete(t *testing.T, s store.Store) {
	put(t, s, "a", "1", "b", "2")
	v, err := get(t, s, "a")
	require.NoError(t, err)
	assert.Equal(t, "1", v)
	put(t, s, "a", "3")
	v, _ = get(t, s, "a")
	assert.Equal(t, "3", v, "Put replaces")
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		if err := tx.Delete(bk, []byte("a")); err != nil {
			return err
		}
		if err := tx.Delete(bk, []byte("missing")); err != nil {
			return err
		}
		return tx.Delete([]byte("no-bucket"), []byte("x"))
	}))
	_, err = get(t, s, "a")
	assert.ErrorIs(t, err, store.ErrNotFound)
	// An empty value is a value, not an absence.
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, []byte("empty"), nil) }))
	v, err = get(t, s, "empty")
	require.NoError(t, err)
	assert.Equal(t, "", v)
	// Writes are visible to later reads of the same transaction.
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(bk, []byte("in"), []byte("tx")); err != nil {
			return err
		}
		v, err := tx.Get(bk, []byte("in"))
		if err != nil || string(v) != "tx" {
			return fmt.Errorf("read own write: %q %v", v, err)
		}
		return nil
	}))
}

// testLargeValues puts values from a few bytes to a megabyte under the
// same keys in turn, around the page sizes a backend may store apart, and
// reads them back by Get and by scans, in the writing transaction and
// after it.
func testLargeValues(t *testing.T, s store.Store) {
	sizes := []int{0, 10, 1023, 1024, 4095, 4096, 4097, 16384, 65536, 1 << 20}
	value := func(size, round int) []byte {
		v := make([]byte, size)
		for i := range v {
			v[i] = byte(i*7 + round)
		}
		return v
	}
	key := func(i int) []byte { return []byte(fmt.Sprintf("k%02d", i)) }
	check := func(tx store.Tx, round int) {
		for i, size := range sizes {
			size = sizes[(i+round)%len(sizes)]
			v, err := tx.Get(bk, key(i))
			require.NoError(t, err, "key %d, round %d", i, round)
			assert.Equal(t, value(size, round), v, "key %d, round %d: %d bytes", i, round, size)
		}
		for _, reverse := range []bool{false, true} {
			n := 0
			require.NoError(t, tx.Scan(bk, nil, nil, reverse, func(k, v []byte) error {
				i := n
				if reverse {
					i = len(sizes) - 1 - n
				}
				n++
				assert.Equal(t, key(i), k)
				assert.Equal(t, value(sizes[(i+round)%len(sizes)], round), v, "scanned key %d, round %d", i, round)
				return nil
			}))
			assert.Equal(t, len(sizes), n)
		}
	}
	// Each round gives every key the next size: small values become large
	// and large ones small, in the writing transaction and across them.
	for round := 0; round < len(sizes); round++ {
		require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
			for i := range sizes {
				if err := tx.Put(bk, key(i), value(sizes[(i+round)%len(sizes)], round)); err != nil {
					return err
				}
			}
			check(tx, round)
			return nil
		}))
		require.NoError(t, s.View(ctx, func(tx store.Tx) error { check(tx, round); return nil }))
	}
	// A large value put and rolled back leaves the one before.
	last := len(sizes) - 1
	errBack := errors.New("back")
	require.ErrorIs(t, s.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(bk, key(0), value(1<<20, 99)); err != nil {
			return err
		}
		return errBack
	}), errBack)
	require.NoError(t, s.View(ctx, func(tx store.Tx) error { check(tx, last); return nil }))
	// Deleted, large and small alike, they are gone; put again, back.
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		for i := range sizes {
			if err := tx.Delete(bk, key(i)); err != nil {
				return err
			}
		}
		return nil
	}))
	for i := range sizes {
		_, err := get(t, s, string(key(i)))
		assert.ErrorIs(t, err, store.ErrNotFound, "key %d deleted", i)
	}
	assert.Empty(t, scan(t, s, "", "", false))
	put(t, s, "k00", string(value(1<<16, 5)))
	v, err := get(t, s, "k00")
	require.NoError(t, err)
	assert.Equal(t, string(value(1<<16, 5)), v)
}

func testNotFound(t *testing.T, s store.Store) {
	_, err := get(t, s, "x")
	assert.ErrorIs(t, err, store.ErrNotFound, "missing bucket")
	put(t, s, "a", "1")
	_, err = get(t, s, "x")
	assert.ErrorIs(t, err, store.ErrNotFound, "missing key")
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		return tx.Scan([]byte("nope"), nil, nil, false, func(k, v []byte) error { return errors.New("called") })
	}), "scanning a missing bucket scans nothing")
}

func fill(t *testing.T, s store.Store) {
	put(t, s, "a", "1", "b", "2", "c", "3", "d", "4", "e", "5")
	// Another bucket must not leak into scans.
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("other"), []byte("c"), []byte("x")) }))
}

func testScanForward(t *testing.T, s store.Store) {
	fill(t, s)
	assert.Equal(t, []string{"a=1", "b=2", "c=3", "d=4", "e=5"}, scan(t, s, "", "", false))
	assert.Equal(t, []string{"b=2", "c=3"}, scan(t, s, "b", "d", false), "half-open [b, d)")
	assert.Equal(t, []string{"c=3", "d=4", "e=5"}, scan(t, s, "bb", "", false))
	assert.Equal(t, []string{"a=1", "b=2"}, scan(t, s, "", "bb", false))
	assert.Empty(t, scan(t, s, "c", "c", false))
	assert.Empty(t, scan(t, s, "x", "", false))
}

func testScanReverse(t *testing.T, s store.Store) {
	fill(t, s)
	assert.Equal(t, []string{"e=5", "d=4", "c=3", "b=2", "a=1"}, scan(t, s, "", "", true))
	assert.Equal(t, []string{"c=3", "b=2"}, scan(t, s, "b", "d", true), "half-open [b, d) backwards")
	assert.Equal(t, []string{"b=2", "a=1"}, scan(t, s, "", "bb", true), "floor lookup below bb")
	assert.Equal(t, []string{"e=5"}, scan(t, s, "dd", "zz", true))
	assert.Equal(t, []string{"e=5", "d=4"}, scan(t, s, "d", "", true))
	assert.Empty(t, scan(t, s, "0", "a", true))
}

func testScanStops(t *testing.T, s store.Store) {
	fill(t, s)
	stop := errors.New("stop")
	for _, reverse := range []bool{false, true} {
		n := 0
		err := s.View(ctx, func(tx store.Tx) error {
			return tx.Scan(bk, nil, nil, reverse, func(k, v []byte) error {
				n++
				if n == 2 {
					return stop
				}
				return nil
			})
		})
		assert.ErrorIs(t, err, stop)
		assert.Equal(t, 2, n)
	}
}

func testRollback(t *testing.T, s store.Store) {
	put(t, s, "a", "1")
	boom := errors.New("boom")
	err := s.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(bk, []byte("a"), []byte("2")); err != nil {
			return err
		}
		if err := tx.Put([]byte("new"), []byte("k"), []byte("v")); err != nil {
			return err
		}
		if err := tx.Delete(bk, []byte("a")); err != nil {
			return err
		}
		return boom
	})
	assert.ErrorIs(t, err, boom)
	v, err := get(t, s, "a")
	require.NoError(t, err)
	assert.Equal(t, "1", v)
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		_, err := tx.Get([]byte("new"), []byte("k"))
		assert.ErrorIs(t, err, store.ErrNotFound, "bucket created in a rolled-back tx")
		return nil
	}))
}

func testReadOnly(t *testing.T, s store.Store) {
	put(t, s, "a", "1")
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		assert.ErrorIs(t, tx.Put(bk, []byte("a"), []byte("2")), store.ErrReadOnly)
		assert.ErrorIs(t, tx.Delete(bk, []byte("a")), store.ErrReadOnly)
		return nil
	}))
}

func testBadKeys(t *testing.T, s store.Store) {
	huge := make([]byte, store.KeyMax+1)
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		assert.ErrorIs(t, tx.Put(nil, []byte("k"), nil), store.ErrBadKey)
		assert.ErrorIs(t, tx.Put(bk, nil, nil), store.ErrBadKey)
		assert.ErrorIs(t, tx.Put(bk, huge, nil), store.ErrBadKey)
		_, err := tx.Get(bk, []byte{})
		assert.ErrorIs(t, err, store.ErrBadKey)
		return nil
	}))
}

func testContextBefore(t *testing.T, s store.Store) {
	c, cancel := context.WithCancel(ctx)
	cancel()
	called := false
	err := s.Update(c, func(tx store.Tx) error { called = true; return nil })
	assert.ErrorIs(t, err, context.Canceled)
	err = s.View(c, func(tx store.Tx) error { called = true; return nil })
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, called)
}

func testContextBeforeCommit(t *testing.T, s store.Store) {
	c, cancel := context.WithCancel(ctx)
	err := s.Update(c, func(tx store.Tx) error {
		cancel()
		return tx.Put(bk, []byte("a"), []byte("1"))
	})
	assert.ErrorIs(t, err, context.Canceled)
	_, err = get(t, s, "a")
	assert.ErrorIs(t, err, store.ErrNotFound, "cancelled before commit rolls back")
}

func testSnapshot(t *testing.T, s store.Store) {
	put(t, s, "a", "1")
	inView := make(chan struct{})
	written := make(chan struct{})
	var seen string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = s.View(ctx, func(tx store.Tx) error {
			close(inView)
			<-written
			v, err := tx.Get(bk, []byte("a"))
			seen = string(v)
			return err
		})
	}()
	<-inView
	// bbolt may need to remap while a reader is open only when the file
	// grows; one small put does not, so this cannot deadlock.
	put(t, s, "a", "2")
	close(written)
	wg.Wait()
	assert.Equal(t, "1", seen, "a View reads the snapshot it started with")
	v, _ := get(t, s, "a")
	assert.Equal(t, "2", v)
}

func increment(s store.Store) error {
	return s.Update(ctx, func(tx store.Tx) error {
		n := 0
		if v, err := tx.Get(bk, []byte("n")); err == nil {
			n = int(v[0])<<8 | int(v[1])
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		n++
		return tx.Put(bk, []byte("n"), []byte{byte(n >> 8), byte(n)})
	})
}

func counter(t *testing.T, s store.Store) int {
	v, err := get(t, s, "n")
	require.NoError(t, err)
	return int(v[0])<<8 | int(v[1])
}

func testSerializable(t *testing.T, s store.Store) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				assert.NoError(t, increment(s))
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 200, counter(t, s), "no lost update")
}

func testTxDone(t *testing.T, s store.Store) {
	var kept store.Tx
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { kept = tx; return nil }))
	assert.ErrorIs(t, kept.Put(bk, []byte("a"), nil), store.ErrTxDone)
	_, err := kept.Get(bk, []byte("a"))
	assert.ErrorIs(t, err, store.ErrTxDone)
}

func testTwice(t *testing.T, s store.Store) {
	tw := Twice(s)
	runs := 0
	require.NoError(t, tw.Update(ctx, func(tx store.Tx) error { runs++; return nil }))
	assert.Equal(t, 2, runs)
	for range 3 {
		require.NoError(t, increment(tw))
	}
	assert.Equal(t, 3, counter(t, s), "the first run of each Update is rolled back")
	boom := errors.New("boom")
	assert.ErrorIs(t, tw.Update(ctx, func(tx store.Tx) error { return boom }), boom)
}

func testClosed(t *testing.T, s store.Store) {
	require.NoError(t, s.Close())
	assert.ErrorIs(t, s.Update(ctx, func(tx store.Tx) error { return nil }), store.ErrClosed)
	assert.ErrorIs(t, s.View(ctx, func(tx store.Tx) error { return nil }), store.ErrClosed)
}
