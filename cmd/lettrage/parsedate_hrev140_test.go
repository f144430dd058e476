package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Pin: impossible dates name what is impossible.
func TestHrev140ParseDateImpossible(t *testing.T) {
	for in, want := range map[string]string{
		"2026-02-29": "February 2026 has 28 days",
		"31/04/2026": "April 2026 has 30 days",
		"2026-00-10": "no month 0",
		"2026-13-01": "no month 13",
	} {
		_, err := parseDate(in)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
	}
}

// Was failing, fixed: parseDate("00/01/2026") says `date "00/01/2026": January 2026 has 31 days` and parseDate("0000-06-15") says `June 0 has 30 days`, true of the calendar but not what is wrong: the user expects to be told there is no day 0, and that year 0 is outside the years a date may have (1..9999).
func TestHrev140ParseDateDayZeroYearZero(t *testing.T) {
	_, err := parseDate("00/01/2026")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "day 0")
	_, err = parseDate("0000-06-15")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "has 30 days")
	assert.Contains(t, err.Error(), "year")
}
