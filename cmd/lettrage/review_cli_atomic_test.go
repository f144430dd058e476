package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review CLI: a command that fails must write nothing to the book.

// partner add with several codes, one of which already exists, fails
// (exit 1) after it has added the codes before it.
//
// Expected (DESIGN.md §14, refused_test.go's rule "a refused command leaves
// the book file as it was"): `partner add C09 C01` is refused as a whole:
// exit non-zero and C09 is not in the book.
// Observed: exit 1 "partner C01: ledger: code already exists: C01", but
// C09 was added: the partner list shows it, and the book file changed.
func TestReviewCliPartnerAddRefusedAddsNothing(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	book := filepath.Join(dir, "book.db")
	before, err := os.ReadFile(book)
	require.NoError(t, err)

	r := run(t, dir, "", "partner", "add", "C09", "C01")
	require.NotEqual(t, 0, r.code, "C01 already exists: %s", r.stdout)

	after, err := os.ReadFile(book)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(before, after), "a refused partner add changed the book file")
	l := run(t, dir, "", "partner", "list")
	require.Equal(t, 0, l.code, l.stderr)
	assert.NotContains(t, l.stdout, "C09", "a refused partner add added C09")
}

// unletter with several numbers, the last of which does not exist,
// fails (exit 1) after it has unlettered the lines named before it, and
// says nothing on standard output of what it did.
//
// Expected (DESIGN.md §14; common CLI convention: a command that exits
// non-zero did nothing): `unletter VT/2026/00001 VT/2026/09999` is refused
// and VT/2026/00001 stays paid, lettered.
// Observed: exit 1 "VT/2026/09999: ledger: not found", yet VT/2026/00001 is
// back to not_paid: its lettering was undone by a command reported as
// failed.
func TestReviewCliUnletterRefusedUndoesNothing(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=120,00", "--line", "706000=-100,00", "--line", "445710=-20,00")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "pay", "VT/2026/00001", "--date", "2026-03-20")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "state", "VT/2026/00001")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "paid")
	require.NotContains(t, r.stdout, "not_paid")

	r = run(t, dir, "", "unletter", "VT/2026/00001", "VT/2026/09999")
	require.NotEqual(t, 0, r.code, "VT/2026/09999 does not exist")

	r = run(t, dir, "", "state", "VT/2026/00001")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "not_paid", "the refused unletter undid VT/2026/00001's lettering")
}

// unletter of a paid invoice and of an invoice lettered with its own
// reversal (which stays lettered) is refused as a whole: the paid one
// stays paid.
func TestUnletterSeveralLinesAllOrNone(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, ref := range []string{"FA-1", "FA-2"} {
		r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", ref,
			"--line", "411000:C01=120,00", "--line", "706000=-100,00", "--line", "445710=-20,00")
		require.Equal(t, 0, r.code, r.stderr)
	}
	r := run(t, dir, "", "pay", "VT/2026/00001", "--date", "2026-03-20")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "reverse", "VT/2026/00002", "--date", "2026-03-21")
	require.Equal(t, 0, r.code, r.stderr)

	r = run(t, dir, "", "unletter", "VT/2026/00001", "VT/2026/00002")
	require.Equal(t, 1, r.code, "VT/2026/00002 stays lettered with its reversal: %s", r.stdout)
	assert.Contains(t, r.stderr, "reversal")

	r = run(t, dir, "", "state", "VT/2026/00001")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "not_paid", "the refused unletter undid VT/2026/00001's lettering")
}
