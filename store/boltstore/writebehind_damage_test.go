package boltstore

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// TestOpenDamagedWriteBehindLog: a file opened without verifying it
// (NoVerify) whose write-behind log sits on a zeroed page is refused with
// ErrCorrupt; bbolt's panic on the page was once let through Open (found
// by the tampering test).
func TestOpenDamagedWriteBehindLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wb.db")
	bdb, err := bolt.Open(path, 0o600, nil)
	require.NoError(t, err)
	var root uint64
	require.NoError(t, bdb.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(wbLog)
		if err != nil {
			return err
		}
		for i := 0; i < 200; i++ {
			if err := b.Put(binary.BigEndian.AppendUint64(nil, uint64(i)), make([]byte, 100)); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, bdb.View(func(tx *bolt.Tx) error { root = uint64(tx.Bucket(wbLog).Root()); return nil }))
	pageSize := bdb.Info().PageSize
	require.NoError(t, bdb.Close())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	clear(data[int(root)*pageSize : int(root+1)*pageSize])
	require.NoError(t, os.WriteFile(path, data, 0o600))

	db, err := Open(path, Options{NoVerify: true})
	if err == nil {
		db.Close()
	}
	require.ErrorIs(t, err, store.ErrCorrupt)
}
