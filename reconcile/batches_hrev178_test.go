package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A run one payment of which is cancelled: the run asked again with its
// operation (what `lettrage run --id` does) sends what Batches lists, and
// Batches stays as it was after the replay.
func TestHrev178BatchesRunReplayAgrees(t *testing.T) {
	t.Parallel()
	f := hrev178F(t)
	rrJournal(t, f)
	rrSupplier(t, f, "F1", "Fournitures SA", "", ledger.Address{})
	rrSupplier(t, f, "F2", "Durand SARL", "DE89370400440532013000", ledger.Address{})
	rrSupplier(t, f, "F3", "Martin", "FR7630006000011234567890189", ledger.Address{})
	rrBill(t, f, "F1", d(3, 1), d(3, 10), "1000.00", "FA-101")
	rrBill(t, f, "F2", d(3, 1), d(3, 10), "250.00", "D-56")
	rrBill(t, f, "F3", d(3, 1), d(3, 10), "40.10", "M-9")
	req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)}
	run, err := f.rec.RunPayments(ctx, req)
	require.NoError(t, err)
	require.Len(t, run.Payments, 3)
	for _, p := range run.Payments {
		if p.Partner == "F2" {
			_, err := f.rec.CancelPayment(ctx, journal.NewID(), p.Payment.ID)
			require.NoError(t, err)
		}
	}
	again, err := f.rec.RunPayments(ctx, req)
	require.NoError(t, err)
	require.True(t, again.Result.Replay)
	ct, err := bank.CreditTransfers(ctx, f.book, again, "Atelier")
	require.NoError(t, err)
	b, ok := runBatch(t, f, run.ID)
	require.True(t, ok)
	require.Len(t, ct.Payments, 2)
	assert.Len(t, b.Payments, 2)
	assert.Equal(t, "-1040.10", b.Total.Plain())
	sum := ct.Payments[0].Amount
	sum, _ = sum.Add(ct.Payments[1].Amount)
	assert.Equal(t, b.Total.Neg().Plain(), sum.Plain())
	f.check(t)
}

// A cheque deposit is not a run: a cheque of it cancelled since stays in
// the deposit's list and total (the slip handed to the bank), as before.
func TestHrev178BatchesDepositUnaffected(t *testing.T) {
	t.Parallel()
	f := hrev178F(t)
	var ids []journal.ID
	for i, amt := range []string{"20.00", "35.50"} {
		chq, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 3),
			Amount: e(amt), Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: []string{"1234567", "1234568"}[i]}})
		require.NoError(t, err)
		ids = append(ids, chq.Entries[0].ID)
	}
	dep, err := f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQ", Date: d(3, 10), Payments: ids})
	require.NoError(t, err)
	require.Equal(t, "55.50", dep.Total.Plain())
	all, err := f.rec.Batches(ctx, "BQ")
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.Equal(t, reconcile.BatchChequeDeposit, all[0].Kind)
	assert.Equal(t, ids, all[0].Payments)
	assert.Equal(t, "55.50", all[0].Total.Plain())
}
