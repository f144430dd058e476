package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A JSON entry on 'post -' is read like a CSV record: debit and credit are
// amounts on their side, never negative, never both. 'import entries'
// refuses "-10,00" in the debit column ("negative debit or credit: put
// the amount on the other side") and a line with both; 'post -' took
// {"debit":"-10"} as a credit of 10,00 and posted it (exit 0), and said of
// {"debit":"10","credit":"10"} that the line "has neither balance nor
// currency amount". FAILS.
func TestReview25PostJSONSignedAmounts(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, `{"journal":"OD","date":"2026-04-01","ref":"X1","lines":[
		{"account":"627000","debit":"-10.00"},{"account":"512000","credit":"-10.00"}]}`, "post", "-")
	assert.Equal(t, 1, r.code, "a negative debit is refused, as by import entries\n%s", r.stdout)
	assert.Contains(t, r.stderr, "negative")
	assert.Empty(t, r.stdout, "nothing posted")

	r = run(t, dir, `{"journal":"OD","date":"2026-04-01","ref":"X2","lines":[
		{"account":"627000","debit":"10.00","credit":"10.00"},{"account":"512000","credit":"0"}]}`, "post", "-")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "both a debit and a credit", "the mistake named as import entries names it")

	r = run(t, dir, "", "export", "csv", "--year", "2026")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "627000", "nothing written on error")
}

// Errors name lines as the documentation says (doc.go: "lines by their
// entry's number and 0-based index (VT/2026/00042:0); errors name them
// so") and as 'post' prints them (0, 1, 2…). 'unletter VT/2026/00001'
// (line :0) failed with "line is not lettered: line 1 of VT/2026/00001",
// and 'letter …:1' with "line 2 of VT/2026/00001": a 1-based count an
// accountant reads as the index of another line. FAILS.
func TestReview25ErrorsNameLinesByIndex(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=120", "--line", "707000=-100", "--line", "445710=-20")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "  0 411000")

	r = run(t, dir, "", "unletter", "VT/2026/00001")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "VT/2026/00001:0")
	assert.NotContains(t, r.stderr, "line 1 of VT/2026/00001", "line :0 called line 1")

	r = run(t, dir, "", "letter", "VT/2026/00001:1")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "VT/2026/00001:1")
	assert.NotContains(t, r.stderr, "line 2 of VT/2026/00001", "line :1 called line 2")
}
