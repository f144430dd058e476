package bank_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/journal"
)

// TARGET2 closing days (ECB, "TARGET2 calendar": Saturdays, Sundays, New
// Year's Day, Good Friday, Easter Monday, 1 May, 25 and 26 December),
// Easter dates from the published tables.
func TestTARGETClosed(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		date, why string
	}{
		{"2026-01-01", "New Year's Day"},
		{"2026-04-03", "Good Friday"}, // Easter 2026-04-05
		{"2026-04-06", "Easter Monday"},
		{"2026-05-01", "Labour Day"},
		{"2026-12-25", "Christmas Day"},
		{"2026-12-26", "a Saturday"},  // 26 December 2026 is a Saturday
		{"2027-12-26", "a Sunday"},    // and a Sunday in 2027
		{"2025-12-26", "26 December"}, // a Friday
		{"2027-03-26", "Good Friday"}, // Easter 2027-03-28
		{"2027-03-29", "Easter Monday"},
		{"2038-04-23", "Good Friday"}, // Easter 2038-04-25, the latest this century
		{"2008-03-21", "Good Friday"}, // Easter 2008-03-23
		{"2026-07-14", ""},            // a French bank holiday, open for SEPA
		{"2026-08-15", "a Saturday"},
		{"2026-05-08", ""}, // Victory in Europe Day: TARGET open
		{"2026-04-07", ""},
		{"2026-12-24", ""},
		{"2026-12-31", ""},
	} {
		why, closed := bank.TARGETClosed(mustDate(c.date))
		assert.Equal(t, c.why != "", closed, c.date)
		assert.Equal(t, c.why, why, c.date)
	}
	assert.Equal(t, "2026-12-28", bank.NextTARGETDay(mustDate("2026-12-25")).String())
	assert.Equal(t, "2026-04-07", bank.NextTARGETDay(mustDate("2026-04-03")).String())
	assert.Equal(t, "2026-04-07", bank.NextTARGETDay(mustDate("2026-04-07")).String())
	// Every Easter from 1900 to 2199 is a Sunday between 22 March and 25 April.
	for y := 1900; y < 2200; y++ {
		var easter journal.Date
		for d := journal.MustDate(y, time.March, 22); !d.After(journal.MustDate(y, time.April, 27)); d = d.AddDays(1) {
			if why, _ := bank.TARGETClosed(d); why == "Easter Monday" {
				easter = d.AddDays(-1)
			}
		}
		assert.False(t, easter.IsZero(), fmt.Sprint(y))
		assert.Equal(t, time.Sunday, easter.Time().Weekday(), fmt.Sprint(y))
		assert.False(t, easter.After(journal.MustDate(y, time.April, 25)), fmt.Sprint(y))
	}
}

func ExampleNextTARGETDay() {
	d := journal.MustDate(2026, time.December, 25)
	why, closed := bank.TARGETClosed(d)
	fmt.Println(closed, why, "- debited on", bank.NextTARGETDay(d))
	// Output: true Christmas Day - debited on 2026-12-28
}

func mustDate(s string) journal.Date {
	d, err := journal.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
