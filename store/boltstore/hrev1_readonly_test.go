package boltstore_test

import (
	"io"
	"os"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHRev1ReadOnlyUpdateAfterClose: store.ErrClosed "is returned by
// calls on a closed store", and a DB opened for writing returns it from
// Update after Close.
// Expected: Update on a closed read-only DB returns store.ErrClosed, as
// View and Backup do.
// Observed: it returns store.ErrReadOnly ("opened read-only"): update
// tests Options.ReadOnly before the closing flag, so a caller that
// retries on ErrReadOnly by reopening for writing (as lettrage's readBook
// does) is told the wrong story about a DB it already closed.
func TestHRev1ReadOnlyUpdateAfterClose(t *testing.T) {
	path := filled(t, 10)
	db, err := boltstore.Open(path, readOnly)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	err = db.View(ctx, func(store.Tx) error { return nil })
	assert.ErrorIs(t, err, store.ErrClosed, "View after Close")
	err = db.Update(ctx, func(store.Tx) error { return nil })
	assert.ErrorIs(t, err, store.ErrClosed, "Update after Close")
	assert.NotErrorIs(t, err, store.ErrReadOnly)
}

// TestHRev1ProbeReadOnlyTouchesNothing: a read-only open, read, backup
// and close leave the book's bytes and mtime as they were, and a stale
// write-behind file beside a book storing no generation (which a writer
// would remove) in place with its bytes and mtime; a second Close is
// harmless.
func TestHRev1ProbeReadOnlyTouchesNothing(t *testing.T) {
	for name, path := range map[string]string{"closed": filled(t, 300), "unclosed": filledUnclosed(t, 300)} {
		t.Run(name, func(t *testing.T) {
			wb := path + boltstore.WBFileSuffix
			require.NoError(t, os.WriteFile(wb, []byte("stale write-behind file"), 0o600))
			old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
			require.NoError(t, os.Chtimes(path, old, old))
			require.NoError(t, os.Chtimes(wb, old, old))
			before, err := os.ReadFile(path)
			require.NoError(t, err)
			db, err := boltstore.Open(path, readOnly)
			require.NoError(t, err)
			n, err := readAll(db)
			require.NoError(t, err)
			assert.Equal(t, 300, n)
			_, err = db.Backup(ctx, io.Discard)
			require.NoError(t, err)
			require.NoError(t, db.VerifyStructure(ctx))
			require.NoError(t, db.Close())
			assert.NotPanics(t, func() { _ = db.Close() })
			after, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, before, after)
			for _, p := range []string{path, wb} {
				fi, err := os.Stat(p)
				require.NoError(t, err)
				assert.True(t, fi.ModTime().Equal(old), "%s mtime changed: %v", p, fi.ModTime())
			}
			data, err := os.ReadFile(wb)
			require.NoError(t, err)
			assert.Equal(t, "stale write-behind file", string(data))
		})
	}
}
