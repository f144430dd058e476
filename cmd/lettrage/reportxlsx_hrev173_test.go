package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A report's workbook is written as the exports are: to a directory that
// does not exist, the error names the file and nothing is left; written,
// only the workbook is in its directory, no temporary file beside it.
func TestHrev173ReportXLSXWritesThroughATemporaryFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")

	missing := filepath.Join(dir, "missing", "trial.xlsx")
	r := run(t, dir, "", "report", "trial", "--xlsx", missing)
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "cannot write "+missing+": no such file or directory")
	assert.NotContains(t, r.stderr, ".trial.xlsx")
	_, err := os.Stat(filepath.Join(dir, "missing"))
	assert.True(t, os.IsNotExist(err), "nothing is created")

	out := filepath.Join(dir, "out")
	require.NoError(t, os.Mkdir(out, 0o755))
	r = run(t, dir, "", "report", "trial", "--xlsx", filepath.Join(out, "trial.xlsx"))
	require.Equal(t, 0, r.code, r.stderr)
	names, err := os.ReadDir(out)
	require.NoError(t, err)
	require.Len(t, names, 1, "only the workbook: %v", names)
	assert.Equal(t, "trial.xlsx", names[0].Name())
	fi, err := os.Stat(filepath.Join(out, "trial.xlsx"))
	require.NoError(t, err)
	assert.Positive(t, fi.Size())
}
