package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// A deposit slip without its date is journal.ErrNoDate, which a caller can
// tell from a payment that is no cheque (ErrNotDocument).
func TestDepositChequesNoDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		pay := f.receive(t, "BQ", "C1", d(3, 2), "40.00")
		_, err := f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQ", Payments: []journal.ID{pay.ID}})
		require.ErrorIs(t, err, journal.ErrNoDate)
		require.NotErrorIs(t, err, reconcile.ErrNotDocument)
		_, err = f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQ", Date: d(3, 3)})
		require.ErrorIs(t, err, reconcile.ErrNotDocument)
	})
}
