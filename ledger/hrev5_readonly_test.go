package ledger_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev5IndexedReadOnly is a bbolt book with one entry posted and
// indexed, closed, then opened read-only (boltstore.Options.ReadOnly).
func hrev5IndexedReadOnly(t *testing.T) (path string, ro *boltstore.DB, b *ledger.Book) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), "book.db")
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	bk := benchBook(t, st)
	addPartners(t, bk, 1)
	_, err = bk.Post(ctx, benchEntry(0, "C000000"))
	require.NoError(t, err)
	require.NoError(t, bk.Index(ctx))
	require.NoError(t, st.Close())

	ro, err = boltstore.Open(path, boltstore.Options{ReadOnly: true})
	require.NoError(t, err)
	t.Cleanup(func() { ro.Close() })
	b, err = ledger.Open(ctx, ro, ledger.Options{Currency: benchEUR})
	require.NoError(t, err)
	_, err = b.LockDates(ctx)
	require.NoError(t, err, "precondition: nothing lags, the book reads read-only")
	return path, ro, b
}

// TestHrev5ReadOnlyIndexWithoutLag: Book.Index "With no lag it writes
// nothing". On a read-only store, with nothing lagging, it has nothing
// to write.
// Expected: nil, as on a writable store.
// Observed: an error matching store.ErrReadOnly ("boltstore: ... was
// opened read-only"): Index runs its lag test inside st.Update, which a
// read-only store refuses before running it. A program that calls Index
// "at a time of its choosing" (its doc), e.g. before each report as
// lettrage's writers do, fails on every read-only book, indexed or not.
func TestHrev5ReadOnlyIndexWithoutLag(t *testing.T) {
	_, _, b := hrev5IndexedReadOnly(t)
	assert.NoError(t, b.Index(context.Background()), "nothing lags: nothing to write")
}

// TestHrev5ReadOnlyBookBackup: Book.Backup "first indexes any entries
// still lagging behind the log (see Index), then has the store copy
// itself"; boltstore's DB.Backup reads, and works on a read-only DB
// (TestReadOnlyWritesNothing). A backup is the very job that should run
// read-only, beside the other readers, without locking them out.
// Expected: on a fully indexed book opened read-only, Backup writes a
// copy that opens as the book, and the book file is untouched.
// Observed: Backup fails with store.ErrReadOnly and copies nothing,
// because its Index call fails on a read-only store even with nothing to
// index (see TestHrev5ReadOnlyIndexWithoutLag).
func TestHrev5ReadOnlyBookBackup(t *testing.T) {
	ctx := context.Background()
	path, _, b := hrev5IndexedReadOnly(t)
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	var buf bytes.Buffer
	n, err := b.Backup(ctx, &buf)
	require.NoError(t, err, "a read-only, fully indexed book backs up")
	assert.Equal(t, int64(buf.Len()), n)
	cp := filepath.Join(t.TempDir(), "copy.db")
	require.NoError(t, os.WriteFile(cp, buf.Bytes(), 0o600))
	st, err := boltstore.Open(cp, boltstore.Options{ReadOnly: true})
	require.NoError(t, err)
	defer st.Close()
	c, err := ledger.Open(ctx, st, ledger.Options{Currency: benchEUR})
	require.NoError(t, err)
	_, err = c.EntryByNumber(ctx, "VT/2026/00001")
	assert.NoError(t, err, "the copy holds the entry")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}
