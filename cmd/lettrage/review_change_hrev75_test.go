package main_test

// Review h-rev75 of f2a8cdf: --tolerance codes in any case.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Passes: "0.05 Usd" is read as 0.05 USD; "0.05 US" and "0.05 EURO" are
// usage errors (exit 2) that write nothing.
func TestHrev75ToleranceCodes(t *testing.T) {
	t.Parallel()
	dir := hrev74USDBook(t)
	before := hrev43Step(t, dir, "state", "VT/2026/00001").stdout
	for _, tol := range []string{"0.05 US", "0.05 EURO", "0.05 eu"} {
		r := run(t, dir, "", "letter", "--partner", "C800", "--write-off", "--tolerance", tol)
		assert.Equal(t, 2, r.code, "%q: %s%s", tol, r.stdout, r.stderr)
	}
	assert.Equal(t, before, hrev43Step(t, dir, "state", "VT/2026/00001").stdout)
	r := run(t, dir, "", "letter", "--partner", "C800", "--write-off", "--tolerance", "0.05 Usd")
	require.Equal(t, 0, r.code, "%s%s", r.stdout, r.stderr)
	assert.Contains(t, hrev43Step(t, dir, "state", "VT/2026/00001").stdout, "paid")
}

// Was failing, fixed: Expected: --tolerance "0.05 EURO" is refused (exit 2) with a
// message naming what was written ("EURO"), as a bad code must get a
// clear error. Observed: "--tolerance: currency: unknown ISO 4217 code:
// \"URO\"": toleranceOf now upper-cases any last three letters and looks
// them up, so the message names a code the user never wrote.
func TestHrev75ToleranceEUROMessage(t *testing.T) {
	t.Parallel()
	dir := hrev74USDBook(t)
	r := run(t, dir, "", "letter", "--partner", "C800", "--write-off", "--tolerance", "0.05 EURO")
	require.Equal(t, 2, r.code, "%s%s", r.stdout, r.stderr)
	assert.Contains(t, r.stderr, "EURO")
}
