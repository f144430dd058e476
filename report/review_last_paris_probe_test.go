package report

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
)

// Review probe: parisTime agrees with the time zone database's
// Europe/Paris at every half hour of 2025–2030 (every DST boundary hour
// included) and across each year boundary.
func TestReviewLastProbeParisTimeMatchesTZDB(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	x := &fecExport{}
	for at := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC); at.Before(time.Date(2031, 1, 2, 0, 0, 0, 0, time.UTC)); at = at.Add(30 * time.Minute) {
		for _, d := range []time.Duration{0, time.Nanosecond, 59*time.Minute + 59*time.Second + 999999999*time.Nanosecond} {
			u := at.Add(d)
			want := u.In(paris)
			got := parisTime(u)
			_, off := want.Zone()
			if got.Sub(u) != time.Duration(off)*time.Second {
				t.Fatalf("%s: offset %s, Europe/Paris %ds", u, got.Sub(u), off)
			}
			if journal.DateOf(want) != x.validDate(u) {
				t.Fatalf("%s: %s, Europe/Paris %s", u, x.validDate(u), journal.DateOf(want))
			}
		}
	}
	// The exact switching instants, and a time given in another zone.
	for y := 2025; y <= 2030; y++ {
		for _, m := range []time.Month{time.March, time.October} {
			last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
			sun := last.AddDate(0, 0, -int(last.Weekday())).Add(time.Hour)
			for _, u := range []time.Time{sun.Add(-time.Nanosecond), sun, sun.Add(time.Nanosecond)} {
				_, off := u.In(paris).Zone()
				if parisTime(u).Sub(u) != time.Duration(off)*time.Second {
					t.Errorf("%s: %s vs %d", u, parisTime(u).Sub(u), off)
				}
				ny := u.In(time.FixedZone("X", -5*3600))
				if journal.DateOf(ny.In(paris)) != x.validDate(ny) {
					t.Errorf("%s in another zone", ny)
				}
			}
		}
	}
	// An explicit location is used as given.
	x.opts.Location = time.UTC
	if got := x.validDate(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)); got.String() != "2026-12-31" {
		t.Errorf("Location UTC: %s", got)
	}
	// A zero PostedAt is still the zero date (an error the FEC row reports),
	// as before the change.
	x.opts.Location = nil
	if got := x.validDate(time.Time{}); !got.IsZero() && got != journal.DateOf(time.Time{}) {
		t.Errorf("zero time: %s vs %s", got, journal.DateOf(time.Time{}))
	}
}
