package reconcile_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Bank fees are a cost. A statement line in the book's favour — a deposit
// credited for more than its cheques, a batch of transfers debited for less
// than its payments — is refused as fees: booked to 627000 it would have
// lowered the fees by money nobody charged. Without BankFees the surplus
// stays open, as Clear documents.
func TestClearBankFeesRefusesSurplus(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		var in []journal.ID
		for _, p := range []string{"C1", "C2"} {
			inv := f.invoice(t, p, d(3, 1), "100.00")
			in = append(in, f.receive(t, "BQ", p, d(3, 5), "100.00", inv).ID)
		}
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 8), Amount: e("200.40"), Label: "Remise de chèques"})
		require.NoError(t, err)
		stmt := res.Entries[0]
		before := f.snapshot(t)
		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: stmt.ID, Payments: in, BankFees: true})
		require.True(t, errors.Is(err, reconcile.ErrNotFee), "%v", err)
		assert.Contains(t, err.Error(), "0.40 EUR")
		f.unchanged(t, before)

		res, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: stmt.ID, Payments: in})
		require.NoError(t, err)
		assert.Empty(t, res.Entries, "no fee entry")
		assert.Equal(t, "-0.40", f.residual(t, stmt.LineRef(0)).Plain(), "the surplus stays open on the outstanding account")
		f.check(t)
	})
}

// The other direction: transfers of 150,00 debited 150,30 are a fee of
// 0,30; debited 149,80 they are not.
func TestClearBankFeesOutbound(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		pay := func(amount string) journal.ID {
			bill := f.bill(t, "S1", d(3, 1), amount)
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
				Date: d(3, 5), Method: reconcile.MethodTransfer, Amount: e(amount), Invoices: []journal.ID{bill.ID}})
			require.NoError(t, err)
			return res.Entries[0].ID
		}
		first := pay("150.00")
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 8), Amount: e("-150.30"), Label: "Virement fournisseur"})
		require.NoError(t, err)
		res, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: res.Entries[0].ID, Payments: []journal.ID{first}, BankFees: true})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		fee := res.Entries[0].Lines[len(res.Entries[0].Lines)-1]
		assert.Equal(t, "627000", fee.Account)
		assert.Equal(t, "0.30", fee.Balance.Plain(), "a debit: the fee is an expense")

		second := pay("150.00")
		res, err = f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 9), Amount: e("-149.80"), Label: "Virement fournisseur"})
		require.NoError(t, err)
		before := f.snapshot(t)
		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: res.Entries[0].ID, Payments: []journal.ID{second}, BankFees: true})
		require.True(t, errors.Is(err, reconcile.ErrNotFee), "%v", err)
		f.unchanged(t, before)
		f.check(t)
	})
}
