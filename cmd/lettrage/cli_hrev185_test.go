package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev185Steps runs commands that must succeed.
func hrev185Steps(t *testing.T, dir string, steps ...[]string) {
	t.Helper()
	for _, s := range steps {
		r := run(t, dir, "", s...)
		require.Equal(t, 0, r.code, "%v: %s%s", s, r.stdout, r.stderr)
	}
}

// An import --skip-bad whose every entry is bad (a bad date, an entry the
// book refuses) posts nothing and fails, saying so; the book is left as it
// was. One good entry among them is posted and the run succeeds.
func TestHrev185ImportSkipBadAllSkippedFails(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	body := "date;journal;ref;label;account;partner;debit;credit\n" +
		"2026-13-01;VT;FA-1;Facture;411000;C01;10;\n" +
		"2026-13-01;VT;FA-1;Facture;706000;;;10\n" +
		"2026-01-08;VT;FA-2;Facture;411000;C01;10;\n" +
		"2026-01-08;VT;FA-2;Facture;706000;;;9\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.csv"), []byte(body), 0o644))
	before, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	r := run(t, dir, "", "import", "entries", "--skip-bad", "bad.csv")
	assert.Equal(t, 1, r.code, "%s%s", r.stdout, r.stderr)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "bad.csv: line 2:", "the bad lines listed")
	assert.Contains(t, r.stderr, "bad.csv: lines 4-5 (entry VT FA-2)")
	assert.Contains(t, r.stderr, "no entry posted, all 2 entries skipped")
	after, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	assert.Equal(t, before, after, "nothing written")

	good := body + "2026-01-09;VT;FA-3;Facture;411000;C01;10;\n2026-01-09;VT;FA-3;Facture;706000;;;10\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "some.csv"), []byte(good), 0o644))
	r = run(t, dir, "", "import", "entries", "--skip-bad", "some.csv")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "3 entries read, 1 posted (VT/2026/00001), 2 entries skipped")
}

// credit use --amount takes what to use, more than zero: 0 and -50 are
// usage errors (exit 2), as pay --amount's are and a malformed amount is,
// and nothing is written.
func TestHrev185NonPositiveAmountIsUsage(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev185Steps(t, dir,
		[]string{"post", "--journal", "VT", "--date", "2026-03-01", "--type", "invoice", "--line", "411000:C01=300.00", "--line", "706000=-300.00"},
		[]string{"post", "--journal", "VT", "--date", "2026-03-02", "--type", "credit_note", "--line", "411000:C01=-100.00", "--line", "706000=100.00"})
	before, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	for _, args := range [][]string{
		{"credit", "use", "VT/2026/00001", "VT/2026/00002", "--amount", "0"},
		{"credit", "use", "VT/2026/00001", "VT/2026/00002", "--amount", "-50"},
		{"credit", "use", "VT/2026/00001", "VT/2026/00002", "--amount", "-0,01"},
		{"credit", "use", "VT/2026/00001", "VT/2026/00002", "--amount", "1e3"},
		{"pay", "VT/2026/00001", "--amount", "0"},
		{"pay", "VT/2026/00001", "--amount", "-50"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 2, r.code, "%v: %s%s", args, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, "--amount", args)
	}
	after, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	assert.Equal(t, before, after, "nothing written")
	r := run(t, dir, "", "credit", "use", "VT/2026/00001", "VT/2026/00002", "--amount", "40")
	assert.Equal(t, 0, r.code, r.stderr)
}

// account add --currency with the book's own currency is a usage error
// saying to leave it out, for any account but a bank account; nothing is
// added. A foreign currency is taken, and so is the book's own for a bank
// account (the euro journal of an IBAN held in several currencies).
func TestHrev185AccountInBookCurrencyIsUsage(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, cur := range []string{"EUR", "eur"} {
		r := run(t, dir, "", "account", "add", "471500", "--name", "Attente", "--kind", "other", "--currency", cur)
		assert.Equal(t, 2, r.code, "%s: %s%s", cur, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, "leave --currency out", cur)
	}
	r := run(t, dir, "", "account", "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "471500")
	hrev185Steps(t, dir, []string{"account", "add", "512400", "--name", "Banque", "--kind", "bank"},
		[]string{"account", "add", "512500", "--name", "Banque USD", "--kind", "bank", "--currency", "USD"},
		[]string{"account", "add", "512600", "--name", "Banque EUR", "--kind", "bank", "--currency", "eur"})
	r = run(t, dir, "", "account", "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Banque USD [USD]")
	assert.Contains(t, r.stdout, "Banque EUR [EUR]")
	assert.NotContains(t, r.stdout, "Banque [EUR]")
}

// A customer's statement with an opening balance of 100,00, an invoice of
// 500,00 paid 200,00 and a credit note of 50,00: each line ends on its
// running balance, 100,00, 400,00 and 350,00, the last the Balance; the
// CSV has it in its last column.
func TestHrev185StatementRunningBalance(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev185Steps(t, dir,
		[]string{"post", "--journal", "OD", "--date", "2026-01-01", "--type", "opening", "--line", "411000:C01=100.00", "--line", "110000=-100.00"},
		[]string{"post", "--journal", "VT", "--date", "2026-02-01", "--type", "invoice", "--line", "411000:C01=500.00", "--line", "706000=-500.00"},
		[]string{"pay", "VT/2026/00001", "--amount", "200.00", "--date", "2026-02-10"},
		[]string{"post", "--journal", "VT", "--date", "2026-02-15", "--type", "credit_note", "--line", "411000:C01=-50.00", "--line", "706000=50.00"})
	r := run(t, dir, "", "report", "statement", "C01", "--account", "411000")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Running balance")
	want := map[string]string{"OD/2026/00001": "100,00", "VT/2026/00001": "400,00", "VT/2026/00002": "350,00", "Balance": "350,00"}
	for _, l := range strings.Split(r.stdout, "\n") {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		key := strings.SplitN(f[0], ":", 2)[0]
		if w, ok := want[key]; ok {
			assert.Equal(t, w, f[len(f)-1], "%s:\n%s", key, r.stdout)
			delete(want, key)
		}
	}
	assert.Empty(t, want, r.stdout)

	r = run(t, dir, "", "report", "statement", "C01", "--account", "411000", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var running []string
	for _, l := range lines {
		if f := strings.Split(l, ","); f[0] == "detail" {
			running = append(running, f[len(f)-1])
		}
	}
	assert.Equal(t, []string{"100.00", "400.00", "350.00"}, running, r.stdout)
	assert.True(t, strings.HasSuffix(lines[0], ",Running balance"), lines[0])
}
