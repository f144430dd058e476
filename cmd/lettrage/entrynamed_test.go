package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestUnknownEntryNumberSaysSo: a number the book has no entry of is
// refused in the command's words, with no library prefix, by every
// command that reads numbers.
func TestUnknownEntryNumberSaysSo(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "C1")
	for _, args := range [][]string{
		{"state", "VT/2026/09999"},
		{"pay", "--partner", "C1", "VT/2026/09999"},
		{"reverse", "VT/2026/09999"},
		{"letter", "VT/2026/09999:0", "VT/2026/09998:0"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 1, r.code, "%v: %s", args, r.stdout)
		assert.Contains(t, r.stderr, "VT/2026/09999: the book has no entry of that number", "%v", args)
		assert.NotContains(t, r.stderr, "ledger:", "%v", args)
	}
}
