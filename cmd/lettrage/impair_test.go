package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A year end with a doubtful customer: 'impair' posts the impairment at
// the accountant's estimate, lists what is held, posts only the change
// when run again, and takes it back at zero the next year.
func TestImpairYearEnd(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	step := func(stdin string, args ...string) result {
		t.Helper()
		r := run(t, dir, stdin, args...)
		require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
		return r
	}
	step("", "year", "add")
	step(`{"journal":"VT","date":"2026-09-01","type":"invoice","ref":"FA-1","lines":[
		{"account":"411000","partner":"C01","debit":"2400.00"},
		{"account":"706000","credit":"2000.00"},
		{"account":"445710","credit":"400.00"}]}`, "post", "-")

	r := step("", "impair", "--date", "2026-12-31")
	assert.Contains(t, r.stdout, "No impairment held on 31/12/2026")

	r = step("", "impair", "--date", "2026-12-31", "C01=1 000,00", "--json")
	var out struct {
		Entries []struct {
			Number string `json:"number"`
			Lines  []struct {
				Account string `json:"account"`
				Partner string `json:"partner"`
				Balance string `json:"balance"`
			} `json:"lines"`
		} `json:"entries"`
		Impaired []struct {
			Partner  string `json:"partner"`
			Impaired string `json:"impaired"`
			Owed     string `json:"owed"`
		} `json:"impaired"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	require.Len(t, out.Entries, 1)
	var got []string
	for _, l := range out.Entries[0].Lines {
		got = append(got, l.Account+" "+l.Partner+" "+l.Balance)
	}
	assert.Equal(t, []string{"681740  1000.00", "491000 C01 -1000.00"}, got)
	require.Len(t, out.Impaired, 1)
	assert.Equal(t, "C01 1000.00 2400.00", out.Impaired[0].Partner+" "+out.Impaired[0].Impaired+" "+out.Impaired[0].Owed)

	r = step("", "impair", "--date", "2026-12-31", "C01=1000")
	assert.Contains(t, r.stdout, "Nothing to post")
	assert.Contains(t, r.stdout, "1\u202f000,00 of       2\u202f400,00 owed")

	r = step("", "impair", "--date", "2027-12-31", "C01=0")
	assert.Contains(t, r.stdout, "781740")
	assert.Contains(t, r.stdout, "No impairment held on 31/12/2027")
	step("", "verify")
}

func TestImpairBadInput(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, `{"journal":"VT","date":"2026-09-01","type":"invoice","lines":[
		{"account":"411000","partner":"C01","debit":"100.00"},{"account":"706000","credit":"100.00"}]}`, "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"impair"}, 2, "--date is required"},
		{[]string{"impair", "--date", "2026-13-01"}, 2, "--date"},
		{[]string{"impair", "--date", "2026-12-31", "C01"}, 2, "CUSTOMER=AMOUNT"},
		{[]string{"impair", "--date", "2026-12-31", "C01=abc"}, 2, "C01=abc"},
		{[]string{"impair", "--date", "2026-12-31", "C01=-5"}, 2, "zero or more"},
		{[]string{"impair", "--date", "2026-12-31", "C01=100.01"}, 1, "more than it owes"},
		{[]string{"impair", "--date", "2026-12-31", "ZZ=1"}, 1, "unknown partner"},
		{[]string{"impair", "--date", "2026-12-31", "C01=1", "C01=2"}, 2, "named twice"}, // a usage error, caught before the book is read
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s%s", c.args, r.stdout, r.stderr)
		assert.Contains(t, r.stderr, c.msg, c.args)
	}
	r = run(t, dir, "", "impair", "--date", "2026-12-31")
	assert.Contains(t, r.stdout, "No impairment held", "the refusals wrote nothing")
}

// --id makes impair replayable: the same id and estimates replay, another
// estimate under it is refused and writes nothing.
func TestImpairOperationID(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, `{"journal":"VT","date":"2026-09-01","type":"invoice","lines":[
		{"account":"411000","partner":"C01","debit":"100.00"},{"account":"706000","credit":"100.00"}]}`, "post", "-")
	require.Equal(t, 0, r.code, r.stderr)
	id := "01890a5d-ac96-774b-bcce-b302099a8057"
	r = run(t, dir, "", "impair", "--date", "2026-12-31", "C01=40", "--id", id)
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "impair", "--date", "2026-12-31", "C01=40", "--id", id, "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"replay": true`)
	r = run(t, dir, "", "impair", "--date", "2026-12-31", "C01=50", "--id", id)
	assert.Equal(t, 1, r.code, r.stdout)
	r = run(t, dir, "", "impair", "--date", "2026-12-31")
	assert.Contains(t, r.stdout, "40,00")
}
