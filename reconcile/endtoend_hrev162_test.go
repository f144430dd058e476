package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a customer's receipt registered with reference A1B2C3 is no longer found by the bank line that carries A1B2C3 only as its end-to-end id (DESIGN §11 rule 1: "EndToEndId ... names ... a payment"); expected the +1000.00 line to clear C1's receipt, got it unmatched (another receipt of 1000.00 waits, so no amount rule decides)
func TestHrev162ReceiptNamedByEndToEndOnly(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv1 := f.invoice(t, "C1", d(3, 1), "1000.00")
		inv2 := f.invoice(t, "C2", d(3, 1), "1000.00")
		r1, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "LCL", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("1000.00"), Ref: "A1B2C3", Invoices: []journal.ID{inv1.ID}})
		require.NoError(t, err)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "LCL", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("1000.00"), Ref: "Q7W8E9", Invoices: []journal.ID{inv2.ID}})
		require.NoError(t, err)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR SEPA RECU",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "A1B2C3"}}}
		_, err = f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, []journal.ID{r1.Entries[0].ID}, ps[0].Target.Payments, h151Desc(ps))
	})
}

// Pin: an outgoing payment of a payment run is still cleared by its
// end-to-end id, even beside another waiting payment of the same amount.
func TestHrev162OutgoingByEndToEndBesideTwin(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		b1 := f.bill(t, "S1", d(3, 1), "700.00")
		b2 := f.bill(t, "S1", d(3, 2), "700.00")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("700.00"), Ref: "E2EONE0001", Invoices: []journal.ID{b1.ID}})
		require.NoError(t, err)
		p2, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("700.00"), Ref: "E2ETWO0002", Invoices: []journal.ID{b2.ID}})
		require.NoError(t, err)
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-700.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "E2ETWO0002"}}}
		_, err = f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, []journal.ID{p2.Entries[0].ID}, ps[0].Target.Payments, h151Desc(ps))
	})
}
