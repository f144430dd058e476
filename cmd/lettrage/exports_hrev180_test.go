package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// -o naming a symbolic link: before the exports went through a temporary
// file renamed over the path, os.Create wrote the file the link points at
// and left the link. The rename now replaces the link with a regular file
// and leaves the file it pointed at stale.
func TestHrev180ExportThroughSymlink(t *testing.T) {
	// Was failing, fixed: export csv -o LINK (symlink to real/ledger.csv) replaces the link by a regular file and leaves its target untouched; expected the link kept and its target written, got link replaced, target still "old"
	t.Parallel()
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	real := filepath.Join(dir, "real")
	require.NoError(t, os.Mkdir(real, 0o755))
	target := filepath.Join(real, "ledger.csv")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o644))
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink(target, link))

	r := run(t, dir, "", "export", "csv", "-o", link)
	require.Equal(t, 0, r.code, r.stderr)
	fi, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeSymlink, "the link is kept")
	data, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.NotEqual(t, "old", string(data), "the file the link names is written")
}

// A read-only directory: the error names the file asked for, and nothing
// is left behind. (Root ignores permissions: skipped then.)
func TestHrev180ExportReadOnlyDirectory(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root writes into a read-only directory")
	}
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	ro := filepath.Join(dir, "ro")
	require.NoError(t, os.Mkdir(ro, 0o555))
	out := filepath.Join(ro, "gl.csv")
	r := run(t, dir, "", "export", "csv", "-o", out)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, out)
	assert.NotContains(t, r.stderr, ".gl.csv.")
}

// Existing modes are kept by every export through the same writer:
// export csv -o over a 0640 file stays 0640; a new file gets 0666 less
// the umask, as os.Create makes it; onto a directory the error names it.
func TestHrev180ExportCSVModesAndDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	out := filepath.Join(dir, "gl.csv")
	require.NoError(t, os.WriteFile(out, []byte("old"), 0o640))
	require.NoError(t, os.Chmod(out, 0o640))
	r := run(t, dir, "", "export", "csv", "-o", out)
	require.Equal(t, 0, r.code, r.stderr)
	fi, err := os.Stat(out)
	require.NoError(t, err)
	assert.Equal(t, "-rw-r-----", fi.Mode().Perm().String())

	ref := filepath.Join(dir, "ref")
	f, err := os.Create(ref)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	want, err := os.Stat(ref)
	require.NoError(t, err)
	fresh := filepath.Join(dir, "new.hledger")
	r = run(t, dir, "", "export", "hledger", "-o", fresh)
	require.Equal(t, 0, r.code, r.stderr)
	got, err := os.Stat(fresh)
	require.NoError(t, err)
	assert.Equal(t, want.Mode().Perm().String(), got.Mode().Perm().String())

	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o755))
	r = run(t, dir, "", "export", "csv", "-o", sub)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "cannot write "+sub+": it is a directory")
}
