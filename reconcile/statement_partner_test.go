package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/stretchr/testify/require"
)

// A statement for a partner code the book does not know (a typo in an ERP
// screen) is an error, not an empty statement that reads "owes nothing".
func TestStatementUnknownPartner(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "100.00")
		_, err := f.rec.Statement(ctx, "411000", "C1-TYPO")
		require.ErrorIs(t, err, ledger.ErrUnknownPartner)
		st, err := f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		require.Equal(t, "100.00", st.Due.Plain())
	})
}
