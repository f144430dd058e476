package journal_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
)

// NewID makes UUIDv7s that increase call after call, past many refills of
// its random buffer, and never repeat, from any number of goroutines.
func TestNewIDOrderedAndUnique(t *testing.T) {
	prev := journal.NewID()
	for range 10_000 {
		id := journal.NewID()
		require.Equal(t, 7, int(id.Version()))
		require.Equal(t, 1, bytes.Compare(id[:], prev[:]), "%s after %s", id, prev)
		prev = id
	}
	var mu sync.Mutex
	seen := map[journal.ID]bool{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2_000 {
				id := journal.NewID()
				mu.Lock()
				assert.False(t, seen[id], "%s twice", id)
				seen[id] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Len(t, seen, 16_000)
}
