package boltstore

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// TestMetaLayout proves the meta layout file.go reads is bbolt's: after
// commits of growing size, the meta with the higher transaction id gives
// the transaction id and size bbolt reports, and the freelist passes.
func TestMetaLayout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for round := 0; round < 5; round++ {
		db, err := bolt.Open(path, 0o600, nil)
		require.NoError(t, err)
		require.NoError(t, db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists([]byte("b"))
			if err != nil {
				return err
			}
			for i := 0; i < 500*round; i++ {
				if err := b.Put(binary.BigEndian.AppendUint64(nil, uint64(i*7919%100003)), make([]byte, 100)); err != nil {
					return err
				}
			}
			return b.Delete(binary.BigEndian.AppendUint64(nil, 7919)) // leaves free pages behind
		}))
		var txid uint64
		var size int64
		require.NoError(t, db.View(func(tx *bolt.Tx) error {
			txid, size = uint64(tx.ID()), tx.Size()
			return nil
		}))
		require.NoError(t, db.Close())

		f, err := os.Open(path)
		require.NoError(t, err)
		c := &fileCheck{f: f, path: path}
		fi, err := f.Stat()
		require.NoError(t, err)
		c.size = fi.Size()
		m0, m1, err := c.metas()
		require.NoError(t, err)
		require.True(t, m0.valid() && m1.valid(), "round %d: %s / %s", round, m0.problem, m1.problem)
		m, err := c.pickMeta(m0, m1, false)
		require.NoError(t, err)
		assert.Equal(t, txid, m.txid, "round %d", round)
		assert.Equal(t, uint64(size), m.used(), "round %d", round)
		assert.Equal(t, int(txid%2), m.page, "a commit writes page txid %% 2")
		assert.NoError(t, c.checkUse(m), fmt.Sprint("round ", round))
		require.NoError(t, f.Close())
	}
}
