package journal_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// The French wordings with months and a day of the month, on invoice
// dates on the 1st, 10th, 15th and the month's last days, in February
// and in leap years, and across December: each through Due and Split.
func TestDueRuleFrenchWordings(t *testing.T) {
	t.Parallel()
	eom := func(days, day int) journal.DueRule {
		return journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: days, DayOfMonth: day}
	}
	net := func(months, days, day int) journal.DueRule {
		return journal.DueRule{Kind: journal.NetDays, Months: months, Days: days, DayOfMonth: day}
	}
	for _, c := range []struct {
		wording string
		rule    journal.DueRule
		date    string
		want    string
	}{
		{"fin de mois le 10", eom(0, 10), "2026-01-01", "2026-02-10"},
		{"fin de mois le 10", eom(0, 10), "2026-01-10", "2026-02-10"},
		{"fin de mois le 10", eom(0, 10), "2026-01-31", "2026-02-10"},
		{"fin de mois le 10", eom(0, 10), "2026-12-15", "2027-01-10"},
		{"30 jours fin de mois le 10", eom(30, 10), "2026-01-01", "2026-02-10"}, // 31 Jan is the month's end
		{"30 jours fin de mois le 10", eom(30, 10), "2026-01-10", "2026-03-10"}, // 9 Feb → 28 Feb → 10 Mar
		{"30 jours fin de mois le 10", eom(30, 10), "2026-01-31", "2026-04-10"}, // 2 Mar → 31 Mar
		{"30 jours fin de mois le 10", eom(30, 10), "2026-11-30", "2027-01-10"},
		{"30 jours fin de mois le 10", eom(30, 10), "2026-12-01", "2027-01-10"},
		{"30 jours fin de mois le 10", eom(30, 10), "2026-12-02", "2027-02-10"},
		{"30 jours fin de mois le 10", eom(30, 10), "2028-01-30", "2028-03-10"}, // 29 Feb 2028, a month's end
		{"30 jours fin de mois le 10", eom(30, 10), "2028-01-31", "2028-04-10"},
		{"45 jours fin de mois le 15", eom(45, 15), "2026-01-10", "2026-03-15"},
		{"45 jours fin de mois le 15", eom(45, 15), "2026-01-15", "2026-04-15"}, // 1 Mar → 31 Mar
		{"45 jours fin de mois le 15", eom(45, 15), "2028-01-15", "2028-03-15"}, // 29 Feb 2028
		{"45 jours fin de mois le 15", eom(45, 15), "2026-11-15", "2027-01-15"},
		{"45 jours fin de mois le 10", eom(45, 10), "2026-02-28", "2026-05-10"}, // 14 Apr → 30 Apr
		{"45 jours fin de mois le 10", eom(45, 10), "2028-02-29", "2028-05-10"},
		{"fin de mois le 30", eom(0, 30), "2026-01-29", "2026-02-28"},
		{"fin de mois le 30", eom(0, 30), "2026-04-10", "2026-05-30"}, // the next month's, not 30 April
		{"fin de mois le 31", eom(0, 31), "2026-01-31", "2026-02-28"},
		{"fin de mois le 31", eom(0, 31), "2028-01-05", "2028-02-29"},
		{"fin de mois le 31", eom(0, 31), "2026-04-10", "2026-05-31"},
		{"à 30 jours le 10", net(0, 30, 10), "2026-01-10", "2026-02-10"}, // 9 Feb → 10 Feb
		{"à 30 jours le 10", net(0, 30, 10), "2026-01-11", "2026-02-10"}, // 10 Feb: on the day
		{"à 30 jours le 10", net(0, 30, 10), "2026-01-12", "2026-03-10"},
		{"à 30 jours le 10", net(0, 30, 10), "2026-12-15", "2027-02-10"},
		{"à 30 jours le 30", net(0, 30, 30), "2026-01-15", "2026-02-28"},
		{"à 30 jours le 30", net(0, 30, 30), "2028-01-15", "2028-02-29"},
		{"à 30 jours le 30", net(0, 30, 30), "2026-01-30", "2026-03-30"},
		{"le 10", net(0, 0, 10), "2026-03-10", "2026-03-10"},
		{"le 10", net(0, 0, 10), "2026-03-11", "2026-04-10"},
		{"à 1 mois", net(1, 0, 0), "2026-01-01", "2026-02-01"},
		{"à 1 mois", net(1, 0, 0), "2026-01-10", "2026-02-10"},
		{"à 1 mois", net(1, 0, 0), "2026-01-31", "2026-02-28"},
		{"à 1 mois", net(1, 0, 0), "2028-01-31", "2028-02-29"},
		{"à 1 mois", net(1, 0, 0), "2028-02-29", "2028-03-29"},
		{"à 1 mois", net(1, 0, 0), "2026-03-31", "2026-04-30"},
		{"à 1 mois", net(1, 0, 0), "2026-12-31", "2027-01-31"},
		{"à 1 mois le 10", net(1, 0, 10), "2026-01-15", "2026-03-10"},
		{"2 mois fin de mois", journal.DueRule{Kind: journal.DaysThenEndOfMonth, Months: 2}, "2026-01-10", "2026-03-31"},
		{"2 mois fin de mois", journal.DueRule{Kind: journal.DaysThenEndOfMonth, Months: 2}, "2026-12-31", "2027-02-28"},
		{"2 mois fin de mois le 10", journal.DueRule{Kind: journal.DaysThenEndOfMonth, Months: 2, DayOfMonth: 10}, "2027-12-31", "2028-03-10"},
		{"fin de mois + 45 jours le 10", journal.DueRule{Kind: journal.EndOfMonthThenDays, Days: 45, DayOfMonth: 10}, "2026-01-10", "2026-04-10"}, // 17 Mar
		{"fin de mois le 30 (fin de mois + 0 jours)", journal.DueRule{Kind: journal.EndOfMonthThenDays, DayOfMonth: 30}, "2026-04-10", "2026-05-30"},
		// No day of the month nor months: the kinds as before.
		{"45 jours fin de mois", eom(45, 0), "2026-01-10", "2026-02-28"},
		{"30 jours net", net(0, 30, 0), "2026-01-31", "2026-03-02"},
	} {
		d, err := journal.ParseDate(c.date)
		require.NoError(t, err)
		name := fmt.Sprintf("%s/%s", c.wording, c.date)
		assert.Equal(t, c.want, c.rule.Due(d).String(), name)
		dates, _, err := journal.PaymentTerms{Due: c.rule}.Split(eurAmount("100.00"), d, currency.HalfAwayFromZero)
		require.NoError(t, err, name)
		assert.Equal(t, c.want, dates[0].String(), name)
	}
}

// Tryton's account_invoice test_payment_term, 1 October 2011: "30 days"
// (days 30), "1 month" (months 1) and "1 month + 30 days" (months 1,
// days 30) in instalments. Its last line (months 2, days 30, day 15) sets
// the day before adding the days, which no DueRule does.
func TestDueRuleTrytonPaymentTerm(t *testing.T) {
	t.Parallel()
	pt := hrev78Terms("25", hrev78Net(30), "25", journal.DueRule{Kind: journal.NetDays, Months: 1},
		"50", journal.DueRule{Kind: journal.NetDays, Months: 1, Days: 30})
	assert.Equal(t, []string{"2011-10-31 396.84", "2011-11-01 396.84", "2011-12-01 793.67"},
		hrev78Split(t, pt, "1587.35", journal.MustDate(2011, 10, 1)))
}

// Odoo's test_payment_term "days end of month on the" cases: 30 days end
// of month on the 10th and on the 31st from 12 December 2023; on the 29th
// and the 31st with no days from 23 May 2024; on the 30th and the 31st
// with 15 days from 24 and 23 May 2024; on day 0 (none) with 30 days
// from 22 April 2024.
func TestDueRuleOdooDaysEndOfMonthOnThe(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		days, day int
		date      journal.Date
		want      string
	}{
		{30, 10, journal.MustDate(2023, 12, 12), "2024-02-10"},
		{30, 31, journal.MustDate(2023, 12, 12), "2024-02-29"},
		{0, 29, journal.MustDate(2024, 5, 23), "2024-06-29"},
		{0, 31, journal.MustDate(2024, 5, 23), "2024-06-30"},
		{15, 30, journal.MustDate(2024, 5, 24), "2024-07-30"},
		{15, 31, journal.MustDate(2024, 5, 23), "2024-07-31"},
		{30, 0, journal.MustDate(2024, 4, 22), "2024-05-31"},
	} {
		r := journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: c.days, DayOfMonth: c.day}
		assert.Equal(t, c.want, r.Due(c.date).String(), "%+v %s", r, c.date)
	}
}

// Months or a day of the month out of range, or on a rule due at once,
// are ErrTerms from Split and the invoice builder, alone or in
// instalments; due dates past year 9999 through months or the day of the
// next month too.
func TestDueRuleMonthsDayOfMonthRefused(t *testing.T) {
	t.Parallel()
	d := journal.MustDate(2026, 1, 10)
	for _, r := range []journal.DueRule{
		{Kind: journal.NetDays, Months: -1},
		{Kind: journal.NetDays, Months: journal.DueMonthsMax + 1},
		{Kind: journal.NetDays, DayOfMonth: -1},
		{Kind: journal.DaysThenEndOfMonth, DayOfMonth: 32},
		{Kind: journal.Immediate, Months: 1},
		{Kind: journal.Immediate, DayOfMonth: 10},
	} {
		_, _, err := journal.PaymentTerms{Due: r}.Split(eurAmount("100.00"), d, currency.HalfAwayFromZero)
		assert.ErrorIs(t, err, journal.ErrTerms, "%+v", r)
		_, err = hrev155Inv(d, "100.00", journal.PaymentTerms{Due: r}).Entry()
		assert.ErrorIs(t, err, journal.ErrTerms, "%+v", r)
		_, _, err = hrev78Terms("50", hrev78Net(0), "50", r).Split(eurAmount("100.00"), d, currency.HalfAwayFromZero)
		assert.ErrorIs(t, err, journal.ErrTerms, "%+v", r)
	}
	// The bounds themselves are accepted.
	for _, r := range []journal.DueRule{{Kind: journal.NetDays, Months: journal.DueMonthsMax, DayOfMonth: 31},
		{Kind: journal.NetDays, DayOfMonth: 1}} {
		_, _, err := journal.PaymentTerms{Due: r}.Split(eurAmount("100.00"), d, currency.HalfAwayFromZero)
		assert.NoError(t, err, "%+v", r)
	}

	late := journal.MustDate(9999, 12, 15)
	for _, c := range []struct {
		rule journal.DueRule
		want string // "" for refused
	}{
		{journal.DueRule{Kind: journal.NetDays, DayOfMonth: 31}, "9999-12-31"},
		{journal.DueRule{Kind: journal.NetDays, DayOfMonth: 10}, ""},           // the next 10th is in year 10000
		{journal.DueRule{Kind: journal.DaysThenEndOfMonth, DayOfMonth: 1}, ""}, // the month after December 9999
		{journal.DueRule{Kind: journal.NetDays, Months: 1}, ""},
		{journal.DueRule{Kind: journal.NetDays, Months: journal.DueMonthsMax}, ""},
	} {
		dates, _, err := journal.PaymentTerms{Due: c.rule}.Split(eurAmount("100.00"), late, currency.HalfAwayFromZero)
		if c.want == "" {
			assert.ErrorIs(t, err, journal.ErrTerms, "%+v", c.rule)
			assert.True(t, c.rule.Due(late).IsZero(), "%+v", c.rule)
			continue
		}
		require.NoError(t, err, "%+v", c.rule)
		assert.Equal(t, c.want, dates[0].String())
	}
	assert.True(t, journal.DueRule{Kind: journal.NetDays, Days: 3660}.Due(journal.Date{}).IsZero(), "no date, no due date")
}

// French payment terms printed on invoices, for an invoice of 10 January
// 2026.
func ExampleDueRule_Due() {
	invoiced := journal.MustDate(2026, 1, 10)
	for _, t := range []struct {
		wording string
		rule    journal.DueRule
	}{
		{"30 jours net", journal.DueRule{Kind: journal.NetDays, Days: 30}},
		{"45 jours fin de mois", journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 45}},
		{"fin de mois le 10", journal.DueRule{Kind: journal.DaysThenEndOfMonth, DayOfMonth: 10}},
		{"30 jours fin de mois le 10", journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 30, DayOfMonth: 10}},
		{"45 jours fin de mois le 15", journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 45, DayOfMonth: 15}},
		{"à 30 jours le 10", journal.DueRule{Kind: journal.NetDays, Days: 30, DayOfMonth: 10}},
		{"à 1 mois", journal.DueRule{Kind: journal.NetDays, Months: 1}},
		{"2 mois fin de mois", journal.DueRule{Kind: journal.DaysThenEndOfMonth, Months: 2}},
	} {
		fmt.Printf("%-27s %s\n", t.wording, t.rule.Due(invoiced).French())
	}
	// Output:
	// 30 jours net                09/02/2026
	// 45 jours fin de mois        28/02/2026
	// fin de mois le 10           10/02/2026
	// 30 jours fin de mois le 10  10/03/2026
	// 45 jours fin de mois le 15  15/03/2026
	// à 30 jours le 10            10/02/2026
	// à 1 mois                    10/02/2026
	// 2 mois fin de mois          31/03/2026
}
