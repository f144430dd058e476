package boltstore_test

import (
	"encoding/binary"
	"hash/fnv"
	"os"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/require"
)

// TestMetaPageSizeOutOfRange: a meta page whose checksum holds but whose
// page size is 0 or absurd is a damaged meta page, on either page: Open
// returns an error, never a panic, and releases the file, so that a second
// Open in the same process is not told the file is locked.
func TestMetaPageSizeOutOfRange(t *testing.T) {
	src := filled(t, 300)
	pageSize, _, _, _ := fileInfo(t, src)
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	for _, page := range []int{0, 1} {
		for _, size := range []uint32{0, 1, 1 << 31} {
			path := filepath.Join(t.TempDir(), "m.db")
			d := append([]byte(nil), data...)
			m := d[page*pageSize+16:]
			binary.NativeEndian.PutUint32(m[8:], size)
			h := fnv.New64a()
			h.Write(m[:56])
			binary.NativeEndian.PutUint64(m[56:], h.Sum64())
			require.NoError(t, os.WriteFile(path, d, 0o600))

			_, err := boltstore.Open(path, boltstore.Options{})
			require.ErrorIs(t, err, store.ErrCorrupt, "meta page %d, page size %d", page, size)
			db, err := boltstore.Open(path, boltstore.Options{AcceptRollback: true})
			require.NotErrorIs(t, err, boltstore.ErrLocked, "meta page %d, page size %d: the first Open kept the file", page, size)
			if err == nil {
				require.NoError(t, db.Close())
			}
		}
	}
}

// TestVerifyFileShrunk: a file cut short under an open store makes
// VerifyStructure return an error matching store.ErrCorrupt, not panic.
func TestVerifyFileShrunk(t *testing.T) {
	path := filled(t, 3000)
	_, _, used, _ := fileInfo(t, path)
	db, err := boltstore.Open(path, boltstore.Options{})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, os.Truncate(path, used/2))
	require.NotPanics(t, func() { err = db.VerifyStructure(ctx) })
	require.ErrorIs(t, err, store.ErrCorrupt)
}
