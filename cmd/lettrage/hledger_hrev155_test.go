package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// 'import hledger' of a file the book refuses (an id reused with other
// content) adds no account and no partner; fixed, it posts and counts
// them; again, it replays and adds none.
func TestHrev155CLIHledgerRefusedThenFixed(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	const id = "7b0c3f4e-1d2a-4b5c-8e9f-0a1b2c3d4e5f"
	bad := "account 411000:C9  ; name: Client Neuf\n\n" +
		"2026-03-10 Vente  ; id: " + id + "\n    411000:C9  120.00 EUR\n    706900  -120.00 EUR\n" +
		"2026-03-12 Vente  ; id: " + id + "\n    411000:C9  130.00 EUR\n    706900  -130.00 EUR\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "r.journal"), []byte(bad), 0o644))
	r := run(t, dir, "", "import", "hledger", "r.journal")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "line 6")
	l := run(t, dir, "", "partner", "list")
	require.Equal(t, 0, l.code, l.stderr)
	assert.NotContains(t, l.stdout, "C9")
	l = run(t, dir, "", "account", "list")
	require.Equal(t, 0, l.code, l.stderr)
	assert.NotContains(t, l.stdout, "706900")

	good := strings.Replace(bad, "2026-03-12 Vente  ; id: "+id, "2026-03-12 Vente", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "r.journal"), []byte(good), 0o644))
	r = run(t, dir, "", "import", "hledger", "r.journal")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "r.journal: 2 transactions, 2 posted, 0 already in the book, 1 accounts and 1 partners added")
	r = run(t, dir, "", "import", "hledger", "r.journal")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "r.journal: 2 transactions, 0 posted, 2 already in the book, 0 accounts and 0 partners added")
	c := run(t, dir, "", "verify")
	assert.Equal(t, 0, c.code, c.stderr)
}
