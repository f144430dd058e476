package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Oldest first over a date range: the whole book's run lets the January
// receipt pay the oldest invoice; a run from 1 February, which leaves that
// receipt out, would pay the oldest invoice with the February one. It
// proposes nothing by that policy, and says why.
func TestScopeOldestFirstWithAPaymentLeftOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 5), "300.00")
		i2 := f.invoice(t, "C1", d(2, 5), "400.00")
		jan := f.pay(t, "C1", d(1, 20), "250.00", "", "ACOMPTE")
		feb2 := f.pay(t, "C1", d(2, 20), "170.00", "", "ACOMPTE")
		rules := reconcile.Rules{OldestFirst: true, NoTolerance: true}

		whole := proposalWith(propose(t, f, customers, rules), line0(jan))
		require.NotNil(t, whole)
		require.Equal(t, reconcile.RuleOldestFirst, whole.Rule)
		require.Contains(t, whole.Lines, line0(i1))

		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, From: d(1, 1).AddDays(31)}, rules)
		require.Nil(t, proposalWith(out, line0(feb2)), "the February receipt would pay %s in place of the January one", i1.Name())
		require.Nil(t, proposalWith(out, line0(i2)))
		require.Contains(t, unmatchedOf(out, line0(feb2)), "rule with payment "+jan.Name()+", which the scope's dates leave out")
	})
}

// Two receipts name one invoice, the first before it (a deposit on the
// order), the second after: the whole book's run letters the three
// together. A run from the invoice's day, which leaves the first out,
// does not let the second pay the whole invoice in its place, and a run
// to the end of January, which leaves out the second, does not letter
// the deposit alone: a narrower run makes the whole run's letterings
// that lie within it, or none. Both say which line they leave.
func TestScopeReferenceWithANamerLeftOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 25), "300.00")
		deposit := f.pay(t, "C1", d(1, 20), "100.00", inv.Name(), "")
		feb2 := f.pay(t, "C1", d(2, 20), "250.00", inv.Name(), "")

		whole := proposalWith(propose(t, f, customers, reconcile.Rules{}), line0(inv))
		require.NotNil(t, whole)
		require.ElementsMatch(t, []journal.LineRef{line0(deposit), line0(feb2), line0(inv)}, whole.Lines)

		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, From: d(1, 25)}, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Contains(t, unmatchedOf(out, line0(feb2)), "rule with payment "+deposit.Name()+", which the scope's dates leave out")

		out = propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, To: d(1, 31)}, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Contains(t, unmatchedOf(out, line0(deposit)), "rule with payment "+feb2.Name()+", which the scope's dates leave out")
	})
}
