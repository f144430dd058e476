package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A reversal dated before its original would show, between the two dates,
// the correction of an entry not yet made: Reverse and a hand-built
// reversal both refuse it and write nothing. On the original's date or
// after, it posts.
func TestReversalBeforeItsOriginalIsRefused(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := mustPost(t, b, od(d(3, 10), "627000", "512000", "7.00"))
			before := dump(t, st)

			_, err := b.Reverse(ctx, x.ID, ReverseOptions{Date: d(3, 9)})
			require.ErrorIs(t, err, ErrReversalDate)
			assert.Equal(t, before, dump(t, st), "a refused reversal writes nothing")

			hand := x.Reversal(journal.NewID(), d(2, 1))
			_, err = b.Post(ctx, hand)
			require.ErrorIs(t, err, ErrReversalDate)
			assert.Equal(t, before, dump(t, st), "a refused reversal writes nothing")

			r, err := b.Reverse(ctx, x.ID, ReverseOptions{Date: d(3, 10)})
			require.NoError(t, err, "the original's own date is allowed")
			assert.Equal(t, d(3, 10), r.Entry.Date)
		})
	}
}
