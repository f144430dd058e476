package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type hrev200Out struct {
	At        string `json:"at"`
	Rate      string `json:"rate"`
	Customers []struct {
		Partner     string `json:"partner"`
		Penalties   string `json:"penalties"`
		Indemnities string `json:"indemnities"`
		Total       string `json:"total"`
		Invoices    []struct {
			Number    string `json:"number"`
			Days      int    `json:"days"`
			Penalty   string `json:"penalty"`
			Indemnity string `json:"indemnity"`
		} `json:"invoices"`
	} `json:"customers"`
	Total   string `json:"total"`
	Replay  bool   `json:"replay"`
	Entries []struct {
		Number string `json:"number"`
	} `json:"entries"`
}

func hrev200JSON(t *testing.T, dir string, args ...string) hrev200Out {
	t.Helper()
	r := run(t, dir, "", append(args, "--json")...)
	require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	var out hrev200Out
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	return out
}

// hrev200Book: an invoice of 1 200,00 to C01 due 31/01, 600,00 paid on
// 02/03 (the French chart has the penalty accounts).
func hrev200Book(t *testing.T) string {
	t.Helper()
	dir := newBook(t)
	hrev185Steps(t, dir,
		[]string{"post", "--journal", "VT", "--date", "2026-01-02", "--type", "invoice", "--due", "2026-01-31",
			"--line", "411000:C01=1200.00", "--line", "706000=-1200.00"},
		[]string{"pay", "VT/2026/00001", "--amount", "600", "--date", "2026-03-02"},
	)
	return dir
}

// 600 × 30 + 600 × 59 = 53 400 × 0,1215 / 365 = 17,78, and 40,00.
func TestHrev200DunningPenaltiesListPostReplay(t *testing.T) {
	t.Parallel()
	dir := hrev200Book(t)
	list := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-03-31", "--rate", "12,15")
	require.Len(t, list.Customers, 1)
	c := list.Customers[0]
	assert.Equal(t, "C01", c.Partner)
	assert.Equal(t, "17.78", c.Penalties)
	assert.Equal(t, "40.00", c.Indemnities)
	require.Len(t, c.Invoices, 1)
	assert.Equal(t, 89, c.Invoices[0].Days)
	assert.Equal(t, "57.78", list.Total)

	r := run(t, dir, "", "dunning", "penalties", "C01", "--date", "2026-03-31", "--rate", "12.15")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "17,78 of penalties at 12,15 %")

	id := "0b7c3f0e-8a43-4f57-9b8f-3c1f2d9e4a10"
	posted := hrev200JSON(t, dir, "dunning", "penalties", "C01", "--date", "2026-03-31", "--rate", "12.15", "--post", "--id", id)
	require.Len(t, posted.Entries, 1)
	assert.False(t, posted.Replay)
	before, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	again := hrev200JSON(t, dir, "dunning", "penalties", "C01", "--date", "2026-03-31", "--rate", "12.15", "--post", "--id", id)
	assert.True(t, again.Replay)
	require.Len(t, again.Entries, 1)
	assert.Equal(t, posted.Entries[0].Number, again.Entries[0].Number)
	after, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	assert.Equal(t, len(before), len(after))

	// A month later: only what accrued since, 600 × 30 days = 5,99.
	later := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-04-30", "--rate", "12.15")
	require.Len(t, later.Customers, 1)
	assert.Equal(t, "5.99", later.Total)

	// Reversing the penalty invoice makes them count again.
	hrev185Steps(t, dir, []string{"reverse", posted.Entries[0].Number, "--date", "2026-04-01"})
	back := hrev200JSON(t, dir, "dunning", "penalties", "--date", "2026-03-31", "--rate", "12.15")
	assert.Equal(t, "57.78", back.Total)
	hrev185Steps(t, dir, []string{"verify"})
}

// Usage errors exit 2; a locked date or an unknown customer exit 1; none
// writes anything.
func TestHrev200DunningPenaltiesRefused(t *testing.T) {
	t.Parallel()
	dir := hrev200Book(t)
	hrev185Steps(t, dir, []string{"lock", "--period", "2026-03-31"})
	before, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	for _, c := range []struct {
		code int
		args []string
	}{
		{2, []string{"--rate", "12.15"}},
		{2, []string{"--date", "2026-04-30"}},
		{2, []string{"--date", "2026-04-30", "--rate", "-1"}},
		{2, []string{"--date", "2026-04-30", "--rate", "1215"}},
		{2, []string{"--date", "2026-04-30", "--rate", "douze"}},
		{2, []string{"--date", "2026-04-30", "--rate", "12.15", "--id", "x", "--post"}},
		{2, []string{"--date", "2026-04-30", "--rate", "12.15", "--journal", "VT"}},
		{2, []string{"C01", "C02", "--date", "2026-04-30", "--rate", "12.15"}},
		{1, []string{"NOPE", "--date", "2026-04-30", "--rate", "12.15", "--post"}},
		{1, []string{"--date", "2026-03-31", "--rate", "12.15", "--post"}},
	} {
		r := run(t, dir, "", append([]string{"dunning", "penalties"}, c.args...)...)
		assert.Equal(t, c.code, r.code, "%v: %s%s", c.args, r.stdout, r.stderr)
		assert.NotEmpty(t, r.stderr, "%v", c.args)
	}
	after, err := os.ReadFile(filepath.Join(dir, "book.db"))
	require.NoError(t, err)
	assert.Equal(t, before, after)
	r := run(t, dir, "", "dunning", "penalties", "--help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout+r.stderr, "--rate")
}
