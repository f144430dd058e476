package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// 'revalue --undo' takes the open items' revaluation of the date back
// (the way to letter on or before it), and takes no --rate.
func TestHrev222RevalueUndo(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	step := func(args ...string) result {
		t.Helper()
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
		return r
	}
	step("year", "add")
	r := run(t, dir, `{"journal":"VT","date":"2026-11-02","type":"invoice","ref":"FA-USD","currency":"USD","lines":[
		{"account":"411000","partner":"C01","debit":"800.00","amount_currency":"1000.00"},
		{"account":"706000","credit":"800.00","amount_currency":"-1000.00"}]}`, "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	step("revalue", "--date", "2026-12-31", "--rate", "USD=1,10")
	bad := run(t, dir, "", "revalue", "--date", "2026-12-31", "--undo", "--rate", "USD=1,10")
	assert.NotEqual(t, 0, bad.code)
	assert.Contains(t, bad.stderr, "--undo takes no --rate")
	out := step("revalue", "--date", "2026-12-31", "--undo").stdout
	assert.Contains(t, out, "-109,09", "the 109,09 gain taken back from 411000")
	out = step("revalue", "--date", "2026-12-31", "--undo").stdout
	assert.Contains(t, out, "Nothing to revalue", "taken back already")
}
