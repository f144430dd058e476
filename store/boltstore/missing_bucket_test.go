package boltstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

// TestBucketMissingThenCreatedInOneUpdate reads, deletes and scans a bucket
// that does not exist yet, then writes to it in the same transaction: the
// store remembers a missing bucket, and the put that creates it must be
// seen by every later call, large values (stored alone) included, and
// after the commit.
func TestBucketMissingThenCreatedInOneUpdate(t *testing.T) {
	ctx := context.Background()
	for _, m := range hrev10Modes {
		t.Run(m.name, func(t *testing.T) {
			db, err := boltstore.Open(filepath.Join(t.TempDir(), "b.db"), m.opts)
			require.NoError(t, err)
			defer db.Close()
			bucket := []byte("late")
			large := make([]byte, 9000)
			large[0] = 7
			require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
				for range 3 { // remembered as missing, asked again
					_, err := tx.Get(bucket, []byte("a"))
					require.ErrorIs(t, err, store.ErrNotFound)
					require.NoError(t, tx.Delete(bucket, []byte("a")))
				}
				require.NoError(t, tx.Put(bucket, []byte("a"), []byte("1")))
				require.NoError(t, tx.Put(bucket, []byte("b"), large))
				v, err := tx.Get(bucket, []byte("a"))
				require.NoError(t, err)
				require.Equal(t, []byte("1"), v)
				v, err = tx.Get(bucket, []byte("b"))
				require.NoError(t, err)
				require.Equal(t, large, v)
				require.NoError(t, tx.Delete(bucket, []byte("b")))
				_, err = tx.Get(bucket, []byte("b"))
				require.ErrorIs(t, err, store.ErrNotFound)
				n := 0
				require.NoError(t, tx.Scan(bucket, nil, nil, false, func(k, v []byte) error { n++; return nil }))
				require.Equal(t, 1, n)
				return nil
			}))
			require.NoError(t, db.View(ctx, func(tx store.Tx) error {
				v, err := tx.Get(bucket, []byte("a"))
				require.NoError(t, err)
				require.Equal(t, []byte("1"), v)
				_, err = tx.Get(bucket, []byte("b"))
				require.ErrorIs(t, err, store.ErrNotFound)
				return nil
			}))
		})
	}
}
