package ledger

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rgCounters returns every counter but the id counter, as stored.
func rgCounters(t *testing.T, st store.Store) map[string]string {
	t.Helper()
	m := map[string]string{}
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		return tx.Scan(bCounter, nil, nil, false, func(k, v []byte) error {
			if string(k) != ctrIDTop {
				m[fmt.Sprintf("%q", k)] = fmt.Sprintf("%x", v)
			}
			return nil
		})
	}))
	return m
}

// Tx.Post promises "every check runs before the first write, so an error
// leaves the transaction as it was". On a book whose id counter was
// lowered, an entry without an id (the book makes it) must be refused
// before it is numbered: a caller that takes the promise at its word and
// commits the rest of its work would otherwise commit a posting sequence
// ahead of the log and skip a number of the journal for good (found by
// review: the refusal came at the log put).
func TestReviewIDTopGuardTxPostLeavesTxAsItWas(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			var posted []journal.Entry
			for i := 0; i < 3; i++ {
				posted = append(posted, mustPost(t, b, sale("C1", d(3, 1+i), "120.00")))
			}
			require.NoError(t, b.Index(ctx))
			lowerIDTop(t, st, posted[0].ID)
			b, err := Open(ctx, st, Options{Currency: eur, Clock: fixedClock()}) // not strict: Check would fail
			require.NoError(t, err)
			before := rgCounters(t, st)
			logged := hrLogCount(t, st)

			var postErr error
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				_, _, postErr = tx.Post(sale("C1", d(3, 9), "1.00")) // no id: the book makes one
				return nil                                           // the error left the transaction as it was
			}))
			require.ErrorIs(t, postErr, ErrIntegrity)
			require.Equal(t, logged, hrLogCount(t, st), "nothing logged")
			assert.Equal(t, before, rgCounters(t, st), "a refused Tx.Post must leave the counters as they were")

			// The consequence, once the id counter is repaired: the next
			// post is refused for the sequence counter the refusal moved.
			lowerIDTop(t, st, posted[2].ID)
			_, err = b.Post(ctx, sale("C1", d(3, 10), "2.00"))
			assert.NoError(t, err, "the book after repairing the id counter")
		})
	}
}

// Entries lag behind their indexes (up to IndexLagMax after single
// posts): a counter lowered to the greatest indexed id, but below the id
// of an entry that still lags, must be refused too, or a replay of that
// lagging entry is taken for a new entry and logged a second time (found
// by review: the guard compared the counter with the id index only).
func TestReviewIDTopGuardLaggingReplayLoggedTwice(t *testing.T) {
	for _, s := range stores {
		for _, batch := range []bool{false, true} {
			name := s.Name + "/post"
			if batch {
				name = s.Name + "/batch"
			}
			t.Run(name, func(t *testing.T) {
				st := s.Open(t)
				b := testBook(t, st)
				b.strict = false
				var posted []journal.Entry
				for i := 0; i < 5; i++ {
					x := sale("C1", d(3, 1+i), "120.00")
					x.ID = journal.NewID()
					mustPost(t, b, x)
					posted = append(posted, x)
					if i == 2 {
						require.NoError(t, b.Index(ctx)) // 0..2 indexed, 3 and 4 lag
					}
				}
				require.EqualValues(t, 2, storedLag(t, st), "two entries lag")
				lowerIDTop(t, st, posted[2].ID) // below the lagging 3 and 4, at the id index's top
				logged := hrLogCount(t, st)

				var r PostResult
				var err error
				if batch {
					var res []PostResult
					res, err = b.PostBatch(ctx, []journal.Entry{posted[4]}, BatchOptions{})
					if err == nil {
						r, err = res[0], res[0].Err
					}
				} else {
					r, err = b.Post(ctx, posted[4])
				}
				if err != nil {
					require.ErrorIs(t, err, ErrIntegrity)
				} else {
					require.True(t, r.Replay, "a replay of %s, logged at seq %d, taken for a new entry at seq %d",
						posted[4].ID, logged, r.Entry.Seq)
				}
				require.Equal(t, logged, hrLogCount(t, st), "the replay logged twice")
			})
		}
	}
}

// A healthy book never trips the guard: ids of every kind (UUIDv7, v4,
// all-0xff, all-zero but one, lowest first byte), in single posts, group
// commits, lagging and pipelined batches, Update posts, reversals,
// catch-up indexing and replays, then reads of every entry; Check passes.
func TestReviewIDTopGuardHealthyWorkload(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			var all []journal.Entry
			n := 0
			mk := func(kind int) journal.Entry {
				n++
				x := sale([]string{"C1", "C2"}[n%2], d(time.Month(1+n%11), 1+n%28), "120.00")
				switch kind % 6 {
				case 0:
					x.ID = journal.NewID()
				case 1:
					x.ID = journal.ID(uuid.New())
				case 2:
					x.ID = journal.ID(uuid.New())
					x.ID[0] = 0xff
				case 3:
					x.ID = journal.ID(uuid.New())
					x.ID[0] = 0x00
				case 4: // none: the book makes it
				case 5:
					var id journal.ID
					id[15] = byte(n)
					id[14] = byte(n >> 8)
					x.ID = id
				}
				return x
			}
			add := func(rs ...PostResult) {
				for _, r := range rs {
					require.NoError(t, r.Err)
					require.False(t, r.Replay)
					all = append(all, r.Entry)
				}
			}
			// A 0xff.. id first, so the counter is at its top from the start.
			top := sale("C1", d(1, 2), "10.00")
			for i := range top.ID {
				top.ID[i] = 0xff
			}
			r, err := b.Post(ctx, top)
			require.NoError(t, err)
			add(r)
			for i := 0; i < 30; i++ {
				r, err := b.Post(ctx, mk(i))
				require.NoError(t, err)
				add(r)
			}
			// Group commit.
			var mu sync.Mutex
			var wg sync.WaitGroup
			var gerr error
			for g := 0; g < 24; g++ {
				x := mk(g)
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := b.Post(ctx, x)
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						gerr = err
						return
					}
					all = append(all, r.Entry)
				}()
			}
			wg.Wait()
			require.NoError(t, gerr)
			// A lagging batch, and a pipelined one.
			for _, size := range []int{40, IndexLagMax + 60} {
				var in []journal.Entry
				for i := 0; i < size; i++ {
					in = append(in, mk(i))
				}
				res, err := b.PostBatch(ctx, in, BatchOptions{})
				require.NoError(t, err)
				add(res...)
			}
			// Update posts and reversals.
			var ins []journal.Entry
			for i := 0; i < 6; i++ {
				ins = append(ins, mk(i))
			}
			var outs []journal.Entry
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				outs = outs[:0] // the function may run twice
				for _, in := range ins {
					e, _, err := tx.Post(in)
					if err != nil {
						return err
					}
					outs = append(outs, e)
				}
				return nil
			}))
			all = append(all, outs...)
			for _, i := range []int{0, 3, 7, 40} {
				r, err := b.Reverse(ctx, all[i].ID, ReverseOptions{})
				require.NoError(t, err)
				all = append(all, r.Entry)
			}
			logged := hrLogCount(t, st)
			require.Equal(t, len(all), logged)
			for _, x := range all {
				got, err := b.Entry(ctx, x.ID)
				require.NoError(t, err)
				require.Equal(t, x.Seq, got.Seq)
			}
			require.NoError(t, b.Index(ctx))
			require.NoError(t, b.Check(ctx))
			require.Equal(t, logged, hrLogCount(t, st))

			// Year closing with entries lagging, then posts into the next
			// year with ids below the counter, and replays of them.
			for i := 0; i < 5; i++ {
				r, err := b.Post(ctx, mk(i))
				require.NoError(t, err)
				add(r)
			}
			b.clock = afterYears()
			_, _, err = b.CloseFiscalYear(ctx, "2026", "alice")
			require.NoError(t, err)
			for i := 0; i < 12; i++ {
				x := mk(i)
				x.Date = journal.MustDate(2027, 2, 1+i)
				r, err := b.Post(ctx, x)
				require.NoError(t, err)
				require.False(t, r.Replay)
				again, err := b.Post(ctx, x)
				if x.ID == journal.NoID {
					require.NoError(t, err)
					require.False(t, again.Replay)
					continue
				}
				require.NoError(t, err)
				require.True(t, again.Replay)
			}
			require.NoError(t, b.Check(ctx))
		})
	}
}

// On a damaged book: reads by id are refused too (ErrIntegrity, where
// before an id above the lowered counter read as ErrNotFound), other
// reads, Index, Check, Verify and Backup still work; a Book.Update that
// letters nothing but posts after other writes commits nothing; a batch
// of ids made by the book commits nothing.
func TestReviewIDTopGuardDamagedBook(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			var posted []journal.Entry
			for i := 0; i < 5; i++ {
				x := sale("C1", d(3, 1+i), "120.00")
				x.ID = journal.NewID()
				posted = append(posted, mustPost(t, b, x))
			}
			mustPost(t, b, sale("C2", d(3, 8), "50.00")) // lagging
			lowerIDTop(t, st, posted[1].ID)
			_, err := b.Entry(ctx, posted[0].ID)
			require.ErrorIs(t, err, ErrIntegrity, "read refused")
			_, err = b.Balance(ctx, BalanceQuery{Account: "411000"})
			require.NoError(t, err)
			require.NoError(t, b.Index(ctx)) // the catch-up the read made was committed
			before := dump(t, st)

			err = b.Update(ctx, func(tx *Tx) error {
				if _, err := tx.nextCounter("x"); err != nil { // a write before the post
					return err
				}
				_, _, err := tx.Post(sale("C1", d(3, 9), "1.00"))
				return err
			})
			require.ErrorIs(t, err, ErrIntegrity)
			_, err = b.PostBatch(ctx, []journal.Entry{sale("C1", d(3, 9), "1.00"), sale("C1", d(3, 9), "2.00")}, BatchOptions{})
			require.ErrorIs(t, err, ErrIntegrity)
			var big []journal.Entry
			for i := 0; i < IndexLagMax+10; i++ {
				big = append(big, sale("C1", d(3, 9), "2.00"))
			}
			_, err = b.PostBatch(ctx, big, BatchOptions{})
			require.ErrorIs(t, err, ErrIntegrity)
			_, err = b.Reverse(ctx, posted[0].ID, ReverseOptions{})
			require.ErrorIs(t, err, ErrIntegrity)
			require.Equal(t, before, dump(t, st), "nothing written")

			mustFind(t, b.Check(ctx), 2, "entry ids")
			if _, err = b.Backup(ctx, io.Discard); !errors.Is(err, errors.ErrUnsupported) {
				require.NoError(t, err)
			}
			t.Logf("Verify on the damaged book: %v", b.Verify(ctx))
		})
	}
}
