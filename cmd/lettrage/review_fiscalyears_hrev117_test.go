package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev117Now is a day after the end of a first fiscal year of 18 months
// (1 January 2025 – 30 June 2026).
const hrev117Now = "2026-07-20T10:00:00Z"

// Was failing, fixed: 'init --start 2025-01-01 --months 18 --start 2026-07-01 --months
// 12' — a company closing on 30 June setting up its first (18-month) year
// and the next one, the only way the command offers to create a fiscal
// year that is not a calendar one (there is no command to add a year
// later) — exits 0 and creates a book with the single year 01/07/2026 –
// 30/06/2027: the first --start and its --months are silently dropped
// (Go's flag package keeps the last value), so every entry of 2025 and of
// the first half of 2026 is then refused "outside every fiscal year".
// --year is repeatable ("a calendar fiscal YEAR (repeatable, or
// 2026,2027)"); --start is not and does not say so. Expected: both years
// created (2025-2026 from 01/01/2025 to 30/06/2026, then 2026-2027), or a
// usage error (exit 2) and no book — never a book with another set of
// years than the one asked. Source: DESIGN §4 (fiscal years are stored
// periods added contiguously, a first French year up to 24 months), §8
// (bad input writes nothing), §14 (exit 2 for usage errors).
func TestHrev117InitSecondStartDropsTheFirstYear(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runAt(t, dir, hrev117Now, "", "--json", "init", "--start", "2025-01-01", "--months", "18", "--start", "2026-07-01", "--months", "12")
	if r.code == 2 {
		_, err := os.Stat(filepath.Join(dir, "book.db"))
		assert.True(t, os.IsNotExist(err), "a usage error leaves no book")
		return
	}
	require.Equal(t, 0, r.code, "%s%s", r.stdout, r.stderr)
	var out struct {
		FiscalYears []struct {
			Label string `json:"Label"`
		} `json:"fiscal_years"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	var labels []string
	for _, y := range out.FiscalYears {
		labels = append(labels, y.Label)
	}
	assert.Equal(t, []string{"2025-2026", "2026-2027"}, labels, "the years created: %s", r.stdout)
	p := runAt(t, dir, hrev117Now, "", "post", "--journal", "VT", "--date", "2025-03-10", "--type", "invoice",
		"--line", "411000=1200", "--line", "706000=-1200")
	assert.NotContains(t, p.stderr, "outside every fiscal year", "an entry of the first year is refused")
}

// Was failing, fixed: the FEC that 'export fec --year 2025-2026' writes for an 18-month
// first year (1 January 2025 – 30 June 2026), file 732829320FEC20260630.txt,
// is refused by 'validate-fec' on that very file, exit 1: "20250310 is
// outside the fiscal year 2025-07-01 to 2026-06-30" for every entry of
// January–June 2025. validate-fec takes the year's start as twelve months
// before the end in the file name, although the book it runs against
// (--book / LETTRAGE_BOOK) holds the fiscal year ending that day and says
// it began on 01/01/2025. A valid legal file, written by the same tool,
// reported as erroneous. Expected: exit 0, no finding (the year's start
// taken from the book's fiscal year ending on the file's date when the
// book holds one). Source: DESIGN §4 (first French year up to 24 months),
// §13 (the validator reports what the administration's checks report —
// Test Compta Demat asks for the year's real dates), art. A47 A-1 LPF.
func TestHrev117ValidateFECOfAnEighteenMonthYear(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	do := func(args ...string) {
		t.Helper()
		r := runAt(t, dir, hrev117Now, "", args...)
		require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
	}
	do("init", "--start", "2025-01-01", "--months", "18")
	do("partner", "add", "C1", "--name", "Martin")
	do("post", "--journal", "VT", "--date", "2025-03-10", "--type", "invoice",
		"--line", "411000:C1=1200", "--line", "706000=-1000", "--line", "445710=-200")
	do("post", "--journal", "VT", "--date", "2026-06-20", "--type", "invoice",
		"--line", "411000:C1=2400", "--line", "706000=-2000", "--line", "445710=-400")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "out"), 0o755))
	do("export", "fec", "--year", "2025-2026", "--siren", "732829320", "--dir", "out")
	r := runAt(t, dir, hrev117Now, "", "validate-fec", filepath.Join("out", "732829320FEC20260630.txt"))
	assert.Equal(t, 0, r.code, "%s%s", r.stdout, r.stderr)
	assert.NotContains(t, r.stdout, "outside-year")
}

// 'year add' adds the twelve months after the book's last year (or
// --months of them, or the years named), and 'year list' lists them:
// a company closing on 30 June carries on after its first, 18-month
// year. Bad flags are usage errors that add nothing.
func TestHrev117YearAddAndList(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	do := func(args ...string) result {
		t.Helper()
		r := runAt(t, dir, hrev117Now, "", args...)
		require.Equal(t, 0, r.code, "%v: %s%s", args, r.stdout, r.stderr)
		return r
	}
	do("init", "--start", "2025-01-01", "--months", "18")
	r := do("year", "add")
	assert.Contains(t, r.stdout, "Fiscal year 2026-2027: 01/07/2026 to 30/06/2027")
	r = do("year", "add", "--months", "6")
	assert.Contains(t, r.stdout, "Fiscal year 2027: 01/07/2027 to 31/12/2027")
	r = do("year", "add", "--year", "2028")
	assert.Contains(t, r.stdout, "Fiscal year 2028: 01/01/2028 to 31/12/2028")
	bad := runAt(t, dir, hrev117Now, "", "year", "add", "--months", "12", "--months", "6")
	assert.Equal(t, 2, bad.code, bad.stderr)
	gap := runAt(t, dir, hrev117Now, "", "year", "add", "--start", "2030-01-01")
	assert.Equal(t, 1, gap.code, "a year that does not follow the last: %s", gap.stderr)
	l := do("year", "list")
	assert.Regexp(t, `2025-2026 +01/01/2025 to 30/06/2026 +open`, l.stdout)
	assert.Regexp(t, `2028 +01/01/2028 to 31/12/2028 +open`, l.stdout)
	assert.NotContains(t, l.stdout, "2030")
	do("post", "--journal", "OD", "--date", "2027-03-10", "--line", "512000=1200", "--line", "101000=-1200")

	two := t.TempDir()
	r = runAt(t, two, hrev117Now, "", "init", "--start", "2025-01-01", "--months", "18", "--start", "2026-07-01")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Fiscal year 2025-2026: 01/01/2025 to 30/06/2026")
	assert.Contains(t, r.stdout, "Fiscal year 2026-2027: 01/07/2026 to 30/06/2027")
}
