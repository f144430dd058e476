package report

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// ValidDate is the day in Paris: UTC+1, UTC+2 from 01:00 UTC on the last
// Sunday of March to 01:00 UTC on the last Sunday of October; a location
// given is used instead.
func TestFECValidDateInParis(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{utc(2026, time.March, 1, 23, 30), "2026-03-02"},    // 00:30 CET
		{utc(2026, time.March, 29, 0, 59), "2026-03-29"},    // 01:59 CET, the last hour before summer time
		{utc(2026, time.March, 28, 22, 30), "2026-03-28"},   // 23:30 CET
		{utc(2026, time.June, 30, 22, 30), "2026-07-01"},    // 00:30 CEST
		{utc(2026, time.October, 24, 22, 30), "2026-10-25"}, // 00:30 CEST
		{utc(2026, time.October, 25, 23, 30), "2026-10-26"}, // 00:30 CET
		{utc(2026, time.December, 31, 23, 15), "2027-01-01"},
		{utc(2027, time.March, 27, 22, 30), "2027-03-27"}, // the eve of 2027's change (Sunday 28): 23:30 CET
		{utc(2027, time.March, 28, 22, 30), "2027-03-29"}, // 00:30 CEST
	} {
		x := &fecExport{}
		require.Equal(t, c.want, x.validDate(c.at).String(), "%s", c.at)
	}
	x := &fecExport{opts: FECOptions{Location: time.UTC}}
	require.Equal(t, "2026-03-01", x.validDate(utc(2026, time.March, 1, 23, 30)).String())
}
