package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
)

// TestLagSpanTake: the catch-up takes a kept run only when every entry of
// it lags at its sequence with its id, never one of the transaction's own
// entries (NoID in the span) nor a sequence outside the span.
func TestLagSpanTake(t *testing.T) {
	a, b, c, d := journal.NewID(), journal.NewID(), journal.NewID(), journal.NewID()
	span := &lagSpan{first: 10, ids: []journal.ID{a, b, journal.NoID, d}}
	for _, tc := range []struct {
		name string
		seqs []uint64
		ids  []journal.ID
		take bool
	}{
		{"every entry lagging", []uint64{10, 11}, []journal.ID{a, b}, true},
		{"the last one", []uint64{13}, []journal.ID{d}, true},
		{"another id at a sequence", []uint64{10, 11}, []journal.ID{a, c}, false},
		{"the transaction's own", []uint64{12}, []journal.ID{c}, false},
		{"before the span", []uint64{9, 10}, []journal.ID{c, a}, false},
		{"after the span", []uint64{13, 14}, []journal.ID{d, c}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cache lagCache
			cache.add(&lagRun{seqs: tc.seqs, ids: tc.ids})
			got := cache.take(span)
			assert.Equal(t, tc.take, len(got) == 1)
			assert.True(t, cache.empty(), "take forgets every run")
		})
	}
	var none *lagSpan
	assert.False(t, none.lagging(10, a))
	assert.False(t, none.isCovered(10))
	assert.Zero(t, none.coveredN())
}
