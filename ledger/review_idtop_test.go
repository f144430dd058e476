package ledger

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

func hrLogCount(t *testing.T, st store.Store) int {
	n := 0
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		return tx.Scan(bLog, nil, nil, false, func(_, _ []byte) error { n++; return nil })
	}))
	return n
}

func hrIDTop(t *testing.T, st store.Store) []byte {
	var top []byte
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bCounter, []byte(ctrIDTop))
		top = bytes.Clone(v)
		return err
	}))
	return top
}

// A pipelined batch (>= IndexLagMax entries) with caller ids, some
// repeated inside the batch (in flight and already applied), some low:
// every repeat is a replay, then the whole batch again is all replays,
// before and after indexing, and one by one.
func TestReviewIDTopPipeline(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			n := IndexLagMax + 44
			var batch []journal.Entry
			for i := 0; i < n; i++ {
				x := sale("C1", d(3, 1+i%28), "120.00")
				x.ID = journal.NewID()
				if i%9 == 4 {
					x.ID = journal.ID(uuid.New())
					x.ID[0] = 0
				}
				batch = append(batch, x)
			}
			// repeats: one right after (in flight), one far after (applied)
			batch[101] = batch[100]
			batch[290] = batch[3]
			batch[291] = batch[13] // a low id
			res, err := b.PostBatch(ctx, batch, BatchOptions{})
			require.NoError(t, err)
			posted := 0
			for i, r := range res {
				require.NoError(t, r.Err, i)
				if i == 101 || i == 290 || i == 291 {
					require.True(t, r.Replay, "entry %d", i)
				} else {
					require.False(t, r.Replay, "entry %d", i)
					posted++
				}
			}
			require.Equal(t, posted, hrLogCount(t, st))
			res, err = b.PostBatch(ctx, batch, BatchOptions{})
			require.NoError(t, err)
			for i, r := range res {
				require.NoError(t, r.Err, i)
				require.True(t, r.Replay, "second batch entry %d", i)
			}
			for i := 0; i < n; i += 17 {
				r, err := b.Post(ctx, batch[i])
				require.NoError(t, err)
				require.True(t, r.Replay, "single %d", i)
			}
			require.NoError(t, b.Index(ctx))
			res, err = b.PostBatch(ctx, batch, BatchOptions{})
			require.NoError(t, err)
			for i, r := range res {
				require.NoError(t, r.Err, i)
				require.True(t, r.Replay, "third batch entry %d", i)
			}
			require.Equal(t, posted, hrLogCount(t, st))
			ids := make([]journal.ID, 0, n)
			for _, x := range batch {
				ids = append(ids, x.ID)
			}
			want := slices.MaxFunc(ids, func(a, b journal.ID) int { return bytes.Compare(a[:], b[:]) })
			require.Equal(t, want[:], hrIDTop(t, st))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Inside one Book.Update: post, replay, reverse with an id, replay the
// reversal, lower id after a higher one, generated entries.
func TestReviewIDTopUpdate(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			hi := sale("C1", d(3, 1), "120.00")
			hi.ID = journal.NewID()
			lo := sale("C1", d(3, 2), "60.00")
			lo.ID = journal.ID(uuid.New())
			lo.ID[0] = 0
			revID := journal.NewID()
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				for round := 0; round < 2; round++ {
					for _, x := range []journal.Entry{hi, lo} {
						_, replay, err := tx.Post(x)
						require.NoError(t, err)
						require.Equal(t, round == 1, replay)
					}
				}
				_, replay, err := tx.Reverse(lo.ID, ReverseOptions{ID: revID})
				require.NoError(t, err)
				require.False(t, replay)
				_, replay, err = tx.Reverse(lo.ID, ReverseOptions{ID: revID})
				require.NoError(t, err)
				require.True(t, replay)
				return nil
			}))
			for _, x := range []journal.Entry{hi, lo} {
				r, err := b.Post(ctx, x)
				require.NoError(t, err)
				require.True(t, r.Replay)
			}
			r, err := b.Reverse(ctx, lo.ID, ReverseOptions{ID: revID})
			require.NoError(t, err)
			require.True(t, r.Replay)
			require.Equal(t, 3, hrLogCount(t, st))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Concurrent single posts of the same few ids (group commit puts several in
// one transaction): each id is logged once.
func TestReviewIDTopGroupCommit(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			ids := make([]journal.ID, 5)
			for i := range ids {
				ids[i] = journal.NewID()
			}
			ids[2] = journal.ID(uuid.New())
			ids[2][0] = 0
			done := make(chan error)
			for g := 0; g < 8; g++ {
				go func(g int) {
					var err error
					for r := 0; r < 20 && err == nil; r++ {
						x := sale("C1", d(3, 1), "120.00")
						x.ID = ids[(g+r)%len(ids)]
						_, err = b.Post(ctx, x)
					}
					done <- err
				}(g)
			}
			for g := 0; g < 8; g++ {
				require.NoError(t, <-done)
			}
			require.Equal(t, len(ids), hrLogCount(t, st))
			// and a small batch (no pipeline) with repeats
			var batch []journal.Entry
			for i := 0; i < 30; i++ {
				x := sale("C1", d(3, 1), "120.00")
				x.ID = ids[i%len(ids)]
				if i%3 == 0 {
					x.ID = journal.NewID()
					if i > 0 {
						x.ID = batch[i-3].ID
					}
				}
				batch = append(batch, x)
			}
			_, err := b.PostBatch(ctx, batch, BatchOptions{})
			require.NoError(t, err)
			require.Equal(t, len(ids)+1, hrLogCount(t, st))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// The pipeline in indexing mode (the batch that reaches the lag limit),
// with reversals and repeats in it; then an aborted batch that raised the
// top in memory, and its ids posted again.
func TestReviewIDTopPipelineIndexing(t *testing.T) {
	defer lowerBatchIndexLag(t, 600)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			mk := func(n int) []journal.Entry {
				var out []journal.Entry
				for i := 0; i < n; i++ {
					x := sale("C1", d(3, 1+i%28), "120.00")
					x.ID = journal.NewID()
					out = append(out, x)
				}
				return out
			}
			first := mk(300) // lags
			_, err := b.PostBatch(ctx, first, BatchOptions{})
			require.NoError(t, err)
			second := mk(350) // reaches the limit: indexes as it posts
			second[10] = first[5]
			second[200] = second[100]
			rev := first[7].Reversal(journal.NewID(), first[7].Date)
			second[150] = rev
			second[151] = rev
			res, err := b.PostBatch(ctx, second, BatchOptions{})
			require.NoError(t, err)
			for i, r := range res {
				require.NoError(t, r.Err, i)
				require.Equal(t, i == 10 || i == 200 || i == 151, r.Replay, i)
			}
			require.Equal(t, 300+350-3, hrLogCount(t, st))
			// an aborted batch: its new ids are not in the log
			third := mk(300)
			third[299].Lines = nil // invalid
			_, err = b.PostBatch(ctx, third, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			require.Equal(t, 300+350-3, hrLogCount(t, st))
			third[299] = sale("C1", d(3, 1), "1.00")
			third[299].ID = journal.NewID()
			res, err = b.PostBatch(ctx, third, BatchOptions{})
			require.NoError(t, err)
			for i, r := range res {
				require.NoError(t, r.Err, i)
				require.False(t, r.Replay, i)
			}
			for _, batch := range [][]journal.Entry{first, second, third} {
				res, err = b.PostBatch(ctx, batch, BatchOptions{})
				require.NoError(t, err)
				for i, r := range res {
					require.NoError(t, r.Err, i)
					require.True(t, r.Replay, i)
				}
			}
			require.Equal(t, 300+350-3+300, hrLogCount(t, st))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// A book whose counter was lost: a pipelined batch and its replays, and the
// counter is not started again.
func TestReviewIDTopLostPipeline(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			mustPost(t, b, sale("C1", d(3, 1), "1.00"))
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Delete(bCounter, []byte(ctrIDTop)) }))
			b, err := Open(ctx, st, Options{Currency: eur, Clock: fixedClock()})
			require.NoError(t, err)
			var batch []journal.Entry
			for i := 0; i < IndexLagMax+10; i++ {
				x := sale("C1", d(3, 1+i%28), "120.00")
				x.ID = journal.NewID()
				batch = append(batch, x)
			}
			batch[200] = batch[199]
			for round := 0; round < 2; round++ {
				res, err := b.PostBatch(ctx, batch, BatchOptions{})
				require.NoError(t, err)
				for i, r := range res {
					require.NoError(t, r.Err)
					require.Equal(t, round == 1 || i == 200, r.Replay, i)
				}
			}
			require.Equal(t, 1+len(batch)-1, hrLogCount(t, st))
			require.NoError(t, st.View(ctx, func(tx store.Tx) error {
				_, err := tx.Get(bCounter, []byte(ctrIDTop))
				require.ErrorIs(t, err, store.ErrNotFound)
				return nil
			}))
		})
	}
}
