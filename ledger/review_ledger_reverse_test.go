package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Reverse retried with the same opts (an explicit Date) after the year of
// that Date was closed must replay the stored reversal: the retry writes
// nothing, so the closing has nothing to protect, and Reverse's contract
// says a retry after the lock date moved past it replays.
//
// Expected: the retry returns the stored reversal with Replay true.
// Observed: ErrYearClosed — Tx.Reverse checks opts.Date against the closed
// year before postAs looks the id up, so a client retrying after a lost
// reply across a year-end closing gets a refusal for a reversal that is in
// the book (and may then post a second correction by hand).
func TestReviewLedgerReverseReplayAfterClose(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := mustPost(t, b, od(d(3, 1), "627000", "512000", "7.00"))
			o := ReverseOptions{ID: journal.NewID(), Date: d(12, 31)}
			r, err := b.Reverse(ctx, x.ID, o)
			require.NoError(t, err)
			b.clock = afterYears()
			_, _, err = b.CloseFiscalYear(ctx, "2026", "alice")
			require.NoError(t, err)
			before := dump(t, st)
			again, err := b.Reverse(ctx, x.ID, o)
			require.NoError(t, err, "a retry of a posted reversal must replay")
			assert.True(t, again.Replay)
			assert.Equal(t, r.Entry.ID, again.Entry.ID)
			assert.Equal(t, before, dump(t, st))
		})
	}
}
