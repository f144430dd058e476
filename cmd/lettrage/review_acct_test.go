package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review by a chartered accountant of the reports over a small year built
// with the command: a customer invoice partly paid, a payment on account
// not yet allocated, a supplier bill unpaid.

// acctBook makes the review's book: C01 invoiced 1 800,00 on 01/02/2026
// (due 03/03) and 960,00 on 10/03/2026 (due 09/04), paid 500,00 on the
// second and 300,00 on account (unallocated) on 25/03; supplier C03's
// bill of 480,00 of 15/02 (due 17/03) unpaid.
func acctBook(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	csv := `date;journal;ref;label;account;partner;debit;credit;due
2026-02-01;VT;FA-4;Facture FA-4;411000;C01;1800,00;;2026-03-03
2026-02-01;VT;FA-4;Facture FA-4;706000;;;1500,00;
2026-02-01;VT;FA-4;Facture FA-4;445710;;;300,00;
2026-02-15;AC;FF-3;Farine février;601000;;400,00;;
2026-02-15;AC;FF-3;Farine février;445660;;80,00;;
2026-02-15;AC;FF-3;Farine février;401000;C03;;480,00;2026-03-17
2026-03-10;VT;FA-5;Facture FA-5;411000;C01;960,00;;2026-04-09
2026-03-10;VT;FA-5;Facture FA-5;706000;;;800,00;
2026-03-10;VT;FA-5;Facture FA-5;445710;;;160,00;
`
	r := run(t, dir, csv, "import", "entries", "-")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "pay", "VT/2026/00002", "--amount", "500", "--date", "2026-03-20")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "pay", "--partner", "C01", "--direction", "in", "--amount", "300", "--date", "2026-03-25")
	require.Equal(t, 0, r.code, r.stderr)
	return dir
}

// lineWith returns the first line of out starting with prefix, its
// thousands separators (narrow no-break spaces) read as spaces.
func lineWith(out, prefix string) string {
	for _, l := range strings.Split(strings.ReplaceAll(out, "\u202f", " "), "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// A relevé de compte ends on the partner's balance (solde), signed as the
// balance auxiliaire shows it, so that the accountant ties one to the
// other: C01 owes 1 800,00 + 460,00 − 300,00 = 1 960,00; we owe C03
// 480,00 (a credit balance, -480,00 in the balance auxiliaire). The
// statement gave "Due" and "Unallocated" as unsigned totals (a supplier's
// bill listed at -480,00 totalled "Due 480,00") and no balance at all.
// FAILS before the fix.
func TestAcctStatementEndsOnTheBalanceOfTheAuxiliary(t *testing.T) {
	t.Parallel()
	dir := acctBook(t)
	aux := run(t, dir, "", "report", "aux", "--year", "2026")
	require.Equal(t, 0, aux.code, aux.stderr)
	assert.Contains(t, lineWith(aux.stdout, "411000  C01"), "1 960,00")
	assert.Contains(t, lineWith(aux.stdout, "401000  C03"), "-480,00")

	r := run(t, dir, "", "report", "statement", "C01")
	require.Equal(t, 0, r.code, r.stderr)
	bal := lineWith(r.stdout, "Balance")
	assert.True(t, strings.HasSuffix(bal, " 1 960,00"), "the statement's balance: %q\n%s", bal, r.stdout)
	r = run(t, dir, "", "report", "statement", "C03")
	require.Equal(t, 0, r.code, r.stderr)
	bal = lineWith(r.stdout, "Balance")
	assert.True(t, strings.HasSuffix(bal, " -480,00"), "the statement's balance: %q\n%s", bal, r.stdout)
}

// The balance âgée is a report an accountant prints every month (the
// reconcile package has it: Aged); the command had no way to print it.
// At 31/03/2026: FA-4 (due 03/03) is 28 days past due (1-30), what
// remains of FA-5 (460,00, due 09/04) is not due, the 300,00 on account
// (no due date: its date, 25/03) is 6 days past due, so 1-30 holds
// 1 800,00 − 300,00 = 1 500,00; C01's total 1 960,00 is 411000's balance
// at that date; C03's bill, due 17/03, is 14 days past due on 401000.
// FAILS before the fix (unknown command).
func TestAcctAgedBalanceCommand(t *testing.T) {
	t.Parallel()
	dir := acctBook(t)
	r := run(t, dir, "", "report", "aged", "--at", "2026-03-31")
	require.Equal(t, 0, r.code, r.stderr)
	// account, partner, name, then not due, 1-30, 31-60, 61-90, > 90, total
	// (changed when the report gained the partner's name: the amounts
	// are read after it)
	assert.Equal(t, []string{"460,00", "1 500,00", "0,00", "0,00", "0,00", "1 960,00"}, amountsOf(r.stdout, "411000", "C01"), r.stdout)
	assert.Equal(t, []string{"0,00", "-480,00", "0,00", "0,00", "0,00", "-480,00"}, amountsOf(r.stdout, "401000", "C03"), r.stdout)
	// The default is both receivable and payable accounts; --account narrows.
	r = run(t, dir, "", "report", "aged", "--at", "2026-03-31", "--account", "411000")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, lineWith(r.stdout, "401000"))
	// Customers and suppliers are not summed together: each account
	// totals on its own, at its balance.
	r = run(t, dir, "", "report", "aged", "--at", "2026-03-31")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, strings.ReplaceAll(r.stdout, "\u202f", " "), "1 480,00", "411000 and 401000 summed together")
}

// The FEC's name is set by law (art. A47 A-1 LPF: SIREN, "FEC", the
// year's closing date, SirenFECAAAAMMJJ), and the administration's test
// tool asks for it; the year's bounds are read from it. A FEC named
// otherwise was validated without a word, and without its dates checked
// against any year; a name whose SIREN fails its check digit, or the
// export's placeholder 000000000, likewise. Warnings, not errors: the
// lines are right. FAILS before the fix.
func TestAcctValidateFECFileName(t *testing.T) {
	t.Parallel()
	dir := acctBook(t)
	r := run(t, dir, "", "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", ".")
	require.Equal(t, 0, r.code, r.stderr)
	body, err := os.ReadFile(filepath.Join(dir, "732829320FEC20261231.txt"))
	require.NoError(t, err)
	r = run(t, dir, "", "validate-fec", "732829320FEC20261231.txt")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "file-name")
	assert.Contains(t, r.stdout, "0 errors, 0 warnings")
	for name, want := range map[string]string{
		"FEC.txt":                  "file-name",
		"123456789FEC20261231.txt": "siren",
		"000000000FEC20261231.txt": "siren",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), body, 0o644))
		r = run(t, dir, "", "validate-fec", name)
		assert.Equal(t, 0, r.code, "%s: warnings only\n%s%s", name, r.stdout, r.stderr)
		assert.Contains(t, r.stdout, "warning "+want, name)
		assert.Contains(t, r.stdout, "0 errors, 1 warnings", name)
	}
	// With the year given, a file read from standard input has no name to
	// check.
	r = run(t, dir, string(body), "validate-fec", "--start", "2026-01-01", "--end", "2026-12-31", "-")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "0 errors, 0 warnings")
}

// The statement's subtotals are signed as the lines above them: the
// unallocated payment listed at -300,00 totals "Unallocated -300,00", and
// a supplier's bill at -480,00 totals "Due -480,00"; Due + Unallocated is
// the balance. They were magnitudes (300,00 under a line of -300,00).
func TestStatementSubtotalsSignedAsTheirLines(t *testing.T) {
	t.Parallel()
	dir := acctBook(t)
	r := run(t, dir, "", "report", "statement", "C01")
	require.Equal(t, 0, r.code, r.stderr)
	assert.True(t, strings.HasSuffix(lineWith(r.stdout, "Unallocated"), " -300,00"), r.stdout)
	assert.True(t, strings.HasSuffix(lineWith(r.stdout, "Due"), " 2 260,00"), r.stdout)
	r = run(t, dir, "", "report", "statement", "C03")
	require.Equal(t, 0, r.code, r.stderr)
	assert.True(t, strings.HasSuffix(lineWith(r.stdout, "Due"), " -480,00"), r.stdout)
}
