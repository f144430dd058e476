package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// DESIGN example 1, journal posting straight to the bank (INFast).
func TestPartialPaymentsDirectBank(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "300.00")
		f.receive(t, "BQD", "C1", d(3, 10), "150.00", inv)
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "150.00", st.Residual.Plain())

		f.receive(t, "BQD", "C1", d(3, 20), "150.00", inv)
		st = f.state(t, inv)
		assert.Equal(t, reconcile.Paid, st.State)
		assert.True(t, st.Residual.IsZero())
		assert.Equal(t, "AAA", f.code(t, inv.LineRef(0)))
		f.check(t)
	})
}

// DESIGN example 1 with an outstanding-receipts journal (Odoo style).
func TestInPaymentUntilTheBankClears(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "300.00")
		p1 := f.receive(t, "BQ", "C1", d(3, 10), "150.00", inv)
		p2 := f.receive(t, "BQ", "C1", d(3, 20), "150.00", inv)
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)

		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 25), Amount: e("300.00"), Label: "Remise"})
		require.NoError(t, err)
		stmt := res.Entries[0]
		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: stmt.ID, Payments: []journal.ID{p1.ID, p2.ID}})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)

		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: stmt.ID, Payments: []journal.ID{p1.ID}})
		assert.ErrorIs(t, err, reconcile.ErrCleared)

		// Unclearing moves the invoice back to in_payment.
		_, err = f.rec.Unletter(ctx, journal.NoID, stmt.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		f.check(t)
	})
}

// code returns the letter code of the live match holding ref, "" if none.
func (f *fixture) code(t testing.TB, ref journal.LineRef) string {
	t.Helper()
	var code string
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		m, in, err := tx.MatchOf(ref)
		if in {
			code = m.Code
		}
		return err
	}))
	return code
}

// TestPartnerMethodNames: a partner's default payment method is named as
// the lettering layer names its methods.
func TestPartnerMethodNames(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for m := reconcile.MethodTransfer; m <= reconcile.MethodLCR; m++ {
			require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "M" + m.String(), Name: "x", PaymentMethod: m.String()}), m.String())
		}
	})
}
