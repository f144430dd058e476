package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A bank fee that matches nothing: import --match lists it, statement open
// lists it, closing the year is refused while it waits; statement post
// books it to 627000 (replayed, not posted twice, with the same --id), and
// the year closes. Bad input posts nothing.
func TestStatementPostUnmatchedLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyTestdata(t, dir, "camt053-fee.xml")
	must(t, dir, "", "init", "--year", "2026,2027")
	must(t, dir, "", "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189")
	r := must(t, dir, "", "import", "camt053", "camt053-fee.xml", "--match")
	assert.Contains(t, r.stdout, "left to post: BNP")
	assert.Contains(t, r.stdout, "FR-04")

	r = must(t, dir, "", "statement", "open", "--json")
	var open []struct{ Journal, Statement, Ref, Date, Amount string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &open), r.stdout)
	require.Len(t, open, 1)
	assert.Equal(t, "FR-04", open[0].Ref)
	assert.Equal(t, "-12.50", open[0].Amount)
	assert.Equal(t, "2026-04-30", open[0].Date)
	stmt := open[0].Statement

	r = runAt(t, dir, r25Now, "", "close", "--year", "2026", "--by", "alice")
	assert.Equal(t, 1, r.code, "a year with an unposted statement line stays open")

	// Bad input: an unknown line, an unknown account; nothing posted.
	r = run(t, dir, "", "statement", "post", "BNP", stmt, "NOPE", "--account", "627000")
	assert.Equal(t, 1, r.code)
	r = run(t, dir, "", "statement", "post", "BNP", stmt, "FR-04", "--account", "999999")
	assert.Equal(t, 1, r.code)
	r = run(t, dir, "", "statement", "post", "BNP", stmt)
	assert.Equal(t, 2, r.code, "three arguments: %s", r.stderr)
	assert.Len(t, mustOpen(t, dir), 1, "nothing posted on error")

	const id = "8a1f3c5e-2b7d-4e9f-a6c1-0d2e4f6a8b9c"
	r = must(t, dir, "", "statement", "post", "BNP", stmt, "FR-04", "--account", "627000", "--id", id)
	assert.Contains(t, r.stdout, "Posted BNP/2026/00001: statement line "+stmt+" FR-04 to 627000")
	must(t, dir, "", "statement", "post", "BNP", stmt, "FR-04", "--account", "627000", "--id", id)
	assert.Empty(t, mustOpen(t, dir))
	r = runAt(t, dir, r25Now, "", "report", "journals", "--journal", "BNP", "--year", "2026", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "627000")
	assert.NotContains(t, r.stdout, "BNP/2026/00002", "replayed, not posted twice")

	r = runAt(t, dir, r25Now, "", "close", "--year", "2026", "--by", "alice")
	assert.Equal(t, 0, r.code, r.stderr)
}

func mustOpen(t *testing.T, dir string) []json.RawMessage {
	t.Helper()
	var open []json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(must(t, dir, "", "statement", "open", "--json").stdout), &open))
	return open
}

// statement open refuses a journal that receives no statements; statement
// post takes a partner for a receivable account (a refund to a customer).
func TestStatementPostToAPartner(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyTestdata(t, dir, "camt053-fee.xml")
	must(t, dir, "", "init", "--year", "2026,2027")
	must(t, dir, "", "journal", "add", "BNP", "--kind", "bank", "--iban", "FR7630006000011234567890189")
	must(t, dir, "", "partner", "add", "C1", "--name", "Client Un")
	must(t, dir, "", "import", "camt053", "camt053-fee.xml")
	r := run(t, dir, "", "statement", "open", "OD")
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "not a bank journal")
	stmt := "STMT-FEE-2026-04"
	r = run(t, dir, "", "statement", "post", "BNP", stmt, "FR-04", "--account", "411000")
	assert.Equal(t, 1, r.code, "a receivable line needs a partner")
	r = must(t, dir, "", "statement", "post", "BNP", stmt, "FR-04", "--account", "411000", "--partner", "C1")
	assert.Contains(t, r.stdout, "to 411000")
	assert.Empty(t, mustOpen(t, dir))
}
