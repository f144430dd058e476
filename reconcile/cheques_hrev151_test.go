package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Three cheques (K1 300.00, C1 200.00, C2 100.00) received on BNP (512100),
// deposited in one slip, credited by one line of 600.00 on 7 March; on
// 20 March, in a later statement, C1's cheque comes back unpaid (-200.00)
// with 15.00 of bank charges for the unpaid. C1's invoice is owed again
// (not_paid, 200.00), the others stay paid, 512100 ends at 0.00, 627000
// at 15.00, 512000 at 385.00, and Check holds after each step.
func TestHrev151ChequeDepositThenOneUnpaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		invs := []journal.Entry{f.invoice(t, "K1", d(3, 1), "300.00"), f.invoice(t, "C1", d(3, 1), "200.00"), f.invoice(t, "C2", d(3, 1), "100.00")}
		var pays []journal.ID
		for i, x := range []struct{ p, number, amount string }{{"K1", "1000001", "300.00"}, {"C1", "2000002", "200.00"}, {"C2", "3000003", "100.00"}} {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: x.p, Journal: "BNP", Date: d(3, 4),
				Method: reconcile.MethodCheque, Amount: e(x.amount), Cheque: &reconcile.Cheque{Number: x.number}, Invoices: []journal.ID{invs[i].ID}})
			require.NoError(t, err)
			pays = append(pays, res.Entries[0].ID)
		}
		for _, inv := range invs {
			assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		}
		_, err := f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BNP", Date: d(3, 5), Payments: pays})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "600.00", h151Bal(t, f, "512100", ""))

		dep := reconcile.BankEntry{Ref: "D1", BookingDate: d(3, 7), Amount: e("600.00"), Label: "REMISE CHEQUES 3"}
		_, err = f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "S1", "0.00", d(3, 7), dep))
		require.NoError(t, err)
		props, err := f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, props, 1)
		require.True(t, props[0].Matched, h151Desc(props))
		assert.ElementsMatch(t, pays, props[0].Target.Payments)
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		f.check(t)
		for _, inv := range invs {
			assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		}
		assert.Equal(t, "0.00", h151Bal(t, f, "512100", ""))
		assert.Equal(t, "600.00", h151Bal(t, f, "512000", ""))

		ret := reconcile.BankEntry{Ref: "R1", BookingDate: d(3, 20), Amount: e("-200.00"), Label: "CHQ IMPAYE 2000002",
			Reversal: true, BankCode: "PMNT/RCHQ/UPCQ"}
		fee := reconcile.BankEntry{Ref: "R2", BookingDate: d(3, 20), Amount: e("-15.00"), Label: "FRAIS IMPAYE CHQ 2000002"}
		_, err = f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "S2", "600.00", d(3, 20), ret, fee))
		require.NoError(t, err)
		props, err = f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, props, 2)
		require.True(t, props[0].Matched, h151Desc(props))
		require.NotNil(t, props[0].Target.Returns, h151Desc(props))
		assert.Equal(t, "C1", props[0].Target.Partner)
		assert.Equal(t, pays[1], props[0].Target.Returns.Payment)
		outs, err = f.rec.ApplyImported(ctx, journal.NoID, props[:1])
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		f.check(t)
		_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "S2", "R2", reconcile.ImportedTarget{Account: "627000"})
		require.NoError(t, err)
		f.check(t)

		st := f.state(t, invs[1])
		assert.Equal(t, reconcile.NotPaid, st.State)
		assert.Equal(t, "200.00", st.Residual.Plain())
		assert.Equal(t, reconcile.Paid, f.state(t, invs[0]).State)
		assert.Equal(t, reconcile.Paid, f.state(t, invs[2]).State)
		assert.Equal(t, "200.00", h151Bal(t, f, "411000", "C1"))
		assert.Equal(t, "0.00", h151Bal(t, f, "411000", "K1"))
		assert.Equal(t, "0.00", h151Bal(t, f, "512100", ""))
		assert.Equal(t, "385.00", h151Bal(t, f, "512000", ""))
		assert.Equal(t, "15.00", h151Bal(t, f, "627000", ""))

		// The cheque presented again and paid: a receipt of 200.00 pays the invoice.
		f.receive(t, "BNP", "C1", d(3, 25), "200.00", invs[1])
		f.check(t)
		assert.Equal(t, reconcile.InPayment, f.state(t, invs[1]).State)
		assert.Equal(t, "0.00", h151Bal(t, f, "411000", "C1"))
	})
}
