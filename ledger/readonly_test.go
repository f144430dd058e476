package ledger_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadOnlyBook opens a bbolt book read-only: it reads, and every
// write fails with store.ErrReadOnly and writes nothing. A book whose
// last entries are not indexed yet cannot be read so (the indexing is a
// write): the error says to open it for writing once.
func TestReadOnlyBook(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	bk := benchBook(t, st)
	addPartners(t, bk, 1)
	_, err = bk.Post(ctx, benchEntry(0, "C000000"))
	require.NoError(t, err)
	require.NoError(t, st.Close())

	openRO := func() (*boltstore.DB, *ledger.Book) {
		t.Helper()
		ro, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
		require.NoError(t, err)
		b, err := ledger.Open(ctx, ro, ledger.Options{Currency: benchEUR})
		require.NoError(t, err, "opening reads only")
		return ro, b
	}
	unchanged := func(before []byte) {
		t.Helper()
		after, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, before, after, "not a byte written")
	}
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	ro, b := openRO()
	_, err = b.LockDates(ctx)
	require.ErrorIs(t, err, store.ErrReadOnly, "the last entry lags behind its indexes")
	assert.Contains(t, err.Error(), "open the book for writing once")
	require.NoError(t, ro.Close())
	unchanged(before)

	st, err = boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	bk, err = ledger.Open(ctx, st, ledger.Options{Currency: benchEUR})
	require.NoError(t, err)
	require.NoError(t, bk.Index(ctx))
	require.NoError(t, st.Close())
	before, err = os.ReadFile(path)
	require.NoError(t, err)

	ro, b = openRO()
	defer ro.Close()
	e, err := b.EntryByNumber(ctx, "VT/2026/00001")
	require.NoError(t, err, "reads")
	bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "411000"})
	require.NoError(t, err)
	assert.Equal(t, e.Lines[0].Balance.String(), bal.Balance.String())
	_, err = b.Post(ctx, benchEntry(1, "C000000"))
	assert.ErrorIs(t, err, store.ErrReadOnly)
	err = b.AddPartner(ctx, ledger.Partner{Code: "NEW"})
	assert.ErrorIs(t, err, store.ErrReadOnly)
	require.NoError(t, b.Check(ctx), "Check reads")
	require.NoError(t, ro.Close())
	unchanged(before)
}
