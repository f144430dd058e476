package reconcile_test

// h-rev37: review of the change 32c3d95..828006d (a narrowed scope runs
// the rules over all of a partner's open items and proposes only the whole
// run's letterings within it; the tolerance rule's nearest combination;
// a rule-2 tie keeping a document from the reversed combination). Tests
// marked "Was failing, fixed" failed on the code reviewed; the others
// are pins.

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// A partner's January items need a combination search the work limit
// stops (TestAutoCombinationWorkLimit's forty invoices and odd payment).
// A run from 1 March leaves every one of them out: it searches nothing
// in its scope and lists no payment.
//
// Was failing, fixed: the narrowed run now runs the rules over the items it leaves out
// and counts their search in WorkLimitReached (1), with no payment in
// Unmatched to show for it. Proposals.WorkLimitReached "counts the
// combination searches that stopped at Rules.WorkLimit …; each is also
// named in Unmatched, on the payment searched for" — a payment the scope
// leaves out is never listed, so its search must not be counted either
// (nor in AutoSummary.WorkLimitReached).
func TestHrev37WorkLimitCountedForPaymentsOutOfScope(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for i := 0; i < 40; i++ {
			f.invoice(t, "C1", d(1, 1+i%28), fmt.Sprintf("%d.02", 10+i))
		}
		f.pay(t, "C1", d(2, 1), "99.03", "", "")
		rules := reconcile.Rules{WorkLimit: 500, NoTolerance: true}
		whole := propose(t, f, customers, rules)
		require.Equal(t, 1, whole.WorkLimitReached)

		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, From: d(3, 1)}, rules)
		require.Empty(t, out.Proposals)
		require.Empty(t, out.Unmatched)
		require.Zero(t, out.WorkLimitReached, "a search for a payment the scope leaves out, counted with no payment listed")

		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000"}, From: d(3, 1)}, Rules: rules})
		require.NoError(t, err)
		require.Zero(t, sum.UnmatchedCount)
		require.Zero(t, sum.WorkLimitReached, "AutoSummary counts a search out of scope")
	})
}

// Pin: a run from 1 February leaves out the January payment naming the
// February invoice; a February receipt of the same amount is listed with
// a reason naming both, and the January payment is never listed.
func TestHrev37HeldOfAmountReason(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(2, 10), "100.00")
		jan := f.pay(t, "C1", d(1, 25), "100.00", inv.Name(), "")
		feb := f.pay(t, "C1", d(2, 20), "100.00", "", "")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, From: d(2, 1)}, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Len(t, out.Unmatched, 1)
		require.Equal(t, line0(feb), out.Unmatched[0].Line)
		require.Equal(t, "invoice "+inv.Name()+" has its amount but is lettered by the reference rule with payment "+jan.Name()+
			", which the scope's dates leave out", out.Unmatched[0].Reason)
		require.Empty(t, unmatchedOf(out, line0(jan)))
	})
}

// Pin: the CHANGELOG's example of the nearest combination within the
// tolerance (100,00 € for 60,00, 40,04 and 40,01 €: 60,00 + 40,01).
func TestHrev37NearestCombination(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 5), "60.00")
		f.invoice(t, "C1", d(1, 6), "40.04")
		c := f.invoice(t, "C1", d(1, 7), "40.01")
		p := f.pay(t, "C1", d(2, 1), "100.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{WriteOffOverpayment: true})
		pr := proposalWith(out, line0(p))
		require.NotNil(t, pr)
		require.Equal(t, reconcile.RuleTolerance, pr.Rule)
		require.ElementsMatch(t, []journal.LineRef{line0(p), line0(a), line0(c)}, pr.Lines)
		require.True(t, pr.WriteOff.Equal(e("0.01")), "write-off %s", pr.WriteOff)
	})
}

// Pin: two invoices of 100,00 € make the first receipt of 100,00 € a
// tie of rule 2; the receipts of 60,00 and 40,00 € are not lettered with
// either invoice by the reversed combination.
func TestHrev37TieKeepsDocumentFromReversedCombination(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 5), "100.00")
		i2 := f.invoice(t, "C1", d(1, 6), "100.00")
		f.pay(t, "C1", d(1, 20), "100.00", "", "")
		f.pay(t, "C1", d(1, 21), "60.00", "", "")
		f.pay(t, "C1", d(1, 22), "40.00", "", "")
		f.invoice(t, "C1", d(1, 7), "7.00") // the partner's items sum to no zero
		out := propose(t, f, customers, reconcile.Rules{NoTolerance: true})
		for _, pr := range out.Proposals {
			require.NotContains(t, pr.Lines, line0(i1), "%s", pr.Reason)
			require.NotContains(t, pr.Lines, line0(i2), "%s", pr.Reason)
		}
	})
}
