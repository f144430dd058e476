package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Probes that passed: kept as regression tests of statement import and
// matching.

// The same statement twice (in one call, then again after its entries
// were posted) is imported once and posted once; a statement not opening
// at the last closing balance is refused with ErrStatement, writing
// nothing.
func TestReviewImportProbeDuplicateAndChain(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		s := b.statement(d(3, 12), rvEntry{amount: "100.00", iban: rvK1IBAN, remittance: v1.Name()})
		out, err := f.rec.ImportStatements(ctx, []reconcile.BankStatement{s, s})
		require.NoError(t, err)
		assert.True(t, out[0].New)
		assert.False(t, out[1].New)
		b.bal = s.Closing
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		again, err := f.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		assert.False(t, again.New)
		open, err := f.rec.OpenImported(ctx, "BNP")
		require.NoError(t, err)
		assert.Empty(t, open, "posted once")
		_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", s.ID, s.Entries[0].Ref, reconcile.ImportedTarget{})
		require.ErrorIs(t, err, reconcile.ErrPosted)

		before := f.snapshot(t)
		bad := b.statement(d(3, 13), rvEntry{amount: "5.00"})
		bad.Opening, bad.Closing = e("100.01"), e("105.01")
		_, err = f.rec.ImportStatement(ctx, bad)
		require.ErrorIs(t, err, reconcile.ErrStatement)
		f.unchanged(t, before)
		f.check(t)
	})
}

// Two payments of the same amount waiting, nothing naming either: no
// proposal, "ambiguous". An end-to-end id naming a payment of another amount beyond 5 % is not
// taken. Amounts to the cent: 100.01 does not match a payment of 100.00.
func TestReviewImportProbeAmbiguityBatchCents(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		b.receiveRef(t, "C1", d(3, 5), "100.00", "")
		b.receiveRef(t, "C2", d(3, 5), "100.00", "")
		e2e := b.receiveRef(t, "C3", d(3, 5), "80.00", "E2E-80")
		props := b.imports(t, d(3, 12), reconcile.Rules{},
			rvEntry{amount: "100.00"}, rvEntry{amount: "100.01"}, rvEntry{amount: "70.00", e2e: "E2E-80"})
		require.Len(t, props, 3)
		assert.False(t, props[0].Matched)
		assert.Contains(t, props[0].Reason, "ambiguous")
		assert.False(t, props[1].Matched, rvDescribe(props[1]))
		assert.NotContains(t, props[2].Target.Payments, e2e.ID, rvDescribe(props[2]))
		f.check(t)
	})
}

// A cheque deposit of two receipts of different customers: the statement
// line of its total clears both; with NoExactAmount it is not matched.
func TestReviewImportProbeChequeDeposit(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		var ids []journal.ID
		for _, x := range []struct{ p, amt string }{{"C1", "30.00"}, {"C3", "45.50"}} {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: x.p, Journal: "BNP", Date: d(3, 5),
				Method: reconcile.MethodCheque, Amount: e(x.amt)})
			require.NoError(t, err)
			ids = append(ids, res.Entries[0].ID)
		}
		_, err := f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BNP", Date: d(3, 6), Payments: ids})
		require.NoError(t, err)
		props := b.imports(t, d(3, 12), reconcile.Rules{NoExactAmount: true}, rvEntry{amount: "75.50"})
		require.Len(t, props, 1)
		assert.False(t, props[0].Matched, rvDescribe(props[0]))
		props = b.propose(t, reconcile.Rules{})
		assert.ElementsMatch(t, ids, props[0].Target.Payments, rvDescribe(props[0]))
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		f.check(t)
	})
}
