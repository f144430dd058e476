package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHrev160AccountDeactivateActivate: 'account deactivate CODE' makes
// the book refuse user entries on the account, 'account activate CODE'
// takes them again; a missing or extra argument is a usage error and an
// unknown account an error naming it, both writing nothing.
func TestHrev160AccountDeactivateActivate(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	before := snapshot(t, dir)
	for _, args := range [][]string{
		{"account", "deactivate"},
		{"account", "deactivate", "627000", "628000"},
		{"account", "activate"},
		{"account", "activate", "627000", "628000"},
	} {
		r := run(t, dir, "", args...)
		assert.Equal(t, 2, r.code, "%v: %s", args, r.stderr)
	}
	r := run(t, dir, "", "account", "deactivate", "999999")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "unknown account")
	assert.Contains(t, r.stderr, "999999")
	assert.Equal(t, before, snapshot(t, dir), "a refused command wrote to the book")

	r = ok(t, dir, "account", "deactivate", "627000")
	assert.Contains(t, r.stdout, "Account 627000 is now inactive")
	r = ok(t, dir, "--json", "account", "deactivate", "627000")
	var v struct {
		Code   string `json:"code"`
		Active *bool  `json:"active"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v), r.stdout)
	assert.Equal(t, "627000", v.Code)
	require.NotNil(t, v.Active)
	assert.False(t, *v.Active)
	assert.Regexp(t, `(?m)^627000 +expense + - Services bancaires$`, ok(t, dir, "account", "list").stdout)

	post := []string{"post", "--journal", "OD", "--date", "2026-03-10", "--line", "627000=12", "--line", "512000=-12"}
	r = run(t, dir, "", post...)
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stderr, "inactive")
	assert.NotContains(t, ok(t, dir, "report", "journals").stdout, "OD/2026/00001")

	r = ok(t, dir, "account", "activate", "627000")
	assert.Contains(t, r.stdout, "Account 627000 is now active")
	r = ok(t, dir, "account", "activate", "627000")
	assert.Contains(t, r.stdout, "Account 627000 was already active")
	r = ok(t, dir, post...)
	assert.Contains(t, r.stdout, "OD/2026/00001")
}

// TestHrev160SeparatorsListed: --sep takes the separators the help lists,
// ';', ',' and 'tab'; any other is a usage error naming them, on export
// and import alike.
func TestHrev160SeparatorsListed(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	csv := "date;journal;ref;label;account;partner;debit;credit\n" +
		"2026-03-10;OD;X1;frais;627000;;12.00;\n" +
		"2026-03-10;OD;X1;frais;512000;;;12.00\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.csv"), []byte(csv), 0o644))
	for _, sep := range []string{"|", ":", "tabs", ";;"} {
		r := run(t, dir, "", "export", "csv", "--sep", sep)
		assert.Equal(t, 2, r.code, "export --sep %q: %s", sep, r.stderr)
		assert.Contains(t, r.stderr, "give ';', ',' or 'tab'", sep)
		assert.Empty(t, r.stdout, sep)
		r = run(t, dir, "", "import", "entries", "in.csv", "--sep", sep)
		assert.Equal(t, 2, r.code, "import --sep %q: %s", sep, r.stderr)
		assert.Contains(t, r.stderr, "give ';', ',' or 'tab'", sep)
	}
	assert.NotContains(t, ok(t, dir, "report", "journals").stdout, "OD/2026/00001", "a refused import posted")
	ok(t, dir, "import", "entries", "in.csv", "--sep", ";")
	for _, sep := range []string{";", ",", "tab"} {
		ok(t, dir, "export", "csv", "--sep", sep)
	}
}

// TestHrev160YearFlagsNamingTheSameDays: --year and --start (or one of
// them twice) naming the same days can never be added together: a usage
// error, exit 2, that writes nothing, on year add and init alike. Years
// the flags name one after the other are still added.
func TestHrev160YearFlagsNamingTheSameDays(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runAt(t, dir, hrev117Now, "", "init", "--year", "2026")
	require.Equal(t, 0, r.code, r.stderr)
	for _, args := range [][]string{
		{"--year", "2027", "--start", "2027-01-01"},
		{"--year", "2027", "--start", "2027-07-01"},
		{"--start", "2026-07-01", "--months", "12", "--year", "2027"},
		{"--year", "2027", "--year", "2027"},
		{"--year", "2027,2027"},
		{"--start", "2027-01-01", "--start", "2027-01-01"},
	} {
		r := runAt(t, dir, hrev117Now, "", append([]string{"year", "add"}, args...)...)
		assert.Equal(t, 2, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, "give each fiscal year once", args)
	}
	l := runAt(t, dir, hrev117Now, "", "year", "list")
	require.Equal(t, 0, l.code, l.stderr)
	assert.NotContains(t, l.stdout, "2027", "a refused 'year add' stored a year")

	r = runAt(t, dir, hrev117Now, "", "year", "add", "--start", "2027-01-01", "--year", "2028")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Fiscal year 2027: 01/01/2027 to 31/12/2027")
	assert.Contains(t, r.stdout, "Fiscal year 2028: 01/01/2028 to 31/12/2028")

	fresh := t.TempDir()
	r = runAt(t, fresh, hrev117Now, "", "init", "--year", "2026", "--start", "2026-01-01")
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "--year 2026 and --start 2026-01-01")
	_, err := os.Stat(filepath.Join(fresh, "book.db"))
	assert.ErrorIs(t, err, os.ErrNotExist, "a refused init made a book")
}

// TestHrev160StateOfAPayment: a payment has no payment state: 'state'
// says it is no invoice and how far its partner line is lettered
// (unmatched, partly_matched, matched) with what is not lettered yet, in
// text and JSON; an invoice's state is as it was.
func TestHrev160StateOfAPayment(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=120", "--line", "706000=-100@TVA20", "--line", "445710=-20@TVA20")
	ok(t, dir, "post", "--journal", "VT", "--date", "2026-03-03", "--type", "invoice", "--ref", "FA-2",
		"--line", "411000:C01=100", "--line", "706000=-100")
	ok(t, dir, "post", "--journal", "BQ", "--date", "2026-03-10", "--type", "payment", "--ref", "RC-1",
		"--line", "512000=120", "--line", "411000:C01=-120")
	ok(t, dir, "post", "--journal", "BQ", "--date", "2026-03-11", "--type", "payment", "--ref", "RC-2",
		"--line", "512000=300", "--line", "411000:C01=-300")
	ok(t, dir, "post", "--journal", "BQ", "--date", "2026-03-12", "--type", "payment", "--ref", "RC-3",
		"--line", "512000=50", "--line", "411000:C01=-50")
	ok(t, dir, "letter", "VT/2026/00001", "BQ/2026/00001")
	ok(t, dir, "letter", "VT/2026/00002", "BQ/2026/00002")

	r := ok(t, dir, "state", "BQ/2026/00001", "BQ/2026/00002", "BQ/2026/00003", "VT/2026/00001")
	assert.Regexp(t, `(?m)^BQ/2026/00001 +C01 +matched +total +120,00 +unlettered +0,00 +[A-Z]+ +\(payment: not an invoice, bill or credit note\)$`, r.stdout)
	assert.Regexp(t, `(?m)^BQ/2026/00002 +C01 +partly_matched +total +300,00 +unlettered +200,00 .*\(payment: not an invoice, bill or credit note\)$`, r.stdout)
	assert.Regexp(t, `(?m)^BQ/2026/00003 +C01 +unmatched +total +50,00 +unlettered +50,00 +\(payment: not an invoice, bill or credit note\)$`, r.stdout)
	assert.Regexp(t, `(?m)^VT/2026/00001 +C01 +paid +total +120,00 +due +0,00 +[A-Z]+$`, r.stdout)
	assert.NotContains(t, r.stdout, "not_paid")

	r = ok(t, dir, "--json", "state", "BQ/2026/00001", "BQ/2026/00002", "BQ/2026/00003", "VT/2026/00001")
	var out []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	require.Len(t, out, 4)
	for i, want := range []struct{ typ, state, residual string }{
		{"payment", "matched", "0.00"},
		{"payment", "partly_matched", "200.00"},
		{"payment", "unmatched", "50.00"},
	} {
		assert.Equal(t, want.typ, out[i]["type"], i)
		assert.Equal(t, want.state, out[i]["state"], i)
		assert.Equal(t, want.residual, out[i]["residual"], i)
	}
	assert.Equal(t, "paid", out[3]["state"])
	assert.NotContains(t, out[3], "type", "an invoice's state is a payment state")
}
