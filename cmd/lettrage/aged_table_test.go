package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The balance âgée names each partner beside its code, as the balances
// and ledgers do, closes each account with its total (its balance at the
// date, customers and suppliers apart), and is written as CSV and XLSX
// like the other reports; its JSON is the aged balances' own.
func TestReportAgedTable(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, args := range [][]string{
		{"partner", "add", "C7", "--name", "Boulangerie Martin"},
		{"partner", "add", "S7", "--name", "Moulins de France"},
		{"post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1", "--due", "2026-04-01",
			"--line", "411000:C7=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20"},
		{"post", "--journal", "AC", "--date", "2026-06-02", "--type", "invoice", "--ref", "F-9", "--due", "2026-06-10",
			"--line", "401000:S7=-600.00", "--line", "607000=600.00"},
	} {
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, r.stderr)
	}
	r := run(t, dir, "", "report", "aged", "--at", "2026-06-30")
	require.Equal(t, 0, r.code, r.stderr)
	out := strings.ReplaceAll(r.stdout, "\u202f", " ")
	assert.Contains(t, out, "Aged balance at 30/06/2026 (days past due date)")
	assert.Regexp(t, `(?m)^411000 +C7 +Boulangerie Martin +0,00 +0,00 +0,00 +1 200,00 +0,00 +1 200,00 *$`, out)
	assert.Regexp(t, `(?m)^411000 +Total Clients +0,00 +0,00 +0,00 +1 200,00 +0,00 +1 200,00 *$`, out)
	assert.Regexp(t, `(?m)^401000 +S7 +Moulins de France +0,00 +-600,00 +0,00 +0,00 +0,00 +-600,00 *$`, out)
	assert.Regexp(t, `(?m)^401000 +Total Fournisseurs +0,00 +-600,00`, out)
	assert.NotContains(t, out, "600,00 +1 200", "customers and suppliers are not summed")

	r = run(t, dir, "", "report", "aged", "--at", "2026-06-30", "--account", "411000", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Row,Account,Partner,Name,not due,1-30,31-60,61-90,> 90,Total,Currency\n"+
		"detail,411000,C7,Boulangerie Martin,0.00,0.00,0.00,1200.00,0.00,1200.00,\n"+
		"total,411000,,Total Clients,0.00,0.00,0.00,1200.00,0.00,1200.00,\n", r.stdout)

	r = run(t, dir, "", "report", "aged", "--at", "2026-06-30", "--xlsx", "aged.xlsx")
	require.Equal(t, 0, r.code, r.stderr)
	st, err := os.Stat(filepath.Join(dir, "aged.xlsx"))
	require.NoError(t, err)
	assert.Positive(t, st.Size())

	r = run(t, dir, "", "report", "aged", "--at", "2026-06-30", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var js []struct {
		CompanyTotal string `json:"company_total"`
		Rows         []struct{ Partner string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &js), r.stdout)
	require.Len(t, js, 2)
	assert.Equal(t, "-600.00", js[0].CompanyTotal)
	assert.Equal(t, "1200.00", js[1].CompanyTotal)

	r = run(t, dir, "", "report", "aged", "--csv", "--xlsx", "x.xlsx")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--csv or --xlsx, not both")
}

// --buckets sets the overdue buckets: 1 200,00 due on 1 April, 90 days
// past due on 30 June, is in 61-90 by default and in "> 60" with
// buckets of 15, 30 and 60 days. Bounds that do not rise, or are no
// numbers, are refused with nothing printed.
func TestReportAgedBuckets(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, args := range [][]string{
		{"partner", "add", "C7", "--name", "Boulangerie Martin"},
		{"post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1", "--due", "2026-04-01",
			"--line", "411000:C7=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20"},
	} {
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, r.stderr)
	}
	r := run(t, dir, "", "report", "aged", "--at", "2026-06-30", "--account", "411000", "--csv", "--buckets", "15,30,60")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Row,Account,Partner,Name,not due,1-15,16-30,31-60,> 60,Total,Currency\n"+
		"detail,411000,C7,Boulangerie Martin,0.00,0.00,0.00,0.00,1200.00,1200.00,\n"+
		"total,411000,,Total Clients,0.00,0.00,0.00,0.00,1200.00,1200.00,\n", r.stdout)
	for _, bad := range []string{"60,30", "0,30", "30,x", "30,30"} {
		r = run(t, dir, "", "report", "aged", "--at", "2026-06-30", "--buckets", bad)
		assert.NotEqual(t, 0, r.code, bad)
		assert.Empty(t, r.stdout, bad)
		assert.Contains(t, r.stderr, "bucket", bad)
	}
}
