package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// import entries --skip-bad: a file of only a header (and a comment)
// posts nothing and skips nothing, exit 0; a re-run whose good entry is
// already in the book and whose other entry is bad exits 0 saying so,
// nothing written; a file of bad entries with --json exits 1 with no
// JSON on stdout, nothing written.
func TestHrev188ImportSkipBadEdges(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	h := "date;journal;ref;label;account;partner;debit;credit\n"
	good := "2026-01-08;VT;FA-9;Facture;411000;C01;10;\n2026-01-08;VT;FA-9;Facture;706000;;;10\n"
	bad := "2026-13-01;VT;FA-1;Facture;411000;C01;10;\n2026-13-01;VT;FA-1;Facture;706000;;;10\n"
	for name, body := range map[string]string{"hdr.csv": h, "good.csv": h + good, "goodbad.csv": h + good + bad, "bad.csv": h + bad} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	r := run(t, dir, "", "import", "entries", "--skip-bad", "hdr.csv")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "hdr.csv: 0 entries read, 0 posted\n", r.stdout)
	ok(t, dir, "import", "entries", "good.csv")
	before := snapshot(t, dir)
	r = run(t, dir, "", "import", "entries", "--skip-bad", "goodbad.csv")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "goodbad.csv: 2 entries read, 0 posted, 1 already in the book, 1 entry skipped\n", r.stdout)
	assert.Contains(t, r.stderr, "goodbad.csv: line 4:")
	r = run(t, dir, "", "import", "entries", "--skip-bad", "--json", "bad.csv")
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "bad.csv: no entry posted, all 1 entry skipped")
	assert.Equal(t, before, snapshot(t, dir), "nothing written")
}

// credit use --amount of a zero however written is a usage error (exit
// 2), as more decimals than the currency has; nothing written.
func TestHrev188CreditUseZeroSpellings(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-01", "--type", "invoice", "--line", "411000:C01=300.00", "--line", "706000=-300.00")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "credit_note", "--line", "411000:C01=-100.00", "--line", "706000=100.00")
	before := snapshot(t, dir)
	for _, a := range []string{"-0", "+0", "0,00", "-0.00", " 0", "00", "0.001"} {
		r := run(t, dir, "", "credit", "use", "VT/2026/00001", "VT/2026/00002", "--amount", a)
		assert.Equal(t, 2, r.code, "%q: %s%s", a, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, "--amount", a)
	}
	assert.Equal(t, before, snapshot(t, dir), "nothing written")
}

// In a book kept in USD, account add --currency USD (or usd) is a usage
// error for an account other than a bank account, and EUR is taken,
// listed [EUR]; nothing is written by the refusal.
func TestHrev188AccountAddInUSDBook(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ok(t, dir, "init", "--year", "2026", "--currency", "USD")
	before := snapshot(t, dir)
	for _, c := range []string{"USD", "usd"} {
		r := run(t, dir, "", "account", "add", "471500", "--name", "Suspense", "--kind", "other", "--currency", c)
		assert.Equal(t, 2, r.code, "%s: %s%s", c, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, "USD is the book's own currency")
	}
	assert.Equal(t, before, snapshot(t, dir), "nothing written")
	ok(t, dir, "account", "add", "512500", "--name", "Banque EUR", "--kind", "bank", "--currency", "eur")
	assert.Contains(t, ok(t, dir, "account", "list").stdout, "Banque EUR [EUR]")
}

// Was failing, fixed: in a book kept in USD, the refusal of account add --currency USD says "USD is the book's own currency" and then gives "a bank account in USD" as the example of a foreign-currency account; expected an example in a currency other than the book's, got the hard-coded USD.
func TestHrev188AccountAddUSDBookMessage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ok(t, dir, "init", "--year", "2026", "--currency", "USD")
	r := run(t, dir, "", "account", "add", "471500", "--name", "Suspense", "--kind", "other", "--currency", "USD")
	assert.Equal(t, 2, r.code, r.stderr)
	assert.NotContains(t, r.stderr, "a bank account in USD", "USD named as a foreign currency in a USD book")
}

// report statement's running balance with a USD invoice (in euros, at the
// invoice's rate: 450,00 USD left is 375,00 EUR) ends on Balance, the
// account's balance in the general ledger (725,00); a supplier's runs
// debit positive as its Residual column, -1 000,00 then -900,00, the
// Balance.
func TestHrev188StatementRunningBalanceForeignAndSupplier(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "partner", "add", "S01")
	ok(t, dir, "rate", "set", "USD", "2026-01-01", "1.20")
	ok(t, dir, "rate", "set", "USD", "2026-04-01", "1.25")
	ok(t, dir, "post", "--journal", "OD", "--date", "2026-01-01", "--type", "opening", "--line", "411000:C01=100.00", "--line", "110000=-100.00")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-02-01", "--type", "invoice", "--line", "411000:C01=500.00", "--line", "706000=-500.00")
	ok(t, dir, "pay", "VT/2026/00001", "--amount", "200.00", "--date", "2026-02-10")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-02-15", "--type", "credit_note", "--line", "411000:C01=-50.00", "--line", "706000=50.00")
	r := run(t, dir, `{"journal":"VT","date":"2026-03-01","type":"invoice","ref":"FA-US","currency":"USD","lines":[{"account":"411000","partner":"C01","debit":"1000.00","amount_currency":"1200.00"},{"account":"706000","credit":"1000.00","amount_currency":"-1200.00"}]}`, "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	ok(t, dir, "pay", "VT/2026/00003", "--amount", "600.00", "--date", "2026-04-10")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-05", "--type", "invoice", "--ref", "F-77", "--line", "401000:S01=-1200.00", "--line", "607000=1200.00")
	ok(t, dir, "pay", "AC/2026/00001", "--amount", "200.00", "--date", "2026-03-20")
	ok(t, dir, "post", "--journal", "AC", "--date", "2026-03-25", "--type", "credit_note", "--ref", "AV-9", "--line", "401000:S01=100.00", "--line", "607000=-100.00")

	csv := ok(t, dir, "report", "statement", "C01", "--csv").stdout
	assert.Equal(t, "Row,Document,Type,Date,Due,Label,Amount,Residual,Discount,Until,Currency,Residual in currency,Running balance\n"+
		"detail,OD/2026/00001:0,opening,2026-01-01,,,100.00,100.00,,,,,100.00\n"+
		"detail,VT/2026/00001:0,invoice,2026-02-01,,,500.00,300.00,,,,,400.00\n"+
		"detail,VT/2026/00003:0,invoice,2026-03-01,,FA-US,1000.00,375.00,,,USD,450.00,775.00\n"+
		"total,Due,,,,,,775.00,,,,,\n"+
		"detail,VT/2026/00002:0,credit note,2026-02-15,,,-50.00,-50.00,,,,,725.00\n"+
		"total,Unallocated,,,,,,-50.00,,,,,\n"+
		"grand total,Balance,,,,,,725.00,,,,,\n", csv)
	gl := ok(t, dir, "report", "ledger", "--account", "411000").stdout
	assert.Regexp(t, `Total 411000 Clients\s+1 600,00\s+875,00\s+725,00`, gl)

	csv = ok(t, dir, "report", "statement", "S01", "--csv").stdout
	assert.Contains(t, csv, "detail,AC/2026/00001:0,invoice,2026-03-05,,F-77,-1200.00,-1000.00,,,,,-1000.00\n")
	assert.Contains(t, csv, "detail,AC/2026/00002:0,credit note,2026-03-25,,AV-9,100.00,100.00,,,,,-900.00\n")
	assert.Contains(t, csv, "grand total,Balance,,,,,,-900.00,,,,,\n")

	at := ok(t, dir, "report", "statement", "C01", "--at", "2026-02-12", "--csv").stdout
	assert.Contains(t, at, "detail,VT/2026/00001:0,invoice,2026-02-01,,,500.00,300.00,,,,,400.00\n")
	assert.Contains(t, at, "grand total,Balance,,,,,,400.00,,,,,\n")
	assert.NotContains(t, at, "VT/2026/00002")
}
