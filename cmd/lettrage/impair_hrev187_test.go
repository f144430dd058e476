package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Refusals exit 1 (2 for usage) and write nothing, with and without
// --json; a good run in French notation posts, --json lists what is held.
func TestHrev187ImpairCLI(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, `{"journal":"VT","date":"2026-09-01","type":"invoice","lines":[
		{"account":"411000","partner":"C01","debit":"2400.00"},{"account":"706000","credit":"2000.00"},{"account":"445710","credit":"400.00"}]}`, "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"impair", "--date", "2026-12-31", "C01=2400.01", "--json"}, 1, "more than it owes"},
		{[]string{"impair", "--date", "2026-12-31", "C02=1"}, 1, "more than it owes"},
		{[]string{"impair", "--date", "2030-12-31", "C01=1"}, 1, ""},
		{[]string{"impair", "--date", "2026-12-31", "--journal", "XX", "C01=1"}, 1, "XX"},
		{[]string{"impair", "--date", "2026-12-31", "C01=1,001"}, 2, "C01=1,001"},
		{[]string{"impair", "--date", "2026-12-31", "=1"}, 2, "CUSTOMER=AMOUNT"},
		{[]string{"impair", "--date", "2026-12-31", "C01=1", "C03=1"}, 1, "C03"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s%s", c.args, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, c.msg, c.args)
		assert.Empty(t, r.stdout, "%v: a refusal prints nothing on stdout", c.args)
	}
	r = run(t, dir, "", "impair", "--date", "2026-12-31", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var out struct {
		Entries  []json.RawMessage `json:"entries"`
		Impaired []json.RawMessage `json:"impaired"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Empty(t, out.Entries)
	assert.Empty(t, out.Impaired, "the refusals wrote nothing")

	r = run(t, dir, "", "impair", "--date", "2026-12-31", "C01=1 500,00", "C02=0", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Len(t, out.Entries, 1)
	require.Len(t, out.Impaired, 1)
	var held struct{ Partner, Impaired, Owed string }
	require.NoError(t, json.Unmarshal(out.Impaired[0], &held))
	assert.Equal(t, "C01 1500.00 2400.00", held.Partner+" "+held.Impaired+" "+held.Owed)
	r = run(t, dir, "", "verify")
	assert.Equal(t, 0, r.code, r.stderr)
}
