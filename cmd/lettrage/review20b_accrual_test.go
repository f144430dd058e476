package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An accrual account added by `account add` (408400, a general lettrable
// account since KindOfCode no longer makes 408… payable) and used without
// a partner, as accruals are: the book's hledger export reads back into a
// new book. The import adds 408400 with its own prefix table (40… payable)
// and refuses the partnerless line.
func TestReview20bAccrualHledgerRoundTrip(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "account", "add", "--name", "FNP immobilisations", "408400")
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, "Account 408400 added (other)\n", r.stdout)
	r = run(t, dir, "", "post", "--journal", "OD", "--date", "2026-12-31", "--ref", "FNP-1",
		"--line", "218300=1000.00", "--line", "408400=-1000.00")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "export", "hledger", "-o", "book.journal")
	require.Equal(t, 0, r.code, r.stderr)
	dir2 := newBook(t)
	require.NoError(t, os.Rename(filepath.Join(dir, "book.journal"), filepath.Join(dir2, "book.journal")))
	r = run(t, dir2, "", "import", "hledger", "book.journal")
	assert.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir2, "", "account", "list")
	assert.Regexp(t, `(?m)^408400 +other +L  FNP immobilisations$`, r.stdout)
}
