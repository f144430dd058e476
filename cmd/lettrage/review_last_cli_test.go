package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unletter with several lines still undoes the first ones when a later
// one exists but cannot be unlettered: a line that is not lettered, or
// the other side of the group a line named before it already undid.
//
// Expected (c52a1d0: "unletter finds every line first", after
// TestReviewCliUnletterRefusedUndoesNothing's rule "a command that exits
// non-zero did nothing"): `unletter VT/2026/00001 VT/2026/00002`, 00002
// an open invoice, is refused and leaves VT/2026/00001 paid; `unletter
// VT/2026/00001 BQD/2026/00001` (an invoice and the payment lettered with
// it) either succeeds or changes nothing.
// Observed: c52a1d0 only resolves the numbers before the loop; the
// unlettering itself is still one operation per line, each committed. Both
// commands exit 1 ("reconcile: line is not lettered: line
// VT/2026/00002:0", resp. "… BQD/2026/00001:0") after VT/2026/00001's
// letter AAA was removed: the invoice is back to not_paid, under a command
// that reported failure and printed nothing of what it undid.
func TestReviewLastUnletterPartialEffect(t *testing.T) {
	t.Parallel()
	for name, second := range map[string]string{"an open invoice": "VT/2026/00002", "the same group": "BQD/2026/00001"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := newBook(t)
			for _, args := range [][]string{
				{"post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
					"--line", "411000:C01=120,00", "--line", "706000=-100,00", "--line", "445710=-20,00"},
				{"post", "--journal", "VT", "--date", "2026-03-03", "--type", "invoice", "--ref", "FA-2",
					"--line", "411000:C01=60,00", "--line", "706000=-60,00"},
				{"pay", "VT/2026/00001", "--date", "2026-03-20"},
			} {
				r := run(t, dir, "", args...)
				require.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
			}
			r := run(t, dir, "", "unletter", "VT/2026/00001", second)
			if r.code == 0 {
				return // the whole command ran: acceptable for the same group
			}
			s := run(t, dir, "", "state", "VT/2026/00001")
			require.Equal(t, 0, s.code, s.stderr)
			assert.NotContains(t, s.stdout, "not_paid", "exit %d (%s) yet VT/2026/00001 was unlettered", r.code, r.stderr)
		})
	}
}

// Conflicting output flags (--csv with --xlsx, --french without --csv) are
// detected only in writeTable, after the book is opened and the report
// computed: whether they are a usage error depends on the book.
//
// Expected (c52a1d0: "conflicting output flags are usage errors"; main.go:
// a usage error "exits with code 2"): `report trial --csv --xlsx t.xlsx`
// and `report statement NOPE --french` exit 2 with the usage reason,
// whatever the book holds, as the other flag checks made before opening
// the book do (partner add's "details go with one partner", export csv's
// "--decimal-comma with --sep ','").
// Observed: with no book the first exits 1 "no book at book.db"; with a
// book and an unknown partner the second exits 1 "ledger: unknown partner:
// "NOPE"" — the usage error is never reported. The checks belong after
// a.parse, before withBook.
func TestReviewLastOutputFlagConflictsAreUsageErrors(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	r := run(t, empty, "", "report", "trial", "--csv", "--xlsx", "t.xlsx")
	assert.Equal(t, 2, r.code, "no book: %s", r.stderr)
	_, err := os.Stat(filepath.Join(empty, "t.xlsx"))
	assert.True(t, os.IsNotExist(err))

	dir := newBook(t)
	r = run(t, dir, "", "report", "statement", "NOPE", "--french")
	assert.Equal(t, 2, r.code, "unknown partner: %s", r.stderr)
}
