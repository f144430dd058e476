package reconcile_test

// Review of 8062abd (Apply letters an entry whose reversal is lettered
// elsewhere). Failing tests.

import (
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Invoice X (1 March) is cancelled by Book.Reverse (5 March): X and its
// reversal R are open side by side. Invoice Y of the same amount (6 March)
// and a receipt P that names nothing (20 March) are open too. AutoLetter
// runs with the reference rule off and the oldest-first policy on.
//
// Expected (autorules.go byReversal: "an entry and its reversal are
// lettered together before any payment is looked at: a cancelled invoice
// must not take a receipt"; CHANGELOG "an entry and its reversal are
// lettered only together ... the reversal of one invoice with another,
// which then showed as cancelled"; DESIGN §11 "Apply ... refuses it when
// [its lines] changed (stale)"): R goes with X (X reads reversed), the
// receipt pays Y, and no proposal of a run fails as stale, since nothing
// changed between proposing and applying.
//
// Observed: the reversal pass lives under rule 1, so with NoReference the
// oldest-first rule proposes P with the cancelled X and R with Y. The
// first run's Apply refuses P-X as "stale: … was reversed since" (nothing
// changed) and letters R with Y: Y, never cancelled, reads "reversed".
// Since 8062abd the next run then letters P with X, because R is no
// longer open: the cancelled X ends "in_payment", paid by the receipt,
// and Y "reversed" — both halves of what the CHANGELOG says was fixed,
// reached in two runs of automatic lettering without a human lettering
// anything. Before 8062abd the second run refused P-X again.
func TestReviewToday2AutoWithoutReferenceRuleLettersCancelledInvoiceWithReceipt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := f.invoice(t, "C1", d(3, 1), "100.00")
		_, err := f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{Date: d(3, 5)})
		require.NoError(t, err)
		y := f.invoice(t, "C1", d(3, 6), "100.00")
		pay := f.pay(t, "C1", d(3, 20), "100.00", "", "VIR")
		rules := reconcile.Rules{NoReference: true, OldestFirst: true}

		first, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers, Rules: rules})
		require.NoError(t, err)
		second, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers, Rules: rules})
		require.NoError(t, err)

		assert.NotEqual(t, reconcile.InPayment, f.state(t, x).State, "the cancelled %s took the receipt %s", x.Name(), pay.Name())
		assert.Equal(t, reconcile.Reversed, f.state(t, x).State, "%s goes with its reversal", x.Name())
		assert.NotEqual(t, reconcile.Reversed, f.state(t, y).State, "%s was never cancelled: the reversal of %s was lettered with it", y.Name(), x.Name())
		assert.Zero(t, first.FailedCount, "first run, failed: %+v", first.Failed)
		assert.Zero(t, second.FailedCount, "second run, failed: %+v", second.Failed)
		f.check(t)
	})
}

// Same cause, without another invoice: the cancelled X, its open reversal
// R and a receipt P. With the reference rule off and oldest first on, the
// rules propose P with X, and Apply refuses that proposal as stale
// ("reversed since") on every run, though nothing changed: the very
// "refused as stale on every run" 8062abd meant to end, left in place
// whenever the reversal is still open, because the proposer's reversal
// pass (byReversal) runs only with rule 1. Expected: no failed proposal
// (X lettered with R, or X held with a reason, as holdHalfReversals does
// for a reversal outside the scope's dates). Observed: one failure a run.
func TestReviewToday2AutoWithoutReferenceRuleStaleOnEveryRun(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := f.invoice(t, "C1", d(3, 1), "100.00")
		_, err := f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{Date: d(3, 25)})
		require.NoError(t, err)
		pay := f.pay(t, "C1", d(3, 20), "100.00", "", "VIR")
		rules := reconcile.Rules{NoReference: true, OldestFirst: true}
		out := propose(t, f, customers, rules)
		if pr := proposalWith(out, line0(pay)); pr != nil {
			assert.NotContains(t, pr.Lines, line0(x), "the receipt proposed with the cancelled %s while its reversal is open: %s", x.Name(), pr.Reason)
		}
		for run := 0; run < 2; run++ {
			sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers, Rules: rules})
			require.NoError(t, err)
			assert.Zero(t, sum.FailedCount, "run %d, failed: %+v", run, sum.Failed)
		}
		f.check(t)
	})
}
