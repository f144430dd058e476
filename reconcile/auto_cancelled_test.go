package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// An invoice whose reversal was lettered with another document (the credit
// note used against invoice Y) is due again: its state is not paid, as in
// Odoo (a document is reversed by what it is lettered with), and a receipt
// naming it is lettered with it. The proposer proposed that already; Apply
// refused the proposal as stale ("reversed since"), on every run, though
// nothing had changed. A reversal still open goes with its entry first
// (TestAutoReversedDocuments).
func TestAutoCancelledInvoiceWhoseReversalIsLetteredElsewhere(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := f.invoice(t, "C1", d(3, 1), "100.00")
		rev, err := f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{Date: d(3, 5)})
		require.NoError(t, err)
		y := f.invoice(t, "C1", d(3, 6), "100.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{rev.Entry.LineRef(0), line0(y)}})
		require.NoError(t, err)
		pay := f.pay(t, "C1", d(3, 20), "100.00", x.Name(), "VIR "+x.Name())

		require.Equal(t, reconcile.NotPaid, f.state(t, x).State)
		out := propose(t, f, customers, reconcile.Rules{})
		pr := proposalWith(out, line0(x))
		require.NotNil(t, pr, "unmatched: %+v", out.Unmatched)
		require.Equal(t, []journal.LineRef{line0(pay), line0(x)}, pr.Lines)
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Zero(t, sum.FailedCount, "failed: %+v", sum.Failed)
		require.Equal(t, 1, sum.Applied)
		require.Equal(t, reconcile.InPayment, f.state(t, x).State, "paid, the receipt on its outstanding account")
		require.True(t, f.residual(t, line0(pay)).IsZero())
		f.check(t)
	})
}
