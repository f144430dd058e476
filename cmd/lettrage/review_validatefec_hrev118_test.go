package main_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/store/boltstore"
)

// Was failing, fixed: 'validate-fec 732829320FEC20260630.txt' — the valid FEC of an
// 18-month first year (01/01/2025 – 30/06/2026) that 'export fec' wrote,
// which the same command passes when the book is free
// (TestHrev117ValidateFECOfAnEighteenMonthYear) — reports it invalid,
// exit 1, "outside the fiscal year 2025-07-01 to 2026-06-30" for every
// entry of 2025, while another process has the book open for writing
// (here with --wait 0; with the default wait, after 30 seconds): the
// fiscalYearStart added in c813e04 drops readBook's error (ErrLocked) and
// falls back on twelve months, so a busy book turns a valid file into an
// invalid one with nothing said. Expected: exit 0 with no
// outside-year finding once the book can be read, or an error that says
// the book was busy — never a verdict on the wrong year. Source: the
// validate-fec help ("the book's fiscal year ending that day, when --book
// holds one"), DESIGN §4 (a first year up to 24 months), §13 (the
// validator reports what the administration's tools report).
func TestHrev118ValidateFECBusyBookWrongYear(t *testing.T) {
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
	require.NoError(t, os.Mkdir(filepath.Join(dir, "out"), 0o755))
	do("export", "fec", "--year", "2025-2026", "--siren", "732829320", "--dir", "out")
	file := filepath.Join("out", "732829320FEC20260630.txt")
	free := runAt(t, dir, hrev117Now, "", "validate-fec", file)
	require.Equal(t, 0, free.code, "the book free: %s%s", free.stdout, free.stderr)

	st, err := boltstore.Open(filepath.Join(dir, "book.db"), boltstore.Options{})
	require.NoError(t, err, "another process writing the book")
	defer st.Close()
	r := runAt(t, dir, hrev117Now, "", "--wait", "0", "validate-fec", file)
	assert.NotContains(t, r.stdout, "outside", "%s%s", r.stdout, r.stderr)
	if r.code != 0 {
		assert.Contains(t, r.stderr, "book", "an error says the book was busy, not that the file is invalid: %s", r.stderr)
		assert.NotContains(t, r.stderr, "not a valid FEC", r.stderr)
	}
}
