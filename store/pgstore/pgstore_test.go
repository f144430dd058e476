package pgstore_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ctx = context.Background()

// TestMain runs nothing without a server, and says once how to run them.
func TestMain(m *testing.M) {
	if os.Getenv(storetest.PostgresDSNVar) == "" {
		fmt.Println("skip: " + storetest.PostgresSkip)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func open(t *testing.T) *pgstore.DB { return storetest.OpenPostgres(t, pgstore.Options{}) }

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t) })
}

func TestConformanceSerializableViews(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return storetest.OpenPostgres(t, pgstore.Options{SerializableViews: true})
	})
}

// TestByteOrder proves keys compare bytewise, unsigned, shorter first on a
// common prefix: the order bbolt and memstore keep.
func TestByteOrder(t *testing.T) {
	s := open(t)
	keys := [][]byte{{0x00}, {0x00, 0x00}, {0x01}, {'B'}, {'a'}, {'a', 0x00}, {'a', 'b'}, {0x7f}, {0x80}, {0xfe, 0xff}, {0xff}, {0xff, 0x00}}
	shuffled := append([][]byte(nil), keys...)
	for i := range shuffled {
		j := (i*7 + 3) % len(shuffled)
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	}
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		for _, k := range shuffled {
			if err := tx.Put([]byte("b"), k, k); err != nil {
				return err
			}
		}
		return nil
	}))
	var fwd, rev [][]byte
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		if err := tx.Scan([]byte("b"), nil, nil, false, func(k, v []byte) error { fwd = append(fwd, k); return nil }); err != nil {
			return err
		}
		return tx.Scan([]byte("b"), nil, nil, true, func(k, v []byte) error { rev = append(rev, k); return nil })
	}))
	assert.Equal(t, keys, fwd)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	assert.Equal(t, keys, rev)
}

// TestScanPages scans ranges that span several pages, both ways, and
// stops in the middle of one.
func TestScanPages(t *testing.T) {
	s := open(t)
	const n = 3000
	key := func(i int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(i)) }
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		for i := range n {
			if err := tx.Put([]byte("b"), key(i), key(i*3)); err != nil {
				return err
			}
		}
		return tx.Put([]byte("c"), key(5), nil) // a neighbour bucket never leaks in
	}))
	for _, c := range []struct {
		from, to int // -1: open
		reverse  bool
	}{{-1, -1, false}, {-1, -1, true}, {17, 2900, false}, {17, 2900, true}, {100, 101, true}, {2999, -1, false}, {-1, 1, true}} {
		var lo, hi []byte
		want := []int{}
		first, last := 0, n
		if c.from >= 0 {
			lo, first = key(c.from), c.from
		}
		if c.to >= 0 {
			hi, last = key(c.to), c.to
		}
		for i := first; i < last; i++ {
			want = append(want, i)
		}
		if c.reverse {
			for i, j := 0, len(want)-1; i < j; i, j = i+1, j-1 {
				want[i], want[j] = want[j], want[i]
			}
		}
		got := []int{}
		require.NoError(t, s.View(ctx, func(tx store.Tx) error {
			return tx.Scan([]byte("b"), lo, hi, c.reverse, func(k, v []byte) error {
				i := int(binary.BigEndian.Uint32(k))
				if !bytes.Equal(v, key(3*i)) {
					return errors.New("value differs")
				}
				got = append(got, i)
				return nil
			})
		}))
		assert.Equal(t, want, got, "%+v", c)
	}
	// fn may read other keys while a scan is under way.
	seen := 0
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		return tx.Scan([]byte("b"), nil, nil, false, func(k, v []byte) error {
			if _, err := tx.Get([]byte("c"), key(5)); err != nil {
				return err
			}
			seen++
			if seen == 700 {
				return tx.Put([]byte("c"), key(6), k)
			}
			return nil
		})
	}))
	assert.Equal(t, n, seen)
}

// TestRetryGivesUp makes every run of an Update lose to a transaction that
// commits in the middle of it: Update runs the function UpdateAttempts
// times and returns a *ConflictError, and nothing of it is committed.
//
// The inner Update never conflicts, so it runs at once although the
// outer one, retrying, holds the book's writer queue.
func TestRetryGivesUp(t *testing.T) {
	s := storetest.OpenPostgres(t, pgstore.Options{UpdateAttempts: 3})
	bk := []byte("b")
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, []byte("x"), []byte("0")) }))
	runs := 0
	err := s.Update(ctx, func(tx store.Tx) error {
		runs++
		if _, err := tx.Get(bk, []byte("x")); err != nil {
			return err
		}
		// Another transaction changes x and commits meanwhile.
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, []byte("x"), []byte{byte('0' + runs)}) }); err != nil {
			return err
		}
		return tx.Put(bk, []byte("x"), []byte("lost"))
	})
	var ce *pgstore.ConflictError
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, pgstore.ErrConflict)
	assert.Equal(t, 3, ce.Attempts)
	assert.Equal(t, 3, runs)
	assert.Contains(t, err.Error(), "40001")
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bk, []byte("x"))
		assert.Equal(t, "3", string(v))
		return err
	}))
}

// TestRetrySwallowed: a function that swallows the serialization failure
// of a statement and returns nil still does not commit; it runs again.
func TestRetrySwallowed(t *testing.T) {
	s := open(t)
	bk := []byte("b")
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, []byte("x"), []byte("0")) }))
	runs := 0
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		runs++
		if _, err := tx.Get(bk, []byte("x")); err != nil {
			return err
		}
		if runs == 1 {
			if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, []byte("x"), []byte("other")) }); err != nil {
				return err
			}
		}
		_ = tx.Put(bk, []byte("x"), []byte("mine")) // fails on the first run; ignored on purpose
		return nil
	}))
	assert.Equal(t, 2, runs)
}

// TestConcurrentBooks: many goroutines increment counters on two schemas
// of one database; each keeps its own.
func TestTwoBooksOneDatabase(t *testing.T) {
	a, b := open(t), open(t)
	require.NotEqual(t, a.Schema(), b.Schema())
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			for range 10 {
				assert.NoError(t, s.Update(ctx, func(tx store.Tx) error {
					v, err := tx.Get([]byte("b"), []byte("n"))
					if errors.Is(err, store.ErrNotFound) {
						v, err = []byte{0}, nil
					}
					if err != nil {
						return err
					}
					return tx.Put([]byte("b"), []byte("n"), []byte{v[0] + 1})
				}))
			}
		}()
	}
	wg.Wait()
	for _, s := range []*pgstore.DB{a, b} {
		require.NoError(t, s.View(ctx, func(tx store.Tx) error {
			v, err := tx.Get([]byte("b"), []byte("n"))
			assert.Equal(t, []byte{20}, v)
			return err
		}))
	}
}

func TestDurable(t *testing.T) {
	s := open(t)
	var fsync, syncCommit string
	require.NoError(t, s.Pool().QueryRow(ctx, `SELECT current_setting('fsync'), current_setting('synchronous_commit')`).Scan(&fsync, &syncCommit))
	assert.Equal(t, fsync == "on" && syncCommit != "off", s.Durable(), "fsync=%s synchronous_commit=%s", fsync, syncCommit)
	n, err := s.SizeOnDisk()
	require.NoError(t, err)
	assert.Positive(t, n)
}

// TestWriteBuffer: an Update reads its own buffered writes, overwrites and
// deletes included, through Get and Scan; a buffer that fills up is sent
// on the way; the caller's slices are copied, not kept.
func TestWriteBuffer(t *testing.T) {
	s := open(t)
	bk := []byte("b")
	key := func(i int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(i)) }
	const n = 10000 // more than one buffer's worth
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		buf := make([]byte, 4)
		for i := range n {
			binary.BigEndian.PutUint32(buf, uint32(i))
			if err := tx.Put(bk, buf, buf); err != nil { // the same slices every time
				return err
			}
		}
		if err := tx.Put(bk, key(5), []byte("five")); err != nil {
			return err
		}
		if err := tx.Delete(bk, key(6)); err != nil {
			return err
		}
		if err := tx.Put(bk, key(7), nil); err != nil {
			return err
		}
		if err := tx.Delete(bk, key(7)); err != nil {
			return err
		}
		if err := tx.Put(bk, key(8), nil); err != nil {
			return err
		}
		for k, want := range map[int]string{5: "five", 8: "", 9: string(key(9))} {
			v, err := tx.Get(bk, key(k))
			if err != nil || string(v) != want {
				return fmt.Errorf("get %d: %q %v", k, v, err)
			}
		}
		for _, k := range []int{6, 7} {
			if _, err := tx.Get(bk, key(k)); !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("deleted %d: %v", k, err)
			}
		}
		seen := 0
		if err := tx.Scan(bk, key(4), key(10), false, func(k, v []byte) error { seen++; return nil }); err != nil {
			return err
		}
		if seen != 4 { // 4, 5, 8, 9
			return fmt.Errorf("scan saw %d keys", seen)
		}
		return nil
	}))
	count := 0
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		return tx.Scan(bk, nil, nil, false, func(k, v []byte) error {
			i := int(binary.BigEndian.Uint32(k))
			switch {
			case i == 5 && string(v) == "five", i == 8 && len(v) == 0:
			case i == 6 || i == 7:
				return fmt.Errorf("deleted key %d committed", i)
			case !bytes.Equal(k, v):
				return fmt.Errorf("key %d holds %x", i, v)
			}
			count++
			return nil
		})
	}))
	assert.Equal(t, n-2, count)
}

// TestConnLost ends the session of a running Update and of a running View
// from the server side, as an administrator's pg_terminate_backend or a
// server restart would: the next statement returns an error matching
// ErrConnLost (not a *ConflictError: a lost session is not retried as a
// serialization failure), the function runs once, nothing is committed,
// and the store's next transaction works on a new connection.
func TestConnLost(t *testing.T) {
	s := open(t)
	kv := pgx.Identifier{s.Schema(), "kv"}.Sanitize()
	terminate := func() {
		// The session to end is the one holding a lock on this test's
		// table: other tests' sessions are left alone.
		var n int
		require.NoError(t, s.Pool().QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM
			(SELECT DISTINCT pid FROM pg_locks WHERE relation = $1::regclass AND pid <> pg_backend_pid()) l`, kv).Scan(&n))
		require.Equal(t, 1, n, "sessions ended")
	}
	runs := 0
	err := s.Update(ctx, func(tx store.Tx) error {
		runs++
		if _, err := tx.Get([]byte("b"), []byte("k")); !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := tx.Put([]byte("b"), []byte("k"), []byte("v")); err != nil {
			return err
		}
		terminate()
		_, err := tx.Get([]byte("b"), []byte("other"))
		return err
	})
	require.ErrorIs(t, err, pgstore.ErrConnLost)
	assert.NotErrorIs(t, err, pgstore.ErrConflict)
	assert.Equal(t, 1, runs, "a lost connection is not retried")

	err = s.View(ctx, func(tx store.Tx) error {
		if _, err := tx.Get([]byte("b"), []byte("k")); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("the lost Update committed: %v", err)
		}
		terminate()
		return tx.Scan([]byte("b"), nil, nil, false, func(k, v []byte) error { return nil })
	})
	require.ErrorIs(t, err, pgstore.ErrConnLost)

	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("b"), []byte("k"), []byte("v")) }))
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get([]byte("b"), []byte("k"))
		if err == nil && string(v) != "v" {
			err = fmt.Errorf("got %q", v)
		}
		return err
	}))
}

// writerLockFree reports whether no session holds schema's writer lock,
// by taking and releasing it from a session of its own.
func writerLockFree(t *testing.T, s *pgstore.DB) bool {
	t.Helper()
	conn, err := pgx.Connect(ctx, storetest.PostgresDSN(t))
	require.NoError(t, err)
	defer conn.Close(ctx)
	var free bool
	require.NoError(t, conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtextextended($1, 0))`,
		"lettrage pgstore writer "+s.Schema()).Scan(&free))
	return free
}

// TestWriterQueue: a run after a conflict queues on the book's writer lock
// (here held by another session), gives up waiting with its context, and
// leaves the lock free after a commit, an error and a panic.
func TestWriterQueue(t *testing.T) {
	s := open(t)
	bk, x := []byte("b"), []byte("x")
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, x, []byte("0")) }))
	// conflicting returns an Update function whose first run loses to
	// another transaction, and whose later runs call then.
	conflicting := func(runs *int, then func() error) func(tx store.Tx) error {
		return func(tx store.Tx) error {
			*runs++
			if _, err := tx.Get(bk, x); err != nil {
				return err
			}
			if *runs == 1 {
				if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, x, []byte("other")) }); err != nil {
					return err
				}
			} else if err := then(); err != nil {
				return err
			}
			return tx.Put(bk, x, []byte(fmt.Sprint(*runs)))
		}
	}

	holder, err := pgx.Connect(ctx, storetest.PostgresDSN(t))
	require.NoError(t, err)
	defer holder.Close(ctx)
	_, err = holder.Exec(ctx, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, "lettrage pgstore writer "+s.Schema())
	require.NoError(t, err)
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	runs := 0
	err = s.Update(short, conflicting(&runs, func() error { return nil }))
	cancel()
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, runs, "the second run waits for the queue")
	_, err = holder.Exec(ctx, `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, "lettrage pgstore writer "+s.Schema())
	require.NoError(t, err)
	// The run that gave up closed its session; the server ends it on its
	// own time, and may grant the lock to the dying backend first, so the
	// lock comes free soon rather than at once.
	assert.Eventually(t, func() bool { return writerLockFree(t, s) }, 5*time.Second, 10*time.Millisecond,
		"a run that gave up waiting holds nothing")

	runs = 0
	require.NoError(t, s.Update(ctx, conflicting(&runs, func() error {
		if writerLockFree(t, s) {
			return errors.New("a second run does not hold the queue")
		}
		return nil
	})))
	assert.Equal(t, 2, runs)
	assert.True(t, writerLockFree(t, s), "free after a commit")

	runs = 0
	require.ErrorContains(t, s.Update(ctx, conflicting(&runs, func() error { return errors.New("refused") })), "refused")
	assert.True(t, writerLockFree(t, s), "free after an error")
	runs = 0
	assert.Panics(t, func() { _ = s.Update(ctx, conflicting(&runs, func() error { panic("boom") })) })
	assert.True(t, writerLockFree(t, s), "free after a panic")
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bk, x)
		assert.Equal(t, "other", string(v), "the panicking run committed nothing")
		return err
	}))
}

// TestWritersOneCounter: eight writers of one counter, each losing
// often, all get through and no increment is lost.
func TestWritersOneCounter(t *testing.T) {
	one := storetest.OpenPostgres(t, pgstore.Options{MaxConns: 8})
	bk := []byte("b")
	var wg sync.WaitGroup
	errs := make(chan error, 8*20)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				errs <- one.Update(ctx, func(tx store.Tx) error {
					v, err := tx.Get(bk, []byte("n"))
					if err != nil && !errors.Is(err, store.ErrNotFound) {
						return err
					}
					n := uint64(0)
					if len(v) == 8 {
						n = binary.BigEndian.Uint64(v)
					}
					return tx.Put(bk, []byte("n"), binary.BigEndian.AppendUint64(nil, n+1))
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.NoError(t, one.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bk, []byte("n"))
		require.NoError(t, err)
		assert.Equal(t, uint64(160), binary.BigEndian.Uint64(v))
		return nil
	}))
}
