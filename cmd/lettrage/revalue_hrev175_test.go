package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// h175usdBank adds 512400 held in dollars (--currency USD: changed from
// the reviewer's first version, since only an account held in a foreign
// currency is revalued).
func h175usdBank(t *testing.T, dir string) {
	t.Helper()
	r := run(t, dir, "", "account", "add", "512400", "--name", "Banque USD", "--kind", "bank", "--currency", "USD")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, `{"journal":"OD","date":"2026-03-10","currency":"USD","lines":[
		{"account":"512400","debit":"1216.67","amount_currency":"1500.00"},
		{"account":"580000","credit":"1216.67","amount_currency":"-1500.00"}]}`, "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
}

// Was failing, fixed: 'revalue --rate usd=1.10' was refused with exit 1 ("closing rate under \"usd\": the currency is spelt USD") although 'rate set usd …' and 'post' take a lowercase code and the help says the rate is given "as 'rate set' takes it"; expected exit 0 and the gain 146.97 on 766000
func TestHrev175CLILowercaseRate(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	h175usdBank(t, dir)
	r := run(t, dir, "", "rate", "set", "usd", "2026-01-01", "1.2")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "revalue", "--date", "2026-12-31", "--rate", "usd=1.10")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "146,97")
}

// The year end from the command line: cash alone needs no next year;
// open items without it are refused (exit 1) and the cash is not posted
// either; a decimal comma; Reverse refused; the FEC validates; the
// hledger and CSV exports re-import into books that see the revaluation
// as done; a closed year is refused.
func TestHrev175CLIYearEnd(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	h175usdBank(t, dir)
	step := func(code int, stdin string, args ...string) result {
		t.Helper()
		r := run(t, dir, stdin, args...)
		require.Equal(t, code, r.code, "%v: %s%s", args, r.stdout, r.stderr)
		return r
	}
	// A foreign invoice: its revaluation needs 2027 for its reversal.
	step(0, `{"journal":"VT","date":"2026-11-02","type":"invoice","ref":"FA-USD","currency":"USD","lines":[
		{"account":"411000","partner":"C01","debit":"800.00","amount_currency":"1000.00"},
		{"account":"706000","credit":"800.00","amount_currency":"-1000.00"}]}`, "post", "-")
	r := step(1, "", "revalue", "--date", "2026-12-31", "--rate", "USD=1,10")
	assert.Contains(t, r.stderr, "2027-01-01")
	tb := step(0, "", "report", "trial")
	assert.NotContains(t, tb.stdout, "766000", "nothing of the cash posted")
	step(0, "", "year", "add")
	r = step(0, "", "revalue", "--date", "2026-12-31", "--rate", "USD=1,10")
	assert.Contains(t, r.stdout, "146,97")
	assert.Contains(t, r.stdout, "109,09")
	r = step(1, "", "reverse", "OD/2026/00003")
	assert.Contains(t, r.stderr, "run the revaluation again")
	tb = step(0, "", "report", "trial")
	assert.Regexp(t, `512400 +Banque USD +1.363,64 +0,00 +1.363,64`, tb.stdout)
	assert.Regexp(t, `766000 .* 0,00 +146,97 +-146,97`, tb.stdout)

	require.NoError(t, os.Mkdir(filepath.Join(dir, "out"), 0o755))
	step(0, "", "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", "out")
	v := step(0, "", "validate-fec", "out/732829320FEC20261231.txt")
	assert.Contains(t, v.stdout, "0 errors")
	h := step(0, "", "export", "hledger")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.journal"), []byte(h.stdout), 0o644))
	c := step(0, "", "export", "csv")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.csv"), []byte(c.stdout), 0o644))

	for _, imp := range [][]string{{"import", "hledger", "../b.journal"}, {"import", "entries", "../b.csv"}} {
		other := newBook(t)
		// the other book's own dir: copy the files there.
		for _, f := range []string{"b.journal", "b.csv"} {
			data, err := os.ReadFile(filepath.Join(dir, f))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(other, f), data, 0o644))
		}
		imp[2] = strings.TrimPrefix(imp[2], "../")
		require.Equal(t, 0, run(t, other, "", "account", "add", "512400", "--name", "Banque USD", "--kind", "bank", "--currency", "USD").code)
		require.Equal(t, 0, run(t, other, "", "year", "add").code)
		ir := run(t, other, "", imp...)
		require.Equal(t, 0, ir.code, ir.stderr)
		again := run(t, other, "", "revalue", "--date", "2026-12-31", "--rate", "USD=1.10")
		assert.Equal(t, 0, again.code, again.stderr)
		assert.Contains(t, again.stdout, "Nothing to revalue", imp)
		assert.Equal(t, 0, run(t, other, "", "verify").code)
	}

	cl := exec.Command(binary, "close", "--year", "2026", "--by", "me")
	cl.Dir = dir
	cl.Env = append(os.Environ(), "LETTRAGE_BOOK=book.db", "LETTRAGE_NOW=2027-01-05T18:00:00Z")
	out, err := cl.CombinedOutput()
	require.NoError(t, err, string(out))
	r = step(1, "", "revalue", "--date", "2026-12-31", "--rate", "USD=1.20")
	assert.Contains(t, r.stderr, "closed")
	step(0, "", "verify")
}
