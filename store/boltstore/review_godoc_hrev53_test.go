package boltstore_test

// Review h-rev53: the exported godoc of packages store, memstore,
// boltstore and ident read as a contract. Every test here failed on the
// code it was written against; each says how it was fixed (the code, or
// the documentation where the code was right).

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Changed (the documentation was ambiguous, the backends disagreed):
// store.Store.Close said "Close releases the store; later calls return
// ErrClosed". A second Close returned nil on boltstore and pgstore,
// store.ErrClosed on memstore. A second Close now does nothing and
// returns nil on every backend (a deferred Close after an explicit one is
// no error), and the doc says so; this test holds both backends to it.
func TestHrev53CloseTwiceErrClosed(t *testing.T) {
	for _, wb := range []bool{false, true} {
		db, err := boltstore.Open(filepath.Join(t.TempDir(), "s.db"), boltstore.Options{NoSync: true, WriteBehind: wb})
		require.NoError(t, err)
		require.NoError(t, db.Close())
		assert.NoError(t, db.Close(), "second Close, WriteBehind %v", wb)
		assert.ErrorIs(t, db.Update(context.Background(), func(store.Tx) error { return nil }), store.ErrClosed)
	}
	m := memstore.New()
	require.NoError(t, m.Close())
	assert.NoError(t, m.Close(), "memstore's second Close")
}

// Was failing, fixed: store.ErrClosed "is returned by calls on a closed store" (and
// Store.Close: "later calls return ErrClosed").
// SizeOnDisk after Close returns a raw *fs.PathError, `stat : no such file
// or directory` (bbolt's Path() is "" once closed), not store.ErrClosed,
// while the file is still there. Code wrong: it should refuse with
// ErrClosed (or stat d.path), not report a missing file that exists.
func TestHrev53SizeOnDiskAfterClose(t *testing.T) {
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "s.db"), boltstore.Options{NoSync: true})
	require.NoError(t, err)
	require.NoError(t, db.Close())
	_, err = db.SizeOnDisk()
	assert.ErrorIs(t, err, store.ErrClosed)
}
