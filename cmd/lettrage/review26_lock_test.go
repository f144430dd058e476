package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// r26Feb is a day in February 2026, after 2025's end: 2025 can be closed.
const r26Feb = "2026-02-15T10:00:00Z"

// r26ClosedBook is a book of 2025 and 2026 with 2025 closed.
func r26ClosedBook(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	r := runAt(t, dir, r26Feb, "", "init", "--year", "2025,2026")
	require.Equal(t, 0, r.code, r.stderr)
	r = runAt(t, dir, r26Feb, "", "close", "--year", "2025", "--by", "alice")
	require.Equal(t, 0, r.code, r.stderr)
	return dir
}

func r26Locks(t *testing.T, dir string) (general, taxLock, closed string) {
	t.Helper()
	r := runAt(t, dir, r26Feb, "", "lock", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var ld struct{ General, Tax, Closed string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &ld), r.stdout)
	return ld.General, ld.Tax, ld.Closed
}

// lock --period D --tax T where T is refused (before the closed year's
// end): the command fails, and must change nothing; it kept the general
// lock date it had set first.
func TestReview26LockRefusedWritesNothing(t *testing.T) {
	t.Parallel()
	dir := r26ClosedBook(t)
	r := runAt(t, dir, r26Feb, "", "lock", "--period", "2026-01-31", "--tax", "2025-06-30", "--reason", "janvier revu")
	require.Equal(t, 1, r.code, "a tax lock before the closed year's end is refused: %s", r.stderr)
	general, _, _ := r26Locks(t, dir)
	assert.Empty(t, general, "the command failed, yet the period lock is set: nothing may be written on error")
	r = runAt(t, dir, r26Feb, "", "post", "--journal", "OD", "--date", "2026-01-15", "--line", "627000=10", "--line", "512000=-10")
	assert.Equal(t, 0, r.code, "January is not locked by a refused command: %s", r.stderr)
}

// lock --period none removes the general lock date: once a fiscal year is
// closed, the closing still locks it (Closed), and "none" must still
// remove the general date set after it; it is refused instead ("cannot
// move before 2025-12-31"), so a locked month of the open year can only be
// reopened by naming the closed year's last day.
func TestReview26LockNoneAfterClosedYear(t *testing.T) {
	t.Parallel()
	dir := r26ClosedBook(t)
	r := runAt(t, dir, r26Feb, "", "lock", "--period", "2026-01-31", "--tax", "2026-01-31")
	require.Equal(t, 0, r.code, r.stderr)
	r = runAt(t, dir, r26Feb, "", "lock", "--period", "none", "--reason", "correction de janvier")
	assert.Equal(t, 0, r.code, "lock --period none with 2025 closed: %s", r.stderr)
	assert.Equal(t, "Period locked up to none; tax locked up to 2026-01-31; closed up to 2025-12-31\n", r.stdout)
	r = runAt(t, dir, r26Feb, "", "lock", "--tax", "none")
	assert.Equal(t, 0, r.code, "lock --tax none with 2025 closed: %s", r.stderr)
	general, taxLock, closed := r26Locks(t, dir)
	assert.Empty(t, general)
	assert.Empty(t, taxLock)
	assert.Equal(t, "2025-12-31", closed)
	r = runAt(t, dir, r26Feb, "", "post", "--journal", "OD", "--date", "2026-01-15", "--line", "627000=10", "--line", "512000=-10")
	assert.Equal(t, 0, r.code, "January reopened: %s", r.stderr)
	r = runAt(t, dir, r26Feb, "", "post", "--journal", "OD", "--date", "2025-12-15", "--line", "627000=10", "--line", "512000=-10")
	assert.Equal(t, 1, r.code, "2025 stays closed")
}
