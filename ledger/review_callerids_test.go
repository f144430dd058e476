package ledger

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// remapIDs gives splitEntries' entries other caller ids, made by mk in the
// order they first appear (replays and reversals keep pointing at the same
// entries).
func remapIDs(in []journal.Entry, mk func() journal.ID) []journal.Entry {
	m := map[journal.ID]journal.ID{}
	get := func(id journal.ID) journal.ID {
		if id == journal.NoID {
			return id
		}
		if x, ok := m[id]; ok {
			return x
		}
		x := mk()
		m[id] = x
		return x
	}
	out := make([]journal.Entry, len(in))
	for i, e := range in {
		e.ID = get(e.ID)
		e.ReversalOf = get(e.ReversalOf)
		out[i] = e
	}
	return out
}

// TestReviewSplitIdenticalCallerIDs: TestBatchSplitIdentical's check (same
// results, same log bucket byte for byte, same indexed store) with the
// caller ids real UUIDv7s (above the greatest id: no lookup, fingerprint
// on the encoder in pipelined batches) and random UUIDv4s (half below it).
func TestReviewSplitIdenticalCallerIDs(t *testing.T) {
	t.Parallel()
	base := splitEntries(splitEntriesN)
	kinds := map[string]func() journal.ID{
		"v7": journal.NewID,
		"v4": func() journal.ID { return journal.ID(uuid.New()) },
	}
	sizes := []int{1, 7, splitPipelined, len(base)}
	for kind, mk := range kinds {
		in := remapIDs(base, mk)
		for _, s := range stores {
			t.Run(kind+"/"+s.Name, func(t *testing.T) {
				var sts []store.Store
				var results [][]PostResult
				for _, size := range sizes {
					st := s.Open(t)
					b := splitBook(t, st)
					results = append(results, postInBatches(t, b, in, size))
					sts = append(sts, st)
					require.NoError(t, b.Index(ctx))
					require.NoError(t, b.Check(ctx))
					require.NoError(t, b.Verify(ctx))
				}
				for k := 1; k < len(sizes); k++ {
					name := fmt.Sprintf("batches of %d vs one by one", sizes[k])
					for i := range in {
						w, g := results[0][i], results[k][i]
						assert.Equal(t, fmt.Sprint(w.Err), fmt.Sprint(g.Err), "%s: entry %d", name, i)
						assert.Equal(t, w.Replay, g.Replay, "%s: entry %d", name, i)
						assert.Equal(t, w.Entry.Hash, g.Entry.Hash, "%s: entry %d", name, i)
					}
					assert.Equal(t, bucketDump(t, sts[0], bLog), bucketDump(t, sts[k], bLog), "%s: log bucket", name)
					assert.Equal(t, withoutZeroLag(logicalDump(t, sts[0])), withoutZeroLag(logicalDump(t, sts[k])), "%s: whole store", name)
				}
			})
		}
	}
}
