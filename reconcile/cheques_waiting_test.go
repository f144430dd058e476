package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// The cheques waiting to be deposited: received by cheque through the
// journal, oldest first, with their numbers; not a transfer, not one
// already in a deposit, not another journal's.
func TestChequesWaiting(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		cheque := func(p string, date journal.Date, amount, number string) journal.Entry {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: p, Journal: "BQ", Date: date,
				Amount: e(amount), Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: number, Bank: "LCL"}})
			require.NoError(t, err)
			return res.Entries[0]
		}
		late := cheque("C1", d(3, 9), "40.00", "0000077")
		early := cheque("C2", d(3, 2), "15.50", "0000012")
		deposited := cheque("C1", d(3, 3), "20.00", "0000013")
		f.receive(t, "BQ", "C2", d(3, 4), "10.00") // a transfer

		_, err := f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQ", Date: d(3, 5), Payments: []journal.ID{deposited.ID}})
		require.NoError(t, err)

		got, err := f.rec.ChequesWaiting(ctx, "BQ")
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, early.ID, got[0].Payment.ID)
		assert.Equal(t, "C2", got[0].Partner)
		assert.Equal(t, "15.50", got[0].Amount.Plain())
		assert.Equal(t, reconcile.Cheque{Number: "0000012", Bank: "LCL"}, got[0].Cheque)
		assert.Equal(t, late.ID, got[1].Payment.ID)

		// Deposited, they wait no more.
		_, err = f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQ", Date: d(3, 10), Payments: []journal.ID{early.ID, late.ID}})
		require.NoError(t, err)
		got, err = f.rec.ChequesWaiting(ctx, "BQ")
		require.NoError(t, err)
		assert.Empty(t, got)

		_, err = f.rec.ChequesWaiting(ctx, "NOPE")
		assert.ErrorIs(t, err, ledger.ErrUnknownJournal)
		_, err = f.rec.ChequesWaiting(ctx, "VT")
		assert.ErrorIs(t, err, reconcile.ErrJournal)
	})
}

// A cheque in dollars is deposited in dollars: the deposit's total is what
// the bank's dollar line shows, not its value in euros, and a slip holds
// cheques of one currency.
func TestDepositForeignCheques(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.25")))
		cheque := func(p string, amount currency.Amount, number string) journal.Entry {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: p, Journal: "BQ", Date: d(3, 2),
				Amount: amount, Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: number}})
			require.NoError(t, err)
			return res.Entries[0]
		}
		a := cheque("C1", currency.MustParse(usd, "100.00"), "1")
		b := cheque("C2", currency.MustParse(usd, "25.50"), "2")
		eur := cheque("C3", e("10.00"), "3")

		waiting, err := f.rec.ChequesWaiting(ctx, "BQ")
		require.NoError(t, err)
		require.Len(t, waiting, 3)
		assert.Equal(t, "100.00 USD", waiting[0].Amount.String())

		before := f.snapshot(t)
		_, err = f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQ", Date: d(3, 5), Payments: []journal.ID{a.ID, eur.ID}})
		require.ErrorIs(t, err, reconcile.ErrNotDocument)
		f.unchanged(t, before)

		batch, err := f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQ", Date: d(3, 5), Payments: []journal.ID{a.ID, b.ID}})
		require.NoError(t, err)
		assert.Equal(t, "125.50 USD", batch.Total.String())
		all, err := f.rec.Batches(ctx, "BQ")
		require.NoError(t, err)
		require.Len(t, all, 1)
		assert.Equal(t, "125.50 USD", all[0].Total.String(), "read back as written")
	})
}
