package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// A chunk whose write-off proposal applies first (its partial ids claimed
// by NewPartialID) and whose next proposal fails after writing runs again
// without the failed one, in a new transaction: the write-off's ids are
// claimed again there, and nothing of the failed attempt leaks. The
// operation replays, the write-off unletters, and the book stays green,
// on every backend.
func TestHrev12WriteOffChunkRetriedAndReplayed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C2", d(1, 1), "200.00")
		f.pay(t, "C2", d(2, 1), "199.98", "", "")
		out := propose(t, f, reconcile.Scope{All: true}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		wo := out.Proposals[0]
		require.True(t, wo.WriteOff.IsSet(), "precondition: a write-off proposal")

		// A proposal that fails once it has begun writing: ten euros off
		// is beyond the tolerance.
		inv := f.invoice(t, "C3", d(1, 1), "100.00")
		pay := f.pay(t, "C3", d(2, 1), "90.00", "", "")
		bad := reconcile.Proposal{Account: "411000", Partner: "C3", Currency: eur,
			Lines:    []journal.LineRef{line0(pay), line0(inv)},
			Seen:     []ledger.Residual{{Balance: e("-90.00"), AmountCurrency: e("-90.00")}, {Balance: e("100.00"), AmountCurrency: e("100.00")}},
			WriteOff: e("10.00")}
		props := []reconcile.Proposal{wo, bad}
		op := journal.NewID()
		before := entryCount(t, f)
		applied, err := f.rec.Apply(ctx, op, props)
		require.NoError(t, err)
		require.Len(t, applied.Outcomes, 2)
		require.NoError(t, applied.Outcomes[0].Err)
		require.ErrorIs(t, applied.Outcomes[1].Err, reconcile.ErrTolerance, "failed after writing: the chunk ran again")
		require.Len(t, applied.Outcomes[0].Entries, 1, "the write-off entry")
		require.Equal(t, before+1, entryCount(t, f))
		f.check(t)

		again, err := f.rec.Apply(ctx, op, props)
		require.NoError(t, err)
		require.Equal(t, applied.Outcomes[0].Partials, again.Outcomes[0].Partials, "replay")
		require.Equal(t, before+1, entryCount(t, f), "replay wrote nothing")
		f.check(t)

		_, err = f.rec.Unletter(ctx, journal.NoID, line0(applied.Outcomes[0].Entries[0]))
		require.NoError(t, err)
		f.check(t)
		require.NoError(t, f.book.Verify(ctx))
	})
}
