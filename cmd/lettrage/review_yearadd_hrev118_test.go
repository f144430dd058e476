package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: 'year add --year 2027 --year 2029' on a book of 2026 exits 1
// ("fiscal year 2029: … must start the day after 2027 ends") but has
// already stored 2027: cmdYearAdd calls AddFiscalYear once per year, each
// in its own transaction, so a refused command leaves part of what it
// was asked in the book ('year list' then shows 2027, and running the
// mended command again fails on "label 2027 already used"). Expected:
// a refused 'year add' writes nothing — 'year list' still 2026 alone —
// as init does (it removes its book when a year is refused). Source:
// DESIGN §8 (bad input writes nothing), §4 (years added contiguously).
func TestHrev118YearAddRefusedWritesPartOfIt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runAt(t, dir, hrev117Now, "", "init", "--year", "2026")
	require.Equal(t, 0, r.code, r.stderr)
	bad := runAt(t, dir, hrev117Now, "", "year", "add", "--year", "2027", "--year", "2029")
	require.NotEqual(t, 0, bad.code, "2029 does not follow 2027: %s%s", bad.stdout, bad.stderr)
	l := runAt(t, dir, hrev117Now, "", "year", "list")
	require.Equal(t, 0, l.code, l.stderr)
	assert.NotContains(t, l.stdout, "01/01/2027", "a refused 'year add' stored a year:\n%s", l.stdout)
}

// Was failing, fixed: 'init --start 2025-07-01 --months 6 --year 2026' — a company
// whose first, short year runs 1 July – 31 December 2025, then calendar
// years — is refused ("fiscal year 2026: 2025 must start the day after
// 2026 ends"), exit 1, no book: fiscalYears lists the --year years before
// the --start ones, whatever their dates, and AddFiscalYear only appends
// a year after the last. The two years asked are contiguous and valid;
// the same with 'year add --start 2026-07-01 --months 6 --year 2027' on a
// book ending 30/06/2026. Expected: the book created with 2025 (01/07 –
// 31/12/2025) then 2026 — the years added in date order. Source: init's
// help ("calendar years by --year, or years of --months months from
// --start, both repeatable"), DESIGN §4 (years added contiguously; a
// first French year may be shorter or longer).
func TestHrev118InitMixedYearAndStartRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runAt(t, dir, hrev117Now, "", "init", "--start", "2025-07-01", "--months", "6", "--year", "2026")
	require.Equal(t, 0, r.code, "%s%s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "Fiscal year 2025: 01/07/2025 to 31/12/2025")
	assert.Contains(t, r.stdout, "Fiscal year 2026: 01/01/2026 to 31/12/2026")
}
