package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev164PostFlagsExample is the first example of 'lettrage post --help',
// word for word.
var hrev164PostFlagsExample = []string{"post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
	"--line", "411000:C001=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20"}

// hrev164PostJSONExample is the JSON example of 'lettrage post --help'.
const hrev164PostJSONExample = `{"journal":"VT","date":"2026-03-02","type":"invoice","ref":"FA-1",
   "lines":[{"account":"411000","partner":"C001","debit":"1200.00","due":"2026-04-01"},
            {"account":"706000","credit":"1000.00","tax":"TVA20-ENC"},
            {"account":"445740","credit":"200.00","tax":"TVA20-ENC"}]}`

func TestHrev164PostHelpShowsItsExamples(t *testing.T) {
	r := run(t, t.TempDir(), "", "post", "--help")
	require.Equal(t, 0, r.code, r.stderr)
	help := r.stdout + r.stderr
	assert.Contains(t, help, "--line 411000:C001=1200.00 --line 706000=-1000.00@TVA20 --line 445710=-200.00@TVA20")
	assert.Contains(t, help, `{"account":"445740","credit":"200.00","tax":"TVA20-ENC"}`)
}

func TestHrev164PostHelpExampleRunsOnFreshBook(t *testing.T) {
	// Was failing, fixed: 'lettrage post --help' example run as given on a fresh book ('lettrage init') exits 1 'unknown partner: "C001"'; the help never said to add the partner first. It now does, and the example runs once it is added (TestHrev164PostHelpExamplesAfterPartner).
	r := run(t, t.TempDir(), "", "post", "--help")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout+r.stderr, "'lettrage partner add C001' first")
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	r = run(t, dir, "", hrev164PostFlagsExample...)
	assert.Equal(t, 1, r.code, "stderr: %s", r.stderr)
	assert.Contains(t, r.stderr, `unknown partner: "C001"`)
	must(t, dir, "", "partner", "add", "C001")
	r = must(t, dir, "", hrev164PostFlagsExample...)
	assert.Contains(t, r.stdout, "VT/2026/00001")
}

func TestHrev164PostHelpExamplesAfterPartner(t *testing.T) {
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	must(t, dir, "", "partner", "add", "C001", "--name", "Boulangerie Martin")
	r := must(t, dir, "", hrev164PostFlagsExample...)
	assert.Contains(t, r.stdout, "VT/2026/00001 02/03/2026 invoice FA-1")
	r = must(t, dir, hrev164PostJSONExample, "post", "-")
	assert.Contains(t, r.stdout, "VT/2026/00002 02/03/2026 invoice FA-1")
	// VAT on invoice is due at once; VAT on payment not before a receipt.
	r = must(t, dir, "", "report", "vat")
	r.stdout = hrev164Norm(r.stdout)
	assert.Regexp(t, `445710\s+TVA20\s.*collected\s+1 000,00\s+200,00`, r.stdout)
	assert.NotContains(t, r.stdout, "TVA20-ENC")
	// A receipt of half the cash-basis invoice makes 100.00 of its VAT due.
	must(t, dir, "", "pay", "VT/2026/00002", "--amount", "600.00", "--date", "2026-03-20")
	r = must(t, dir, "", "report", "vat")
	r.stdout = hrev164Norm(r.stdout)
	assert.Regexp(t, `TVA20-ENC\s.*collected\s+500,00\s+100,00`, r.stdout)
	assert.Regexp(t, `Net due\s+300,00`, r.stdout)
	must(t, dir, "", "verify")
}

func TestHrev164RateSetHelpExample(t *testing.T) {
	dir := t.TempDir()
	must(t, dir, "", "init", "--year", "2026")
	r := must(t, dir, "", "rate", "set", "USD", "2026-03-26", "1.12")
	assert.Contains(t, r.stdout, "1 EUR = 1,12 USD from 26/03/2026")
	r = must(t, dir, "", "rate", "show", "USD", "--at", "2026-04-01")
	assert.Contains(t, r.stdout, "1 EUR = 1,12 USD")
	r = run(t, dir, "", "rate", "show", "USD", "--at", "2026-03-25")
	assert.Equal(t, 1, r.code)
}

// The README's command-line walk: import entries in the documented column
// order, auto --dry-run writes nothing, auto letters, trial balance.
func TestHrev164ReadmeImportAutoTrial(t *testing.T) {
	dir := t.TempDir()
	must(t, dir, "", "init", "--book", "b.db", "--year", "2026")
	must(t, dir, "", "partner", "add", "--book", "b.db", "C001")
	csv := "2026-04-02;VT;FA-10;Facture FA-10;411000;C001;600,00;\n" +
		"2026-04-02;VT;FA-10;Prestations;706000;;;500,00\n" +
		"2026-04-02;VT;FA-10;TVA;445710;;;100,00\n" +
		"2026-04-20;BQD;VIR-10;Règlement FA-10;512000;;600,00;\n" +
		"2026-04-20;BQD;VIR-10;Règlement FA-10;411000;C001;;600,00\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "entries.csv"), []byte(csv), 0o644))
	r := must(t, dir, "", "import", "entries", "--book", "b.db", "entries.csv")
	assert.Contains(t, r.stdout, "2 posted")
	r = must(t, dir, "", "import", "entries", "--book", "b.db", "entries.csv")
	assert.Contains(t, r.stdout, "0 posted, 2 already in the book")
	r = must(t, dir, "", "auto", "--book", "b.db", "--all", "--dry-run")
	assert.Contains(t, r.stdout, "nothing written")
	r = must(t, dir, "", "state", "--book", "b.db", "VT/2026/00001")
	assert.Contains(t, r.stdout, "not_paid")
	must(t, dir, "", "auto", "--book", "b.db", "--all")
	r = must(t, dir, "", "state", "--book", "b.db", "VT/2026/00001")
	r.stdout = hrev164Norm(r.stdout)
	assert.Regexp(t, `paid\s+total\s+600,00\s+due\s+0,00\s+AAA`, r.stdout)
	r = must(t, dir, "", "report", "trial", "--book", "b.db")
	r.stdout = hrev164Norm(r.stdout)
	assert.Regexp(t, `411000\s+Clients\s+600,00\s+600,00\s+0,00`, r.stdout)
	assert.Regexp(t, `Total\s+1 200,00\s+1 200,00\s+0,00`, r.stdout)
	assert.True(t, strings.Contains(r.stdout, "512000"))
}

// hrev164Norm turns the thin and no-break spaces of French amounts into
// plain spaces.
func hrev164Norm(s string) string {
	return strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(s)
}
