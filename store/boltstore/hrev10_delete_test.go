package boltstore_test

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

// hrev10Modes are the two ways a boltstore writes: to its trees, and
// behind a log applied every 16 writes.
var hrev10Modes = []struct {
	name string
	opts boltstore.Options
}{
	{"trees", boltstore.Options{NoSync: true}},
	{"write-behind", boltstore.Options{NoSync: true, WriteBehind: true, WriteBehindMax: 16}},
}

// hrev10Value is the value of key i at version ver: a large one (stored
// alone, in a nested bucket) for every fifth, an empty one for every
// seventh.
func hrev10Value(i, ver int) []byte {
	switch {
	case (i+ver)%5 == 0:
		return bytes.Repeat([]byte{byte(i), byte(ver)}, 3000)
	case (i+ver)%7 == 0:
		return []byte{}
	}
	return fmt.Appendf(nil, "v%d.%d", i, ver)
}

// hrev10Check compares everything tx reads of bucket with model: each
// key's Get, a missing key's ErrNotFound, and the scans both ways.
func hrev10Check(t *testing.T, tx store.Tx, bucket []byte, model map[int][]byte, keys int, what string) {
	t.Helper()
	for i := 0; i < keys; i++ {
		v, err := tx.Get(bucket, key(i))
		want, ok := model[i]
		if !ok {
			require.ErrorIs(t, err, store.ErrNotFound, "%s: key %d deleted", what, i)
			continue
		}
		require.NoError(t, err, "%s: key %d", what, i)
		require.True(t, bytes.Equal(want, v), "%s: key %d: %d bytes, want %d", what, i, len(v), len(want))
	}
	var want []int
	for i := range model {
		want = append(want, i)
	}
	slices.Sort(want)
	for _, reverse := range []bool{false, true} {
		var got []int
		require.NoError(t, tx.Scan(bucket, nil, nil, reverse, func(k, v []byte) error {
			i := int(k[7]) | int(k[6])<<8
			if !bytes.Equal(model[i], v) {
				return fmt.Errorf("scan: key %d: %d bytes, want %d", i, len(v), len(model[i]))
			}
			got = append(got, i)
			return nil
		}), what)
		if reverse {
			slices.Reverse(got)
		}
		require.Equal(t, want, got, "%s: scan reverse=%v", what, reverse)
	}
}

// Deletes mixed with puts and gets of the same keys in one transaction,
// through the bucket's kept cursor: small, empty and large values (a
// large one alone in a nested bucket), missing keys, first and last keys,
// a key deleted then put again then deleted, keys collected by a scan
// then deleted, a delete in a missing bucket. Every read in the
// transaction, after its commit, after a rollback of the same, after a
// backup restored and after reopening matches a map, and the file passes
// VerifyStructure.
func TestHrev10DeleteThroughKeptCursor(t *testing.T) {
	const keys = 3000
	for _, mode := range hrev10Modes {
		t.Run(mode.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.db")
			db, err := boltstore.Open(path, mode.opts)
			require.NoError(t, err)
			defer func() { db.Close() }()
			bucket, other := []byte("b"), []byte("other")
			model := map[int][]byte{}
			rng := rand.New(rand.NewPCG(10, 10))
			require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
				require.NoError(t, tx.Delete([]byte("missing"), key(1)))
				for i := 0; i < keys; i += 2 {
					model[i] = hrev10Value(i, 0)
					if err := tx.Put(bucket, key(i), model[i]); err != nil {
						return err
					}
				}
				return tx.Put(other, key(0), []byte("x"))
			}))
			for round := 1; round <= 12; round++ {
				committed := maps.Clone(model)
				step := func(tx store.Tx, m map[int][]byte) {
					for n := 0; n < 600; n++ {
						i := rng.IntN(keys)
						switch op := rng.IntN(10); {
						case op < 4:
							require.NoError(t, tx.Delete(bucket, key(i)))
							delete(m, i)
							_, err := tx.Get(bucket, key(i))
							require.ErrorIs(t, err, store.ErrNotFound, "round %d: key %d read after its delete", round, i)
						case op < 7:
							m[i] = hrev10Value(i, round*1000+n)
							require.NoError(t, tx.Put(bucket, key(i), m[i]))
						case op < 8:
							// Deleted, put again, deleted again.
							require.NoError(t, tx.Delete(bucket, key(i)))
							v := hrev10Value(i, round*1000+n+1)
							require.NoError(t, tx.Put(bucket, key(i), v))
							got, err := tx.Get(bucket, key(i))
							require.NoError(t, err)
							require.True(t, bytes.Equal(v, got))
							require.NoError(t, tx.Delete(bucket, key(i)))
							delete(m, i)
						case op < 9:
							// The keys of a range, collected by a scan, then
							// deleted, the neighbours read between deletes.
							var ks [][]byte
							require.NoError(t, tx.Scan(bucket, key(i), key(i+8), false, func(k, _ []byte) error {
								ks = append(ks, slices.Clone(k))
								return nil
							}))
							for _, k := range ks {
								require.NoError(t, tx.Delete(bucket, k))
								delete(m, int(k[7])|int(k[6])<<8)
								if j := int(k[7]) | int(k[6])<<8; j > 0 {
									v, err := tx.Get(bucket, key(j-1))
									if want, ok := m[j-1]; ok {
										require.NoError(t, err)
										require.True(t, bytes.Equal(want, v))
									} else {
										require.ErrorIs(t, err, store.ErrNotFound)
									}
								}
							}
						default:
							// The first and last keys.
							var first, last []byte
							require.NoError(t, tx.Scan(bucket, nil, nil, false, func(k, _ []byte) error {
								if first == nil {
									first = slices.Clone(k)
								}
								last = slices.Clone(k)
								return nil
							}))
							for _, k := range [][]byte{first, last} {
								if k != nil {
									require.NoError(t, tx.Delete(bucket, k))
									delete(m, int(k[7])|int(k[6])<<8)
								}
							}
						}
					}
					hrev10Check(t, tx, bucket, m, keys, fmt.Sprintf("round %d, in the transaction", round))
				}
				// Rolled back first: nothing of it stays.
				rolled := errors.New("rolled back")
				require.ErrorIs(t, db.Update(ctx, func(tx store.Tx) error {
					step(tx, maps.Clone(committed))
					return rolled
				}), rolled)
				require.NoError(t, db.View(ctx, func(tx store.Tx) error {
					hrev10Check(t, tx, bucket, committed, keys, fmt.Sprintf("round %d, after a rollback", round))
					return nil
				}))
				require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
					step(tx, model)
					return nil
				}))
				require.NoError(t, db.View(ctx, func(tx store.Tx) error {
					hrev10Check(t, tx, bucket, model, keys, fmt.Sprintf("round %d, committed", round))
					v, err := tx.Get(other, key(0))
					require.NoError(t, err)
					require.Equal(t, "x", string(v))
					return nil
				}))
				require.NoError(t, db.VerifyStructure(ctx), "round %d", round)
			}
			var backup bytes.Buffer
			_, err = db.Backup(ctx, &backup)
			require.NoError(t, err)
			require.NoError(t, db.Close())
			db, err = boltstore.Open(path, mode.opts)
			require.NoError(t, err)
			require.NoError(t, db.View(ctx, func(tx store.Tx) error {
				hrev10Check(t, tx, bucket, model, keys, "reopened")
				return nil
			}))
			require.NoError(t, db.VerifyStructure(ctx))
			restored := filepath.Join(t.TempDir(), "r.db")
			require.NoError(t, os.WriteFile(restored, backup.Bytes(), 0o600))
			r, err := boltstore.Open(restored, boltstore.Options{NoSync: true})
			require.NoError(t, err)
			defer r.Close()
			require.NoError(t, r.View(ctx, func(tx store.Tx) error {
				hrev10Check(t, tx, bucket, model, keys, "backup")
				return nil
			}))
			require.NoError(t, r.VerifyStructure(ctx))
		})
	}
}
