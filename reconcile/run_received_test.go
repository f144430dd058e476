package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// A run pays the bills it has on its date: one dated after it, though due
// by the run's due date, waits (it was not received when the transfers
// left); a supplier the book does not have is refused, naming it, and
// nothing is written.
func TestRunPaysBillsReceivedByItsDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "F1", "Fournisseur F1", "BE68539007547034", ledger.Address{})
		early := rrBill(t, f, "F1", d(3, 1), d(4, 10), "100.00", "B-1")
		rrBill(t, f, "F1", d(4, 5), d(4, 20), "50.00", "B-2") // received after the run's 2 April

		_, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(4, 2), DueBy: d(4, 30), Partners: []string{"F1", "F9"}})
		require.ErrorIs(t, err, ledger.ErrUnknownPartner)
		assert.Contains(t, err.Error(), "F9")

		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(4, 2), DueBy: d(4, 30), Partners: []string{"F1"}})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, []journal.ID{early.ID}, run.Payments[0].Bills)
		assert.Equal(t, "100.00", run.Payments[0].Amount.Plain())
	})
}

// A run naming only a customer finds no bill, and says the customer owes
// nothing on the payable account: the likely mistake is the code.
func TestRunNamingACustomerSaysSo(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		f.invoice(t, "C1", d(3, 1), "100.00")
		_, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(4, 2), DueBy: d(4, 30), Partners: []string{"C1", "C2"}})
		require.ErrorIs(t, err, reconcile.ErrRun)
		assert.Contains(t, err.Error(), "C1, C2 have nothing open on 401000")
	})
}
