package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review probes (pass): partner add's JSON is the list of partners added,
// as before; a code twice in one call, or one already in the book, adds
// nothing and leaves the book file as it was; the empty aged balance is
// [] in JSON and a title with zero totals in text; the output-flag
// conflicts exit 2 on a book; an unbalanced entry names the exceeding
// side with an unsigned amount, both ways.
func TestReviewLastProbeCLI(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "--json", "partner", "add", "A1", "A2")
	require.Equal(t, 0, r.code, r.stderr)
	var ps []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &ps))
	assert.Equal(t, []map[string]any{{"code": "A1", "name": "A1"}, {"code": "A2", "name": "A2"}}, ps)
	r = run(t, dir, "", "--json", "partner", "add", "A3", "--name", "Trois")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &ps))
	assert.Equal(t, []map[string]any{{"code": "A3", "name": "Trois"}}, ps)

	book := filepath.Join(dir, "book.db")
	before, err := os.ReadFile(book)
	require.NoError(t, err)
	for _, args := range [][]string{{"A4", "A4"}, {"A5", "A1"}, {"A6", "bad code"}} {
		r = run(t, dir, "", append([]string{"partner", "add"}, args...)...)
		assert.Equal(t, 1, r.code, "%v", args)
		assert.Empty(t, r.stdout, "%v", args)
		after, err := os.ReadFile(book)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(before, after), "%v changed the book", args)
	}
	r = run(t, dir, "", "partner", "add", "A1")
	assert.Equal(t, "lettrage: partner A1: ledger: code already exists: A1\n", r.stderr)
	r = run(t, dir, "", "partner", "add", "A7", "A1")
	assert.Equal(t, "lettrage: partner A1: ledger: code already exists: A1\n", r.stderr)
	r = run(t, dir, "", "partner", "add")
	assert.Equal(t, 2, r.code)

	r = run(t, dir, "", "--json", "report", "aged")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "[]\n", r.stdout)
	r = run(t, dir, "", "report", "aged", "--account", "401000")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Aged balance at 31/12/2026")

	for _, args := range [][]string{{"report", "trial", "--csv", "--xlsx", "t.xlsx"}, {"report", "ledger", "--french"},
		{"report", "vat", "--xlsx", "v.xlsx", "--csv", "--french"}, {"--json", "report", "trial", "--french"}} {
		r = run(t, dir, "", args...)
		assert.Equal(t, 2, r.code, "%v: %s", args, r.stderr)
		assert.Empty(t, r.stdout, "%v", args)
	}
	_, err = os.Stat(filepath.Join(dir, "t.xlsx"))
	assert.True(t, os.IsNotExist(err))
	r = run(t, dir, "", "report", "trial", "--csv", "--french")
	assert.Equal(t, 0, r.code, r.stderr)

	r = run(t, dir, "", "post", "--journal", "OD", "--date", "2026-05-01", "--line", "512000=10", "--line", "706000=-11")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "credits exceed debits by 1")
	r = run(t, dir, "", "post", "--journal", "OD", "--date", "2026-05-01", "--line", "512000=12", "--line", "706000=-11")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "debits exceed credits by 1")
}
