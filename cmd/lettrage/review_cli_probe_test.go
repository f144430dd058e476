package main_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// Review CLI probes: behaviours checked and found right.

// Usage errors exit 2 with the reason on stderr's first line, nothing on
// stdout; other errors exit 1; --help exits 0 on stdout for every command.
func TestReviewCliProbeExitCodesAndHelp(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, args := range [][]string{
		{}, {"bogus"}, {"report", "bogus"}, {"report", "aux", "--bogus"}, {"state"},
		{"report", "trial", "--at", "2026-13-01"}, {"report", "trial", "--at", "31/02/2026"},
		{"post", "--journal", "OD", "--date", "2026-05-01", "--line", "512000=1,234.56", "--line", "706000=-1"},
		{"import", "camt053", "a.xml", "b.xml"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 2, r.code, "%v", args)
		assert.Empty(t, r.stdout, "%v", args)
		assert.True(t, strings.HasPrefix(r.stderr, "lettrage: "), "%v: %s", args, r.stderr)
	}
	for _, args := range [][]string{
		{"import", "camt053", "nosuch.xml"}, {"import", "entries", "nosuch.csv"},
		{"--book", "nosuch.db", "report", "aux"}, {"report", "statement", "NOPE"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 1, r.code, "%v", args)
		assert.Empty(t, r.stdout, "%v", args)
		assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "%v: one line: %s", args, r.stderr)
	}
	_, err := os.Stat(filepath.Join(dir, "nosuch.db"))
	assert.True(t, os.IsNotExist(err), "a missing --book is not created by a report")
	for _, c := range []string{"init", "partner add", "partner list", "journal add", "account add", "import entries",
		"import camt053", "import cfonb", "import hledger", "statement open", "statement post", "post", "reverse",
		"pay", "letter", "auto", "unletter", "state", "report aged", "report aux", "report trial", "report vat",
		"report statement", "export fec", "export csv", "export hledger", "lock", "close", "validate-fec", "verify", "report"} {
		for _, h := range []string{"--help", "-h"} {
			r := run(t, dir, "", append(strings.Fields(c), h)...)
			assert.Equal(t, 0, r.code, "%s %s", c, h)
			assert.Empty(t, r.stderr, "%s %s", c, h)
			assert.True(t, strings.HasPrefix(r.stdout, "Usage: lettrage "+c), "%s %s", c, h)
		}
	}
}

// Amounts with a decimal comma and spaces, negative amounts, and both
// date forms post the same entry; the CSV export is exact to the cent;
// the auxiliary balance aligns non-ASCII names.
func TestReviewCliProbeAmountsDatesAlignment(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "partner", "add", "C10", "--name", "Établissements Müller & Fils — Pâtisserie")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "post", "--journal", "VT", "--date", "02/03/2026", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C10=1 234,56", "--line", "706000=-1 028,80", "--line", "445710=-205.76")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-05", "--type", "credit_note", "--ref", "AV-1",
		"--line", "411000:C01=-0,01", "--line", "706000=0.01")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "export", "csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "VT/2026/00001;2026-03-02;VT;FA-1;invoice;;411000;C10;;1234.56;")
	assert.Contains(t, r.stdout, ";706000;;;;1028.80;")
	assert.Contains(t, r.stdout, ";445710;;;;205.76;")
	assert.Contains(t, r.stdout, "VT/2026/00002;2026-03-05;VT;AV-1;credit_note;;411000;C01;;;0.01;")
	r = run(t, dir, "", "report", "aux")
	require.Equal(t, 0, r.code, r.stderr)
	var cols []int
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "411000  C") {
			loc := frAmount.FindStringIndex(l) // the end of the Opening column
			cols = append(cols, len([]rune(l[:loc[1]])))
		}
	}
	require.Len(t, cols, 2)
	assert.Equal(t, cols[0], cols[1], "rows of the auxiliary balance align:\n%s", r.stdout)
}

// Auto-lettering, the lettering list and the aged balance run on an
// empty book; a statement imported twice is imported once.
func TestReviewCliProbeEmptyBookAndReimport(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "auto", "--all")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "0 applied")
	r = run(t, dir, "", "report", "lettering")
	assert.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "report", "aged", "--json")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "[]\n", r.stdout)

	copyTestdata(t, dir, "camt053-fee.xml")
	r = run(t, dir, "", "journal", "add", "BNP", "--kind", "bank", "--name", "BNP", "--iban", "FR7630006000011234567890189")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "import", "camt053", "camt053-fee.xml")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "import", "camt053", "camt053-fee.xml")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "already imported")
	r = run(t, dir, "", "statement", "open")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 1, strings.Count(r.stdout, "STMT-FEE-2026-04"), r.stdout)
}

// A book held by another process: the command gives up within seconds,
// exit 1, saying the file is locked; it does not hang.
func TestReviewCliProbeLockedBook(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	db, err := bolt.Open(filepath.Join(dir, "book.db"), 0o600, &bolt.Options{Timeout: time.Second})
	require.NoError(t, err)
	defer db.Close()
	for _, args := range [][]string{{"report", "aux"}, {"partner", "add", "C50"}} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, binary, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LETTRAGE_BOOK=book.db", "LETTRAGE_NOW=2026-12-31T18:00:00Z", "LETTRAGE_WAIT=0")
		var errb strings.Builder
		cmd.Stderr = &errb
		start := time.Now()
		err := cmd.Run()
		cancel()
		var ee *exec.ExitError
		require.True(t, errors.As(err, &ee), "%v: %v", args, err)
		assert.Equal(t, 1, ee.ExitCode(), "%v", args)
		assert.Less(t, time.Since(start), 10*time.Second, "%v", args)
		assert.Contains(t, errb.String(), "locked by another process", "%v", args)
	}
}
