package ledger

import (
	"bytes"
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// chainReadStoreHrev12 counts the lettering chain records its write
// transactions read, and their bytes.
type chainReadStoreHrev12 struct {
	store.Store
	reads, bytes atomic.Int64
}

func (c *chainReadStoreHrev12) Update(ctx context.Context, fn func(store.Tx) error) error {
	return c.Store.Update(ctx, func(tx store.Tx) error { return fn(&chainReadTxHrev12{tx, c}) })
}

type chainReadTxHrev12 struct {
	store.Tx
	c *chainReadStoreHrev12
}

func (t *chainReadTxHrev12) Get(bucket, key []byte) ([]byte, error) {
	v, err := t.Tx.Get(bucket, key)
	if bytes.Equal(bucket, bLetterChain) && err == nil {
		t.c.reads.Add(1)
		t.c.bytes.Add(int64(len(v)))
	}
	return v, err
}

// letterInRecordsHrev12 posts k·n invoice/payment pairs for C1 and
// letters them by partials, n per transaction: k lettering chain records
// of n partials each. It returns the partials of each record.
func letterInRecordsHrev12(t *testing.T, b *Book, k, n int) [][]journal.ID {
	t.Helper()
	ids := make([][]journal.ID, k)
	for r := 0; r < k; r++ {
		batch := make([]journal.Entry, 0, 2*n)
		for i := 0; i < n; i++ {
			batch = append(batch, sale("C1", d(3, 1), "12.00"), receipt("C1", d(3, 2), "12.00"))
		}
		res, err := b.PostBatch(ctx, batch, BatchOptions{})
		require.NoError(t, err)
		require.NoError(t, b.Update(ctx, func(tx *Tx) error {
			ids[r] = ids[r][:0]
			op := journal.NewID()
			for i := 0; i < n; i++ {
				inv, pay := res[2*i].Entry, res[2*i+1].Entry
				p, err := tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "12.00", d(3, 2), op))
				if err != nil {
					return err
				}
				ids[r] = append(ids[r], p.ID)
			}
			return tx.recordOperation(op, []byte(fmt.Sprint("letter ", r)), nil)
		}))
	}
	return ids
}

// roundRobinHrev12 returns m partials taken from each record in turn.
func roundRobinHrev12(ids [][]journal.ID, m int) []journal.ID {
	var out []journal.ID
	longest := 0
	for _, r := range ids {
		longest = max(longest, len(r))
	}
	for i := 0; len(out) < m && i < longest; i++ {
		for r := range ids {
			if i < len(ids[r]) && len(out) < m {
				out = append(out, ids[r][i])
			}
		}
	}
	return out
}

func undoAllHrev12(b *Book, ids []journal.ID) error {
	return b.Update(ctx, func(tx *Tx) error {
		op := journal.NewID()
		for _, id := range ids {
			if _, err := tx.undoPartial(id, op); err != nil {
				return err
			}
		}
		return tx.recordOperation(op, []byte("unletter"), nil)
	})
}

// Unlettering at once partials made by more lettering chain records than
// chainWrote keeps, taken from each record in turn (the cache evicts),
// stays correct and leaves the book green, on every backend.
func TestHrev12UnletterAcrossManyRecordsGreen(t *testing.T) {
	defer func(kept int) { chainWroteBytes = kept }(chainWroteBytes)
	chainWroteBytes = 2048 // a few of the records below
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			ids := letterInRecordsHrev12(t, b, 9, 4)
			all := roundRobinHrev12(ids, 1<<30)
			require.NoError(t, undoAllHrev12(b, all[:len(all)/2]))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
			require.NoError(t, undoAllHrev12(b, all[len(all)/2:]))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// An unlettering reads each lettering chain record that wrote the
// partials it undoes: once each, or a bounded number of times. With the
// partials of five records (a few auto-lettering chunks) undone in an
// order that goes from one record to the next, as UnletterLines of lines
// named in date order does, a cache of four records emptied at each fifth
// record made every undo read, hash and parse a whole record again: the
// bytes read grew as (partials undone) × (record size), hundreds of times
// the records' own size.
func TestHrev12UnletterRereadsChainRecords(t *testing.T) {
	t.Parallel()
	const k, n, m = 5, 1000, 1000
	run := func(order func([][]journal.ID) []journal.ID) (reads, read, size int64, took time.Duration) {
		st := &chainReadStoreHrev12{Store: memstore.New()}
		b := testBook(t, st)
		ids := letterInRecordsHrev12(t, b, k, n)
		require.NoError(t, b.View(ctx, func(tx *Tx) error {
			return tx.st.Scan(bLetterChain, nil, nil, false, func(_, v []byte) error { size += int64(len(v)); return nil })
		}))
		st.reads.Store(0)
		st.bytes.Store(0)
		start := time.Now()
		require.NoError(t, undoAllHrev12(b, order(ids)))
		return st.reads.Load(), st.bytes.Load(), size, time.Since(start)
	}
	byRecord := func(ids [][]journal.ID) []journal.ID {
		var out []journal.ID
		for r := range ids {
			out = append(out, ids[r][:m/k]...)
		}
		return out
	}
	inTurn := func(ids [][]journal.ID) []journal.ID { return roundRobinHrev12(ids, m) }
	r1, b1, size, t1 := run(byRecord)
	r2, b2, _, t2 := run(inTurn)
	t.Logf("lettering chain records %d bytes in all; undo of %d partials in record order: %d reads, %d bytes, %v; in turn: %d reads, %d bytes, %v",
		size, m, r1, b1, t1, r2, b2, t2)
	require.LessOrEqual(t, b2, 4*size, "an unlettering of %d partials read %d bytes of lettering chain records, %d times the %d bytes they hold",
		m, b2, b2/size, size)
}
