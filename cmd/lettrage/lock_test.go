package main_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lock sets and shows the lock dates: a post into the locked month is
// refused and writes nothing, a tax lock refuses a VAT line but not a bank
// fee, a bad date is a usage error, "none" reopens (recorded).
func TestLockPeriod(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	r := must(t, dir, "", "lock")
	assert.Equal(t, "Period locked up to none; tax locked up to none\n", r.stdout)

	r = must(t, dir, "", "lock", "--period", "2026-03-31", "--tax", "2026-04-30", "--reason", "mars revu, TVA d'avril déposée", "--json")
	var ld struct{ General, Tax string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &ld))
	assert.Equal(t, "2026-03-31", ld.General)
	assert.Equal(t, "2026-04-30", ld.Tax)

	r = run(t, dir, "", "post", "--journal", "OD", "--date", "2026-03-15", "--line", "627000=10", "--line", "512000=-10")
	assert.Equal(t, 1, r.code, "into the locked period")
	assert.Contains(t, r.stderr, "lock")
	r = run(t, dir, "", "post", "--journal", "OD", "--date", "2026-04-15", "--line", "445660=10", "--line", "512000=-10")
	assert.Equal(t, 1, r.code, "a tax account before the tax lock")
	must(t, dir, "", "post", "--journal", "OD", "--date", "2026-04-15", "--line", "627000=10", "--line", "512000=-10")
	r = must(t, dir, "", "export", "csv", "--year", "2026")
	assert.NotContains(t, r.stdout, "2026-03-15", "nothing written on error")

	r = run(t, dir, "", "lock", "--period", "31/13/2026")
	assert.Equal(t, 2, r.code, r.stderr)
	r = must(t, dir, "", "lock", "--period", "none", "--reason", "correction")
	assert.Equal(t, "Period locked up to none; tax locked up to 2026-04-30\n", r.stdout)
	must(t, dir, "", "post", "--journal", "OD", "--date", "2026-03-15", "--line", "627000=10", "--line", "512000=-10")
}
