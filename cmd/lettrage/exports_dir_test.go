package main_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

// An export to a directory that does not exist names the file it could
// not write, not the temporary file it writes through.
func TestExportToMissingDirectoryNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	missing := filepath.Join(dir, "missing")
	r := run(t, dir, "", "export", "fec", "--dir", missing, "--siren", "303265045")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "cannot write "+filepath.Join(missing, "303265045FEC20261231.txt")+": no such file or directory")
	assert.NotContains(t, r.stderr, ".303265045FEC")
}
