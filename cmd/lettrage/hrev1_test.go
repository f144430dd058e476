package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHRev1HelpHelp: the general usage lists "help" among the commands
// ("help  print a command's usage"), so 'lettrage help help' names a
// command that exists.
// Expected: exit 0, a usage on stdout, nothing on stderr.
// Observed: exit 2, "lettrage: help: unknown command \"help\"" and the
// general usage on stderr: the usage advertises a command help refuses.
func TestHRev1HelpHelp(t *testing.T) {
	t.Parallel()
	r := run(t, t.TempDir(), "", "help", "help")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Usage: lettrage")
	assert.Empty(t, r.stderr)
}

// TestHRev1HelpLeafExtraWord: 'lettrage help pay extra' names a word
// after a command that has no subcommands.
// Expected: a usage error (exit 2) that shows pay's own usage, or at
// least no family usage for a leaf.
// Observed: exit 2 with "Usage: lettrage pay COMMAND [flags] [arguments]",
// an empty "Commands:" list, and "Run ... 'lettrage help pay COMMAND'":
// familyUsage is printed for a leaf, describing pay as a family whose
// subcommands do not exist and pointing at a help line that fails again.
func TestHRev1HelpLeafExtraWord(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"help", "pay", "extra"}, {"help", "report", "trial", "extra"}} {
		r := run(t, t.TempDir(), "", args...)
		assert.Equal(t, 2, r.code, "%v", args)
		assert.NotContains(t, r.stderr, " COMMAND [flags]", "%v: a leaf shown as a family:\n%s", args, r.stderr)
		assert.NotRegexp(t, `Commands:\n\n`, r.stderr, "%v: an empty list of subcommands", args)
	}
}

// TestHRev1AmountSpacesAnywhere: parseAmount's contract is "spaces
// (also no-break ones) between thousands allowed: \"1 234,56\"". It drops
// every space wherever it is, so "1 0" is 10 and "12 50" is 1250 — a
// user who typed a space for the decimal separator pays a hundred times
// the amount.
// Expected: a space not separating groups of three digits before the
// decimal separator is refused like any other non-plain decimal (exit 2,
// "plain decimal", nothing written); "1 000,00" and "12 345 678.90" read.
// Observed: "pay --amount '12 50'" posts a payment of 1 250,00 (exit 0);
// post --line and --tolerance take "1 0" as 10.
func TestHRev1AmountSpacesAnywhere(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=2000", "--line", "707000=-2000")
	require.Equal(t, 0, r.code, r.stderr)
	before := run(t, dir, "", "export", "csv", "--year", "2026")
	require.Equal(t, 0, before.code, before.stderr)
	for _, c := range []struct {
		name string
		args []string
	}{
		{"pay --amount 12 50", []string{"pay", "--amount", "12 50", "--date", "2026-03-10", "VT/2026/00001"}},
		{"pay --amount 1 2,50", []string{"pay", "--amount", "1 2,50", "--date", "2026-03-10", "VT/2026/00001"}},
		{"post --line 1 0", []string{"post", "--journal", "OD", "--date", "2026-03-03", "--line", "627000=1 0", "--line", "512000=-10"}},
		{"letter --tolerance 1 0", []string{"letter", "--partner", "C01", "--tolerance", "1 0"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, dir, "", c.args...)
			assert.Equal(t, 2, r.code, "%s\n%s", r.stdout, r.stderr)
		})
	}
	after := run(t, dir, "", "export", "csv", "--year", "2026")
	assert.Equal(t, before.stdout, after.stdout, "nothing written")
}

// TestHRev1ProbeAmountThousands: thousands grouped by spaces (plain,
// no-break, narrow no-break) read, with a point or a comma.
func TestHRev1ProbeAmountThousands(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for i, c := range []struct{ debit, credit string }{
		{"1 000,00", "-1000"}, {"12 345 678.90", "-12345678.90"}, {"1\u00a0000,50", "-1000.50"}, {"1\u202f000", "-1 000"},
	} {
		r := run(t, dir, "", "post", "--journal", "OD", "--date", "2026-03-03", "--ref", "TH-"+string(rune('A'+i)),
			"--line", "627000="+c.debit, "--line", "512000="+c.credit)
		assert.Equal(t, 0, r.code, "%q: %s", c.debit, r.stderr)
	}
}

// TestHRev1NegativeToleranceIsUsage: d44b0fc says "a bad --tolerance is a
// usage error too"; a negative tolerance is a bad one.
// Expected: letter/auto --tolerance -5 exit 2 (usage error, "Run
// 'lettrage letter --help'"), nothing written.
// Observed: exit 1, "reconcile: invalid configuration: tolerance -5.00
// EUR must be set, non-negative...": reconcile.New's validation error is
// passed up as an operating error, so scripts cannot tell a mistyped flag
// from a failure of the book.
func TestHRev1NegativeToleranceIsUsage(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=120", "--line", "707000=-120")
	require.Equal(t, 0, r.code, r.stderr)
	for _, args := range [][]string{
		{"letter", "--partner", "C01", "--tolerance", "-5"},
		{"auto", "--all", "--tolerance", "-5"},
		{"auto", "--all", "--tolerance", "-0,01"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 2, r.code, "%v: %s", args, r.stderr)
	}
}
