package ledger_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Probe: Book.Index and Book.Backup on a read-only store whose last
// entry lags (posted, not indexed) still fail with store.ErrReadOnly:
// the fallback of 19c2f15 returns nil only with no lag.
// Expected: both errors match store.ErrReadOnly; Backup writes nothing.
// Observed: as expected.
func TestHrev6ProbeReadOnlyIndexWithLag(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	bk := benchBook(t, st)
	addPartners(t, bk, 1)
	_, err = bk.Post(ctx, benchEntry(0, "C000000"))
	require.NoError(t, err)
	require.NoError(t, bk.Index(ctx))
	_, err = bk.Post(ctx, benchEntry(1, "C000000"))
	require.NoError(t, err)
	require.NoError(t, st.Close())

	ro, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
	require.NoError(t, err)
	defer ro.Close()
	b, err := ledger.Open(ctx, ro, ledger.Options{Currency: benchEUR})
	require.NoError(t, err)
	_, err = b.LockDates(ctx)
	require.ErrorIs(t, err, store.ErrReadOnly, "precondition: the last entry lags")
	assert.ErrorIs(t, b.Index(ctx), store.ErrReadOnly)
	var buf bytes.Buffer
	_, err = b.Backup(ctx, &buf)
	assert.ErrorIs(t, err, store.ErrReadOnly)
	assert.Zero(t, buf.Len())
}
