package main_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review 21: `account list` and `journal list`.

// `account list` prints columns (code, kind, marks, name) that a reader
// takes by position, as its help says: "code, kind, L for a lettrable
// (reconcilable) account, - for an inactive one, name". The kind column
// is 22 wide, and the chart's 477000 is of kind unrealised_fx_liability,
// 23 letters: its marks and name stand one column right of every other
// row's (the L of a lettrable account would fall under the inactive
// mark). Every row's name must start where the others' do. FAILS.
func TestReview21AccountListColumns(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "account", "list")
	require.Equal(t, 0, r.code, r.stderr)
	rows := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	require.NotEmpty(t, rows)
	// The name column of 411000 ("L  Clients"), a row of a short kind.
	var ref int
	for _, l := range rows {
		if strings.HasPrefix(l, "411000 ") {
			ref = strings.Index(l, "Clients")
		}
	}
	require.NotZero(t, ref)
	for _, l := range rows {
		if strings.HasPrefix(l, "476000 ") || strings.HasPrefix(l, "477000 ") {
			assert.Equal(t, ref, strings.Index(l, "Différences"), "the name column of %q", l)
		}
	}
}

// `account list --json` and `journal list --json` name kinds as `account
// add --kind` and `journal add --kind` take them, and an account's JSON
// tells a lettrable accrual, a bank journal's its account. Every kind the
// chart prints is one `account add --kind` accepts. PASSES.
func TestReview21ListsJSONRoundTrip(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := run(t, dir, "", "account", "list", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var accts []struct {
		Code, Name, Kind     string
		Reconcilable, Active bool
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &accts))
	kinds := map[string]bool{}
	for _, a := range accts {
		assert.True(t, a.Active, a.Code)
		kinds[a.Kind] = true
	}
	n := 0
	for k := range kinds {
		n++
		code := "47" + string(rune('0'+n/10)) + string(rune('0'+n%10)) + "99"
		r := run(t, dir, "", "account", "add", "--name", "x", "--kind", k, code)
		assert.Equal(t, 0, r.code, "--kind %s: %s", k, r.stderr)
	}
	r = run(t, dir, "", "journal", "list", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var js []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &js))
	for _, j := range js {
		if j["code"] == "BQ" {
			assert.Equal(t, "512000", j["bank_account"])
			assert.Equal(t, "bank", j["kind"])
		}
		_, hasRaw := j["Kind"]
		assert.False(t, hasRaw, "snake_case keys only: %v", j)
	}
}
