package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// The tolerance rule's remainder: an invoice its payment paid 0,03 short
// of is written off alone when no payment of the customer is left open to
// pay the cents; not while one is (a person's choice), not under
// NoTolerance, and never an invoice nothing has paid yet, however small.
func TestAutoWritesOffARemainder(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		short := f.invoice(t, "C1", d(3, 1), "480.00")
		f.receive(t, "BQ", "C1", d(3, 10), "479.97", short)
		f.invoice(t, "C2", d(3, 1), "0.04") // never paid: no remainder
		waiting := f.invoice(t, "C3", d(3, 1), "100.00")
		f.receive(t, "BQ", "C3", d(3, 10), "99.98", waiting)
		f.pay(t, "C3", d(3, 12), "50.00", "", "VIR C3") // open: it may pay the cents

		require.Empty(t, propose(t, f, customers, reconcile.Rules{NoTolerance: true}).Proposals)
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "%+v", out.Proposals)
		pr := out.Proposals[0]
		assert.Equal(t, reconcile.RuleTolerance, pr.Rule)
		assert.Equal(t, []journal.LineRef{line0(short)}, pr.Lines)
		assert.Equal(t, "0.03", pr.WriteOff.Plain())
		assert.Contains(t, pr.Reason, "0,03")

		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.NoError(t, applied.Outcomes[0].Err)
		assert.Equal(t, reconcile.InPayment, f.state(t, short).State, "settled, its receipt not yet cleared by the bank")
		assert.Equal(t, "0.03", f.balance(t, "658000"))
		assert.Equal(t, "0.02", f.residual(t, line0(waiting)).Plain(), "left for the open payment")
		f.check(t)
	})
}
