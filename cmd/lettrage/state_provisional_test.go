package main_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStateShowsProvisionalCode pays an invoice of 120,00 in two parts:
// between them state prints the open group's lowercase provisional code,
// the same for the invoice and the first payment, and marks it so in
// JSON; once paid, the match's code, not provisional.
func TestStateShowsProvisionalCode(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=120", "--line", "707000=-100", "--line", "445710=-20")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "pay", "--date", "2026-03-20", "VT/2026/00001", "--amount", "50")
	require.Equal(t, 0, r.code, r.stderr)

	type state struct {
		Number      string `json:"number"`
		State       string `json:"state"`
		Code        string `json:"code"`
		Provisional bool   `json:"provisional"`
	}
	states := func() []state {
		t.Helper()
		r := run(t, dir, "", "state", "VT/2026/00001", "BQD/2026/00001", "--json")
		require.Equal(t, 0, r.code, r.stderr)
		var ss []state
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &ss), r.stdout)
		require.Len(t, ss, 2)
		return ss
	}
	ss := states()
	assert.Equal(t, "partial", ss[0].State)
	assert.Regexp(t, regexp.MustCompile(`^[a-z]{4}$`), ss[0].Code)
	assert.True(t, ss[0].Provisional)
	assert.Equal(t, ss[0].Code, ss[1].Code, "one open group, one code")
	assert.True(t, ss[1].Provisional)

	r = run(t, dir, "", "state", "VT/2026/00001")
	require.Equal(t, 0, r.code, r.stderr)
	assert.True(t, strings.HasSuffix(strings.TrimRight(r.stdout, "\n"), "  "+ss[0].Code), r.stdout)

	r = run(t, dir, "", "pay", "--date", "2026-03-25", "VT/2026/00001")
	require.Equal(t, 0, r.code, r.stderr)
	ss = states()
	assert.Equal(t, "paid", ss[0].State)
	assert.Equal(t, "AAA", ss[0].Code)
	assert.False(t, ss[0].Provisional)
	assert.Equal(t, ss[0], state{Number: "VT/2026/00001", State: "paid", Code: "AAA"})
}
