package ledger

import (
	"fmt"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pipelineBatch is a batch large enough to go through the pipeline, with
// every kind of entry that makes it drain or skip: caller ids and fresh
// ones, replays and conflicts of ids still in flight, reversals of entries
// of the same batch, invalid entries, and three journals.
func pipelineBatch() []journal.Entry {
	n := 3 * IndexLagMax
	in := make([]journal.Entry, n)
	callerID := func(i int) journal.ID {
		id, err := journal.ParseID(fmt.Sprintf("01900000-0000-7000-8000-%012d", i))
		if err != nil {
			panic(err)
		}
		return id
	}
	last := -1 // the last plain entry with a caller id
	for i := range in {
		x := sale([]string{"C1", "C2", "S1"}[i%3], d(time.Month(1+i%12), 1+i%28), fmt.Sprintf("%d.%02d", 10+i, i%100))
		x.ID = callerID(i)
		switch {
		case i%7 == 3: // fresh id, in a journal of its own so that caller-id chains stay comparable
			x.ID, x.Journal = journal.NoID, "OD"
		case i%11 == 5:
			x.Journal = "AC"
		case i%50 == 10: // refused
			x.Lines[0].Balance = e("1.00")
		case i%60 == 21: // replay of an entry still in flight
			x = in[last]
		case i%60 == 42: // same id, other content
			x = in[last]
			x.Label = "other"
		case i%90 == 47: // reversal of an entry of this batch
			orig := in[last]
			x = journal.Entry{ID: x.ID, Journal: orig.Journal, Date: orig.Date, Type: orig.Type, ReversalOf: orig.ID}
			for _, l := range orig.Lines {
				l.Balance = l.Balance.Neg()
				x.Lines = append(x.Lines, l)
			}
		default:
			last = i
		}
		in[i] = x
	}
	return in
}

// TestPipelineMatchesOneByOne: a large batch posts exactly what the same
// entries posted one by one post: same results, numbers, sequence, chain
// hashes (so the same records), and a book that passes Check and Verify.
func TestPipelineMatchesOneByOne(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			in := pipelineBatch()
			piped := testBook(t, s.Open(t))
			got, err := piped.PostBatch(ctx, in, BatchOptions{})
			require.NoError(t, err)

			single := testBook(t, s.Open(t))
			want := make([]PostResult, len(in))
			require.NoError(t, single.Update(ctx, func(tx *Tx) error {
				for i := range in {
					e, replay, err := tx.Post(in[i])
					want[i] = PostResult{Entry: e, Replay: replay, Err: err}
				}
				return nil
			}))

			kinds := map[string]int{}
			for i := range in {
				w, g := want[i], got[i]
				if w.Err != nil {
					require.Error(t, g.Err, "entry %d", i)
					assert.Equal(t, w.Err.Error(), g.Err.Error(), "entry %d", i)
					kinds["refused"]++
					continue
				}
				require.NoError(t, g.Err, "entry %d", i)
				assert.Equal(t, w.Replay, g.Replay, "entry %d", i)
				assert.Equal(t, w.Entry.Name(), g.Entry.Name(), "entry %d", i)
				assert.Equal(t, w.Entry.Seq, g.Entry.Seq, "entry %d", i)
				switch {
				case w.Replay:
					kinds["replay"]++
				case in[i].ID == journal.NoID:
					kinds["fresh"]++
					assert.NotEqual(t, [32]byte{}, g.Entry.Hash, "entry %d", i)
				default:
					assert.Equal(t, w.Entry.Hash, g.Entry.Hash, "entry %d: same chain, same hash", i)
					if in[i].ReversalOf != journal.NoID {
						kinds["reversal"]++
					}
				}
			}
			for _, k := range []string{"refused", "replay", "fresh", "reversal"} {
				assert.GreaterOrEqual(t, kinds[k], 5, "%s entries in the batch: %v", k, kinds)
			}
			require.NoError(t, piped.Verify(ctx))
			require.NoError(t, piped.Check(ctx))
			for _, at := range []journal.Date{d(3, 31), d(12, 31)} {
				a, err := piped.TrialBalance(ctx, at)
				require.NoError(t, err)
				b, err := single.TrialBalance(ctx, at)
				require.NoError(t, err)
				assert.Equal(t, fmt.Sprint(b.Rows), fmt.Sprint(a.Rows))
			}
		})
	}
}

// TestPipelineAllOrNothing: a refused entry in a large all-or-nothing batch
// leaves the store byte-identical, the pipeline having queued the entries
// before it.
func TestPipelineAllOrNothing(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			in := make([]journal.Entry, 2*IndexLagMax)
			for i := range in {
				in[i] = sale("C1", d(2, 1+i%28), "12.00")
			}
			in[len(in)-1].Lines[0].Account = "999999"
			before := dump(t, st)
			res, err := b.PostBatch(ctx, in, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			assert.ErrorIs(t, res[0].Err, ErrBatchAborted)
			assert.ErrorIs(t, res[len(in)-1].Err, ErrUnknownAccount)
			assert.Equal(t, before, dump(t, st))
		})
	}
}

// TestPipelinePanicReachesCaller: a panic while encoding (a bug) is raised
// on the caller's goroutine, where it can be seen and recovered, not on the
// encoder's, where it would end the process.
func TestPipelinePanicReachesCaller(t *testing.T) {
	st := memstore.New()
	b := testBook(t, st)
	assert.PanicsWithError(t, "runtime error: index out of range [0] with length 0", func() {
		_ = st.Update(ctx, func(stx store.Tx) error {
			tx := newTx(b, stx)
			tx.indexing = true // the encoder encodes the index writes too
			p, err := tx.startPipeline(1, 1)
			if err != nil {
				return err
			}
			defer p.stop()
			j := p.job()
			j.e = sale("C1", d(1, 5), "12.00")
			j.fp, j.res = []byte{1}, &PostResult{}
			// j.reconcilable is empty: indexPuts indexes past it.
			p.chunk = append(p.chunk, j)
			return p.drain()
		})
	})
}
