package boltstore_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// TestR22WriteBehindModel is a randomized model test against memstore with
// what TestWriteBehindModel lacks: keys sharing prefixes, nil, empty and
// large random values (a page and more: stored alone once compacted, and
// large records), ranges with from > to, Scans whose function writes to
// other buckets (deferred and plain) with a tiny wbBulk (write-through
// waits for the scan, then happens mid-transaction), Compact calls,
// HintDeferred on a bucket already holding keys, reopen from Backup and
// after Close; and Views running all along that check a counter written
// to a deferred and to a plain bucket in every commit.
func TestR22WriteBehindModel(t *testing.T) {
	defer boltstore.SetWBBulk(25)()
	for _, max := range []int{3, 50, 100000} {
		t.Run(fmt.Sprint("max=", max), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(max), 22))
			path := filepath.Join(t.TempDir(), "m.db")
			deferred := [][]byte{[]byte("w1"), []byte("w2")}
			db := openWB(t, path, max, deferred...)
			mem := memstore.New()
			buckets := [][]byte{[]byte("w1"), []byte("w2"), []byte("w3"), []byte("plain")}
			keys := []string{"a", "ab", "abc", "abd", "ac", "b", "b\x00", "b\x00\x00", "ba", "c", "z", "zz", "\xff", "\xff\xff"}
			for i := 0; i < 30; i++ {
				keys = append(keys, fmt.Sprintf("k%02d", i))
			}
			randKey := func(r *rand.Rand) []byte { return []byte(keys[r.IntN(len(keys))]) }
			randVal := func(r *rand.Rand) []byte {
				switch r.IntN(12) {
				case 0:
					return nil
				case 1:
					return []byte{}
				case 2:
					v := make([]byte, 4096+r.IntN(9000)) // a page and more, random: records stored alone
					for i := range v {
						v[i] = byte(r.Uint32())
					}
					return v
				default:
					return []byte(fmt.Sprintf("v%d", r.IntN(1000)))
				}
			}
			show := func(v []byte) string {
				if len(v) > 16 {
					return fmt.Sprintf("len%d:%x..%x", len(v), v[:4], v[len(v)-4:])
				}
				return fmt.Sprintf("%q", v)
			}
			read := func(tx store.Tx, r *rand.Rand) string {
				var out bytes.Buffer
				b := buckets[r.IntN(len(buckets))]
				for i := 0; i < 3; i++ {
					k := randKey(r)
					v, err := tx.Get(b, k)
					fmt.Fprintf(&out, "get %s %q=%s %v;", b, k, show(v), err)
				}
				var from, to []byte
				if r.IntN(3) > 0 {
					from = randKey(r)
				}
				if r.IntN(3) > 0 {
					to = randKey(r)
				}
				rev := r.IntN(2) == 0
				err := tx.Scan(b, from, to, rev, func(k, v []byte) error {
					fmt.Fprintf(&out, "%q=%s,", k, show(v))
					return nil
				})
				fmt.Fprintf(&out, "scan %s [%q,%q) %v %v", b, from, to, rev, err)
				return out.String()
			}
			// The counter: every commit of the writer adds one to "ctr" in
			// w1 (deferred) and in plain; Views check both agree.
			var stop atomic.Bool
			var viewErr atomic.Pointer[error]
			var dbMu sync.RWMutex // held by Views, taken whole to reopen
			var wg sync.WaitGroup
			for g := 0; g < 3; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for !stop.Load() {
						dbMu.RLock()
						d := db
						err := d.View(ctx, func(tx store.Tx) error {
							a, errA := tx.Get([]byte("w1"), []byte("ctr"))
							time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
							var n int
							err := tx.Scan([]byte("w1"), nil, nil, false, func(k, v []byte) error { n++; return nil })
							if err != nil {
								return err
							}
							b, errB := tx.Get([]byte("plain"), []byte("ctr"))
							a2, _ := tx.Get([]byte("w1"), []byte("ctr"))
							if string(a) != string(b) || string(a2) != string(a) || (errA == nil) != (errB == nil) {
								return fmt.Errorf("snapshot torn: w1 ctr %q %v then %q, plain ctr %q %v", a, errA, a2, b, errB)
							}
							return nil
						})
						dbMu.RUnlock()
						if err != nil {
							viewErr.CompareAndSwap(nil, &err)
							return
						}
					}
				}()
			}
			defer func() {
				stop.Store(true)
				wg.Wait()
			}()
			ctr := 0
			for round := 0; round < 400; round++ {
				if e := viewErr.Load(); e != nil {
					t.Fatalf("round %d: concurrent View: %v", round, *e)
				}
				seed := rng.Uint64()
				n := rng.IntN(10)
				if rng.IntN(15) == 0 {
					n = 60
				}
				fail := rng.IntN(8) == 0
				ctr++
				var reads [2][]string
				for side, s := range []store.Store{db, mem} {
					r := rand.New(rand.NewPCG(seed, 1))
					err := s.Update(ctx, func(tx store.Tx) error {
						reads[side] = reads[side][:0]
						cv := []byte(fmt.Sprint(ctr))
						if err := tx.Put([]byte("w1"), []byte("ctr"), cv); err != nil {
							return err
						}
						if err := tx.Put([]byte("plain"), []byte("ctr"), cv); err != nil {
							return err
						}
						for i := 0; i < n; i++ {
							b := buckets[r.IntN(len(buckets))]
							k := randKey(r)
							var err error
							switch r.IntN(7) {
							case 0:
								err = tx.Delete(b, k)
							case 1:
								reads[side] = append(reads[side], read(tx, r))
							case 2:
								// A Scan whose function writes to the other
								// buckets: several writes a key.
								var other [][]byte
								for _, ob := range buckets {
									if !bytes.Equal(ob, b) {
										other = append(other, ob)
									}
								}
								var out bytes.Buffer
								err = tx.Scan(b, nil, nil, r.IntN(2) == 0, func(k, v []byte) error {
									fmt.Fprintf(&out, "%q=%s,", k, show(v))
									for j := 0; j < 3; j++ {
										ob := other[j%len(other)]
										if err := tx.Put(ob, []byte{'S', k[0], byte('0' + j)}, bytes.Clone(v)); err != nil { // a bounded set of keys
											return err
										}
									}
									return nil
								})
								reads[side] = append(reads[side], "scanw "+string(b)+" "+out.String())
							default:
								err = tx.Put(b, k, randVal(r))
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
						require.NoError(t, err, "round %d side %d", round, side)
					}
				}
				if fail {
					ctr--
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
				switch rng.IntN(40) {
				case 0:
					require.NoError(t, db.Compact(ctx))
				case 1:
					db.HintDeferred([]byte("w3")) // a bucket holding keys already
				case 2, 3:
					dbMu.Lock()
					var buf bytes.Buffer
					_, err := db.Backup(ctx, &buf)
					require.NoError(t, err)
					require.NoError(t, db.Close())
					if rng.IntN(2) == 0 { // the copy: the log replayed
						require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))
					}
					db = openWB(t, path, max, deferred...)
					dbMu.Unlock()
				}
			}
			stop.Store(true)
			wg.Wait()
			if e := viewErr.Load(); e != nil {
				t.Fatalf("concurrent View: %v", *e)
			}
			require.NoError(t, db.VerifyStructure(ctx))
			require.NoError(t, db.Close())
		})
	}
}
