package main_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// report statement --at is the statement as the partner stood that day:
// an invoice of 1 200,00 paid 500,00 on 10 March reads 1 200,00 due at
// 5 March, 700,00 at 31 March; the title says the date. A date that is
// none is refused.
func TestReportStatementAt(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	for _, args := range [][]string{
		{"post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
			"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20"},
		{"pay", "--amount", "500.00", "--date", "2026-03-10", "VT/2026/00001"},
	} {
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, r.stderr)
	}
	residual := func(at string) string {
		args := []string{"report", "statement", "C01", "--csv"}
		if at != "" {
			args = append(args, "--at", at)
		}
		r := run(t, dir, "", args...)
		require.Equal(t, 0, r.code, r.stderr)
		for _, l := range strings.Split(r.stdout, "\n") {
			if strings.Contains(l, "FA-1") {
				f := strings.Split(l, ",")
				return f[len(f)-6] // Residual, before Discount, Until, Currency, Residual in currency and Running balance
			}
		}
		return r.stdout
	}
	assert.Equal(t, "1200.00", residual("2026-03-05"))
	assert.Equal(t, "700.00", residual("2026-03-31"))
	assert.Equal(t, "700.00", residual(""))
	r := run(t, dir, "", "report", "statement", "C01", "--at", "2026-03-05")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "on 411000 at 05/03/2026")
	r = run(t, dir, "", "report", "statement", "C01", "--at", "2026-02-30")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--at")
}
