package reconcile_test

// Review of c96e8db: AutoLetter records its own operation in the commit
// of its last chunk.
//
// Pass: a run of several chunks returns, hands its last Progress and
// records (replayed) the same summary; so does a run whose last chunk
// holds a proposal gone stale between proposing and applying (a line
// lettered meanwhile, by a write slipped in before the chunk's Update); a
// scope with nothing to propose records itself and replays; two runs of
// one id at once (side by side on PostgreSQL) both succeed with the
// recorded summary.

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// hookStore runs before, once armed, ahead of the next Update: a write
// from "another process" between a chunk's proposing and its applying.
type hookStore struct {
	store.Store
	before  func()
	updates int
}

func (h *hookStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	h.updates++
	if b := h.before; b != nil {
		h.before = nil
		b()
	}
	return h.Store.Update(ctx, fn)
}

func reviewTodaySameSummary(t *testing.T, want, got reconcile.AutoSummary) {
	t.Helper()
	want.Replay, got.Replay = false, false
	require.Equal(t, want.Operation, got.Operation)
	require.Equal(t, want.Proposals, got.Proposals)
	require.Equal(t, want.Applied, got.Applied)
	require.Equal(t, want.ByRule, got.ByRule)
	require.Equal(t, want.Lines, got.Lines)
	require.Equal(t, want.Partials, got.Partials)
	require.Equal(t, want.Matches, got.Matches)
	require.Equal(t, want.Entries, got.Entries)
	require.Equal(t, want.UnmatchedCount, got.UnmatchedCount)
	require.Equal(t, len(want.Unmatched), len(got.Unmatched))
	require.Equal(t, want.WorkLimitReached, got.WorkLimitReached)
	require.Equal(t, want.FailedCount, got.FailedCount)
	require.Equal(t, len(want.Failed), len(got.Failed))
	for i := range want.Failed {
		require.Equal(t, want.Failed[i].Err, got.Failed[i].Err)
	}
}

func TestReviewTodayAutoLetterChunksSummary(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		reconcile.SetAutoChunk(t, 1)
		for _, p := range []string{"C1", "C2", "C3"} {
			i := f.invoice(t, p, d(1, 1), "100.00")
			f.pay(t, p, d(2, 1), "100.00", i.Name(), "")
			f.pay(t, p, d(2, 2), "13.00", "", "") // unmatched
		}
		op := journal.NewID()
		var last reconcile.AutoSummary
		calls := 0
		req := reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true},
			Progress: func(s reconcile.AutoSummary) { calls++; last = s }}
		sum, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err)
		require.Equal(t, 3, sum.Applied)
		require.GreaterOrEqual(t, calls, 3)
		reviewTodaySameSummary(t, sum, last)
		req.Progress = nil
		again, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err)
		require.True(t, again.Replay)
		reviewTodaySameSummary(t, sum, again)
	})
}

func TestReviewTodayAutoLetterStaleInLastChunk(t *testing.T) {
	h := &hookStore{Store: storetest.Owning(storetest.Twice(memstore.New()))}
	f := newFixture(t, h)
	reconcile.SetAutoChunk(t, 2) // C1's two proposals fill chunk 0; chunk 1, C2's one, is the last
	i1 := f.invoice(t, "C1", d(1, 1), "100.00")
	f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
	i3 := f.invoice(t, "C1", d(1, 2), "70.00")
	f.pay(t, "C1", d(2, 2), "70.00", i3.Name(), "")
	i2 := f.invoice(t, "C2", d(1, 1), "40.00")
	p2 := f.pay(t, "C2", d(2, 1), "40.00", i2.Name(), "")
	op := journal.NewID()
	calls := 0
	var last reconcile.AutoSummary
	req := reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true},
		Progress: func(s reconcile.AutoSummary) {
			calls++
			last = s
			if calls == 1 { // before the chunk of C2 is applied, C2's lines are lettered by hand
				h.before = func() {
					_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(p2), line0(i2)}})
					require.NoError(t, err)
				}
			}
		}}
	h.updates = 0
	sum, err := f.rec.AutoLetter(ctx, req)
	require.NoError(t, err)
	require.Nil(t, h.before, "the hook ran")
	require.Equal(t, 2, calls, "two chunks")
	require.Equal(t, 3, h.updates, "chunk 0, the hand lettering, chunk 1 with the run's record")
	require.Equal(t, 2, sum.Applied, "%+v", sum)
	require.Equal(t, 1, sum.FailedCount, "%+v", sum)
	reviewTodaySameSummary(t, sum, last)
	req.Progress = nil
	again, err := f.rec.AutoLetter(ctx, req)
	require.NoError(t, err)
	require.True(t, again.Replay)
	reviewTodaySameSummary(t, sum, again)
}

func TestReviewTodayAutoLetterNothingToPropose(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		op := journal.NewID()
		req := reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true}}
		sum, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err)
		require.Zero(t, sum.Proposals)
		again, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err)
		require.True(t, again.Replay)
		reviewTodaySameSummary(t, sum, again)
		req.Scope = customers
		_, err = f.rec.AutoLetter(ctx, req)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
	})
}

// Two runs of one operation at once (PostgreSQL runs them side by side):
// both succeed and report the same run, which the record replays.
func TestReviewTodayAutoLetterSameIDAtOnce(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		reconcile.SetAutoChunk(t, 2)
		for _, p := range []string{"C1", "C2", "C3"} {
			for k := 1; k <= 3; k++ {
				i := f.invoice(t, p, d(1, k), fmt.Sprintf("%d.00", 10*k))
				f.pay(t, p, d(2, k), fmt.Sprintf("%d.00", 10*k), i.Name(), "")
			}
		}
		op := journal.NewID()
		req := reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true}}
		sums := make([]reconcile.AutoSummary, 2)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range sums {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sums[i], errs[i] = f.rec.AutoLetter(ctx, req)
			}()
		}
		wg.Wait()
		require.NoError(t, errs[0])
		require.NoError(t, errs[1])
		again, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.Equal(t, 9, again.Applied)
		reviewTodaySameSummary(t, again, sums[0])
		reviewTodaySameSummary(t, again, sums[1])
		f.check(t)
	})
}
