package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A transfer from BNP, our other account, to LCL whose end-to-end id
// happens to spell the memo K1's waiting receipt was registered with: the
// id is one we never gave (a receipt's reference is the customer's), so
// the transfer is ours, for the internal transfer account, not K1's
// receipt.
func TestHrev161OwnTransferEndToEndIsCustomerMemo(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "1000.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "K1", Journal: "LCL", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("1000.00"), Ref: "A1B2C3", Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR RECU MA SOCIETE",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "A1B2C3", Counterparty: "MA SOCIETE", CounterpartyIBAN: h151BNP}}}
		_, err = f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		assert.False(t, ps[0].Matched, h151Desc(ps))
		assert.NotContains(t, ps[0].Target.Payments, res.Entries[0].ID, h151Desc(ps))
		assert.Empty(t, ps[0].Target.Partner, h151Desc(ps))
		assert.Contains(t, ps[0].Reason, "a transfer between the company's own accounts (journal BNP): post it to the internal transfer account (580000)", h151Desc(ps))
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
	})
}

// Our transfer to S1, sent with its end-to-end id, is still cleared by
// the bank's entry naming that id, whether the money went to the
// supplier's account or to one of our own.
func TestHrev161OutgoingPaymentByEndToEnd(t *testing.T) {
	t.Parallel()
	for _, to := range []string{"DE89370400440532013000", h151LCL} {
		t.Run(to, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				h151Setup(t, f)
				bill := f.bill(t, "S1", d(3, 1), "700.00")
				sp, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 5),
					Method: reconcile.MethodTransfer, Amount: e("700.00"), Ref: "PAYS1E2E07", Invoices: []journal.ID{bill.ID}})
				require.NoError(t, err)
				out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-700.00"), Label: "VIR SEPA",
					Transactions: []reconcile.BankTransaction{{EndToEndID: "PAYS1E2E07", CounterpartyIBAN: ident.IBAN(to)}}}
				_, err = f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
				require.NoError(t, err)
				ps, err := f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
				require.NoError(t, err)
				require.Len(t, ps, 1)
				require.True(t, ps[0].Matched, h151Desc(ps))
				assert.Equal(t, []journal.ID{sp.Entries[0].ID}, ps[0].Target.Payments, h151Desc(ps))
				assert.Contains(t, ps[0].Reason, "end-to-end id PAYS1E2E07", h151Desc(ps))
			})
		})
	}
}
