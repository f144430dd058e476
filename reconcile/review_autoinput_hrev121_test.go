package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

func TestHrev121SuspenseCombinationAcrossPartners(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		st := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 1), Lines: []journal.Line{
			{Account: "512000", Balance: e("150.00")},
			{Account: "471000", Balance: e("-150.00"), Label: "VIR INCONNU"},
		}})
		a := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 5), Lines: []journal.Line{
			{Account: "471000", Partner: "C1", Balance: e("100.00")},
			{Account: "411000", Partner: "C1", Balance: e("-100.00")},
		}})
		b := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 5), Lines: []journal.Line{
			{Account: "471000", Partner: "C2", Balance: e("50.00")},
			{Account: "411000", Partner: "C2", Balance: e("-50.00")},
		}})
		out := propose(t, f, reconcile.Scope{Accounts: []string{"471000"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		out2 := propose(t, f, reconcile.Scope{Accounts: []string{"471000"}, Partners: []string{"C1"}}, reconcile.Rules{})
		require.Empty(t, out2.Proposals)
		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.Zero(t, applied.Failed())
		for _, l := range []journal.LineRef{st.LineRef(1), a.LineRef(0), b.LineRef(0)} {
			require.True(t, f.residual(t, l).IsZero())
		}
	})
}

func TestHrev121ApplyDuplicateStaleReplayConflict(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 5), "100.00")
		f.pay(t, "C1", d(1, 20), "100.00", i1.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 5), "70.00")
		f.pay(t, "C2", d(1, 20), "70.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		dup := []reconcile.Proposal{out.Proposals[0], out.Proposals[0], out.Proposals[1]}
		op := journal.NewID()
		applied, err := f.rec.Apply(ctx, op, dup)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		require.ErrorIs(t, applied.Outcomes[1].Err, reconcile.ErrStale)
		require.NoError(t, applied.Outcomes[2].Err)
		_ = i2
		before := f.snapshot(t)
		again, err := f.rec.Apply(ctx, op, dup)
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.ErrorIs(t, again.Outcomes[1].Err, reconcile.ErrStale)
		f.unchanged(t, before)
		_, err = f.rec.Apply(ctx, op, out.Proposals)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		// same op for AutoLetter
		_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
	})
}

func TestHrev121BadInputWritesNothing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 5), "100.00")
		f.pay(t, "C1", d(1, 20), "100.00", i1.Name(), "")
		before := f.snapshot(t)
		op := journal.NewID()
		for _, req := range []reconcile.AutoRequest{
			{Operation: op},
			{Operation: op, Scope: customers, Rules: reconcile.Rules{CombinationSize: 13}},
			{Operation: op, Scope: customers, Rules: reconcile.Rules{CombinationSize: -1}},
			{Operation: op, Scope: customers, Rules: reconcile.Rules{Tolerance: []currency.Amount{e("-0.01")}}},
			{Operation: op, Scope: customers, Rules: reconcile.Rules{Tolerance: []currency.Amount{e("0.06")}}},
			{Operation: op, Scope: reconcile.Scope{Partners: []string{"NOPE"}}},
			{Operation: op, Scope: reconcile.Scope{Accounts: []string{"706000"}}},
			{Operation: op, Scope: reconcile.Scope{Accounts: []string{"999999"}}},
			{Operation: op, Scope: reconcile.Scope{Accounts: []string{"411000"}, From: d(3, 1), To: d(2, 1)}},
		} {
			_, err := f.rec.AutoLetter(ctx, req)
			require.Error(t, err)
			_, err = f.rec.Propose(ctx, req.Scope, req.Rules)
			require.Error(t, err)
			f.unchanged(t, before)
		}
		for _, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, reconcile.Rules{CombinationSize: 13}) {
			require.ErrorIs(t, err, reconcile.ErrRules)
		}
		for _, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, reconcile.Rules{Tolerance: []currency.Amount{e("-0.01")}}) {
			require.ErrorIs(t, err, reconcile.ErrRules)
		}
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
	})
}
