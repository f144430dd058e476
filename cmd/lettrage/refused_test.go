package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A refused command leaves the book file as it was, byte for byte: bad
// input writes nothing, not even bbolt's bookkeeping.
func TestRefusedCommandLeavesTheFile(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	book := filepath.Join(dir, "book.db")
	before, err := os.ReadFile(book)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.csv"), []byte("2026-03-02;VT;F1;x;411000;C01;120,00;\n2026-03-02;VT;F1;x;706000;;;100,00\n"), 0o644))
	for _, c := range []struct {
		stdin string
		args  []string
	}{
		{`{"journal":"VT","date":"2026-03-02","lines":[{"account":"411000","partner":"C01","debit":"-10.00"},{"account":"706000","credit":"-10.00"}]}`, []string{"post", "-"}},
		{"", []string{"post", "--journal", "VT", "--date", "2026-03-02", "--line", "999999=10", "--line", "706000=-10"}},
		{"", []string{"import", "entries", "bad.csv"}},
		{"", []string{"pay", "VT/2026/09999", "--amount", "10"}},
	} {
		r := run(t, dir, c.stdin, c.args...)
		require.NotEqual(t, 0, r.code, "%v was not refused: %s", c.args, r.stdout)
		after, err := os.ReadFile(book)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(before, after), "%v changed the book file", c.args)
	}
}
