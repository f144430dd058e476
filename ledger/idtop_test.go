package ledger

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// The greatest id in the log lets a new id skip the lookup; every id at or
// below it must still be looked up, among indexed and lagging entries
// alike, by single posts and batches; a book whose counter was lost looks
// every id up and does not start the counter again.
func TestIDTopReplaysStillFound(t *testing.T) {
	for _, s := range stores {
		for _, kept := range []bool{true, false} {
			name := s.Name + "/kept"
			if !kept {
				name = s.Name + "/counter-lost"
			}
			t.Run(name, func(t *testing.T) {
				st := s.Open(t)
				b := testBook(t, st)
				if !kept { // a book Check would find damaged, opened without checking each write
					require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Delete(bCounter, []byte(ctrIDTop)) }))
					var err error
					b, err = Open(ctx, st, Options{Currency: eur, Clock: fixedClock()})
					require.NoError(t, err)
				}
				var ids []journal.ID
				mk := func(i int, random bool) journal.Entry {
					e := sale("C1", d(3, 1+i%28), "120.00")
					e.ID = journal.NewID()
					if random { // a caller's id of another kind: anywhere below the top
						e.ID = journal.ID(uuid.New())
						e.ID[0] = 0x00
					}
					ids = append(ids, e.ID)
					return e
				}
				// Batches that stay behind their indexes, then single posts.
				var batch []journal.Entry
				for i := 0; i < 40; i++ {
					batch = append(batch, mk(i, i%7 == 3))
				}
				res, err := b.PostBatch(ctx, batch, BatchOptions{})
				require.NoError(t, err)
				for _, r := range res {
					require.NoError(t, r.Err)
					require.False(t, r.Replay)
				}
				for i := 40; i < 50; i++ {
					r, err := b.Post(ctx, mk(i, i%4 == 0))
					require.NoError(t, err)
					require.False(t, r.Replay)
				}
				// Every id again, in a batch and one by one, before and
				// after indexing: each is a replay, none posts twice.
				all := slices.Clone(batch)
				for i := 40; i < 50; i++ {
					e := sale("C1", d(3, 1+i%28), "120.00")
					e.ID = ids[i]
					all = append(all, e)
				}
				res, err = b.PostBatch(ctx, all, BatchOptions{})
				require.NoError(t, err)
				for i, r := range res {
					require.NoError(t, r.Err)
					require.True(t, r.Replay, "entry %d %s", i, ids[i])
				}
				require.NoError(t, b.Index(ctx))
				for i, e := range all {
					r, err := b.Post(ctx, e)
					require.NoError(t, err)
					require.True(t, r.Replay, "entry %d", i)
				}
				n := 0
				require.NoError(t, st.View(ctx, func(tx store.Tx) error {
					return tx.Scan(bLog, nil, nil, false, func(_, _ []byte) error { n++; return nil })
				}))
				require.Equal(t, 50, n, "entries in the log")
				if err := b.Check(ctx); kept {
					require.NoError(t, err)
				} else {
					mustFind(t, err, 2, "entry ids", "missing")
				}

				var top []byte
				require.NoError(t, st.View(ctx, func(tx store.Tx) error {
					v, err := tx.Get(bCounter, []byte(ctrIDTop))
					if errors.Is(err, store.ErrNotFound) {
						return nil
					}
					top = bytes.Clone(v)
					return err
				}))
				if !kept {
					require.Nil(t, top, "a book that did not keep the greatest id does not start now: it would be short of older ids")
					return
				}
				want := slices.MaxFunc(ids, func(a, b journal.ID) int { return bytes.Compare(a[:], b[:]) })
				require.Equal(t, want[:], top)
			})
		}
	}
}

// A new id repeated within one batch is found among the entries the batch
// has not logged yet: the repeat is a replay (or a conflict when it
// differs), never a second entry, though the id is above every logged id.
// The batch is long enough to go through the pipeline, whose encoder
// computes the fingerprints of such ids.
func TestIDTopRepeatInOneBatch(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			var batch []journal.Entry
			for i := 0; i < 2*IndexLagMax; i++ {
				e := sale("C1", d(3, 1+i%28), "120.00")
				e.ID = journal.NewID()
				batch = append(batch, e)
			}
			other := batch[3]
			other.Lines = slices.Clone(other.Lines)
			other.Lines[0].Partner = "C2"
			batch = append(batch, batch[3], batch[len(batch)-1], other)
			n := len(batch)
			res, err := b.PostBatch(ctx, batch, BatchOptions{})
			require.NoError(t, err)
			require.Len(t, res, n)
			for i, r := range res[:n-1] {
				require.NoError(t, r.Err, "entry %d", i)
				require.Equal(t, i >= n-3, r.Replay, "entry %d", i)
			}
			require.Equal(t, res[3].Entry.Seq, res[n-3].Entry.Seq)
			require.Equal(t, res[n-4].Entry.Seq, res[n-2].Entry.Seq)
			require.ErrorIs(t, res[n-1].Err, ErrIdempotencyConflict)
			logged := 0
			require.NoError(t, st.View(ctx, func(tx store.Tx) error {
				return tx.Scan(bLog, nil, nil, false, func(_, _ []byte) error { logged++; return nil })
			}))
			require.Equal(t, 2*IndexLagMax, logged, "entries in the log")
			require.NoError(t, b.Check(ctx))
		})
	}
}

// A counter lowered below an id the entry index holds is damage: trusted,
// it would take that id, replayed, for a new one and log the entry twice.
// Every write that logs an entry is refused with ErrIntegrity and writes
// nothing; Check names the counter.
func TestIDTopLoweredRefused(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			posted := postNewIDs(t, b, 5, 5)
			low := posted[1].ID
			lowerIDTop(t, st, low)
			before := hrLogCount(t, st)

			_, err := b.Post(ctx, posted[4]) // a replay the lowered counter would miss
			require.ErrorIs(t, err, ErrIntegrity)
			require.ErrorContains(t, err, "run Check")
			fresh := sale("C1", d(3, 9), "1.00")
			_, err = b.Post(ctx, fresh)
			require.ErrorIs(t, err, ErrIntegrity)
			_, err = b.PostBatch(ctx, []journal.Entry{posted[3], fresh}, BatchOptions{})
			require.ErrorIs(t, err, ErrIntegrity)
			require.Equal(t, before, hrLogCount(t, st), "nothing logged")

			err = b.Check(ctx)
			mustFind(t, err, 2, "entry ids", "its counter says "+low.String())
		})
	}
}

// On a book whose counter was lowered, with entries both indexed and
// lagging: Open, indexing and Check work, and Check names the counter; a
// read of an entry by id refuses with ErrIntegrity where, trusting the
// counter, it would have answered that an entry above it does not exist.
func TestIDTopLoweredReads(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			posted := postNewIDs(t, b, 10, 5)
			low := posted[1].ID
			lowerIDTop(t, st, low)
			b, err := Open(ctx, st, Options{Currency: eur, Clock: fixedClock()})
			require.NoError(t, err)
			for _, i := range []int{2, 7} { // indexed, lagging
				_, err = b.Entry(ctx, posted[i].ID)
				require.ErrorIs(t, err, ErrIntegrity, "entry %d", i)
				require.ErrorContains(t, err, "run Check")
			}
			require.NoError(t, b.Index(ctx))
			mustFind(t, b.Check(ctx), 2, "entry ids", "its counter says "+low.String())
		})
	}
}

// postNewIDs posts n sales one by one under new time-ordered caller ids,
// indexing the book after the first indexed of them: the rest lag.
func postNewIDs(t *testing.T, b *Book, n, indexed int) []journal.Entry {
	t.Helper()
	var posted []journal.Entry
	for i := 0; i < n; i++ {
		e := sale("C1", d(3, 1+i), "120.00")
		e.ID = journal.NewID()
		mustPost(t, b, e)
		posted = append(posted, e)
		if i == indexed-1 {
			require.NoError(t, b.Index(ctx))
		}
	}
	return posted
}

// lowerIDTop sets the greatest-entry-id counter to id, as damage would.
func lowerIDTop(t *testing.T, st store.Store, id journal.ID) {
	t.Helper()
	require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
		return tx.Put(bCounter, []byte(ctrIDTop), bytes.Clone(id[:]))
	}))
}
