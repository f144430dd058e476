package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The workbook is a file the user asked for, created as os.Create (and
// before h-rev173 this command) creates one: 0666 less the umask, as the
// user's other files. Written through os.CreateTemp it is left 0600.
func TestHrev178ReportXLSXPermissions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	ref := filepath.Join(dir, "ref")
	f, err := os.Create(ref)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	want, err := os.Stat(ref)
	require.NoError(t, err)

	out := filepath.Join(dir, "trial.xlsx")
	r := run(t, dir, "", "report", "trial", "--xlsx", out)
	require.Equal(t, 0, r.code, r.stderr)
	got, err := os.Stat(out)
	require.NoError(t, err)
	// Was failing, fixed: report --xlsx now writes the workbook 0600 (os.CreateTemp) where os.Create made it 0666&^umask; expected -rw-r--r-- (as os.Create), got -rw-------
	assert.Equal(t, want.Mode().Perm().String(), got.Mode().Perm().String())
}

// A workbook written again over one the user shared (0644) keeps its
// mode, as it did when it was truncated in place.
func TestHrev178ReportXLSXOverwriteKeepsMode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	out := filepath.Join(dir, "trial.xlsx")
	require.NoError(t, os.WriteFile(out, []byte("old"), 0o644))
	require.NoError(t, os.Chmod(out, 0o644))
	r := run(t, dir, "", "report", "trial", "--xlsx", out)
	require.Equal(t, 0, r.code, r.stderr)
	got, err := os.Stat(out)
	require.NoError(t, err)
	assert.Greater(t, got.Size(), int64(3), "overwritten")
	// Was failing, fixed: overwriting an existing 0644 workbook leaves it 0600; expected -rw-r--r--, got -rw-------
	assert.Equal(t, "-rw-r--r--", got.Mode().Perm().String())
}

// --xlsx naming a directory: the error names the file asked for, not the
// temporary file beside it, and no temporary file is left.
func TestHrev178ReportXLSXOntoDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	target := filepath.Join(dir, "out")
	require.NoError(t, os.Mkdir(target, 0o755))
	r := run(t, dir, "", "report", "trial", "--xlsx", target)
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, target)
	// Was failing, fixed: --xlsx onto a directory reports the temporary file ("rename …/.out.NNN …/out: file exists"); expected an error naming only the file asked for, got the temporary name
	assert.NotContains(t, r.stderr, ".out.", "the temporary file's name means nothing to the user")
	names, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, n := range names {
		assert.NotContains(t, n.Name(), ".out.", "temporary file left")
	}
}
