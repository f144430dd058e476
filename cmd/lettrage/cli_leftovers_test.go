package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Small command-line defects a review of bad input found: a lock past every
// fiscal year, a negative number read as a flag, a period the wrong way
// round in an export, and a repeated flag named as the flag package spells
// it.
func TestCLILeftovers(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t) // fiscal year 2026
	before := hrev134Bytes(t, dir)

	// A lock past the last year's end would lock the years added later.
	r := run(t, dir, "", "lock", "--period", "2099-01-01")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "after the last fiscal year's end, 2026-12-31")
	r = run(t, dir, "", "lock", "--tax", "2027-01-01")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "tax lock date 2027-01-01 is after the last fiscal year's end")

	// "-1.1" is the rate, refused for its sign, not an unknown flag.
	r = run(t, dir, "", "rate", "set", "USD", "2026-03-01", "-1.1")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "exchange rate must be positive: -1.1")
	assert.NotContains(t, r.stderr, "flag provided but not defined")

	// A period that ends before it starts is a usage error, as in reports.
	r = run(t, dir, "", "export", "hledger", "--from", "2026-05-01", "--to", "2026-04-01")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--to 01/04/2026 is before --from 01/05/2026")

	// The flag is named as the user wrote it.
	r = run(t, dir, "", "report", "balance", "--wait", "1s", "--wait", "2s")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--wait given more than once: it takes one value")
	assert.NotContains(t, r.stderr, "flag -wait")

	require.Equal(t, before, hrev134Bytes(t, dir), "refused commands wrote to the book")

	// Lock at the year's end still works, and a negative amount given as
	// a flag's value is still that flag's value.
	r = run(t, dir, "", "lock", "--period", "2026-12-31")
	assert.Equal(t, 0, r.code, r.stderr)
	r = run(t, dir, "", "pay", "VT/2026/00001", "--amount", "-5")
	assert.Equal(t, 2, r.code)
	assert.NotContains(t, r.stderr, "flag provided but not defined")
}

// Payment terms out of range are a usage error (exit 2), as other bad
// flag values are, and nothing is written.
func TestPartnerAddTermsRange(t *testing.T) {
	t.Parallel()
	dir := hrev134Book(t)
	before := hrev134Bytes(t, dir)
	for _, terms := range []string{"-5", "367"} {
		r := run(t, dir, "", "partner", "add", "C09", "--terms", terms)
		assert.Equal(t, 2, r.code, terms)
		assert.Contains(t, r.stderr, "--terms: "+terms+" days; give 0 to 366")
	}
	require.Equal(t, before, hrev134Bytes(t, dir))
	r := run(t, dir, "", "partner", "add", "C09", "--terms", "366")
	assert.Equal(t, 0, r.code, r.stderr)
}
