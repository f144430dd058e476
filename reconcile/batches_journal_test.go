package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/stretchr/testify/require"
)

// Batches of a journal the book does not have is an error, as Statements
// and OpenImported are, not an empty list.
func TestBatchesUnknownJournal(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		_, err := f.rec.Batches(ctx, "BNQ")
		require.ErrorIs(t, err, ledger.ErrUnknownJournal)
		_, err = f.rec.Statements(ctx, "BNQ")
		require.ErrorIs(t, err, ledger.ErrUnknownJournal)
		b, err := f.rec.Batches(ctx, "BQ")
		require.NoError(t, err)
		require.Empty(t, b)
	})
}
