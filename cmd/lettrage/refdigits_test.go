package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// auto names an invoice by its digits ("Facture 2026-00002" for
// VT/2026/00002) unless --exact-references is given.
func TestAutoReferenceDigits(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, args := range [][]string{
		{"post", "--journal", "VT", "--date", "2026-03-01", "--type", "invoice", "--line", "411000:C01=500.00", "--line", "706000=-500.00"},
		{"post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--line", "411000:C01=500.00", "--line", "706000=-500.00"},
		{"post", "--journal", "BQD", "--date", "2026-03-10", "--type", "payment", "--label", "Facture 2026-00002",
			"--line", "512000=500.00", "--line", "411000:C01=-500.00"},
	} {
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, r.stderr)
	}
	var sum struct {
		Applied int `json:"applied"`
	}
	r := run(t, dir, "", "auto", "--account", "411000", "--exact-references", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &sum))
	require.Equal(t, 0, sum.Applied, "two invoices of 500,00: ambiguous")
	r = run(t, dir, "", "auto", "--account", "411000", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &sum))
	require.Equal(t, 1, sum.Applied)
	r = run(t, dir, "", "state", "VT/2026/00001", "VT/2026/00002")
	require.Equal(t, 0, r.code, r.stderr)
	require.Regexp(t, `VT/2026/00001\s+C01\s+not_paid\s`, r.stdout)
	require.Regexp(t, `VT/2026/00002\s+C01\s+paid\s`, r.stdout)
}
