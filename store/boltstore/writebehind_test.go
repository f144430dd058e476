package boltstore_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

var wbBuckets = [][]byte{[]byte("b"), []byte("no-bucket"), []byte("n"), []byte("w1"), []byte("w2")}

// openWB opens path with write-behind on, a log of max writes, buckets
// deferred.
func openWB(t testing.TB, path string, max int, buckets ...[]byte) *boltstore.DB {
	t.Helper()
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true, WriteBehind: true, WriteBehindMax: max})
	require.NoError(t, err)
	db.HintDeferred(buckets...)
	return db
}

// TestWriteBehindConformance runs the conformance suite with the suite's
// buckets written behind and a compaction every few writes.
func TestWriteBehindConformance(t *testing.T) {
	for _, max := range []int{7, 1 << 20} {
		t.Run(fmt.Sprint("max=", max), func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) store.Store {
				return openWB(t, filepath.Join(t.TempDir(), "s.db"), max, wbBuckets...)
			})
		})
	}
}

// TestWriteBehindBackup: a copy holds the log; opened without the option
// it replays and compacts it.
func TestWriteBehindBackup(t *testing.T) {
	for _, reopenWB := range []bool{false, true} {
		storetest.RunBackup(t, func(t *testing.T) store.Store {
			return openWB(t, filepath.Join(t.TempDir(), "live.db"), 50, wbBuckets...)
		}, func(t *testing.T, copy []byte) store.Store {
			path := filepath.Join(t.TempDir(), "copy.db")
			require.NoError(t, os.WriteFile(path, copy, 0o600))
			db, err := boltstore.Open(path, boltstore.Options{WriteBehind: reopenWB})
			require.NoError(t, err)
			return db
		})
	}
}

// TestWriteBehindModel runs random transactions on a write-behind
// boltstore and on memstore and compares every read; the bolt file is
// reopened now and then without Close (replay of the log).
func TestWriteBehindModel(t *testing.T) {
	defer boltstore.SetWBBulk(40)() // a few Updates write through in their middle
	for _, max := range []int{5, 60, 100000} {
		t.Run(fmt.Sprint("max=", max), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(max), 7))
			path := filepath.Join(t.TempDir(), "m.db")
			db := openWB(t, path, max, wbBuckets[3:]...)
			mem := memstore.New()
			buckets := [][]byte{[]byte("w1"), []byte("w2"), []byte("plain")}
			read := func(tx store.Tx, r *rand.Rand) string {
				var out bytes.Buffer
				b := buckets[r.IntN(len(buckets))]
				for i := 0; i < 3; i++ {
					k := []byte(fmt.Sprintf("k%03d", r.IntN(120)))
					v, err := tx.Get(b, k)
					fmt.Fprintf(&out, "get %s %s=%q %v;", b, k, v, err)
				}
				var from, to []byte
				if r.IntN(3) > 0 {
					from = []byte(fmt.Sprintf("k%03d", r.IntN(120)))
				}
				if r.IntN(3) > 0 {
					to = []byte(fmt.Sprintf("k%03d", r.IntN(120)))
				}
				rev := r.IntN(2) == 0
				err := tx.Scan(b, from, to, rev, func(k, v []byte) error {
					fmt.Fprintf(&out, "%s=%q,", k, v)
					return nil
				})
				fmt.Fprintf(&out, "scan %s [%s,%s) %v %v", b, from, to, rev, err)
				return out.String()
			}
			for round := 0; round < 600; round++ {
				seed := rng.Uint64()
				n := rng.IntN(12)
				if rng.IntN(20) == 0 {
					n = 300
				}
				fail := rng.IntN(8) == 0
				var reads [2][]string
				for side, s := range []store.Store{db, mem} {
					r := rand.New(rand.NewPCG(seed, 1))
					err := s.Update(ctx, func(tx store.Tx) error {
						reads[side] = reads[side][:0]
						for i := 0; i < n; i++ {
							b := buckets[r.IntN(len(buckets))]
							k := []byte(fmt.Sprintf("k%03d", r.IntN(120)))
							var err error
							switch r.IntN(5) {
							case 0:
								err = tx.Delete(b, k)
							case 1:
								reads[side] = append(reads[side], read(tx, r))
							default:
								size := r.IntN(40)
								if r.IntN(30) == 0 {
									size = 5000
								}
								err = tx.Put(b, k, bytes.Repeat([]byte{byte('a' + r.IntN(26))}, size))
							}
							if err != nil {
								return err
							}
						}
						if fail {
							return errFail
						}
						return nil
					})
					if fail {
						require.ErrorIs(t, err, errFail)
					} else {
						require.NoError(t, err)
					}
				}
				require.Equal(t, reads[1], reads[0], "round %d in Update", round)
				for side, s := range []store.Store{db, mem} {
					r := rand.New(rand.NewPCG(seed, 2))
					reads[side] = reads[side][:0]
					require.NoError(t, s.View(ctx, func(tx store.Tx) error {
						for i := 0; i < 4; i++ {
							reads[side] = append(reads[side], read(tx, r))
						}
						return nil
					}))
				}
				require.Equal(t, reads[1], reads[0], "round %d in View", round)
				if rng.IntN(50) == 0 {
					// Reopen from a copy of the file as it is (no Close: the
					// log is replayed).
					var buf bytes.Buffer
					_, err := db.Backup(ctx, &buf)
					require.NoError(t, err)
					require.NoError(t, db.Close())
					require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
					db = openWB(t, path, max, wbBuckets[3:]...)
				}
			}
			require.NoError(t, db.VerifyStructure(ctx))
			require.NoError(t, db.Close())
		})
	}
}

var errFail = fmt.Errorf("rolled back on purpose")

// TestWriteBehindViewSnapshot: Views running beside a writer see the
// overlay and bbolt of the same commit: a counter written both to a
// write-behind bucket and to a plain one reads the same in both, across
// compactions.
func TestWriteBehindViewSnapshot(t *testing.T) {
	db := openWB(t, filepath.Join(t.TempDir(), "v.db"), 9, []byte("w1"))
	defer db.Close()
	done := make(chan error)
	for r := 0; r < 3; r++ {
		go func() {
			var err error
			for i := 0; i < 3000 && err == nil; i++ {
				err = db.View(ctx, func(tx store.Tx) error {
					a, errA := tx.Get([]byte("w1"), []byte("c"))
					b, errB := tx.Get([]byte("plain"), []byte("c"))
					if string(a) != string(b) || (errA == nil) != (errB == nil) {
						return fmt.Errorf("write-behind %q %v, plain %q %v", a, errA, b, errB)
					}
					return nil
				})
			}
			done <- err
		}()
	}
	for i := 0; i < 2000; i++ {
		v := []byte(fmt.Sprint(i))
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			if err := tx.Put([]byte("w1"), []byte("c"), v); err != nil {
				return err
			}
			if err := tx.Put([]byte("w1"), []byte(fmt.Sprint("k", i%13)), v); err != nil {
				return err
			}
			return tx.Put([]byte("plain"), []byte("c"), v)
		}))
	}
	for r := 0; r < 3; r++ {
		require.NoError(t, <-done)
	}
}

// TestWriteBehindWritesDuringAScan: a Scan of a deferred bucket whose
// function writes more keys to another deferred bucket than an Update
// keeps behind: the write set waits for the commit to write through, so
// the scan's tree is not changed under its cursor, and every key is read
// once and every write lands.
func TestWriteBehindWritesDuringAScan(t *testing.T) {
	defer boltstore.SetWBBulk(10)()
	db := openWB(t, filepath.Join(t.TempDir(), "s.db"), 1000, []byte("w1"), []byte("w2"))
	defer db.Close()
	w1, w2 := []byte("w1"), []byte("w2")
	// Half of w1 in its tree (a write-through of 11 keys), half in the log.
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
		for i := 0; i < 40; i += 2 {
			if err := tx.Put(w1, []byte(fmt.Sprintf("k%02d", i)), []byte("tree")); err != nil {
				return err
			}
		}
		return nil
	}))
	for i := 1; i < 40; i += 2 {
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			return tx.Put(w1, []byte(fmt.Sprintf("k%02d", i)), []byte("log"))
		}))
	}
	require.Positive(t, db.WriteBehindStats().Overlay)
	for _, reverse := range []bool{false, true} {
		var seen []string
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			return tx.Scan(w1, nil, nil, reverse, func(k, v []byte) error {
				seen = append(seen, string(k))
				for j := 0; j < 3; j++ { // 120 writes, twelve times wbBulk
					if err := tx.Put(w2, []byte(fmt.Sprintf("%s-%d", k, j)), v); err != nil {
						return err
					}
				}
				return nil
			})
		}))
		require.Len(t, seen, 40, "reverse %v", reverse)
	}
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		n := 0
		err := tx.Scan(w2, nil, nil, false, func(k, v []byte) error { n++; return nil })
		require.Equal(t, 120, n)
		return err
	}))
	require.Zero(t, db.WriteBehindStats().Overlay, "the commit wrote through")
}
