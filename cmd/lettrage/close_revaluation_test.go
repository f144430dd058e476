package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCloseStaleRevaluation: a dollar invoice posted into the year after
// its closing revaluation makes 'lettrage close' refuse the year (exit
// 1), naming the customer and the command that posts what is missing;
// run, it lets the closing through.
func TestCloseStaleRevaluation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hrev181Step(t, dir, "", "init", "--year", "2025,2026")
	hrev181Step(t, dir, "", "partner", "add", "C01", "C02")
	invoice := func(partner, date string) string {
		return `{"journal":"VT","date":"` + date + `","type":"invoice","currency":"USD","lines":[{"account":"411000","partner":"` + partner +
			`","debit":"1000.00","amount_currency":"1100.00"},{"account":"706000","credit":"1000.00","amount_currency":"-1100.00"}]}`
	}
	hrev181Step(t, dir, invoice("C01", "2025-04-15"), "post", "-")
	hrev181Step(t, dir, "", "revalue", "--date", "2025-12-31", "--rate", "USD=1.25")
	hrev181Step(t, dir, invoice("C02", "2025-12-20"), "post", "-")

	r := run(t, dir, "", "close", "--year", "2025", "--by", "me")
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "USD of C02 on 411000")
	assert.Contains(t, r.stderr, "lettrage revalue --date 2025-12-31 --rate USD=1.25")

	r = hrev181Step(t, dir, "", "revalue", "--date", "2025-12-31", "--rate", "USD=1.25")
	assert.Regexp(t, `411000\s+C02\s+-120,00`, r.stdout)
	assert.Contains(t, hrev181Step(t, dir, "", "close", "--year", "2025", "--by", "me").stdout, "Fiscal year 2025")
}
