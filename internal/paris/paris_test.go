package paris

import (
	"testing"
	"time"
)

// The computed Paris offset agrees with the time zone database, where the
// machine has one, every hour around each change from 1996 to 2040, and
// with the changes of 2026 written out.
func TestOffset(t *testing.T) {
	for _, c := range []struct {
		at     string
		offset int
	}{
		{"2026-03-29T00:59:59Z", 3600},
		{"2026-03-29T01:00:00Z", 7200},
		{"2026-10-25T00:59:59Z", 7200},
		{"2026-10-25T01:00:00Z", 3600},
		{"2026-01-01T00:00:00Z", 3600},
		{"2026-07-14T12:00:00Z", 7200},
		{"2026-12-31T23:00:00Z", 3600},
	} {
		at, err := time.Parse(time.RFC3339, c.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := Offset(at); got != c.offset {
			t.Errorf("Offset(%s) = %d, want %d", c.at, got, c.offset)
		}
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone database here to compare with:", err)
	}
	for y := 1996; y <= 2040; y++ {
		for _, m := range []time.Month{time.March, time.October} {
			change := change(y, m)
			for h := -48; h <= 48; h++ {
				at := change.Add(time.Duration(h) * time.Hour)
				_, want := at.In(paris).Zone()
				if got := Offset(at); got != want {
					t.Fatalf("Offset(%s) = %d, the database says %d", at, got, want)
				}
			}
		}
	}
}
