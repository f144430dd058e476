package boltstore_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

// r22Dump lists buckets in one View (Get and both Scans must agree).
func r22Dump(t *testing.T, tx store.Tx, buckets ...string) string {
	t.Helper()
	var out bytes.Buffer
	for _, b := range buckets {
		var fwd, rev []string
		require.NoError(t, tx.Scan([]byte(b), nil, nil, false, func(k, v []byte) error {
			fwd = append(fwd, fmt.Sprintf("%s=%x", k, v))
			g, err := tx.Get([]byte(b), k)
			require.NoError(t, err, "Get of scanned key %s/%s", b, k)
			require.Equal(t, v, g)
			return nil
		}))
		require.NoError(t, tx.Scan([]byte(b), nil, nil, true, func(k, v []byte) error {
			rev = append([]string{fmt.Sprintf("%s=%x", k, v)}, rev...)
			return nil
		}))
		require.Equal(t, fwd, rev, "bucket %s: reverse scan", b)
		fmt.Fprintf(&out, "%s: %v\n", b, fwd)
	}
	return out.String()
}

// TestR22LongViewAcrossCompactions: a View that begins, reads, then waits
// while 40 commits (overlay versions past wbKeep, compactions every few)
// land, reads the same at its end.
func TestR22LongViewAcrossCompactions(t *testing.T) {
	db := openWB(t, filepath.Join(t.TempDir(), "l.db"), 10, []byte("w1"))
	defer db.Close()
	put := func(i int) {
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			v := []byte(fmt.Sprint(i))
			for _, k := range []string{"c", fmt.Sprint("k", i%7), fmt.Sprint("n", i)} {
				if err := tx.Put([]byte("w1"), []byte(k), v); err != nil {
					return err
				}
			}
			if i%5 == 0 {
				if err := tx.Delete([]byte("w1"), []byte(fmt.Sprint("n", i-1))); err != nil {
					return err
				}
			}
			return tx.Put([]byte("plain"), []byte("c"), v)
		}))
	}
	for i := 0; i < 8; i++ {
		put(i)
	}
	begun, wrote := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-begun
		for i := 8; i < 48; i++ {
			put(i)
		}
		close(wrote)
	}()
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		first := r22Dump(t, tx, "w1", "plain")
		close(begun)
		<-wrote
		require.Equal(t, first, r22Dump(t, tx, "w1", "plain"), "the View's snapshot changed")
		return nil
	}))
	wg.Wait()
	require.Positive(t, db.WriteBehindStats().Compactions)
}

// TestR22UpdateReadsAfterMidWriteThrough: inside one Update, reads before
// and after the write set outgrows wbBulk (written through in the middle)
// see every write of the Update and every committed one, deletes of keys
// in the trees, in the overlay and in the write set included, and a key
// deleted then put again.
func TestR22UpdateReadsAfterMidWriteThrough(t *testing.T) {
	defer boltstore.SetWBBulk(20)()
	db := openWB(t, filepath.Join(t.TempDir(), "m.db"), 1000, []byte("w1"))
	defer db.Close()
	w1 := []byte("w1")
	// tree: t00..t09 (write-through); overlay: o00..o09.
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
		for i := 0; i < 25; i++ {
			if err := tx.Put(w1, []byte(fmt.Sprintf("t%02d", i)), []byte("tree")); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
		for i := 0; i < 10; i++ {
			if err := tx.Put(w1, []byte(fmt.Sprintf("o%02d", i)), []byte("ov")); err != nil {
				return err
			}
		}
		return nil
	}))
	require.Equal(t, 10, db.WriteBehindStats().Overlay)
	var before, after string
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
		// deletes: in the tree, in the overlay; a put then deleted, a delete then put.
		for _, k := range []string{"t01", "o01", "x"} {
			if k == "x" {
				if err := tx.Put(w1, []byte(k), []byte("ws")); err != nil {
					return err
				}
			}
			if err := tx.Delete(w1, []byte(k)); err != nil {
				return err
			}
		}
		for _, k := range []string{"t02", "o02"} {
			if err := tx.Delete(w1, []byte(k)); err != nil {
				return err
			}
			if err := tx.Put(w1, []byte(k), []byte("again")); err != nil {
				return err
			}
		}
		before = r22Dump(t, tx, "w1")
		// 20 more writes: the write set outgrows wbBulk and writes through.
		for i := 0; i < 20; i++ {
			if err := tx.Put(w1, []byte(fmt.Sprintf("z%02d", i)), []byte("late")); err != nil {
				return err
			}
		}
		require.Equal(t, 10, db.WriteBehindStats().Overlay, "not yet committed: the committed overlay stays")
		after = r22Dump(t, tx, "w1")
		return nil
	}))
	require.Contains(t, before, "t02=")
	require.NotContains(t, before, "t01=")
	require.NotContains(t, before, "o01=")
	require.NotContains(t, before, "x=")
	for i := 0; i < 20; i++ {
		require.Contains(t, after, fmt.Sprintf("z%02d=", i))
	}
	var committed string
	require.NoError(t, db.View(ctx, func(tx store.Tx) error { committed = r22Dump(t, tx, "w1"); return nil }))
	require.Equal(t, after, committed)
	require.Zero(t, db.WriteBehindStats().Overlay)
}

// TestR22FailedUpdatesLeaveNothing: an Update whose function fails after
// writes (with and without a write-through in its middle), whose context
// is cancelled before commit, or that panics, leaves nothing visible, the
// overlay as it was, and nothing after reopen.
func TestR22FailedUpdatesLeaveNothing(t *testing.T) {
	defer boltstore.SetWBBulk(10)()
	path := filepath.Join(t.TempDir(), "f.db")
	db := openWB(t, path, 1000, []byte("w1"))
	w1 := []byte("w1")
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put(w1, []byte("keep"), []byte("1")) }))
	state := func(db *boltstore.DB) string {
		var s string
		require.NoError(t, db.View(ctx, func(tx store.Tx) error { s = r22Dump(t, tx, "w1", "plain"); return nil }))
		return s
	}
	want := state(db)
	stats := db.WriteBehindStats()
	writes := func(tx store.Tx, n int) {
		require.NoError(t, tx.Delete(w1, []byte("keep")))
		for i := 0; i < n; i++ {
			require.NoError(t, tx.Put(w1, []byte(fmt.Sprint("bad", i)), []byte("x")))
			require.NoError(t, tx.Put([]byte("plain"), []byte(fmt.Sprint("bad", i)), []byte("x")))
		}
	}
	for _, n := range []int{3, 30} {
		err := db.Update(ctx, func(tx store.Tx) error { writes(tx, n); return errFail })
		require.ErrorIs(t, err, errFail)
		require.Equal(t, want, state(db), "fn failed, n=%d", n)

		cctx, cancel := context.WithCancel(ctx)
		err = db.Update(cctx, func(tx store.Tx) error { writes(tx, n); cancel(); return nil })
		require.ErrorIs(t, err, context.Canceled)
		require.Equal(t, want, state(db), "ctx cancelled, n=%d", n)

		func() {
			defer func() { require.Equal(t, "boom", recover()) }()
			_ = db.Update(ctx, func(tx store.Tx) error { writes(tx, n); panic("boom") })
		}()
		require.Equal(t, want, state(db), "panicked, n=%d", n)
	}
	require.Equal(t, stats, db.WriteBehindStats(), "failed Updates counted")
	// The store still works, and a reopen (Close compacts; then from a
	// copy holding the log) shows the same.
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put(w1, []byte("after"), []byte("2")) }))
	want = state(db)
	var buf bytes.Buffer
	_, err := db.Backup(ctx, &buf)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	db = openWB(t, path, 1000, []byte("w1"))
	require.Equal(t, want, state(db))
	require.Zero(t, db.WriteBehindStats().Overlay, "Close left a log")
	require.NoError(t, db.Close())
	cp := filepath.Join(t.TempDir(), "copy.db")
	require.NoError(t, os.WriteFile(cp, buf.Bytes(), 0o600))
	for _, wb := range []bool{true, false} {
		db, err := boltstore.Open(cp, boltstore.Options{NoSync: true, WriteBehind: wb})
		require.NoError(t, err)
		require.Equal(t, want, state(db), "copy, wb=%v", wb)
		require.NoError(t, db.Close())
	}
}

// TestR22Stats checks WriteBehindStats against a known sequence.
func TestR22Stats(t *testing.T) {
	db := openWB(t, filepath.Join(t.TempDir(), "s.db"), 1000, []byte("w1"))
	defer db.Close()
	w1 := []byte("w1")
	require.Equal(t, boltstore.WriteBehindStats{}, db.WriteBehindStats())
	for i := 0; i < 3; i++ {
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			return tx.Put(w1, []byte(fmt.Sprint("k", i)), []byte("v"))
		}))
	}
	// An Update writing nothing deferred appends no record.
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("plain"), []byte("k"), []byte("v")) }))
	s := db.WriteBehindStats()
	require.Equal(t, int64(3), s.Records)
	require.Positive(t, s.RecordBytes)
	require.Equal(t, 3, s.Overlay)
	require.Zero(t, s.Compactions)
	require.NoError(t, db.Compact(ctx))
	s = db.WriteBehindStats()
	require.Equal(t, int64(1), s.Compactions)
	require.Equal(t, int64(3), s.Compacted)
	require.Zero(t, s.Overlay)
	// Compact with nothing in the log does nothing.
	require.NoError(t, db.Compact(ctx))
	require.Equal(t, s, db.WriteBehindStats())
}

// TestR22CloseDuringView: Close while a View runs waits for it; the View
// reads its overlay keys to the end; the file holds them after; Compact
// and Update after Close say ErrClosed or nothing.
func TestR22CloseDuringView(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	db := openWB(t, path, 1000, []byte("w1"))
	for i := 0; i < 5; i++ {
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			return tx.Put([]byte("w1"), []byte(fmt.Sprint("k", i)), []byte(fmt.Sprint(i)))
		}))
	}
	inView, closed := make(chan struct{}), make(chan error, 1)
	go func() {
		<-inView
		closed <- db.Close()
	}()
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		first := r22Dump(t, tx, "w1")
		close(inView)
		time.Sleep(100 * time.Millisecond)
		select {
		case err := <-closed:
			t.Errorf("Close returned (%v) while a View ran", err)
		default:
		}
		require.Equal(t, first, r22Dump(t, tx, "w1"))
		return nil
	}))
	require.NoError(t, <-closed)
	require.NoError(t, db.Compact(ctx), "Compact on a closed DB with an empty log")
	require.ErrorIs(t, db.Update(ctx, func(tx store.Tx) error { return nil }), store.ErrClosed)
	require.ErrorIs(t, db.View(ctx, func(tx store.Tx) error { return nil }), store.ErrClosed)
	db = openWB(t, path, 1000)
	defer db.Close()
	require.Zero(t, db.WriteBehindStats().Overlay)
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		for i := 0; i < 5; i++ {
			v, err := tx.Get([]byte("w1"), []byte(fmt.Sprint("k", i)))
			require.NoError(t, err)
			require.Equal(t, fmt.Sprint(i), string(v))
		}
		return nil
	}))
}

// TestR22HintDeferredConcurrent: HintDeferred called while Updates run,
// on buckets already holding keys (in the trees, large values stored
// alone included): every read agrees with what was written.
func TestR22HintDeferredConcurrent(t *testing.T) {
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "h.db"), boltstore.Options{NoSync: true, WriteBehind: true, WriteBehindMax: 40})
	require.NoError(t, err)
	defer db.Close()
	big := bytes.Repeat([]byte("B"), 9000)
	want := map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 50; i++ {
			db.HintDeferred([]byte(fmt.Sprint("b", i%10)))
			time.Sleep(100 * time.Microsecond)
		}
	}()
	for i := 0; i < 300; i++ {
		b := fmt.Sprint("b", i%10)
		k := fmt.Sprint("k", i%23)
		var v []byte
		switch i % 4 {
		case 0:
			v = big
		case 1:
			v = nil
		default:
			v = []byte(fmt.Sprint(i))
		}
		del := i%7 == 0
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			if del {
				return tx.Delete([]byte(b), []byte(k))
			}
			return tx.Put([]byte(b), []byte(k), v)
		}))
		mu.Lock()
		if del {
			delete(want, b+"/"+k)
		} else {
			want[b+"/"+k] = string(v)
		}
		mu.Unlock()
	}
	wg.Wait()
	check := func() {
		got := map[string]string{}
		require.NoError(t, db.View(ctx, func(tx store.Tx) error {
			for i := 0; i < 10; i++ {
				b := fmt.Sprint("b", i)
				require.NoError(t, tx.Scan([]byte(b), nil, nil, false, func(k, v []byte) error {
					got[b+"/"+string(k)] = string(v)
					return nil
				}))
				for j := 0; j < 23; j++ {
					k := fmt.Sprint("k", j)
					v, err := tx.Get([]byte(b), []byte(k))
					if w, ok := want[b+"/"+k]; ok {
						require.NoError(t, err, "%s/%s", b, k)
						require.Equal(t, w, string(v))
					} else {
						require.ErrorIs(t, err, store.ErrNotFound, "%s/%s", b, k)
					}
				}
			}
			return nil
		}))
		require.Equal(t, want, got)
	}
	check()
	require.NoError(t, db.Compact(ctx))
	check()
	require.NoError(t, db.VerifyStructure(ctx))
}

// TestR22LargeValuesThroughOverlay: large values (a page and more) put
// through the overlay, compacted (stored alone), replaced by small values,
// by empty and nil ones, deleted, put again, each step compacted or not,
// with a reopen from a copy holding the log.
func TestR22LargeValuesThroughOverlay(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	db := openWB(t, path, 100000, []byte("w1"))
	w1 := []byte("w1")
	big := func(c byte, n int) []byte { return bytes.Repeat([]byte{c}, n) }
	steps := []struct {
		v   []byte
		del bool
	}{{v: big('a', 4096)}, {v: big('b', 20000)}, {v: []byte("small")}, {v: big('c', 5000)}, {v: []byte{}},
		{v: big('d', 4095)}, {v: big('e', 4097)}, {del: true}, {v: big('f', 8192)}, {v: nil}, {del: true}, {v: big('g', 70000)}}
	for _, compact := range []bool{false, true} {
		for i, s := range steps {
			require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
				if s.del {
					return tx.Delete(w1, []byte("x"))
				}
				if err := tx.Put(w1, []byte("x"), s.v); err != nil {
					return err
				}
				return tx.Put(w1, []byte(fmt.Sprint("y", i)), s.v)
			}))
			if compact {
				require.NoError(t, db.Compact(ctx))
			}
			check := func(db *boltstore.DB, what string) {
				require.NoError(t, db.View(ctx, func(tx store.Tx) error {
					v, err := tx.Get(w1, []byte("x"))
					if s.del {
						require.ErrorIs(t, err, store.ErrNotFound, "%s step %d", what, i)
					} else {
						require.NoError(t, err, "%s step %d", what, i)
						require.NotNil(t, v)
						require.Equal(t, len(s.v), len(v), "%s step %d", what, i)
						require.True(t, bytes.Equal(s.v, v))
					}
					n := 0
					require.NoError(t, tx.Scan(w1, []byte("x"), []byte("y"), false, func(k, v []byte) error {
						n++
						require.True(t, bytes.Equal(s.v, v), "%s step %d scan", what, i)
						return nil
					}))
					if s.del {
						require.Zero(t, n)
					} else {
						require.Equal(t, 1, n)
					}
					return nil
				}))
			}
			check(db, "live")
			var buf bytes.Buffer
			_, err := db.Backup(ctx, &buf)
			require.NoError(t, err)
			cp := filepath.Join(t.TempDir(), "copy.db")
			require.NoError(t, os.WriteFile(cp, buf.Bytes(), 0o600))
			for _, wb := range []bool{true, false} {
				c, err := boltstore.Open(cp, boltstore.Options{NoSync: true, WriteBehind: wb})
				require.NoError(t, err)
				check(c, fmt.Sprintf("copy wb=%v", wb))
				require.NoError(t, c.VerifyStructure(ctx))
				require.NoError(t, c.Close())
			}
		}
	}
	require.NoError(t, db.VerifyStructure(ctx))
	require.NoError(t, db.Close())
}

// TestR22PutSlicesReusedAfterCommit: slices given to Put and changed after
// the commit (they belong to the caller again) change nothing stored,
// whether written behind, through in the middle of the Update, or plain.
func TestR22PutSlicesReusedAfterCommit(t *testing.T) {
	defer boltstore.SetWBBulk(5)()
	db := openWB(t, filepath.Join(t.TempDir(), "o.db"), 1000, []byte("w1"))
	defer db.Close()
	for _, n := range []int{2, 12} {
		keys, vals := make([][]byte, n), make([][]byte, n)
		for _, b := range []string{"w1", "plain"} {
			require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
				for i := 0; i < n; i++ {
					keys[i] = []byte(fmt.Sprintf("%s-%d-%02d", b, n, i))
					vals[i] = []byte(fmt.Sprintf("val-%02d", i))
					if err := tx.Put([]byte(b), keys[i], vals[i]); err != nil {
						return err
					}
				}
				return nil
			}))
			for i := range keys {
				copy(keys[i], "XXXXXXXX")
				copy(vals[i], "YYYYYY")
			}
			require.NoError(t, db.View(ctx, func(tx store.Tx) error {
				for i := 0; i < n; i++ {
					v, err := tx.Get([]byte(b), []byte(fmt.Sprintf("%s-%d-%02d", b, n, i)))
					require.NoError(t, err)
					require.Equal(t, fmt.Sprintf("val-%02d", i), string(v))
				}
				return nil
			}))
		}
	}
}
