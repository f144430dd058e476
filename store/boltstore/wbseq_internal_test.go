package boltstore

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/lettrage/lettrage/store"
)

// Pins: VerifyStructure's check of the log refuses write-behind frames
// that end before the sequence a later bbolt commit stored (a file older
// than the book file), and passes the frames the DB wrote; the sequence
// is stored by the first bbolt commit after frames only, not again by a
// commit with no frame since.
func TestVerifyLogRefusesFramesBeforeStoredSequence(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	d, err := Open(path, Options{NoSync: true, WriteBehind: true})
	require.NoError(t, err)
	defer d.Close()
	d.HintDeferred([]byte("w"))
	put := func(b, k string) {
		t.Helper()
		require.NoError(t, d.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte(b), []byte(k), []byte("v")) }))
	}
	stored := func() uint64 {
		t.Helper()
		var s uint64
		require.NoError(t, d.db.View(func(btx *bolt.Tx) (err error) { s, err = storedSequence(btx); return err }))
		return s
	}
	put("w", "a") // record 0, in bbolt with the file's generation
	old, err := d.wbFile.frameData()
	require.NoError(t, err)
	put("w", "b")     // frame 1
	put("plain", "p") // stores sequence 2
	require.Equal(t, uint64(2), stored())
	// Marked by hand, the sequence shows whether the next commit, with no
	// frame since, writes it again: it must not (the common path pays
	// no put).
	require.NoError(t, d.db.Update(func(btx *bolt.Tx) error { return btx.Bucket(wbGen).Put(wbSeqKey, []byte{0, 0, 0, 0, 0, 0, 0, 1}) }))
	put("plain", "q")
	require.Equal(t, uint64(1), stored())
	put("w", "c")     // frame 2
	put("plain", "r") // stores sequence 3
	require.Equal(t, uint64(3), stored())
	cur, err := d.wbFile.frameData()
	require.NoError(t, err)
	require.NoError(t, d.db.View(func(btx *bolt.Tx) error {
		err := verifyLog(btx, old, path+WBFileSuffix)
		require.ErrorIs(t, err, store.ErrCorrupt)
		require.ErrorContains(t, err, "committed after record 2, the records end at record 0")
		require.NoError(t, verifyLog(btx, cur, path+WBFileSuffix))
		return nil
	}))
	require.NoError(t, d.VerifyStructure(ctx))
}
