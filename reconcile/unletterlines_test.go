package reconcile_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// UnletterLines undoes several groups in one operation: all, or none.
func TestUnletterLines(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "100.00")
		b := f.invoice(t, "C2", d(3, 1), "200.00")
		pa := f.receive(t, "BQD", "C1", d(3, 5), "100.00", a)
		f.receive(t, "BQD", "C2", d(3, 5), "200.00", b)
		rvsState(t, f, a, reconcile.Paid, "0.00")
		rvsState(t, f, b, reconcile.Paid, "0.00")

		// The payment's line is in a's group: named after a, it is done.
		op := journal.ID(uuid.New())
		res, err := f.rec.UnletterLines(ctx, op, []journal.LineRef{line0(a), line0(b), line0(pa)})
		require.NoError(t, err)
		assert.Len(t, res.UndoneMatches, 2, "both matches undone")
		assert.False(t, res.Replay)
		rvsState(t, f, a, reconcile.NotPaid, "100.00")
		rvsState(t, f, b, reconcile.NotPaid, "200.00")
		f.check(t)

		// A retry replays.
		before := f.snapshot(t)
		again, err := f.rec.UnletterLines(ctx, op, []journal.LineRef{line0(a), line0(b), line0(pa)})
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Len(t, again.UndoneMatches, 2)
		f.unchanged(t, before)
	})
}

func TestUnletterLinesAllOrNone(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "100.00")
		f.receive(t, "BQD", "C1", d(3, 5), "100.00", a)
		// A payment cancelled: lettered with its own reversal, which stays.
		c := f.invoice(t, "C2", d(3, 1), "50.00")
		p := f.receive(t, "BQD", "C2", d(3, 5), "50.00")
		rvsLetter(t, f, line0(c), line0(p))
		_, err := f.rec.CancelPayment(ctx, journal.NoID, p.ID)
		require.NoError(t, err)
		open := f.invoice(t, "C3", d(3, 1), "70.00")

		for _, tt := range []struct {
			name  string
			lines []journal.LineRef
			want  error
		}{
			{"a reversal pair after a group", []journal.LineRef{line0(a), line0(p)}, reconcile.ErrReversalPair},
			{"a line not lettered", []journal.LineRef{line0(a), line0(open)}, reconcile.ErrNotLettered},
			{"a line named twice", []journal.LineRef{line0(a), line0(a)}, reconcile.ErrDuplicateLine},
			{"no line", nil, reconcile.ErrNotLettered},
			{"a line not posted", []journal.LineRef{line0(a), {Entry: journal.ID(uuid.New())}}, reconcile.ErrNotPosted},
			{"too many lines", make([]journal.LineRef, reconcile.RequestLinesMax+1), reconcile.ErrTooManyLines},
		} {
			t.Run(tt.name, func(t *testing.T) {
				before := f.snapshot(t)
				_, err := f.rec.UnletterLines(ctx, journal.NoID, tt.lines)
				require.ErrorIs(t, err, tt.want)
				f.unchanged(t, before)
				rvsState(t, f, a, reconcile.Paid, "0.00")
			})
		}
	})
}
