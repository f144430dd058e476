package ledger

import (
	"encoding/binary"
	"errors"
	"slices"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
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

// TestBatchRetryAfterCommit: an all-or-nothing batch of caller ids posted
// again after it committed — from a reopened book, as a process restarted
// after a crash does — replays every entry and posts none twice, wherever
// the first commit left them: lagging behind their indexes, indexed by the
// lag limit, by the pipeline of a large batch, or by what was posted in
// between; and when the retry brings new entries, or is itself large.
func TestBatchRetryAfterCommit(t *testing.T) {
	// The lag each case expects is the one a batch of IndexLagMax entries
	// or more left when it indexed itself: the batch lag limit is lowered
	// to IndexLagMax. TestIndexLagBatch covers batches that lag.
	defer lowerBatchIndexLag(t, IndexLagMax)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			for _, tc := range []struct {
				name    string
				before  int    // single posts before the batch
				size    int    // entries in the batch
				between int    // entries posted between the batch and its retry: singles, or one batch when ≥ IndexLagMax
				grow    int    // new entries the retry adds after the batch's own
				lag     uint64 // entries lagging behind their indexes when the retry starts
			}{
				{"small batch, lagging", 0, 3, 0, 0, 3},
				{"small batch, lagging behind earlier posts", 10, 3, 0, 0, 13},
				{"small batch, a post between", 0, 3, 1, 0, 4},
				{"small batch, a large batch between", 0, 3, IndexLagMax + 4, 0, 0},
				{"small batch, retried inside a large one", 0, 3, 0, IndexLagMax, 3},
				{"small batch reaching the lag limit", IndexLagMax - 3, 3, 0, 0, 0},
				{"small batch crossing the lag limit", IndexLagMax - 2, 5, 0, 0, 0},
				{"small batch, its retry crossing the lag limit", IndexLagMax - 5, 3, 0, 4, IndexLagMax - 2},
				{"batch of IndexLagMax entries", 0, IndexLagMax, 0, 0, 0},
				{"large batch after lagging posts", 10, IndexLagMax + 4, 0, 0, 0},
				{"large batch, a post between", 0, IndexLagMax + 4, 1, 0, 1},
				{"large batch, retried with new entries", 0, IndexLagMax + 4, 2, 3, 2},
			} {
				t.Run(tc.name, func(t *testing.T) {
					st := s.Open(t)
					b := lagBook(t, st)
					for i := 0; i < tc.before; i++ {
						mustPost(t, b, sale("C1", d(3, 1), "1.20"))
					}
					batch := make([]journal.Entry, tc.size)
					for i := range batch {
						batch[i] = sale("C1", d(3, 2), "12.00")
						batch[i].ID = journal.NewID()
					}
					first, err := b.PostBatch(ctx, batch, BatchOptions{AllOrNothing: true})
					require.NoError(t, err)
					for i := range first {
						require.NoError(t, first[i].Err, "entry %d", i)
						require.False(t, first[i].Replay, "entry %d", i)
					}
					switch {
					case tc.between >= IndexLagMax:
						other := make([]journal.Entry, tc.between)
						for i := range other {
							other[i] = sale("C2", d(3, 3), "2.40")
						}
						_, err := b.PostBatch(ctx, other, BatchOptions{AllOrNothing: true})
						require.NoError(t, err)
					default:
						for i := 0; i < tc.between; i++ {
							mustPost(t, b, sale("C2", d(3, 3), "2.40"))
						}
					}

					again, err := Open(ctx, st, Options{})
					require.NoError(t, err)
					retry := slices.Clone(batch)
					for i := 0; i < tc.grow; i++ {
						retry = append(retry, sale("C1", d(3, 4), "3.60"))
					}
					require.Equal(t, tc.lag, storedLag(t, st), "the state the retry meets")
					seq := storedCounter(t, st, ctrSeq)
					res, err := again.PostBatch(ctx, retry, BatchOptions{AllOrNothing: true})
					require.NoError(t, err)
					for i := range res {
						require.NoError(t, res[i].Err, "entry %d", i)
						if i >= len(batch) {
							assert.False(t, res[i].Replay, "new entry %d", i)
							continue
						}
						assert.True(t, res[i].Replay, "entry %d committed before: a replay", i)
						assert.Equal(t, first[i].Entry.Seq, res[i].Entry.Seq, "entry %d", i)
						assert.Equal(t, first[i].Entry.Name(), res[i].Entry.Name(), "entry %d", i)
					}
					assert.Equal(t, seq+uint64(tc.grow), storedCounter(t, st, ctrSeq), "only the new entries posted")

					sales := 0
					for item, err := range again.Lines(ctx, LineFilter{Account: "411000", Partner: "C1"}) {
						require.NoError(t, err)
						_ = item
						sales++
					}
					assert.Equal(t, tc.before+tc.size+tc.grow, sales, "each entry once on 411000")
					require.NoError(t, again.Check(ctx))
				})
			}
		})
	}
}

// storedCounter reads a ledger counter straight from the store.
func storedCounter(t *testing.T, st store.Store, name string) uint64 {
	t.Helper()
	var n uint64
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bCounter, []byte(name))
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		n = binary.BigEndian.Uint64(v)
		return err
	}))
	return n
}
