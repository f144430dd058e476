package bank_test

// Review h-rev75 of f2a8cdf: camt.053 booking instants in UTC on Paris days.

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Passes: a UTC booking instant is on its day in Paris across both changes
// of time when the period keeps Paris's offsets, in UTC for a period in
// UTC or +00:00 (London winter), in +05:30 for a period in +05:30; a
// booking written with its own offset keeps its written day.
func TestHrev75CamtUTCBookingDays(t *testing.T) {
	for _, c := range []struct{ from, to, at, want string }{
		{"2026-03-01T00:00:00+01:00", "2026-03-31T23:59:59+02:00", "2026-03-28T23:30:00Z", "2026-03-29"},
		{"2026-03-01T00:00:00+01:00", "2026-03-31T23:59:59+02:00", "2026-03-29T22:30:00Z", "2026-03-30"},
		{"2026-03-01T00:00:00+01:00", "2026-03-31T23:59:59+02:00", "2026-03-29T00:30:00Z", "2026-03-29"},
		{"2026-10-01T00:00:00+02:00", "2026-10-31T23:59:59+01:00", "2026-10-24T22:30:00Z", "2026-10-25"},
		{"2026-10-01T00:00:00+02:00", "2026-10-31T23:59:59+01:00", "2026-10-25T22:30:00Z", "2026-10-25"},
		{"2026-10-01T00:00:00+02:00", "2026-10-31T23:59:59+01:00", "2026-10-25T23:30:00Z", "2026-10-26"},
		{"2026-03-01T00:00:00Z", "2026-03-31T23:59:59Z", "2026-03-20T23:30:00Z", "2026-03-20"},
		{"2026-01-01T00:00:00+00:00", "2026-01-31T23:59:59+00:00", "2026-01-20T23:30:00Z", "2026-01-20"},
		{"2026-03-01T00:00:00+05:30", "2026-03-31T23:59:59+05:30", "2026-03-20T19:00:00Z", "2026-03-21"},
		{"2026-03-01T00:00:00+01:00", "2026-03-31T23:59:59+02:00", "2026-03-20T23:30:00+01:00", "2026-03-20"},
	} {
		assert.Equal(t, c.want, hrev74Booked(t, c.from, c.to, c.at), "%s–%s at %s", c.from, c.to, c.at)
	}
}
