package boltstore_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

// Pin: a bucket remembered missing by one transaction is seen by the
// next once created; a transaction that created it and failed leaves it
// missing; a deferred bucket created by write-behind compaction inside a
// transaction that had found it missing is read there and after.
func TestHrev162MissingBucketAcrossTransactions(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("boom")
	for _, m := range hrev10Modes {
		t.Run(m.name, func(t *testing.T) {
			db, err := boltstore.Open(filepath.Join(t.TempDir(), "b.db"), m.opts)
			require.NoError(t, err)
			defer db.Close()
			bucket, deferred := []byte("late"), []byte("lazy")
			db.HintDeferred(deferred)
			// Created, then rolled back.
			require.ErrorIs(t, db.Update(ctx, func(tx store.Tx) error {
				_, err := tx.Get(bucket, []byte("a"))
				require.ErrorIs(t, err, store.ErrNotFound)
				require.NoError(t, tx.Put(bucket, []byte("a"), []byte("1")))
				return boom
			}), boom)
			require.NoError(t, db.View(ctx, func(tx store.Tx) error {
				_, err := tx.Get(bucket, []byte("a"))
				require.ErrorIs(t, err, store.ErrNotFound)
				return nil
			}))
			// Missing for a reader; created by a later writer.
			require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
				_, err := tx.Get(bucket, []byte("a"))
				require.ErrorIs(t, err, store.ErrNotFound)
				_, err = tx.Get(deferred, []byte("k000"))
				require.ErrorIs(t, err, store.ErrNotFound)
				require.NoError(t, tx.Delete(deferred, []byte("k000")))
				// Enough deferred writes to be written through at commit.
				for i := range 200 {
					require.NoError(t, tx.Put(deferred, []byte(fmt.Sprintf("k%03d", i)), []byte("v")))
				}
				v, err := tx.Get(deferred, []byte("k000"))
				require.NoError(t, err)
				require.Equal(t, []byte("v"), v)
				require.NoError(t, tx.Put(bucket, []byte("a"), []byte("2")))
				require.NoError(t, tx.Delete(bucket, []byte("a")))
				_, err = tx.Get(bucket, []byte("a"))
				require.ErrorIs(t, err, store.ErrNotFound)
				require.NoError(t, tx.Put(bucket, []byte("a"), []byte("3")))
				return nil
			}))
			for range 2 {
				require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
					v, err := tx.Get(bucket, []byte("a"))
					require.NoError(t, err)
					require.Equal(t, []byte("3"), v)
					v, err = tx.Get(deferred, []byte("k199"))
					require.NoError(t, err)
					require.Equal(t, []byte("v"), v)
					require.NoError(t, tx.Delete(deferred, []byte("k199")))
					_, err = tx.Get(deferred, []byte("k199"))
					require.ErrorIs(t, err, store.ErrNotFound)
					return tx.Put(deferred, []byte("k199"), []byte("v"))
				}))
			}
		})
	}
}
