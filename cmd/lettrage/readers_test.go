package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadersShareTheBook holds the book open read-only, as a report
// running meanwhile holds it: every command that only reads runs beside
// it and writes nothing, and a command that writes is refused (the file
// is locked), writing nothing either. Without the reader, the writer runs,
// and the reports after it read what it posted.
func TestReadersShareTheBook(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=120", "--line", "707000=-100", "--line", "445710=-20")
	require.Equal(t, 0, r.code, r.stderr)
	path := filepath.Join(dir, "book.db")
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	reader, err := boltstore.Open(path, boltstore.Options{ReadOnly: true})
	require.NoError(t, err)
	for _, args := range [][]string{
		{"report", "trial"}, {"report", "ledger"}, {"report", "balance"}, {"report", "aux"}, {"report", "journals"},
		{"report", "lettering"}, {"report", "statement", "C01"}, {"report", "aged"}, {"report", "vat", "--from", "2026-01-01", "--to", "2026-12-31"},
		{"export", "fec", "--year", "2026", "--dir", t.TempDir()},
		{"export", "csv", "--year", "2026"}, {"export", "hledger"},
		{"verify"}, {"partner", "list"}, {"journal", "list"}, {"account", "list"}, {"statement", "open"},
		{"state", "VT/2026/00001"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 0, r.code, "%v runs beside another reader: %s", args, r.stderr)
	}
	r = run(t, dir, "", "--wait", "0", "partner", "add", "C50")
	assert.Equal(t, 1, r.code, "a writer waits for the readers, then gives up")
	assert.Contains(t, r.stderr, "locked by another process")
	require.NoError(t, reader.Close())
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "readers wrote nothing")

	r = run(t, dir, "", "partner", "add", "C50")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "partner", "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "C50")
}
