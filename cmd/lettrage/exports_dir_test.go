package main_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

// An export to a directory that does not exist makes it; one that cannot
// be made is named, not the temporary file the export writes through.
func TestExportToMissingDirectoryNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	// A missing --dir is made, as the examples of the help need.
	missing := filepath.Join(dir, "missing", "fec")
	r := run(t, dir, "", "export", "fec", "--dir", missing, "--siren", "303265045")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.FileExists(t, filepath.Join(missing, "303265045FEC20261231.txt"))
	// One that cannot be made (under a file) is named.
	under := filepath.Join(dir, "book.db", "fec")
	r = run(t, dir, "", "export", "fec", "--dir", under, "--siren", "303265045")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "cannot write "+under)
	assert.NotContains(t, r.stderr, ".303265045FEC")
}
