package ledger

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lagBook is testBook without strict mode: a strict book checks, and so
// indexes, after every write, and the lag would never show.
func lagBook(t *testing.T, st store.Store) *Book {
	t.Helper()
	b := testBook(t, st)
	b.strict = false
	return b
}

// storedLag reads the lag counter straight from the store.
func storedLag(t *testing.T, st store.Store) uint64 {
	t.Helper()
	var lag uint64
	require.NoError(t, st.View(ctx, func(tx store.Tx) error {
		v, err := tx.Get(bCounter, []byte(ctrLag))
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		lag = binary.BigEndian.Uint64(v)
		return err
	}))
	return lag
}

func TestIndexLag(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			assert.Zero(t, storedLag(t, st))

			// Posts log their entries and leave the indexes behind, up to
			// IndexLagMax: the post that reaches it indexes them all.
			for i := 1; i < IndexLagMax; i++ {
				mustPost(t, b, sale("C1", d(3, 1+i%28), "120.00"))
				require.Equal(t, uint64(i), storedLag(t, st))
			}
			mustPost(t, b, sale("C1", d(3, 1), "120.00"))
			assert.Zero(t, storedLag(t, st), "the post reaching IndexLagMax indexes the lag")

			// A read sees every acknowledged entry: it indexes first.
			x := mustPost(t, b, sale("C2", d(4, 2), "240.00"))
			mustPost(t, b, receipt("C2", d(4, 3), "40.00"))
			require.Equal(t, uint64(2), storedLag(t, st))
			bal, err := b.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C2", At: d(12, 31)})
			require.NoError(t, err)
			assert.Equal(t, "200.00", bal.Balance.Plain())
			assert.Zero(t, storedLag(t, st))
			byNumber, err := b.EntryByNumber(ctx, x.Name())
			require.NoError(t, err)
			assert.Equal(t, x.ID, byNumber.ID)

			// Update indexes the lag before its function runs, and what it
			// posts is indexed at once, visible to the same transaction.
			mustPost(t, b, sale("C2", d(4, 5), "60.00"))
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				if lag, err := tx.lag(); err != nil || lag != 0 {
					return errors.Join(err, errors.New("lag not indexed before fn"))
				}
				if _, _, err := tx.Post(sale("C2", d(4, 6), "30.00")); err != nil {
					return err
				}
				items, err := tx.OpenItems("411000", "C2")
				if err != nil {
					return err
				}
				assert.Len(t, items, 4, "three sales and the receipt, the one just posted included")
				return nil
			}))
			assert.Zero(t, storedLag(t, st))

			// Index indexes on demand; with nothing to index it writes
			// nothing.
			mustPost(t, b, sale("C1", d(5, 1), "12.00"))
			require.NoError(t, b.Index(ctx))
			assert.Zero(t, storedLag(t, st))
			before := dump(t, st)
			require.NoError(t, b.Index(ctx))
			assert.Equal(t, before, dump(t, st))

			// A refused post leaves the lag as it was.
			mustPost(t, b, sale("C1", d(5, 2), "12.00"))
			bad := sale("C1", d(5, 3), "12.00")
			bad.Lines[1].Account = "709999"
			_, err = b.Post(ctx, bad)
			require.ErrorIs(t, err, ErrUnknownAccount)
			assert.Equal(t, uint64(1), storedLag(t, st))

			require.NoError(t, b.Check(ctx))
			assert.Zero(t, storedLag(t, st))
		})
	}
}

// TestIndexLagReopen: the lag is stored; a book reopened over a lagging
// store indexes it on its first read.
func TestIndexLagReopen(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			for i := 0; i < 10; i++ {
				mustPost(t, b, sale("C1", d(6, 1+i), "120.00"))
			}
			require.Equal(t, uint64(10), storedLag(t, st))
			again, err := Open(ctx, st, Options{})
			require.NoError(t, err)
			items, err := again.OpenItems(ctx, "411000", "C1")
			require.NoError(t, err)
			assert.Len(t, items, 10)
			require.NoError(t, again.Check(ctx))
		})
	}
}

// TestIndexLagBatch: batches leave their indexes to lag, small ones and
// large ones (through the pipeline, logging only), up to the batch lag
// limit; the batch that would reach it indexes every lagging entry and
// itself. A single post after them indexes the lag, which is past its own
// limit.
//
// Its catch-ups make their line blocks on another goroutine whatever their
// size (catchUpLinesAside lowered to 1), as a large catch-up does; Check
// then verifies the line indexes they wrote.
func TestIndexLagBatch(t *testing.T) {
	defer lowerBatchIndexLag(t, 600)()
	aside := catchUpLinesAside
	catchUpLinesAside = 1
	defer func() { catchUpLinesAside = aside }()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			small := []journal.Entry{sale("C1", d(7, 1), "12.00"), sale("C2", d(7, 1), "24.00")}
			_, err := b.PostBatch(ctx, small, BatchOptions{})
			require.NoError(t, err)
			assert.Equal(t, uint64(2), storedLag(t, st))
			large := func(n int, p string) []journal.Entry {
				in := make([]journal.Entry, n)
				for i := range in {
					in[i] = sale(p, d(7, 2), "1.20")
					if i%2 == 0 {
						in[i].ID = journal.NewID() // the caller's ids: looked up among the lagging
					}
				}
				return in
			}
			_, err = b.PostBatch(ctx, large(IndexLagMax, "C1"), BatchOptions{})
			require.NoError(t, err)
			assert.Equal(t, uint64(2+IndexLagMax), storedLag(t, st), "a large batch logs only")
			third := large(300, "C2")
			_, err = b.PostBatch(ctx, third, BatchOptions{})
			require.NoError(t, err)
			assert.Equal(t, uint64(2+IndexLagMax+300), storedLag(t, st))
			replay, err := b.PostBatch(ctx, []journal.Entry{third[0], third[298]}, BatchOptions{})
			require.NoError(t, err)
			assert.True(t, replay[0].Replay && replay[1].Replay, "found among 558 lagging entries")
			_, err = b.PostBatch(ctx, large(42, "C1"), BatchOptions{})
			require.NoError(t, err)
			assert.Zero(t, storedLag(t, st), "the batch reaching 600 indexes them all")
			_, err = b.PostBatch(ctx, large(IndexLagMax+1, "C2"), BatchOptions{})
			require.NoError(t, err)
			mustPost(t, b, sale("C1", d(7, 3), "2.40"))
			assert.Zero(t, storedLag(t, st), "a post indexes a lag past IndexLagMax")
			require.NoError(t, b.Check(ctx))
			bal, err := b.Balance(ctx, BalanceQuery{Account: "411000"})
			require.NoError(t, err)
			assert.Equal(t, "1064.40", bal.Balance.Plain()) // 12 + 24 + 855 × 1.20 + 2.40
		})
	}
}

// lowerBatchIndexLag sets the batch lag limit for a test and returns what
// restores it.
func lowerBatchIndexLag(t *testing.T, n uint64) func() {
	t.Helper()
	old := batchIndexLag
	batchIndexLag = n
	return func() { batchIndexLag = old }
}

// TestIndexLagCorrupt: a lag counter longer than the log is reported, not
// indexed twice.
func TestIndexLagCorrupt(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			mustPost(t, b, sale("C1", d(6, 1), "120.00"))
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				return tx.Put(bCounter, []byte(ctrLag), binary.BigEndian.AppendUint64(nil, 1_000))
			}))
			_, err := b.OpenItems(ctx, "411000", "C1")
			require.ErrorIs(t, err, ErrFormat)
			assert.ErrorContains(t, err, "1000 entries lag behind a log of 1")

			// A counter damaged to a billion is refused before the
			// catch-up sizes anything by it (it ran out of memory).
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				return tx.Put(bCounter, []byte(ctrLag), binary.BigEndian.AppendUint64(nil, 1<<30))
			}))
			err = b.Index(ctx)
			require.ErrorIs(t, err, ErrFormat)
			assert.ErrorContains(t, err, "1073741824 entries lag behind a log of 1")
		})
	}
}

// TestIndexLagMissingRecord: a lagging entry missing from the log is
// reported; reads do not loop waiting for an indexing that cannot finish.
func TestIndexLagMissingRecord(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			x := mustPost(t, b, sale("C1", d(6, 1), "120.00"))
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Delete(bLog, seqKey(x.Seq)) }))
			_, err := b.Balance(ctx, BalanceQuery{Account: "411000"})
			// The posting sequence counter, compared with the log's last
			// key before anything else, names the damage first.
			require.ErrorIs(t, err, ErrIntegrity)
			assert.ErrorContains(t, err, "the posting sequence counter says 1, the log ends at 0")
		})
	}
}

// TestLagCacheIsACopy: the entries a batch leaves lagging are kept to be
// indexed from memory, as copies. A caller that changes the results it was
// given (their lines, amounts, ids) changes nothing the catch-up indexes;
// an entry the cache holds for another book's sequence is not used.
func TestLagCacheIsACopy(t *testing.T) {
	defer lowerBatchIndexLag(t, 600)()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			in := make([]journal.Entry, 300)
			for i := range in {
				in[i] = sale("C1", d(7, 2), "1.20")
			}
			res, err := b.PostBatch(ctx, in, BatchOptions{})
			require.NoError(t, err)
			assert.Equal(t, uint64(300), storedLag(t, st))
			for i := range res {
				res[i].Entry.Lines[0].Balance = e("999.00")
				res[i].Entry.Lines[0].Partner = "C2"
			}
			res[7].Entry.ID = res[8].Entry.ID
			// A second Book on the same store has no cache: it decodes.
			other, err := Open(ctx, st, Options{})
			require.NoError(t, err)
			more := make([]journal.Entry, 300)
			for i := range more {
				more[i] = sale("C2", d(7, 3), "2.40")
			}
			_, err = b.PostBatch(ctx, more, BatchOptions{})
			require.NoError(t, err)
			assert.Zero(t, storedLag(t, st), "the batch reaching 600 indexed them all, 300 from its cache")
			for _, bk := range []*Book{b, other} {
				bal, err := bk.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C1"})
				require.NoError(t, err)
				assert.Equal(t, "360.00", bal.Balance.Plain())
				bal, err = bk.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C2"})
				require.NoError(t, err)
				assert.Equal(t, "720.00", bal.Balance.Plain())
			}
			require.NoError(t, b.Check(ctx))
		})
	}
}
