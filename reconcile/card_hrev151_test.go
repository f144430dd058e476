package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Three card payments (K1 50.00, C1 30.00, C2 20.00) on BNP's outstanding
// receipts, settled by the acquirer in one line of 98.50 (1.50 of
// commission). Cleared with BankFees: 627000 1.50, 512100 0.00, the
// invoices paid. Unlettering the clearing reverses the fee entry (627000
// back to 0.00, 512100 100.00 again, the statement line open for 98.50)
// and the invoices go back to in_payment; clearing again restores paid.
func TestHrev151CardSettlementNetOfFeesAndUnclear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		invs := []journal.Entry{f.invoice(t, "K1", d(3, 1), "50.00"), f.invoice(t, "C1", d(3, 1), "30.00"), f.invoice(t, "C2", d(3, 1), "20.00")}
		var pays []journal.ID
		for i, x := range []struct{ p, amount string }{{"K1", "50.00"}, {"C1", "30.00"}, {"C2", "20.00"}} {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: x.p, Journal: "BNP", Date: d(3, 4),
				Method: reconcile.MethodCard, Amount: e(x.amount), Invoices: []journal.ID{invs[i].ID}})
			require.NoError(t, err)
			pays = append(pays, res.Entries[0].ID)
		}
		cb := reconcile.BankEntry{Ref: "CB1", BookingDate: d(3, 6), Amount: e("98.50"), Label: "REMISE CB 040326 3 OPERATIONS COM 1,50"}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "S1", "0.00", d(3, 6), cb))
		require.NoError(t, err)
		props, err := f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, props, 1)
		// Nothing of a customer's: the line is not posted to a partner.
		assert.Empty(t, props[0].Target.Partner, h151Desc(props))

		// A clearing with the fees refused as more favourable: nothing written.
		before := f.snapshot(t)
		_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "S1", "CB1", reconcile.ImportedTarget{Payments: pays[:2], BankFees: true})
		assert.ErrorIs(t, err, reconcile.ErrNotFee)
		f.unchanged(t, before)
		f.check(t)

		res, err := f.rec.PostImported(ctx, journal.NoID, "BNP", "S1", "CB1", reconcile.ImportedTarget{Payments: pays, BankFees: true})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "1.50", h151Bal(t, f, "627000", ""))
		assert.Equal(t, "0.00", h151Bal(t, f, "512100", ""))
		assert.Equal(t, "98.50", h151Bal(t, f, "512000", ""))
		require.Len(t, res.Matches, 1)
		assert.Equal(t, "AAA", res.Matches[0].Code)
		for _, inv := range invs {
			assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		}
		line := res.Entries[0].LineRef(0)

		un, err := f.rec.Unletter(ctx, journal.NoID, line)
		require.NoError(t, err)
		f.check(t)
		assert.Len(t, un.UndoneMatches, 1)
		assert.Equal(t, "0.00", h151Bal(t, f, "627000", ""))
		assert.Equal(t, "1.50", h151Bal(t, f, "512100", "")) // 100.00 receipts − 98.50 line
		assert.Equal(t, "-98.50", f.residual(t, line).Plain())
		for _, inv := range invs {
			assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		}
		// The card payments are waiting again: the line can be cleared anew.
		re, err := f.rec.Clear(ctx, reconcile.Clearing{Statement: res.Entries[0].ID, Payments: pays, BankFees: true})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, re.Matches, 1)
		assert.Equal(t, "AAC", re.Matches[0].Code) // AAB: the fee entry lettered with its reversal
		assert.Equal(t, "1.50", h151Bal(t, f, "627000", ""))
		for _, inv := range invs {
			assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		}
	})
}
