package boltstore_test

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var readOnly = boltstore.Options{ReadOnly: true, Timeout: 50 * time.Millisecond}

// TestReadOnlyShared: two read-only DBs have a file open together and
// read it; a writer is locked out while they do, and they while it does.
func TestReadOnlyShared(t *testing.T) {
	path := filled(t, 300)
	r1, err := boltstore.Open(path, readOnly)
	require.NoError(t, err)
	r2, err := boltstore.Open(path, readOnly)
	require.NoError(t, err, "a second reader shares the file")
	for _, r := range []*boltstore.DB{r1, r2} {
		n, err := readAll(r)
		require.NoError(t, err)
		assert.Equal(t, 300, n)
	}
	_, err = boltstore.Open(path, boltstore.Options{Timeout: 50 * time.Millisecond})
	assert.ErrorIs(t, err, boltstore.ErrLocked, "no writer while readers hold the file")
	require.NoError(t, r1.Close())
	require.NoError(t, r2.Close())

	w, err := boltstore.Open(path, boltstore.Options{Timeout: 50 * time.Millisecond})
	require.NoError(t, err, "the writer opens once the readers are gone")
	_, err = boltstore.Open(path, readOnly)
	assert.ErrorIs(t, err, boltstore.ErrLocked, "no reader while a writer holds the file")
	require.NoError(t, w.Close())
}

// TestReadOnlyWritesNothing: Update and Backup's compaction through a
// read-only DB fail with store.ErrReadOnly, and the file, closed cleanly
// or left by a process that ended without Close (no freelist stored),
// keeps every byte.
func TestReadOnlyWritesNothing(t *testing.T) {
	for name, path := range map[string]string{"closed": filled(t, 300), "unclosed": filledUnclosed(t, 300)} {
		t.Run(name, func(t *testing.T) {
			before, err := os.ReadFile(path)
			require.NoError(t, err)
			db, err := boltstore.Open(path, readOnly)
			require.NoError(t, err)
			ran := false
			err = db.Update(ctx, func(tx store.Tx) error {
				ran = true
				return tx.Put(bucket, key(1), []byte("x"))
			})
			assert.ErrorIs(t, err, store.ErrReadOnly)
			assert.Contains(t, err.Error(), "opened read-only")
			assert.False(t, ran, "the function never runs")
			n, err := db.Backup(ctx, io.Discard)
			require.NoError(t, err, "a backup reads")
			assert.Positive(t, n)
			n2, err := readAll(db)
			require.NoError(t, err)
			assert.Equal(t, 300, n2)
			require.NoError(t, db.Close())
			after, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, before, after, "not a byte written")
		})
	}
}

// TestReadOnlyMissingFile: a read-only open creates nothing.
func TestReadOnlyMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	_, err := boltstore.Open(path, readOnly)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	_, err = os.Stat(path)
	assert.ErrorIs(t, err, fs.ErrNotExist, "no file created")
}

// TestReadOnlyPendingLog: a file whose write-behind log holds commits
// (its process ended without Close) is refused read-only with
// ErrPendingLog, untouched, since reading without them reads an older
// book; opened for writing once, it then opens read-only with them.
func TestReadOnlyPendingLog(t *testing.T) {
	b := openWBFileBook(t, 1000)
	b.update([3]string{"w1", "a", "1"})
	b.update([3]string{"plain", "p", "x"}, [3]string{"w2", "c", "3"})
	cp := b.crashCopy()
	before, err := os.ReadFile(cp)
	require.NoError(t, err)
	wbBefore, err := os.ReadFile(cp + boltstore.WBFileSuffix)
	require.NoError(t, err)

	_, err = boltstore.Open(cp, readOnly)
	require.ErrorIs(t, err, boltstore.ErrPendingLog)
	after, err := os.ReadFile(cp)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the book file untouched")
	wbAfter, err := os.ReadFile(cp + boltstore.WBFileSuffix)
	require.NoError(t, err)
	assert.Equal(t, wbBefore, wbAfter, "the write-behind file untouched")

	w, err := boltstore.Open(cp, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	require.NoError(t, w.Close())
	b.requireHolds(cp, readOnly, "read-only after the log was applied")
}
