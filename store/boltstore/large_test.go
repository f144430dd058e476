package boltstore_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// TestLargeValueStoredAlone proves that writes beside a large value do not
// write it again: each commit of a small value next to a 1 MiB one
// allocates a few pages, where a leaf holding the value would take its 257.
func TestLargeValueStoredAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	bucket := []byte("op")
	large := bytes.Repeat([]byte("large value "), 1<<20/12)
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
		for i := 0; i < 500; i++ {
			if err := tx.Put(bucket, key(2*i), []byte("small")); err != nil {
				return err
			}
		}
		return tx.Put(bucket, key(501), large)
	}))
	const commits = 50
	before := db.Bolt().Stats().TxStats
	for i := 0; i < commits; i++ {
		// Each key right after the large value's: in its leaf.
		require.NoError(t, db.Update(ctx, func(tx store.Tx) error {
			return tx.Put(bucket, append(key(501), byte(255-i)), []byte("beside"))
		}))
	}
	after := db.Bolt().Stats().TxStats
	pages := float64(after.GetPageCount()-before.GetPageCount()) / commits
	assert.Less(t, pages, 8.0, "pages allocated per commit beside a 1 MiB value")
	require.NoError(t, db.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bucket, key(501))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(large, v), "the large value reads back whole")
		return nil
	}))
	require.NoError(t, db.Close())
	db, err = boltstore.Open(path, boltstore.Options{}) // verifies the file
	require.NoError(t, err)
	require.NoError(t, db.Close())
}

// TestVerifyStructureNesting proves Open refuses a file whose buckets nest
// other than boltstore does: a bucket inside a store's bucket holds one
// key, 'v', and its value, nothing else.
func TestVerifyStructureNesting(t *testing.T) {
	big := bytes.Repeat([]byte{7}, 5000)
	for _, c := range []struct {
		name string
		fill func(alone *bolt.Bucket) error
		want string
	}{
		{"two values", func(b *bolt.Bucket) error {
			if err := b.Put([]byte("v"), big); err != nil {
				return err
			}
			return b.Put([]byte("w"), big)
		}, "2 keys in the bucket of one value"},
		{"two small values inline", func(b *bolt.Bucket) error {
			if err := b.Put([]byte("v"), []byte("1")); err != nil {
				return err
			}
			return b.Put([]byte("w"), []byte("2"))
		}, "2 keys in the bucket of one value"},
		{"another key", func(b *bolt.Bucket) error { return b.Put([]byte("w"), big) }, "not its value"},
		{"a bucket deeper", func(b *bolt.Bucket) error {
			deeper, err := b.CreateBucket([]byte("v"))
			if err != nil {
				return err
			}
			return deeper.Put([]byte("v"), big)
		}, "not its value"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.db")
			db, err := boltstore.Open(path, boltstore.Options{})
			require.NoError(t, err)
			require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("b"), []byte("a"), big) }))
			require.NoError(t, db.Bolt().Update(func(tx *bolt.Tx) error {
				alone, err := tx.Bucket([]byte("b")).CreateBucket([]byte("x"))
				if err != nil {
					return err
				}
				return c.fill(alone)
			}))
			require.NoError(t, db.Close())
			_, err = boltstore.Open(path, boltstore.Options{})
			require.ErrorIs(t, err, store.ErrCorrupt)
			assert.ErrorContains(t, err, c.want)
		})
	}
}
