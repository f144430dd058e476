package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: 'report balance --year 2027 --from 2026-02-01 --to 2026-02-28'
// exits 0 and prints February 2026 under a request for fiscal year 2027:
// --year is read only to default the dates and is silently dropped when
// both are given, so a period outside the named year is accepted (same
// for 'report ledger', 'journals', 'vat'). The flags contradict each
// other: the command should refuse them as a usage error (exit 2, as
// --csv with --xlsx is), per --help ("--year: the fiscal YEAR",
// "--from: default the year's first day") and DESIGN §14 (exit 2 on
// usage). Right answer: exit 2, no report.
func TestHrev107YearFlagContradictsDates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := run(t, dir, "", "init", "--year", "2026,2027")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "post", "--journal", "OD", "--date", "2026-02-10", "--label", "Frais", "--line", "627000=50", "--line", "512000=-50")
	require.Equal(t, 0, r.code, r.stderr)
	for _, cmd := range []string{"balance", "ledger", "journals", "vat"} {
		r = run(t, dir, "", "report", cmd, "--year", "2027", "--from", "2026-02-01", "--to", "2026-02-28")
		assert.Equal(t, 2, r.code, "report %s --year 2027 over February 2026 accepted:\n%s", cmd, r.stdout)
		assert.NotContains(t, r.stdout, "50,00", "report %s printed 2026 figures for --year 2027", cmd)
	}
}
