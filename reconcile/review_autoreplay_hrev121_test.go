package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

func TestHrev121AutoLetterReplayKeepsFailedAndUnmatched(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		reconcile.SetAutoChunk(t, 1)
		i1 := f.invoice(t, "C1", d(1, 5), "100.00")
		f.pay(t, "C1", d(1, 20), "100.00", i1.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 5), "70.00")
		p2 := f.pay(t, "C2", d(1, 20), "70.00", "", "")
		f.pay(t, "C3", d(1, 20), "33.00", "", "")
		f.invoice(t, "C3", d(1, 5), "10.00")
		f.invoice(t, "C3", d(1, 5), "12.00")
		op := journal.NewID()
		n := 0
		req := reconcile.AutoRequest{Operation: op, Scope: customers, Progress: func(reconcile.AutoSummary) {
			if n++; n == 1 {
				_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(p2), line0(i2)}})
				require.NoError(t, err)
			}
		}}
		sum, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err)
		before := f.snapshot(t)
		again, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err)
		require.True(t, again.Replay)
		again.Replay = false
		require.Equal(t, sum, again)
		f.unchanged(t, before)
	})
}
