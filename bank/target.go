package bank

import (
	"time"

	"github.com/lettrage/lettrage/journal"
)

// TARGETClosed reports whether d is a day TARGET2, the euro area's
// settlement system, is closed — a Saturday or Sunday, New Year's Day,
// Good Friday, Easter Monday, 1 May, 25 or 26 December — and which. SEPA
// transfers and direct debits settle on TARGET business days only: a
// direct debit whose collection date falls on a closed day is debited on
// the next business day (NextTARGETDay), a day later than the creditor
// asked and booked. French bank holidays that TARGET keeps open (14 July,
// 15 August, …) are business days for SEPA.
func TARGETClosed(d journal.Date) (string, bool) {
	switch d.Time().Weekday() {
	case time.Saturday:
		return "a Saturday", true
	case time.Sunday:
		return "a Sunday", true
	}
	switch m, day := d.Month(), d.Day(); {
	case m == time.January && day == 1:
		return "New Year's Day", true
	case m == time.May && day == 1:
		return "Labour Day", true
	case m == time.December && day == 25:
		return "Christmas Day", true
	case m == time.December && day == 26:
		return "26 December", true
	}
	easter := easterSunday(d.Year())
	switch d {
	case easter.AddDays(-2):
		return "Good Friday", true
	case easter.AddDays(1):
		return "Easter Monday", true
	}
	return "", false
}

// NextTARGETDay is the first TARGET business day on or after d.
func NextTARGETDay(d journal.Date) journal.Date {
	for {
		if _, closed := TARGETClosed(d); !closed {
			return d
		}
		d = d.AddDays(1)
	}
}

// easterSunday is the date of (Western) Easter Sunday of year y, by the
// anonymous Gregorian computus (Meeus/Jones/Butcher).
func easterSunday(y int) journal.Date {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return journal.MustDate(y, time.Month(month), day)
}
