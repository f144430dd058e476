package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev228Book is a book of 2026 with customer C001 and an invoice
// VT/2026/00001 of 1 200,00 dated 02/03/2026.
func hrev228Book(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ok(t, dir, "init", "--year", "2026,2027")
	ok(t, dir, "partner", "add", "C001", "--name", "Boulangerie Martin")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C001=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20")
	return dir
}

// Was failing, fixed: 'rate set USD 2026-03-01 1e2' records 1 EUR = 100 USD (exit 0); an exponent is refused in every amount ("no exponent") and must be refused in a rate too (exit 2, book unchanged)
func TestHrev228RateWithExponentRefused(t *testing.T) {
	t.Parallel()
	dir := hrev228Book(t)
	before := snapshot(t, dir)
	r := run(t, dir, "", "rate", "set", "USD", "2026-03-01", "1e2")
	assert.Equal(t, 2, r.code, "an exponent in a rate was read: %s", r.stdout)
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "a rate written as 1e2 was recorded")
}

// Was failing, fixed: 'lock --period 2027-06-30' on 31/12/2026 locks a period that has not ended (exit 0, "Period locked up to 2027-06-30"); a lock date after the book's clock must be refused (Odoo: "You cannot lock a period that has not yet ended"), exit non-zero, book unchanged
func TestHrev228LockInTheFutureRefused(t *testing.T) {
	t.Parallel()
	dir := hrev228Book(t)
	before := snapshot(t, dir)
	r := run(t, dir, "", "lock", "--period", "2027-06-30", "--reason", "typo for 2026")
	assert.NotEqual(t, 0, r.code, "a lock date six months ahead of the clock was accepted: %s", r.stdout)
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "the future lock date was recorded")
}

// hrev228RunBook adds a supplier with an IBAN, its bill AC/2026/00001 of
// 1 200,00 and an outstanding bank journal BNP.
func hrev228RunBook(t *testing.T) string {
	t.Helper()
	dir := hrev228Book(t)
	ok(t, dir, "partner", "add", "F001", "--name", "Fournisseur", "--iban", "DE89370400440532013000")
	ok(t, dir, "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189", "--outstanding")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-02", "--type", "invoice", "--ref", "FF-1",
		"--line", "401000:F001=-1200.00", "--line", "607000=1000.00@TVA20-DED", "--line", "445660=200.00@TVA20-DED")
	return dir
}

// Was failing, fixed: 'run -o missing/v.xml' books the supplier payment BNP/2026/00001 of 1 200,00 (book changed) and only then fails to write the file (exit 1); an -o the command cannot write is bad input to refuse before booking, book unchanged
func TestHrev228RunOutputInMissingDirectoryWritesNothing(t *testing.T) {
	t.Parallel()
	dir := hrev228RunBook(t)
	before := snapshot(t, dir)
	r := run(t, dir, "", "run", "--journal", "BNP", "--date", "2026-12-31", "--company", "Ma Société SAS",
		"-o", filepath.Join("missing", "v.xml"))
	assert.NotEqual(t, 0, r.code)
	assert.True(t, bytes.Equal(before, snapshot(t, dir)), "the run was booked though its file could not be written: %s", r.stderr)
	s := run(t, dir, "", "state", "AC/2026/00001")
	assert.Contains(t, s.stdout, "not_paid", "the bill must stay unpaid: no transfer file went to the bank")
}

// Was failing, fixed: README's 'lettrage dunning send --at 2026-06-30 --company "Ma Société" --dir relances' fails in a fresh directory ("cannot write relances/relance-C001-2026-06-30.pdf: no such file or directory", exit 1); expected exit 0 and the letter written in relances/
func TestHrev228DunningSendREADMEDirectory(t *testing.T) {
	t.Parallel()
	dir := hrev228Book(t)
	r := run(t, dir, "", "dunning", "send", "--at", "2026-06-30", "--company", "Ma Société", "--dir", "relances")
	require.Equal(t, 0, r.code, "the README's dunning send: %s", r.stderr)
	_, err := os.Stat(filepath.Join(dir, "relances", "relance-C001-2026-06-30.pdf"))
	assert.NoError(t, err)
}

// Was failing, fixed: 'impair --date 2026-12-31 C001=100 C001=200' exits 1 with "reconcile: amount must be positive, in the right currency: customer C001 is named twice"; a command line naming a customer twice is a usage error: exit 2 (README: 2 (usage)), like 'revalue --rate USD=… --rate USD=…'
func TestHrev228ImpairCustomerTwiceIsUsage(t *testing.T) {
	t.Parallel()
	dir := hrev228Book(t)
	before := snapshot(t, dir)
	r := run(t, dir, "", "impair", "--date", "2026-12-31", "C001=100", "C001=200")
	assert.Equal(t, 2, r.code, r.stderr)
	assert.NotContains(t, r.stderr, "must be positive", "the error names the wrong fault")
	assert.True(t, bytes.Equal(before, snapshot(t, dir)))
}

// Was failing, fixed: 'dunning penalties --indemnity -5' exits 1 ("reconcile: amount must be positive…") while every other bad flag value of the command (--rate -1, --indemnity 40,001) exits 2 (usage)
func TestHrev228PenaltiesNegativeIndemnityIsUsage(t *testing.T) {
	t.Parallel()
	dir := hrev228Book(t)
	r := run(t, dir, "", "dunning", "penalties", "--date", "2026-12-31", "--rate", "12.15", "--indemnity", "-5")
	assert.Equal(t, 2, r.code, r.stderr)
	r = run(t, dir, "", "dunning", "penalties", "--date", "2026-12-31", "--rate", "-1")
	assert.Equal(t, 2, r.code, r.stderr)
}

// Pins: bad amounts and dates are usage errors (exit 2) with a one-line
// reason, and leave the book byte-for-byte as it was.
func TestHrev228BadInputRefusedBookUnchanged(t *testing.T) {
	t.Parallel()
	dir := hrev228Book(t)
	before := snapshot(t, dir)
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"pay", "--amount", "100.005", "VT/2026/00001"}, 2, "more than 2 decimals"},
		{[]string{"pay", "--amount", "1.200,50", "VT/2026/00001"}, 2, "both a comma and a point"},
		{[]string{"pay", "--amount", "1,200.50", "VT/2026/00001"}, 2, "both a comma and a point"},
		{[]string{"pay", "--date", "2026-02-30", "VT/2026/00001"}, 2, "February 2026 has 28 days"},
		{[]string{"pay", "--bogus", "VT/2026/00001"}, 2, "flag provided but not defined"},
		{[]string{"pay", "VT/2026/99999"}, 1, "no entry of that number"},
		{[]string{"post", "--journal", "VT", "--date", "2026-13-02", "--line", "411000:C001=100", "--line", "706000=-100"}, 2, "no month 13"},
		{[]string{"post", "--journal", "VT", "--date", "2026-03-02", "--line", "999999:C001=100", "--line", "706000=-100"}, 1, "unknown account"},
		{[]string{"post", "--journal", "VT", "--date", "2026-03-02", "--line", "411000:ZZZ=100", "--line", "706000=-100"}, 1, "unknown partner"},
		{[]string{"post", "--journal", "VT", "--date", "2026-03-02", "--line", "411000:C001=100", "--line", "706000=-90"}, 1, "does not balance"},
		{[]string{"report", "trial", "--at", "30/02/2026"}, 2, "February 2026 has 28 days"},
		{[]string{"auto", "--all", "--tolerance", "0.001"}, 2, "more than 2 decimals"},
		{[]string{"auto", "--all", "--combination-size", "13"}, 2, "1 to 12"},
		{[]string{"report", "aged", "--buckets", "60,30"}, 2, "rising"},
		{[]string{"doubtful", "VT/2026/00001"}, 2, "--date is required"},
		{[]string{"baddebt", "VT/2026/00001", "--date", "2026-03-01"}, 1, "before the invoice"},
		{[]string{"close"}, 2, "--year is required"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.says, "%v", c.args)
		assert.True(t, strings.HasPrefix(r.stderr, "lettrage: "), "%v: %s", c.args, r.stderr)
		assert.True(t, bytes.Equal(before, snapshot(t, dir)), "%v wrote to the book", c.args)
	}
}

// Pin: a French amount with a space for thousands and a decimal comma
// pays what it says.
func TestHrev228FrenchAmountPays(t *testing.T) {
	t.Parallel()
	dir := hrev228Book(t)
	r := ok(t, dir, "pay", "--amount", "1 000,50", "--date", "2026-03-10", "VT/2026/00001")
	assert.Contains(t, r.stdout, "199,50 still due")
}

// Pin: a book held by another process: a writer with --wait 0 gives up
// with exit 1 and says what to do, the book unchanged.
func TestHrev228BookHeldByAnotherProcess(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("no flock")
	}
	dir := hrev228Book(t)
	before := snapshot(t, dir)
	hold := exec.Command("flock", "-x", filepath.Join(dir, "book.db"), "sleep", "5")
	require.NoError(t, hold.Start())
	defer func() { _ = hold.Process.Kill(); _ = hold.Wait() }()
	time.Sleep(300 * time.Millisecond)
	r := run(t, dir, "", "pay", "--date", "2026-03-10", "--wait", "0", "VT/2026/00001")
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stderr, "locked by another process")
	assert.Contains(t, r.stderr, "run this command again")
	assert.True(t, bytes.Equal(before, snapshot(t, dir)))
}

// Pin: every command and subcommand's --help exits 0 and prints its usage.
func TestHrev228EveryHelpExitsZero(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range [][]string{
		{"init"}, {"partner", "add"}, {"partner", "list"}, {"partner", "mandate"}, {"journal", "add"}, {"journal", "list"},
		{"account", "add"}, {"account", "list"}, {"account", "activate"}, {"account", "deactivate"},
		{"import", "entries"}, {"import", "camt053"}, {"import", "cfonb"}, {"import", "hledger"},
		{"statement", "open"}, {"statement", "post"}, {"post"}, {"rate", "set"}, {"rate", "show"}, {"reverse"}, {"pay"},
		{"deposit", "add"}, {"deposit", "list"}, {"run"}, {"collect"}, {"letter"}, {"auto"}, {"unletter"},
		{"credit", "list"}, {"credit", "use"}, {"doubtful"}, {"baddebt"}, {"dunning", "list"}, {"dunning", "send"},
		{"dunning", "penalties"}, {"state"}, {"report", "aged"}, {"report", "aux"}, {"report", "balance"},
		{"report", "journals"}, {"report", "ledger"}, {"report", "lettering"}, {"report", "statement"}, {"report", "trial"},
		{"report", "vat"}, {"export", "csv"}, {"export", "fec"}, {"export", "hledger"}, {"export", "xlsx"},
		{"year", "add"}, {"year", "list"}, {"revalue"}, {"impair"}, {"lock"}, {"close"}, {"validate-fec"}, {"verify"},
	} {
		r := run(t, dir, "", append(c, "--help")...)
		assert.Equal(t, 0, r.code, "%v --help: %s", c, r.stderr)
		assert.Contains(t, r.stdout, "Usage: lettrage "+strings.Join(c, " "), "%v", c)
	}
}
