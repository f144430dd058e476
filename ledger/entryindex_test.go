package ledger

import (
	"slices"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// TestEntryIndexRuns: the ids a transaction indexes above the index's
// greatest are stored in runs of at most entryRunMax, an older id alone;
// every entry is found by its id, whether posted alone, in a batch that
// indexes as it posts, in one that lags, or with callers' ids older than
// the greatest, in any order; a runs' bucket and a singles' bucket hold
// each id once between them; the book checks clean.
func TestEntryIndexRuns(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			var posted []journal.Entry
			keep := func(res []PostResult, err error) {
				t.Helper()
				require.NoError(t, err)
				for _, r := range res {
					require.NoError(t, r.Err)
					posted = append(posted, r.Entry)
				}
			}
			// Older ids, made before everything else, posted later.
			old := make([]journal.ID, 5)
			for i := range old {
				old[i] = journal.NewID()
			}
			keep(b.PostBatch(ctx, bigBatch(3*entryRunMax+7), BatchOptions{})) // lags
			for i := 0; i < 3; i++ {
				r, err := b.Post(ctx, sale("C1", d(3, 2), "12.00"))
				require.NoError(t, err)
				posted = append(posted, r.Entry)
			}
			// A batch whose caller ids descend, some older than the index's
			// greatest.
			in := bigBatch(20)
			for i := range in {
				in[i].ID = journal.NewID()
			}
			slices.Reverse(in)
			for i, id := range old {
				in[2*i].ID = id
			}
			keep(b.PostBatch(ctx, in, BatchOptions{}))
			require.NoError(t, b.Index(ctx))

			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				for _, e := range posted {
					got, err := tx.Entry(e.ID)
					require.NoError(t, err)
					require.Equal(t, e.Seq, got.Seq, e.Name())
				}
				_, err := tx.Entry(journal.NewID())
				require.ErrorIs(t, err, ErrNotFound)
				_, err = tx.Entry(journal.ID{})
				require.Error(t, err)
				return nil
			}))
			runs, singles, ids := 0, 0, 0
			require.NoError(t, st.View(ctx, func(tx store.Tx) error {
				var last []byte
				err := tx.Scan(bEntryRun, nil, nil, false, func(k, v []byte) error {
					runs++
					require.Greater(t, string(k), string(last), "runs do not overlap")
					return expandEntryRun(k, v, func(id []byte, _ uint64) error {
						ids++
						last = append(last[:0], id...)
						return nil
					})
				})
				if err != nil {
					return err
				}
				return tx.Scan(bEntry, nil, nil, false, func(k, v []byte) error { singles++; return nil })
			}))
			require.Equal(t, len(posted), ids+singles, "each id once")
			require.GreaterOrEqual(t, singles, len(old), "the older ids alone")
			require.Less(t, runs, len(posted)/8, "most ids in runs")
			require.NoError(t, b.Check(ctx))
		})
	}
}

// TestEntryRunDecodeRefusesDamage: a run that does not decode is an error,
// never a panic, whatever its bytes.
func TestEntryRunDecodeRefusesDamage(t *testing.T) {
	a, c := journal.NewID(), journal.NewID()
	v := appendRunID(appendRunID([]byte{5}, a[:], c[:], 5, 9), c[:], c[:], 9, 10)
	require.ErrorIs(t, expandEntryRun(a[:], v, func([]byte, uint64) error { return nil }), ErrFormat, "an id repeated")
	good := appendRunID([]byte{5}, a[:], c[:], 5, 9)
	for i := range good {
		for _, cut := range []bool{false, true} {
			bad := slices.Clone(good)
			if cut {
				bad = bad[:i]
			} else {
				bad[i] ^= 0xff
			}
			_ = expandEntryRun(a[:], bad, func([]byte, uint64) error { return nil })
		}
	}
	require.ErrorIs(t, expandEntryRun(a[:4], good, func([]byte, uint64) error { return nil }), ErrFormat)
	var seqs []uint64
	require.NoError(t, expandEntryRun(a[:], good, func(_ []byte, s uint64) error { seqs = append(seqs, s); return nil }))
	require.Equal(t, []uint64{5, 9}, seqs)
}
