package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Invoices of 1 March without a due date: the professional C01 without
// terms owes it from 31 March (30 days), P45 on its terms of 45 days (15
// April), the consumer P02 at once. The list, and the formal notice sent,
// quote those due dates and the days counted from them.
func TestHrev224DunningWithoutDueDate(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev185Steps(t, dir,
		[]string{"partner", "add", "P45", "--terms", "45"},
		[]string{"partner", "add", "P02", "--consumer"},
		[]string{"post", "--journal", "VT", "--date", "2026-03-01", "--type", "invoice", "--line", "411000:C01=100.00", "--line", "706000=-100.00"},
		[]string{"post", "--journal", "VT", "--date", "2026-03-01", "--type", "invoice", "--line", "411000:P45=200.00", "--line", "706000=-200.00"},
		[]string{"post", "--journal", "VT", "--date", "2026-03-01", "--type", "invoice", "--line", "411000:P02=300.00", "--line", "706000=-300.00"},
	)
	type item struct {
		Due         string `json:"due"`
		DaysOverdue int    `json:"days_overdue"`
		Level       int    `json:"level"`
	}
	list := func(at string) map[string]item {
		t.Helper()
		r := run(t, dir, "", "dunning", "list", "--at", at, "--json")
		require.Equal(t, 0, r.code, r.stderr)
		var out struct {
			Customers []struct {
				Partner string `json:"partner"`
				Items   []item `json:"items"`
			} `json:"customers"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
		got := map[string]item{}
		for _, c := range out.Customers {
			require.Len(t, c.Items, 1, c.Partner)
			got[c.Partner] = c.Items[0]
		}
		return got
	}
	assert.Equal(t, map[string]item{"P02": {"2026-03-01", 10, 0}}, list("2026-03-11"))
	assert.Equal(t, map[string]item{"C01": {"2026-03-31", 1, 0}, "P02": {"2026-03-01", 31, 2}}, list("2026-04-01"))
	assert.Equal(t, map[string]item{"C01": {"2026-03-31", 45, 3}, "P45": {"2026-04-15", 30, 2}, "P02": {"2026-03-01", 75, 3}},
		list("2026-05-15"))

	r := run(t, dir, "", "dunning", "list", "--at", "2026-05-15", "--partner", "C01")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "due 31/03/2026   45 days")

	out := filepath.Join(dir, "relances")
	require.NoError(t, os.Mkdir(out, 0o755))
	r = run(t, dir, "", "dunning", "send", "--at", "2026-05-15", "--partner", "C01", "--company", "Atelier", "--dir", "relances")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	letter := filepath.Join(out, "relance-C01-2026-05-15.pdf")
	_, err := os.Stat(letter)
	require.NoError(t, err)
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", "-layout", letter, "-").Output()
		require.NoError(t, err)
		assert.Contains(t, string(txt), "mettons en demeure")
		assert.Regexp(t, `01/03/2026\s+31/03/2026\s+45\s`, string(txt))
	}
}
