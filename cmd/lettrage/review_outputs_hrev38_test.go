package main_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev38Now is the day the book is worked on.
const hrev38Now = "2026-06-30T12:00:00Z"

// hrev38Book: C01 owes VT/2026/00001 360,00 (due 01/07) and pays 359,97
// on 20/06 saying only "VIREMENT"; C02 owes VT/2026/00002 100,00 and
// VT/2026/00003 50,00 and pays 80,00 and 70,00 without a word.
func hrev38Book(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	step := func(args ...string) {
		t.Helper()
		r := runAt(t, dir, hrev38Now, "", args...)
		require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	}
	step("init", "--year", "2026")
	step("partner", "add", "C01", "C02")
	step("post", "--journal", "VT", "--date", "2026-06-01", "--type", "invoice", "--ref", "FA-1", "--due", "2026-07-01",
		"--line", "411000:C01=360.00", "--line", "706000=-300.00", "--line", "445710=-60.00")
	step("post", "--journal", "VT", "--date", "2026-06-02", "--type", "invoice", "--ref", "FA-2", "--due", "2026-07-02",
		"--line", "411000:C02=100.00", "--line", "706000=-100.00")
	step("post", "--journal", "VT", "--date", "2026-06-03", "--type", "invoice", "--ref", "FA-3", "--due", "2026-07-03",
		"--line", "411000:C02=50.00", "--line", "706000=-50.00")
	step("pay", "--date", "2026-06-20", "--partner", "C01", "--amount", "359.97", "--label", "VIREMENT")
	step("pay", "--date", "2026-06-21", "--partner", "C02", "--amount", "80.00", "--label", "VIREMENT")
	step("pay", "--date", "2026-06-22", "--partner", "C02", "--amount", "70.00", "--label", "VIREMENT")
	return dir
}

// Was failing, fixed: 'lettrage auto' letters and posts a write-off, then prints only
// counts ("2 proposals, 2 applied: … 1 entry posted", "tolerance 1"): not
// which payment went with which invoice, not the 0,03 written off nor the
// entry posted for it, and its --json has no proposal either. DESIGN §11:
// a proposal carries "a sentence a person can check" — the accountant who
// runs auto must be able to read, for each lettering made, its documents
// and its reason, as the library's own example prints them.
func TestHrev38AutoPrintsEachProposalReason(t *testing.T) {
	t.Parallel()
	dir := hrev38Book(t)
	r := runAt(t, dir, hrev38Now, "", "auto", "--all", "--tolerance", "0.05")
	require.Equal(t, 0, r.code, r.stderr)
	for _, want := range []string{"VT/2026/00001", "BQD/2026/00001", "0,03", "written off", "VT/2026/00002", "VT/2026/00003", "BQD/2026/00002", "BQD/2026/00003"} {
		assert.Contains(t, r.stdout, want, "auto says what it lettered and why")
	}

	dir = hrev38Book(t)
	r = runAt(t, dir, hrev38Now, "", "auto", "--all", "--tolerance", "0.05", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Contains(t, r.stdout, `"reason"`, "the JSON lists each proposal with its reason")
	assert.Contains(t, r.stdout, "VT/2026/00001")
}

// Was failing, fixed: 'lettrage auto' has no way to read the proposals before they are
// written: it applies at once (no --dry-run, no --apply; both are refused
// as undefined flags, exit 2). DESIGN §11: "Proposals first, writes
// second: propose(scope, rules) reads and returns proposals; apply letters
// them" — an accountant checks automatic letterings (and the write-offs
// they post) before they go into the book. Expected: a preview flag
// (--dry-run here; the name is a proposal) that prints the proposals with
// their reasons and writes nothing.
func TestHrev38AutoPreviewWritesNothing(t *testing.T) {
	t.Parallel()
	dir := hrev38Book(t)
	r := runAt(t, dir, hrev38Now, "", "auto", "--all", "--tolerance", "0.05", "--dry-run")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "VT/2026/00001")
	s := runAt(t, dir, hrev38Now, "", "state", "VT/2026/00001", "VT/2026/00002")
	require.Equal(t, 0, s.code, s.stderr)
	assert.Equal(t, 2, strings.Count(s.stdout, "not_paid"), "nothing lettered by a preview\n%s", s.stdout)
}

// Was failing, fixed: a period whose --to is before its --from is a mistake in the
// flags, yet auto, report ledger, report journals and report vat exit 1
// (an error of the book) instead of 2 (usage, DESIGN §14 "exit codes (0 ok,
// 1 error, 2 usage)"), and their messages do not name the flags to fix:
// "reconcile: invalid lettering scope: the range ends (2026-01-01) before
// it starts (2026-06-01)", "report: bad period: … From is after To" (Go
// field names), "journal: invalid date: the period ends on 2026-01-01…" —
// three wordings, two date formats, for one mistake.
func TestHrev38InvertedPeriodIsAUsageError(t *testing.T) {
	t.Parallel()
	dir := hrev38Book(t)
	for _, args := range [][]string{
		{"auto", "--all"},
		{"report", "ledger"},
		{"report", "journals"},
		{"report", "vat"},
	} {
		r := runAt(t, dir, hrev38Now, "", append(args, "--from", "2026-06-01", "--to", "2026-01-01")...)
		assert.Equal(t, 2, r.code, "%v: a usage error\n%s", args, r.stderr)
		assert.Contains(t, r.stderr, "--to", "%v names the flag to fix", args)
		assert.Contains(t, r.stderr, "--from", "%v names the flag to fix", args)
		assert.NotContains(t, r.stderr, "From is after To", "%v: not a Go field name", args)
	}
}

// Was failing, fixed: 'report aged --json' gives the first bucket "not due" the lower
// bound "from": -2147483648 (math.MinInt32 leaking out) and the last
// bucket "> 90" the upper bound "to": -1, so a program reading the JSON
// sees a bucket of 91 to -1 days. An open end is no bound: null (or
// absent), as the text report says "not due" and "> 90".
func TestHrev38AgedJSONOpenBuckets(t *testing.T) {
	t.Parallel()
	dir := hrev38Book(t)
	r := runAt(t, dir, hrev38Now, "", "report", "aged", "--at", "2026-06-30", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var out []struct {
		Buckets []struct {
			Label string `json:"label"`
			From  *int   `json:"from"`
			To    *int   `json:"to"`
		} `json:"buckets"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	require.NotEmpty(t, out)
	bs := out[0].Buckets
	require.Len(t, bs, 5)
	assert.Nil(t, bs[0].From, "not due has no lower bound, not -2147483648")
	assert.Nil(t, bs[4].To, "> 90 has no upper bound, not -1")
	assert.NotContains(t, r.stdout, "-2147483648")
}

// Was failing, fixed: 'lettrage post' and 'lettrage init' echo dates in ISO form
// ("VT/2026/00001 2026-06-01 invoice FA-1", "Fiscal year 2026: 2026-01-01
// to 2026-12-31") while every report, statement and lettering list of the
// same command prints dd/mm/yyyy ("Aged balance at 30/06/2026", "Journals
// 01/06/2026 – 30/06/2026"). The text output is for a French reader and
// should be consistent (the command reads both forms as input; JSON keeps
// ISO).
func TestHrev38PostAndInitEchoFrenchDates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runAt(t, dir, hrev38Now, "", "init", "--year", "2026")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "01/01/2026")
	assert.NotContains(t, r.stdout, "2026-01-01")
	require.Equal(t, 0, runAt(t, dir, hrev38Now, "", "partner", "add", "C01").code)
	r = runAt(t, dir, hrev38Now, "", "post", "--journal", "VT", "--date", "2026-06-01", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=360.00", "--line", "706000=-360.00")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "VT/2026/00001 01/06/2026 invoice FA-1")
}
