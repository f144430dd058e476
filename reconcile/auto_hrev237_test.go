package reconcile_test

// Review hrev237 — issue 14 (automatic lettering) line by line.

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// Pins: rule (2)'s date window (DESIGN §11: "unique candidate within a
// date window (default 120 days)"): an invoice of the payment's amount
// dated outside the window is no candidate, so the one inside is unique
// and proposed (not "ambiguous"); a payment 120 days after its invoice is
// within the default window, and outside a window of 119 days, with the
// reason saying so. Same on every backend.
func TestHrev237ExactAmountDateWindow(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 2), "100.00") // 150 days before the payment
		in := f.invoice(t, "C1", d(5, 1), "100.00")
		p := f.pay(t, "C1", d(6, 1), "100.00", "", "VIR")
		out := propose(t, f, reconcile.Scope{Partners: []string{"C1"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.Equal(t, reconcile.RuleExactAmount, out.Proposals[0].Rule)
		require.Equal(t, []journal.LineRef{line0(p), line0(in)}, out.Proposals[0].Lines)

		f.invoice(t, "C2", d(1, 1), "70.00")
		q := f.pay(t, "C2", d(5, 1), "70.00", "", "") // 120 days later
		out = propose(t, f, reconcile.Scope{Partners: []string{"C2"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Unmatched)
		require.Equal(t, reconcile.RuleExactAmount, out.Proposals[0].Rule)
		out = propose(t, f, reconcile.Scope{Partners: []string{"C2"}}, reconcile.Rules{DateWindow: 119})
		require.Empty(t, out.Proposals)
		require.Contains(t, unmatchedOf(out, line0(q)), "dated 120 days from it, outside the window of 119 days")
	})
}
