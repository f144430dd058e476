package journal

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// NewID from many goroutines: every id is version 7, variant RFC 4122,
// unique, and each goroutine sees its own ids strictly increase; merged
// in the order they were made under the lock (unknown here), all ids
// still sort without ties.
func TestHrev13NewIDConcurrent(t *testing.T) {
	const g, n = 8, 5000
	out := make([][]ID, g)
	var wg sync.WaitGroup
	for i := range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids := make([]ID, n)
			for k := range ids {
				ids[k] = NewID()
			}
			out[i] = ids
		}()
	}
	wg.Wait()
	seen := make(map[ID]bool, g*n)
	for _, ids := range out {
		for k, id := range ids {
			require.Equal(t, uuid.Version(7), id.Version())
			require.Equal(t, uuid.RFC4122, id.Variant())
			require.False(t, seen[id], "duplicate id %s", id)
			seen[id] = true
			if k > 0 {
				require.Equal(t, -1, bytes.Compare(ids[k-1][:], id[:]), "ids of one goroutine increase")
			}
		}
	}
}

// The clock stalls, steps back an hour, then the fraction's 12 bits
// overflow: ids still increase, keep version and variant, and the time
// part of an id never goes below the last one's. An id made after NewID
// from a clock far ahead sorts after every id made before.
func TestHrev13NewV7ClockBack(t *testing.T) {
	var r bufferedRandom
	base := time.Date(2026, 6, 1, 0, 0, 0, 999_999_999, time.UTC).UnixNano()
	var prev ID
	clocks := []int64{base, base, base - int64(time.Hour), base - int64(time.Hour), base + 1}
	for range 5000 { // past 4096 ids in one stalled millisecond
		clocks = append(clocks, base)
	}
	clocks = append(clocks, base+int64(2*time.Second))
	for i, c := range clocks {
		var id ID
		r.newV7(&id, c)
		require.Equal(t, uuid.Version(7), id.Version())
		require.Equal(t, uuid.RFC4122, id.Variant())
		if i > 0 {
			require.Equal(t, -1, bytes.Compare(prev[:], id[:]), "id %d (%s) after %s", i, id, prev)
		}
		prev = id
	}
	// The last one follows the clock again: its milliseconds are the clock's.
	ms := int64(prev[0])<<40 | int64(prev[1])<<32 | int64(prev[2])<<24 | int64(prev[3])<<16 | int64(prev[4])<<8 | int64(prev[5])
	require.Equal(t, (base+int64(2*time.Second))/1e6, ms)
	// The random bits differ from one id to the next.
	var a, b ID
	r.newV7(&a, base)
	r.newV7(&b, base)
	require.NotEqual(t, a[8:], b[8:])
}
