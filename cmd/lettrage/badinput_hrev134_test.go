package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review h-rev134: bad input on the command line, command by command.
// Bad input gets a clear message saying what went wrong and what to do,
// the usage exit code (2) where the command line itself is wrong, and
// writes nothing to the book.

// hrev134Book is newBook with the invoice FA-1 of C01, 120,00 TTC
// (VT/2026/00001: 411000 120,00 / 707000 100,00 / 445710 20,00).
func hrev134Book(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=120", "--line", "707000=-100", "--line", "445710=-20")
	require.Equal(t, 0, r.code, r.stderr)
	return dir
}

// hrev134Bytes returns the book file's bytes.
func hrev134Bytes(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	return b
}

// Was failing, fixed: a flag that is not repeatable is taken from its last occurrence without a word: 'pay VT/2026/00001 --amount 50 --amount 120' pays 120,00 and letters FA-1 paid in full (exit 0), 'post --date 2026-04-01 --date 2026-04-02' posts on 02/04 and 'lock --period 2026-03-31 --period 2026-06-30' locks to 30/06; an accountant expects exit 2 naming the flag given twice, and the book unchanged.
func TestHrev134RepeatedFlagRefused(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		flag string
		args []string
	}{
		{"pay-amount", "--amount", []string{"pay", "VT/2026/00001", "--amount", "50", "--amount", "120", "--date", "2026-04-01"}},
		{"post-date", "--date", []string{"post", "--journal", "OD", "--date", "2026-04-01", "--date", "2026-04-02",
			"--line", "627000=10", "--line", "512000=-10"}},
		{"post-journal", "--journal", []string{"post", "--journal", "OD", "--journal", "VT", "--date", "2026-04-01",
			"--line", "627000=10", "--line", "512000=-10"}},
		{"lock-period", "--period", []string{"lock", "--period", "2026-03-31", "--period", "2026-06-30"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := hrev134Book(t)
			before := hrev134Bytes(t, dir)
			r := run(t, dir, "", c.args...)
			assert.Equal(t, 2, r.code, "%v: a non-repeatable flag given twice is a usage error\n%s", c.args, r.stdout)
			assert.Contains(t, r.stderr, c.flag)
			assert.True(t, bytes.Equal(before, hrev134Bytes(t, dir)), "%v wrote to the book", c.args)
		})
	}
}

// Was failing, fixed: a date that does not exist, '--date 2026-02-30', is refused with "date \"2026-02-30\": want YYYY-MM-DD or DD/MM/YYYY" although it is written YYYY-MM-DD; the accountant expects to be told that 30 February 2026 is not a day (February 2026 has 28), not to change the format.
func TestHrev134ImpossibleDateMessage(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	for _, args := range [][]string{
		{"post", "--journal", "OD", "--date", "2026-02-30", "--line", "627000=10", "--line", "512000=-10"},
		{"pay", "VT/2026/00001", "--date", "2026-02-30"},
		{"report", "trial", "--at", "2026-02-30"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 2, r.code, "%v", args)
		assert.Contains(t, r.stderr, "2026-02-30", "%v", args)
		assert.NotContains(t, r.stderr, "want YYYY-MM-DD or DD/MM/YYYY",
			"%v: the date is in the YYYY-MM-DD form; the message blames the format, not the day", args)
	}
}

// Was failing, fixed: 'lettrage letter' and 'lettrage unletter' with neither lines nor --partner/--code say "name lines, or --partner, not both" / "name lines, or --code, not both" (exit 2): nothing was given, so "not both" is false; the message should say that lines or --partner (--code) are needed.
func TestHrev134LetterNothingNamed(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	r := run(t, dir, "", "letter")
	assert.Equal(t, 2, r.code)
	assert.NotContains(t, r.stderr, "not both", "neither was given")
	assert.Contains(t, r.stderr, "--partner")

	r = run(t, dir, "", "unletter")
	assert.Equal(t, 2, r.code)
	assert.NotContains(t, r.stderr, "not both", "neither was given")
	assert.Contains(t, r.stderr, "--code")
}

// Was failing, fixed: with FA-1 (120,00) lettered AAA with its payment on 411000 for C01, 'unletter --code AAA' without --partner answers "not found: letter code \"AAA\" on account \"411000\", partner \"\"" (exit 1); letter codes on a receivable account are per partner, so the accountant expects exit 2 saying --partner is needed, not that AAA does not exist.
func TestHrev134UnletterCodeNeedsPartner(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	r := run(t, dir, "", "pay", "VT/2026/00001", "--date", "2026-04-01")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "letter AAA")
	before := hrev134Bytes(t, dir)

	r = run(t, dir, "", "unletter", "--code", "AAA")
	assert.Equal(t, 2, r.code, "a code on 411000 without its partner is an incomplete command line\n%s", r.stderr)
	assert.Contains(t, r.stderr, "--partner")
	assert.NotContains(t, r.stderr, "not found", "AAA exists, for C01")
	assert.True(t, bytes.Equal(before, hrev134Bytes(t, dir)))
}

// Was failing, fixed: 'journal add X1 --kind bank --bank-account 627000' is accepted (exit 0), and 'pay VT/2026/00001 --journal X1' then books the customer's 120,00 receipt as a debit of 627000 Services bancaires (trial balance 627000 120,00, no bank line); a bank journal's account must be a bank or cash account (512…, 530…) and the journal should be refused with nothing written.
func TestHrev134JournalBankAccountMustBeBank(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	before := hrev134Bytes(t, dir)
	r := run(t, dir, "", "journal", "add", "X1", "--kind", "bank", "--bank-account", "627000")
	assert.NotEqual(t, 0, r.code, "an expense account taken as a bank journal's bank account\n%s", r.stdout)
	assert.Contains(t, r.stderr, "627000")
	assert.True(t, bytes.Equal(before, hrev134Bytes(t, dir)), "the journal was written")
}

// Was failing, fixed: 'validate-fec --start 2026-12-31 --end 2026-01-01' on a valid FEC (which validates with 0 errors without the flags) reports its 3 lines "outside the fiscal year 2026-12-31 to 2026-01-01" and ends "3 errors: not a valid FEC" (exit 1); the period is inverted, so the accountant expects exit 2 saying --end is before --start, not a verdict on the file.
func TestHrev134ValidateFECInvertedYear(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	r := run(t, dir, "", "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", ".")
	require.Equal(t, 0, r.code, r.stderr)
	const file = "732829320FEC20261231.txt"
	r = run(t, dir, "", "validate-fec", file)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)

	r = run(t, dir, "", "validate-fec", "--start", "2026-12-31", "--end", "2026-01-01", file)
	assert.Equal(t, 2, r.code, "an inverted period is a usage error\n%s", r.stdout)
	assert.Contains(t, r.stderr, "--end")
	assert.NotContains(t, r.stderr, "not a valid FEC", "the file is valid; the flags are wrong")
}

// Was failing, fixed: 'pay VT/2026/00001 --amount -50' exits 1 with "reconcile: amount must be positive … payment amount -50.00 EUR", which does not name --amount, while '--amount 10.001' and '--amount abc' are usage errors (exit 2, "--amount: …"); a negative --amount is the same kind of bad flag value and should exit 2 naming --amount.
func TestHrev134PayNegativeAmountIsUsage(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	before := hrev134Bytes(t, dir)
	for _, v := range []string{"-50", "0"} {
		r := run(t, dir, "", "pay", "VT/2026/00001", "--amount", v, "--date", "2026-04-01")
		assert.Equal(t, 2, r.code, "--amount %s\n%s", v, r.stderr)
		assert.Contains(t, r.stderr, "--amount", "--amount %s", v)
	}
	assert.True(t, bytes.Equal(before, hrev134Bytes(t, dir)))
}

// Was failing, fixed: 'post -' reads one JSON object and ignores what follows: two entries piped in post the first (OD/2026/00001, exit 0) and drop the second without a word; the accountant expects the input refused ("one entry: trailing data after the first object") and nothing posted.
func TestHrev134PostJSONTrailingObject(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	before := hrev134Bytes(t, dir)
	in := `{"journal":"OD","date":"2026-04-01","ref":"X1","lines":[{"account":"627000","debit":"10.00"},{"account":"512000","credit":"10.00"}]}
{"journal":"OD","date":"2026-04-02","ref":"X2","lines":[{"account":"627000","debit":"20.00"},{"account":"512000","credit":"20.00"}]}`
	r := run(t, dir, in, "post", "-")
	assert.NotEqual(t, 0, r.code, "the second entry was dropped silently\n%s", r.stdout)
	assert.True(t, bytes.Equal(before, hrev134Bytes(t, dir)), "the first entry was posted")
}

// Was failing, fixed: 'import entries empty.csv' on a file of 0 bytes exits 0 with "0 entries read, 0 posted", while import camt053, cfonb and hledger refuse an empty file (exit 1, "an empty file", "no transaction in the journal"); an empty file (no header, no line) is not an entries file and should be refused the same way.
func TestHrev134ImportEntriesEmptyFile(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "empty.csv"), nil, 0o644))
	for _, kind := range []string{"cfonb", "hledger"} {
		r := run(t, dir, "", "import", kind, "empty.csv")
		require.Equal(t, 1, r.code, "%s refuses an empty file", kind)
	}
	r := run(t, dir, "", "import", "entries", "empty.csv")
	assert.NotEqual(t, 0, r.code, "an empty file imported as a success\n%s", r.stdout)
	assert.Contains(t, r.stderr, "empty")
}

// Pin: bad input the commands refuse, each with a message and the book
// unchanged.
func TestHrev134RefusedWritesNothing(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "garbage.xml"), []byte("garbage\n"), 0o644))
	for _, c := range []struct {
		code int
		args []string
	}{
		{2, []string{"post", "--journal", "OD", "--date", "2026-04-01", "--line", "627000=10.001", "--line", "512000=-10.001"}},
		{2, []string{"post", "--journal", "OD", "--date", "2026-04-01", "--line", "627000=1O", "--line", "512000=-10"}},
		{1, []string{"post", "--journal", "XX", "--date", "2026-04-01", "--line", "627000=10", "--line", "512000=-10"}},
		{1, []string{"post", "--journal", "OD", "--date", "2026-04-01", "--line", "999999=10", "--line", "512000=-10"}},
		{1, []string{"post", "--journal", "OD", "--date", "2026-04-01", "--line", "411000:C99=10", "--line", "512000=-10"}},
		{1, []string{"post", "--journal", "OD", "--date", "2030-01-01", "--line", "627000=10", "--line", "512000=-10"}},
		{2, []string{"post", "--journal", "OD", "--date", "2026-04-01", "--line", "627000=10", "--line", "512000=-10", "extra"}},
		{2, []string{"post", "--journal", "OD", "--date", "2026-04-01", "--line", "627000=10", "--line", "512000=-10", "--bogus"}},
		{2, []string{"post", "--journal", "", "--date", "2026-04-01", "--line", "627000=10", "--line", "512000=-10"}},
		{1, []string{"pay", "VT/2026/00001", "--date", "2031-02-03"}},
		{1, []string{"pay", "VT/2026/00099", "--date", "2026-04-01"}},
		{1, []string{"pay", "VT/2026/00001", "--date", "2026-04-01", "--partner", "C02"}},
		{2, []string{"pay", "VT/2026/00001", "--date", "2026-04-01", "--amount", "10.001"}},
		{1, []string{"letter", "VT/2026/00001:7"}},
		{1, []string{"letter", "--partner", "C01", "--account", "627000"}},
		{2, []string{"auto", "--all", "--combination-size", "13"}},
		{1, []string{"reverse", "VT/2026/00001", "--date", "2026-01-01"}},
		{1, []string{"partner", "add", "C01"}},
		{2, []string{"partner", "add", "C09", "--siren", "123"}},
		{1, []string{"journal", "add", "OD"}},
		{1, []string{"account", "add", "ABC"}},
		{2, []string{"rate", "set", "USD", "2026-03-01", "0"}},
		{1, []string{"rate", "set", "EUR", "2026-03-01", "1.1"}},
		{2, []string{"year", "add", "--start", "2027-01-01", "--months", "0"}},
		{1, []string{"import", "camt053", "garbage.xml"}},
		{1, []string{"import", "entries", "garbage.xml"}},
		{1, []string{"import", "entries", "nofile.csv"}},
		{1, []string{"close", "--year", "2031", "--by", "me"}},
	} {
		before := hrev134Bytes(t, dir)
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v\n%s", c.args, r.stdout)
		assert.NotEmpty(t, r.stderr, "%v", c.args)
		assert.True(t, bytes.Equal(before, hrev134Bytes(t, dir)), "%v wrote to the book", c.args)
	}
}
