package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Pin: a retry of a company-currency entry whose 411000 line gives an
// AmountCurrency (100.00 EUR) other than its Balance (120.00) is not the
// same input: no replay, nothing written; the caller's lines are left as
// given by a retry spelling each AmountCurrency.
func TestHrev133RetryWithOtherCompanyAmountConflicts(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := sale("C1", d(3, 1), "120.00")
			x.ID = journal.NewID()
			mustPost(t, b, x)
			before := dump(t, st)

			y := x
			y.Lines = append([]journal.Line(nil), x.Lines...)
			y.Lines[0].AmountCurrency = e("100.00")
			res, err := b.Post(ctx, y)
			require.Error(t, err, "411000 120.00 with 100.00 EUR: got replay=%v", res.Replay)
			assert.Equal(t, before, dump(t, st))

			// Mixed forms line by line: AmountCurrency only, both, Balance only.
			z := x
			z.Lines = append([]journal.Line(nil), x.Lines...)
			z.Lines[0].AmountCurrency, z.Lines[0].Balance = z.Lines[0].Balance, z.Lines[0].AmountCurrency
			z.Lines[1].AmountCurrency = z.Lines[1].Balance
			z.Currency = eur
			keep := append([]journal.Line(nil), z.Lines...)
			res, err = b.Post(ctx, z)
			require.NoError(t, err)
			assert.True(t, res.Replay)
			assert.Equal(t, keep, z.Lines, "the caller's lines are not written to")
			assert.Equal(t, before, dump(t, st))

			// The same in a batch.
			rs, err := b.PostBatch(ctx, []journal.Entry{z, x}, BatchOptions{})
			require.NoError(t, err)
			for _, r := range rs {
				require.NoError(t, r.Err)
				assert.True(t, r.Replay)
			}
			assert.Equal(t, before, dump(t, st))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Pin: a reversal retried after the lock date moved past the date it was
// given replays, with the date the book gave it then.
func TestHrev133ReversalRetryAfterLockReplays(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := mustPost(t, b, od(d(2, 10), "627000", "512000", "7.00"))
			opts := ReverseOptions{ID: journal.NewID(), Date: d(2, 15)}
			first, err := b.Reverse(ctx, x.ID, opts)
			require.NoError(t, err)
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(2, 28), "février clos"))
			before := dump(t, st)
			again, err := b.Reverse(ctx, x.ID, opts)
			require.NoError(t, err)
			assert.True(t, again.Replay)
			assert.Equal(t, first.Entry.Name(), again.Entry.Name())
			assert.Equal(t, d(2, 15), again.Entry.Date)
			assert.Equal(t, before, dump(t, st))
			require.NoError(t, b.Check(ctx))
		})
	}
}
