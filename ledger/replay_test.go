package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReverseRetryAfterLock: a Reverse retried with its id after the lock
// date moved past the reversal's date replays the stored reversal. The
// date the book gave the reversal once entered the fingerprint, and the
// retry, dated anew at the first open date, was refused as a conflict.
func TestReverseRetryAfterLock(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			for _, tc := range []struct {
				name     string
				lockedAt journal.Date // before the first call; zero: none
				opts     ReverseOptions
				date     journal.Date // the reversal's date
			}{
				{"at the original's date", journal.Date{}, ReverseOptions{}, d(2, 10)},
				{"at a date asked", journal.Date{}, ReverseOptions{Date: d(3, 12), Label: "wrong customer"}, d(3, 12)},
				{"moved to the first open date", d(3, 31), ReverseOptions{}, d(4, 1)},
			} {
				t.Run(tc.name, func(t *testing.T) {
					st := s.Open(t)
					b := testBook(t, st)
					inv := mustPost(t, b, sale("C1", d(2, 10), "120.00"))
					if !tc.lockedAt.IsZero() {
						require.NoError(t, b.SetLockDate(ctx, LockGeneral, tc.lockedAt, "closed"))
					}
					opts := tc.opts
					opts.ID = journal.NewID()
					first, err := b.Reverse(ctx, inv.ID, opts)
					require.NoError(t, err)
					require.False(t, first.Replay)
					assert.Equal(t, tc.date, first.Entry.Date)

					require.NoError(t, b.SetLockDate(ctx, LockGeneral, first.Entry.Date.AddDays(5), "closed further"))
					before := dump(t, st)
					again, err := b.Reverse(ctx, inv.ID, opts)
					require.NoError(t, err, "a retry after the lock date moved")
					assert.True(t, again.Replay)
					assert.Equal(t, first.Entry.ID, again.Entry.ID)
					assert.Equal(t, first.Entry.Date, again.Entry.Date)
					assert.Equal(t, first.Entry.Name(), again.Entry.Name())
					assert.Equal(t, before, dump(t, st), "a replay writes nothing")

					// The same id with other input is a conflict.
					other := opts
					other.Label = "other"
					_, err = b.Reverse(ctx, inv.ID, other)
					assert.ErrorIs(t, err, ErrIdempotencyConflict)
					_, err = b.Reverse(ctx, mustPost(t, b, sale("C2", first.Entry.Date.AddDays(10), "1.20")).ID, opts)
					assert.ErrorIs(t, err, ErrIdempotencyConflict, "the same id reversing another entry")
					require.NoError(t, b.Check(ctx))
				})
			}
		})
	}
}
