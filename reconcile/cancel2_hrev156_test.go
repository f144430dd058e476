package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// Worked example 10 cancelled: a receipt of 1 176.00 with an escompte on a
// cash-basis invoice (1 000.00 + 200.00): cancelling the receipt reverses
// its cash-basis entry (196.00) and the discount entry (665000 20.00,
// 445740 4.00): 445740 back at -200.00, 445710 at 0.00, 665000 at 0.00,
// the invoice owes 1 200.00 again, not paid.
func TestHrev156CancelEscomptePayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 5),
			Amount: e("1176.00"), Invoices: []journal.ID{inv.ID}, EarlyDiscount: true, Method: reconcile.MethodTransfer})
		require.NoError(t, err)
		pay := res.Entries[0]
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), pay.ID)
		require.NoError(t, err)
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, "0.00", f.balance(t, "665000"))
		assert.Equal(t, "0.00", f.balance(t, "512000"))
		assert.Equal(t, "1200.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		f.check(t)
		// A new payment may take the escompte again (first payment).
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 6),
			Amount: e("1176.00"), Invoices: []journal.ID{inv.ID}, EarlyDiscount: true, Method: reconcile.MethodTransfer})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-196.00", f.balance(t, "445710"))
		f.check(t)
	})
}

// Worked example 8 cancelled: receipt 99.98 with a 0.02 write-off to
// 658000 (statement line WriteOff); cancelling the line reverses the
// write-off: 658000 at 0.00, invoice 100.00 due.
func TestHrev156CancelWriteOffStatementLine(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(3, 5), Amount: e("99.98"),
			Partner: "C1", Invoices: []journal.ID{inv.ID}, WriteOff: true})
		require.NoError(t, err)
		assert.Equal(t, "0.02", f.balance(t, "658000"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), res.Entries[0].ID)
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "658000"))
		assert.Equal(t, "0.00", f.balance(t, "512000"))
		assert.Equal(t, "100.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		f.check(t)
	})
}

// Cancelling the statement line that cleared a receipt through BQ: the
// receipt waits again on 512100, the invoice goes back to in_payment.
func TestHrev156CancelClearingStatementLine(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "300.00")
		pay := f.receive(t, "BQ", "C1", d(3, 5), "300.00", inv)
		sl, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 7), Amount: e("300.00"), Ref: "VIR"})
		require.NoError(t, err)
		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: sl.Entries[0].ID, Payments: []journal.ID{pay.ID}})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), sl.Entries[0].ID)
		require.NoError(t, err)
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		assert.Equal(t, "300.00", f.balance(t, "512100"))
		assert.Equal(t, "0.00", f.balance(t, "512000"))
		assert.Equal(t, "300.00", f.residual(t, pay.LineRef(1)).Plain())
		f.check(t)
	})
}

// A receipt in a period since locked (general lock 31 March) is
// cancelled in April: the reversal moves to the first open date, 1 April,
// and lettering is not blocked; the cash-basis entry's reversal too (tax
// lock 31 March).
func TestHrev156CancelPaymentLocked(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		pay := f.receive(t, "BQD", "C1", d(3, 5), "600.00", inv)
		assert.Equal(t, "-100.00", f.balance(t, "445710"))
		require.NoError(t, f.book.SetLockDates(ctx,
			ledger.LockChange{Kind: ledger.LockTax, Date: d(3, 31), Reason: "CA3 mars"},
			ledger.LockChange{Kind: ledger.LockGeneral, Date: d(3, 31), Reason: "mars"}))
		res, err := f.rec.CancelPayment(ctx, journal.NewID(), pay.ID)
		require.NoError(t, err)
		for _, x := range res.Entries {
			assert.Equal(t, d(4, 1), x.Date, "%s moved to the first open date", x.Name())
		}
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "1200.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		f.check(t)
	})
}
