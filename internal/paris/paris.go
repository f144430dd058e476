// Package paris gives the time of metropolitan France without a time zone
// database: the files the module reads and writes (bank statements in
// UTC, the FEC's validation dates) are about Paris days, and a machine
// without the database (a container from scratch, a Windows service
// without Go installed) must read and write them as any other.
package paris

import "time"

// Offset is Paris's offset from UTC at instant t, in seconds: +01:00 in
// winter, +02:00 in summer, from 01:00 UTC on the last Sunday of March to
// 01:00 UTC on the last Sunday of October, the European Union's rule
// since 1996.
func Offset(t time.Time) int {
	t = t.UTC()
	if !t.Before(change(t.Year(), time.March)) && t.Before(change(t.Year(), time.October)) {
		return 2 * 3600
	}
	return 3600
}

// In is t in Paris's time, in a zone of its offset at that instant.
func In(t time.Time) time.Time {
	return t.In(time.FixedZone("Europe/Paris", Offset(t)))
}

// change is 01:00 UTC on the last Sunday of month m of year y, when
// Europe's clocks change.
func change(y int, m time.Month) time.Time {
	last := time.Date(y, m+1, 0, 1, 0, 0, 0, time.UTC)
	return last.AddDate(0, 0, -int(last.Weekday()))
}
