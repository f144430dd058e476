package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// After a bad debt the FEC exports and validates; a replay of --id with
// another date is a conflict (exit 1) that writes nothing; the aged
// balance no longer shows the invoice; unlettering the bad-debt entry by
// its number undoes it, the receipt's lettering with it (one letter).
func TestHrev190BadDebtCommandFECAndConflict(t *testing.T) {
	t.Parallel()
	dir := newBook(t)
	hrev181Step(t, dir, "", "post", "--journal", "VT", "--date", "2026-03-02", "--type", "invoice", "--ref", "FA-1",
		"--line", "411000:C01=1200.00", "--line", "706000=-1000.00@TVA20", "--line", "445710=-200.00@TVA20")
	hrev181Step(t, dir, "", "pay", "VT/2026/00001", "--amount", "480", "--date", "2026-04-10")
	const id = "3b0b7c3e-8d3c-4a52-9b7e-0d3f1b1c2a11"
	hrev181Step(t, dir, "", "baddebt", "VT/2026/00001", "--date", "2026-06-15", "--id", id)
	trial := hrev181Step(t, dir, "", "report", "trial").stdout

	r := run(t, dir, "", "baddebt", "VT/2026/00001", "--date", "2026-06-16", "--id", id, "--json")
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Equal(t, trial, hrev181Step(t, dir, "", "report", "trial").stdout)

	r = run(t, dir, "", "export", "fec", "--year", "2026", "--siren", "732829320", "--dir", ".")
	require.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "validate-fec", "732829320FEC20261231.txt")
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)

	r = run(t, dir, "", "report", "aged", "--at", "2026-06-30")
	t.Logf("aged: %d %s %s", r.code, r.stdout, r.stderr)
	assert.NotContains(t, r.stdout, "720")

	r = run(t, dir, "", "unletter", "OD/2026/00001")
	t.Logf("unletter OD/2026/00001: %d %s %s", r.code, r.stdout, r.stderr)
	assert.Equal(t, 0, r.code)
	st := hrev181Step(t, dir, "", "state", "VT/2026/00001").stdout
	// The letter groups invoice, receipt and bad debt: all come apart.
	assert.Contains(t, st, "not_paid")
	assert.Contains(t, st, "due     1\u202f200,00")
}
