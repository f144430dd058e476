package journal

import (
	"fmt"
	"time"
)

// Date is a civil date (no time, no zone): the accounting date of an entry,
// a due date, a fiscal-year bound. The zero Date means "no date". Dates are
// comparable with == and ordered by Compare; their Key preserves order.
//
// The supported dates run from 0001-01-01 to 9999-12-31 (DateYearMin to
// DateYearMax): every constructor refuses the others with ErrDate, never
// turning them into the zero Date, which would silently mean "no date".
type Date struct {
	ymd uint32 // year*10000 + month*100 + day
}

// The years a Date may have: four digits, and no year 0, whose first day
// would encode as the zero Date.
const (
	DateYearMin = 1    // the first year a Date may have
	DateYearMax = 9999 // the last year a Date may have
)

// NewDate returns the date y-m-d, or ErrDate if it does not exist or the
// year is outside DateYearMin..DateYearMax.
func NewDate(y int, m time.Month, d int) (Date, error) {
	if y < DateYearMin || y > DateYearMax || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return Date{}, fmt.Errorf("%w: %04d-%02d-%02d", ErrDate, y, int(m), d)
	}
	return Date{uint32(y*10000 + int(m)*100 + d)}, nil
}

// MustDate is NewDate for literals; it panics on an impossible date.
func MustDate(y int, m time.Month, d int) Date {
	dt, err := NewDate(y, m, d)
	if err != nil {
		panic(err)
	}
	return dt
}

// ParseDate reads an ISO 8601 calendar date, "2026-03-15". It returns
// ErrDate for malformed text, an impossible date or one outside the
// supported years ("0000-01-01" is not the zero Date).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%w: %q", ErrDate, s)
	}
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// DateOf returns the civil date of t in t's location, or the zero Date ("no
// date") when t's year is outside the supported years: use NewDate on t's
// parts to get ErrDate instead.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	dt, err := NewDate(y, m, d)
	if err != nil {
		return Date{}
	}
	return dt
}

// DateFromKey is the inverse of Key; it returns ErrDate for a key that is
// not a valid date (0 is the zero Date).
func DateFromKey(k uint32) (Date, error) {
	if k == 0 {
		return Date{}, nil
	}
	d, err := NewDate(int(k/10000), time.Month(k/100%100), int(k%100))
	if err != nil {
		return Date{}, err
	}
	return d, nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Key returns the date as an order-preserving integer (yyyymmdd), 0 for the
// zero Date.
func (d Date) Key() uint32 { return d.ymd }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.ymd == 0 }

// Year returns the date's year, 0 for the zero Date.
func (d Date) Year() int { return int(d.ymd / 10000) }

// Month returns the date's month, 0 for the zero Date.
func (d Date) Month() time.Month { return time.Month(d.ymd / 100 % 100) }

// Day returns the date's day of the month, 0 for the zero Date.
func (d Date) Day() int { return int(d.ymd % 100) }

// Before reports whether d is before o; the zero Date is before every date.
func (d Date) Before(o Date) bool { return d.ymd < o.ymd }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.ymd > o.ymd }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.ymd < o.ymd:
		return -1
	case d.ymd > o.ymd:
		return 1
	}
	return 0
}

// DaysSince returns the number of days from o to d: positive when d is
// after o. Both must be set.
func (d Date) DaysSince(o Date) int { return d.dayNumber() - o.dayNumber() }

// dayNumber counts days from 1 March of year 0 in the proleptic Gregorian
// calendar (the civil-from-days algorithm), without building a time.Time.
func (d Date) dayNumber() int {
	y, m := d.Year(), int(d.Month())
	if m <= 2 {
		y--
		m += 12
	}
	return 365*y + y/4 - y/100 + y/400 + (153*(m-3)+2)/5 + d.Day() - 1
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

// AddDays returns d plus n days (n may be negative), or the zero Date when
// the result falls outside the supported years.
func (d Date) AddDays(n int) Date {
	if n > dateSpanDays || n < -dateSpanDays {
		return Date{} // beyond any supported year (and time.AddDate would wrap)
	}
	return DateOf(d.Time().AddDate(0, 0, n))
}

// dateSpanDays is more days than lie between the first and the last
// supported date.
const dateSpanDays = 10_000 * 366

// EndOfMonth returns the last day of d's month, or the zero Date for the
// zero Date.
func (d Date) EndOfMonth() Date {
	if d.IsZero() {
		return Date{}
	}
	return Date{uint32(d.Year()*10000 + int(d.Month())*100 + daysIn(d.Year(), d.Month()))}
}

// AddMonths returns the same day n months later, clamped to the month's end
// (31 January + 1 month = 28 or 29 February). It returns the zero Date past
// year 9999, as AddDays does.
func (d Date) AddMonths(n int) Date {
	if n > 12*10_000 || n < -12*10_000 {
		return Date{} // beyond any supported year (and time.AddDate would wrap)
	}
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	day := min(d.Day(), daysIn(first.Year(), first.Month()))
	out, err := NewDate(first.Year(), first.Month(), day)
	if err != nil {
		return Date{} // past year 9999: no such date
	}
	return out
}

// String returns "2026-03-15", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year(), int(d.Month()), d.Day())
}

// MarshalText encodes the date as String does: "2026-03-15", or empty.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what MarshalText wrote; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// French returns "15/03/2026".
func (d Date) French() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day(), int(d.Month()), d.Year())
}
