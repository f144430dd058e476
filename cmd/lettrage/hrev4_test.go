package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
)

// hrev4InvoiceCSV is one sales invoice of K9 with no due column.
const hrev4InvoiceCSV = "date;journal;ref;label;account;partner;debit;credit\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;411000;K9;120,00;\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;706000;;;100,00\n" +
	"2026-03-02;VT;FA-1;Facture FA-1;445710;;;20,00\n"

// import entries promises "Importing a file again posts nothing new", and
// the commit says the entry ids "come from the lines as written: the
// partners' terms, which may change, do not change them". But the id is
// only half of idempotency: the batch posts the entry with the due date
// the partner's terms give now, and the book compares the content too.
//
// Expected: the same file imported again after K9's terms went from 30 to
// 60 days is a replay: exit 0, "0 posted, 1 already in the book"; the
// invoice keeps the due date it was imported with.
// Observed: exit 1, "-: lines 2-4 (entry VT FA-1): ledger: id already
// used with other content: entry 3f41…" and "the book refused 1 entry;
// nothing imported": the id is the same, the content is not (due
// 2026-05-01 instead of 2026-04-01). A script re-running an import (after
// a crash, or as a cron job) now fails as soon as any partner's terms
// changed. The import must keep the due date of the entry already in the
// book (or derive the default from something fixed), not today's terms.
func TestHrev4ImportAgainAfterTermsChanged(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "partner", "add", "K9", "--terms", "30")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, hrev4InvoiceCSV, "import", "entries", "-")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "1 posted")
	hrev3SetPartner(t, dir, ledger.Partner{Code: "K9", Name: "K9", PaymentTermDays: 60})
	r = run(t, dir, hrev4InvoiceCSV, "import", "entries", "-")
	assert.Equal(t, 0, r.code, "importing the same file again is a replay: %s", r.stderr)
	assert.Contains(t, r.stdout, "1 already in the book")
}

// The same with --skip-bad, and a file that grew since it was imported
// (the usual case: a monthly export re-imported with its new entries).
//
// Expected: with --skip-bad, the entry already imported is counted as
// "already in the book", not as a bad entry; the grown file imports its
// new entry and replays the old one.
// Observed: --skip-bad lists the invoice as refused ("id already used
// with other content") and counts it skipped; without --skip-bad the grown
// file imports nothing at all (exit 1), so the new entry cannot be
// imported without editing the file.
func TestHrev4ImportGrownFileAfterTermsChanged(t *testing.T) {
	t.Parallel()
	grown := hrev4InvoiceCSV +
		"2026-03-05;VT;FA-2;Facture FA-2;411000;K9;60,00;\n" +
		"2026-03-05;VT;FA-2;Facture FA-2;706000;;;60,00\n"
	for _, skipBad := range []bool{false, true} {
		dir := newBook(t)
		r := run(t, dir, "", "partner", "add", "K9", "--terms", "30")
		require.Equal(t, 0, r.code, r.stderr)
		r = run(t, dir, hrev4InvoiceCSV, "import", "entries", "-")
		require.Equal(t, 0, r.code, r.stderr)
		hrev3SetPartner(t, dir, ledger.Partner{Code: "K9", Name: "K9", PaymentTermDays: 45})
		args := []string{"import", "entries", "-"}
		if skipBad {
			args = append(args, "--skip-bad")
		}
		r = run(t, dir, grown, args...)
		assert.Equal(t, 0, r.code, "skip-bad %v: %s", skipBad, r.stderr)
		assert.Contains(t, r.stdout, "1 posted", "skip-bad %v", skipBad)
		assert.Contains(t, r.stdout, "1 already in the book", "skip-bad %v: %s", skipBad, r.stdout)
		assert.NotContains(t, r.stdout, "skipped", "skip-bad %v", skipBad)
	}
}

// The go flag package takes "--h" (and "-h=true", "--help=1") as a request
// for help, as it takes "-h", "-help" and "--help"; help deletes only the
// last three words before parsing the global flags, so "--h" makes
// parseFlags return errHelp, which help returns as is: main takes errHelp
// for "usage already printed" and exits 0 having printed nothing.
//
// Expected: 'lettrage help --h post' and 'lettrage help post --help=true'
// print post's usage, as 'lettrage post --h' does (exit 0).
// Observed: exit 0 and an empty standard output: nothing printed at all.
func TestHrev4HelpWithOtherHelpSpellings(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--h")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "Usage: lettrage post")
	for _, args := range [][]string{
		{"help", "--h", "post"},
		{"help", "post", "--help=true"},
		{"help", "-h=1", "post"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stdout, "Usage: lettrage post", "%v prints post's usage", args)
	}
}

// Probes that pass: help after "--" takes the words as commands, a global
// flag lacking its value is a usage error (exit 2), --book and --clock with
// their values anywhere, and help help.
func TestHrev4ProbeHelpEdges(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, c := range []struct {
		args  []string
		code  int
		usage string
	}{
		{[]string{"help", "--", "post"}, 0, "Usage: lettrage post"},
		{[]string{"help", "--book"}, 2, ""},
		{[]string{"help", "post", "--book"}, 2, ""},
		{[]string{"help", "--book", "x.db", "export", "--clock", "2026-01-01", "xlsx"}, 0, "Usage: lettrage export xlsx"},
		{[]string{"help", "--json", "help"}, 0, "Usage: lettrage COMMAND"},
		{[]string{"help", "export", "--", "xlsx"}, 0, "Usage: lettrage export xlsx"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.stderr)
		if c.usage != "" {
			assert.Contains(t, r.stdout, c.usage, "%v", c.args)
		}
	}
}
