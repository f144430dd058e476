package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A replay in text prints the invoice the operation posted, its lines and
// that it was posted before; a fresh run with nothing left says so and
// posts nothing.
func TestHrev208PenaltiesReplayTextShowsEntry(t *testing.T) {
	t.Parallel()
	dir := hrev200Book(t)
	id := "0b7c3f0e-8a43-4f57-9b8f-3c1f2d9e4a21"
	posted := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-03-31", "--rate", "12.15", "--post", "--id", id)
	require.Len(t, posted.Entries, 1)
	r := run(t, dir, "", "dunning", "penalties", "--date", "2026-03-31", "--rate", "12.15", "--post", "--id", id)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Already posted by operation "+id)
	assert.Contains(t, r.stdout, posted.Entries[0].Number)
	assert.Contains(t, r.stdout, "763100")
	assert.Contains(t, r.stdout, "17,78")
	r = run(t, dir, "", "dunning", "penalties", "--date", "2026-03-31", "--rate", "12.15", "--post")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "No penalties owed")
	assert.NotContains(t, r.stdout, "Already posted")
	assert.NotContains(t, r.stdout, posted.Entries[0].Number)
}
