package ledger

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// r28Compare asserts that two results of the same entry agree.
func r28Compare(t *testing.T, name string, i int, w, g PostResult) {
	t.Helper()
	if w.Err != nil || g.Err != nil {
		assert.Equal(t, fmt.Sprint(w.Err), fmt.Sprint(g.Err), "%s: entry %d", name, i)
		return
	}
	assert.Equal(t, w.Replay, g.Replay, "%s: entry %d replay", name, i)
	assert.Equal(t, w.Entry.ID, g.Entry.ID, "%s: entry %d id", name, i)
	assert.Equal(t, w.Entry.Name(), g.Entry.Name(), "%s: entry %d name", name, i)
	assert.Equal(t, w.Entry.Seq, g.Entry.Seq, "%s: entry %d seq", name, i)
	assert.Equal(t, fmt.Sprint(w.Entry.Lines), fmt.Sprint(g.Entry.Lines), "%s: entry %d lines", name, i)
	assert.Equal(t, w.Entry.Hash, g.Entry.Hash, "%s: entry %d hash", name, i)
}

// r28Reads renders what the reads of a split book return: balances by
// account, partner and currency at several dates, open items of every
// partner, and the trial balances.
func r28Reads(t *testing.T, b *Book) string {
	t.Helper()
	var out string
	for _, acct := range []string{"411000", "401000", "512000", "706000", "707000", "445710", "445660", "607000", "627000"} {
		for _, p := range []string{"", "C1", "C2", "C3", "C4", "S1"} {
			for _, at := range []journal.Date{{}, journal.MustDate(2026, 3, 31), journal.MustDate(2027, 1, 15)} {
				for _, cur := range []bool{false, true} {
					q := BalanceQuery{Account: acct, Partner: p, At: at}
					if cur {
						q.Currency = usd
					}
					bal, err := b.Balance(ctx, q)
					require.NoError(t, err)
					out += fmt.Sprintf("bal %+v: %s %s %s %v\n", q, bal.Debit, bal.Credit, bal.Balance, bal.AmountCurrency)
				}
			}
		}
	}
	for _, ap := range [][2]string{{"411000", "C1"}, {"411000", "C2"}, {"411000", "C3"}, {"411000", "C4"}, {"401000", "S1"}} {
		items, err := b.OpenItems(ctx, ap[0], ap[1])
		require.NoError(t, err)
		for _, it := range items {
			out += fmt.Sprintf("open %s %s %v %s %d %s %v\n", ap[0], ap[1], it.Ref, it.Number, it.Seq, it.Date, it.Residual)
		}
	}
	for _, at := range []journal.Date{journal.MustDate(2026, 6, 30), journal.MustDate(2027, 12, 31)} {
		tb, err := b.TrialBalance(ctx, at)
		require.NoError(t, err)
		out += fmt.Sprintf("trial %s %+v %+v\n", at, tb.Rows, tb.Total)
	}
	return out
}

// TestReview28BatchLagMatrix: entries posted through lagging batches (the
// pipeline appending their index writes to the run the catch-up applies),
// with the lag limit lowered so that batches fall on both sides of the
// catch-up, mixed with reads between batches, a second handle indexing what
// the first one stashed, AllOrNothing aborts (then the same entries posted),
// batches with repeated caller ids, reversals (which drain the pipeline)
// and refused entries, make the same results, reads, log, chain heads and
// indexed store as the same entries posted one Post at a time.
func TestReview28BatchLagMatrix(t *testing.T) {
	defer lowerBatchIndexLag(t, 2*splitPipelined+100)()
	n := 11*splitPipelined + 57
	in := splitEntries(n)
	// More repeated caller ids inside one batch: an entry, then its
	// replay and a conflicting copy a few entries later (in flight).
	for i := 3 * splitPipelined; i < 4*splitPipelined-20; i += 37 {
		if in[i].ReversalOf != journal.NoID || in[i].ID == journal.NoID {
			continue
		}
		in[i+5] = in[i]
		c := in[i]
		c.Label = "conflict"
		in[i+9] = c
	}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			refSt, st := s.Open(t), s.Open(t)
			ref, b := splitBook(t, refSt), splitBook(t, st)
			other, err := Open(ctx, st, Options{Currency: eur, Clock: b.clock})
			require.NoError(t, err)

			refRes := make([]PostResult, 0, n)
			syncRef := func(upto int) {
				for len(refRes) < upto {
					refRes = append(refRes, postInBatches(t, ref, in[len(refRes):len(refRes)+1], 1)...)
				}
			}
			got := make([]PostResult, 0, n)
			at := 0
			batch := func(k int) {
				t.Helper()
				k = min(k, n-at)
				res, err := b.PostBatch(ctx, in[at:at+k], BatchOptions{})
				require.NoError(t, err)
				got = append(got, res...)
				at += k
			}
			single := func(k int) {
				t.Helper()
				got = append(got, postInBatches(t, b, in[at:at+k], 1)...)
				at += k
			}
			aborted := func(k int) {
				t.Helper()
				part := append([]journal.Entry(nil), in[at:at+k]...)
				bad := splitSale(journal.NewID(), "C1", journal.MustDate(2026, 5, 5), 1000)
				bad.Lines[0].Balance = bad.Lines[0].Balance.Neg()
				part = append(part, bad)
				res, err := b.PostBatch(ctx, part, BatchOptions{AllOrNothing: true})
				require.NoError(t, err)
				for i := range res {
					require.Error(t, res[i].Err, "aborted batch entry %d", i)
				}
			}
			reads := func(step string) {
				t.Helper()
				syncRef(at)
				assert.Equal(t, r28Reads(t, ref), r28Reads(t, b), "reads after %s", step)
			}

			batch(splitPipelined) // lags
			batch(splitPipelined) // lags: two runs kept
			aborted(splitPipelined)
			batch(splitPipelined) // reaches the limit: catches up with two runs, indexes itself
			reads("a batch that caught up")
			batch(splitPipelined) // lags
			reads("a read after a lagging batch")
			batch(splitPipelined) // lags
			require.NoError(t, other.Index(ctx))
			batch(splitPipelined) // lags, its run beside a stale one
			single(3)
			batch(splitPipelined) // lag 300+3+300 < 700: lags
			reads("a second handle indexed, then batches")
			batch(IndexLagMax - 1) // no pipeline
			batch(splitPipelined)
			aborted(splitPipelined)
			batch(splitPipelined) // catches up
			batch(n)              // the rest
			syncRef(n)
			require.Len(t, got, n)
			for i := range in {
				r28Compare(t, "batches vs one by one", i, refRes[i], got[i])
			}
			assert.Equal(t, bucketDump(t, refSt, ixHead), bucketDump(t, st, ixHead), "chain heads")
			assert.Equal(t, bucketDump(t, refSt, bLog), bucketDump(t, st, bLog), "log")
			reads("the last batch")
			require.NoError(t, ref.Index(ctx))
			require.NoError(t, b.Index(ctx))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
			s1, err := ref.Seal(ctx)
			require.NoError(t, err)
			s2, err := b.Seal(ctx)
			require.NoError(t, err)
			assert.Equal(t, s1, s2, "seal")
			assert.Equal(t, withoutZeroLag(logicalDump(t, refSt)), withoutZeroLag(logicalDump(t, st)), "whole store, indexed")
		})
	}
}

// TestReview28BatchStashThenOtherHandleBatch: handle A posts lagging
// batches (its runs kept), handle B on the same store indexes the lag and
// posts lagging batches of its own, then A posts a batch that reaches the
// limit: A's stale runs must be left out and B's entries decoded; the book
// equals the one posted one by one.
func TestReview28BatchStashThenOtherHandleBatch(t *testing.T) {
	defer lowerBatchIndexLag(t, 2*splitPipelined+100)()
	n := 5 * splitPipelined
	in := splitEntries(n)
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			refSt, st := s.Open(t), s.Open(t)
			ref, a := splitBook(t, refSt), splitBook(t, st)
			bb, err := Open(ctx, st, Options{Currency: eur, Clock: a.clock})
			require.NoError(t, err)
			refRes := postInBatches(t, ref, in, 1)
			var got []PostResult
			got = append(got, postInBatches(t, a, in[:splitPipelined], splitPipelined)...)
			got = append(got, postInBatches(t, bb, in[splitPipelined:2*splitPipelined], splitPipelined)...) // B catches up? no: lag 600 < 700
			require.NoError(t, bb.Index(ctx))
			got = append(got, postInBatches(t, bb, in[2*splitPipelined:3*splitPipelined], splitPipelined)...)
			got = append(got, postInBatches(t, a, in[3*splitPipelined:4*splitPipelined], splitPipelined)...)
			got = append(got, postInBatches(t, a, in[4*splitPipelined:], splitPipelined)...) // reaches the limit
			for i := range in {
				r28Compare(t, "two handles vs one by one", i, refRes[i], got[i])
			}
			assert.Equal(t, r28Reads(t, ref), r28Reads(t, a), "reads")
			require.NoError(t, ref.Index(ctx))
			require.NoError(t, a.Check(ctx))
			assert.Equal(t, withoutZeroLag(logicalDump(t, refSt)), withoutZeroLag(logicalDump(t, st)), "whole store, indexed")
		})
	}
}

var _ = store.ErrNotFound
