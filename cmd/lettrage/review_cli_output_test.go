package main_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The aged balance at a date where nothing is open (an empty book, or a
// past date before the first invoice) prints nothing at all: no title, no
// header, no total, with exit 0.
//
// Expected (like every other report of the command: trial, balance,
// ledger, journals and lettering all print their title, header and a zero
// total on an empty book): "Aged balance at 01/03/2026 …" with the bucket
// header and a zero total, so that the accountant and a script see that
// the report ran and found nothing open.
// Observed: empty standard output, exit 0 — indistinguishable from a
// command that printed nothing by mistake.
func TestReviewCliAgedEmptyPrintsTitle(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "report", "aged")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Aged balance at 31/12/2026", "empty book")

	r = run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=120,00", "--line", "706000=-120,00")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "report", "aged", "--at", "01/03/2026")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Aged balance at 01/03/2026", "past date before the first invoice")
}

// An entry whose credits exceed its debits is refused with a message that
// says the debits exceed the credits by a negative amount.
//
// Expected: "credits exceed debits by 1.00 EUR" (or an unsigned
// difference): an accountant reads "debits exceed credits by -1.00" as a
// contradiction and looks for the error on the wrong side.
// Observed: "entry does not balance: debits exceed credits by -1.00 EUR".
func TestReviewCliUnbalancedMessageSign(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "OD", "--date", "2026-05-01", "--line", "512000=10", "--line", "706000=-11")
	require.Equal(t, 1, r.code, r.stdout)
	assert.NotContains(t, r.stderr, "by -", "a negative excess: %s", r.stderr)
}

// Two output formats asked at once: --csv and --xlsx FILE. The command
// writes the workbook and silently drops the CSV; --french without --csv
// (its help says "with --csv") is silently ignored too.
//
// Expected (DESIGN.md §14: a command line that cannot be run as written is
// a usage error, exit 2, with a one-line reason): `report trial --csv
// --xlsx t.xlsx` and `report trial --french` exit 2 and write nothing.
// Observed: exit 0, "t.xlsx written" and no CSV; `--french` alone prints
// the text table as if the flag was not there.
func TestReviewCliConflictingFormatFlags(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "report", "trial", "--csv", "--xlsx", "t.xlsx")
	assert.Equal(t, 2, r.code, "--csv with --xlsx: %s%s", r.stdout, r.stderr)
	r = run(t, dir, "", "report", "trial", "--french")
	assert.Equal(t, 2, r.code, "--french without --csv: %s%s", r.stdout, r.stderr)
	assert.False(t, strings.HasPrefix(r.stdout, "Trial balance"), "--french was ignored")
}
