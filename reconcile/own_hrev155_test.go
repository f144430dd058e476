package reconcile_test

// Review h-rev155: betweenOwnAccounts after byReturn and byEndToEnd.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// A transfer from BNP (our other account) to LCL whose remittance names
// K1's open invoice of the same amount, with K1's receipt of it waiting on
// LCL's outstanding receipts and no other K1 line: never K1's payment,
// with the default rules and with the reference rule off.
func TestHrev155OwnTransferNamingInvoice(t *testing.T) {
	t.Parallel()
	for _, rules := range []reconcile.Rules{{}, {NoReference: true}, {NoExactAmount: true}} {
		onStores(t, func(t *testing.T, f *fixture) {
			h151Setup(t, f)
			inv := f.invoice(t, "K1", d(3, 1), "1000.00")
			inv2 := f.invoice(t, "K1", d(3, 2), "1000.00")
			f.receive(t, "LCL", "K1", d(3, 5), "1000.00", inv2)
			in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR " + inv.Name(),
				Transactions: []reconcile.BankTransaction{{EndToEndID: "INTERNE01", Counterparty: "CLIENT K1", CounterpartyIBAN: h151BNP, Remittance: inv.Name() + " " + inv2.Name()}}}
			_, err := f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
			require.NoError(t, err)
			ps, err := f.rec.ProposeImported(ctx, "LCL", rules)
			require.NoError(t, err)
			require.Len(t, ps, 1)
			assert.False(t, ps[0].Matched, "%+v %s", rules, h151Desc(ps))
			assert.Empty(t, ps[0].Target.Invoices, h151Desc(ps))
			assert.Empty(t, ps[0].Target.Payments, h151Desc(ps))
			assert.Empty(t, ps[0].Target.Partner, h151Desc(ps))
			assert.Contains(t, ps[0].Reason, "own accounts", h151Desc(ps))
		})
	}
}

// With the reference rule off, a return of our earlier transfer to LCL
// (flagged, naming LCL's IBAN) is left as a transfer between own accounts,
// and with it on it is the return of the transfer it names.
func TestHrev155OwnTransferOrderNoReference(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		bill := f.bill(t, "S1", d(3, 1), "700.00")
		sp, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("700.00"), Ref: "PAYS1E2E07", Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-700.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "PAYS1E2E07", CounterpartyIBAN: h151LCL}}}
		_, err = f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{NoReference: true})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		assert.False(t, ps[0].Matched, h151Desc(ps))
		assert.Contains(t, ps[0].Reason, "own accounts (journal LCL)", h151Desc(ps))
		ps, err = f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		assert.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, []journal.ID{sp.Entries[0].ID}, ps[0].Target.Payments, h151Desc(ps))
	})
}
