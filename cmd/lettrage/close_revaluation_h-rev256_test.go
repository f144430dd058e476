package main_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev256Invoice is a sale in cur of foreign, booked at company.
func hrev256Invoice(partner, date, cur, company, foreign string) string {
	return `{"journal":"VT","date":"` + date + `","type":"invoice","currency":"` + cur + `","lines":[{"account":"411000","partner":"` + partner +
		`","debit":"` + company + `","amount_currency":"` + foreign + `"},{"account":"706000","credit":"` + company + `","amount_currency":"-` + foreign + `"}]}`
}

// hrev256Named is the command a refused 'lettrage close' names.
func hrev256Named(t *testing.T, stderr string) []string {
	t.Helper()
	m := regexp.MustCompile(`lettrage (revalue [^)]*?) posts what is missing`).FindStringSubmatch(stderr)
	require.NotNil(t, m, stderr)
	return strings.Fields(m[1])
}

// Was failing, fixed: the year was revalued with --rate USD=1.25 --rate GBP=0.80 (the
// book has no GBP rate); a USD invoice posted since makes 'lettrage
// close' refuse, naming "lettrage revalue --date 2025-12-31 --rate
// USD=1.25" as what "posts what is missing". Run as written, that
// command fails (exit 1: no closing rate for GBP), since revalue revalues
// every foreign currency and the message drops the other rates of the
// day; with a GBP book rate it would instead move the GBP items off the
// 0.80 they were revalued at. The command the refusal names must be one
// that works and posts only what is missing: every currency's rate of
// the day (USD=1.25 and GBP=0.8).
func TestHrev256CloseNamesAllRates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hrev181Step(t, dir, "", "init", "--year", "2025,2026")
	hrev181Step(t, dir, "", "partner", "add", "C01", "C02", "C03")
	hrev181Step(t, dir, hrev256Invoice("C01", "2025-04-15", "USD", "1000.00", "1100.00"), "post", "-")
	hrev181Step(t, dir, hrev256Invoice("C03", "2025-05-15", "GBP", "1000.00", "850.00"), "post", "-")
	hrev181Step(t, dir, "", "revalue", "--date", "2025-12-31", "--rate", "USD=1.25", "--rate", "GBP=0.80")
	hrev181Step(t, dir, hrev256Invoice("C02", "2025-12-20", "USD", "1000.00", "1100.00"), "post", "-")

	r := run(t, dir, "", "close", "--year", "2025", "--by", "me")
	require.Equal(t, 1, r.code, r.stdout+r.stderr)
	named := hrev256Named(t, r.stderr)
	r = run(t, dir, "", named...)
	require.Equal(t, 0, r.code, "the command 'close' names: %v: %s%s", named, r.stdout, r.stderr)
	assert.NotContains(t, r.stdout, "C03", "C03's GBP items stay at 0.80")
}

// Was failing, fixed: the year was revalued with --provision (the unrealised loss of
// C01's USD invoice, 200.00, provided on 151500); a USD invoice to C02
// posted since, at a loss too (−120.00 at 1.25), makes 'lettrage close'
// refuse, naming "lettrage revalue --date 2025-12-31 --rate USD=1.25"
// without --provision. Run as named, it posts the 120.00 loss to 476000
// but leaves the provision at 200.00 while 476000 holds 320.00, and the
// closing then goes through: the unrealised losses are not all provided
// for (PCG: unrealised exchange losses not offset are covered by a
// provision, 151500; Revalue's own doc: the provision is brought to
// the losses then unrealised). The named command must carry --provision
// when the day's revaluation had one.
func TestHrev256CloseNamesProvision(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hrev181Step(t, dir, "", "init", "--year", "2025,2026")
	hrev181Step(t, dir, "", "partner", "add", "C01", "C02")
	hrev181Step(t, dir, hrev256Invoice("C01", "2025-04-15", "USD", "1000.00", "1000.00"), "post", "-")
	hrev181Step(t, dir, "", "revalue", "--date", "2025-12-31", "--rate", "USD=1.25", "--provision")
	hrev181Step(t, dir, hrev256Invoice("C02", "2025-12-20", "USD", "1000.00", "1100.00"), "post", "-")

	r := run(t, dir, "", "close", "--year", "2025", "--by", "me")
	require.Equal(t, 1, r.code, r.stdout+r.stderr)
	named := hrev256Named(t, r.stderr)
	assert.Contains(t, named, "--provision", "the day's revaluation provided for its losses")
	hrev181Step(t, dir, "", named...)
	trial := hrev181Step(t, dir, "", "report", "trial", "--at", "2025-12-31").stdout
	assert.Regexp(t, `151500[^\n]*320,00`, trial, "the provision covers the 320.00 of unrealised losses")
}
