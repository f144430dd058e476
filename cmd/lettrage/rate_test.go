package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRateSetShowAndPay: a rate recorded with 'rate set' is what 'rate
// show' reads on a later date and what values a euro payment of a dollar
// bill; 'pay --rate' gives the bank's instead; without either, pay says
// how to give one. Bad input is refused, and writes nothing.
func TestRateSetShowAndPay(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F600")
	hrev43Post(t, dir, hrev43USDBill)

	r := run(t, dir, "", "pay", "--journal", "BQD", "--date", "2026-03-26", "--amount", "892.86", "AC/2026/00001")
	require.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stderr, "no USD rate on 26/03/2026: record it with 'lettrage rate set USD 2026-03-26 RATE', or give what the bank debited or credited with --amount and its rate with --rate")

	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"rate", "set", "XYZ", "2026-03-01", "1.1"}, 2, "XYZ"},
		{[]string{"rate", "set", "USD", "2026-13-01", "1.1"}, 2, "2026-13-01"},
		{[]string{"rate", "set", "USD", "2026-03-01", "-1"}, 2, "rate"},
		{[]string{"rate", "set", "USD", "2026-03-01", "abc"}, 2, "rate"},
		{[]string{"rate", "set", "EUR", "2026-03-01", "1"}, 1, "company currency"},
		{[]string{"rate", "set", "USD", "2026-03-01"}, 2, ""},
		{[]string{"pay", "--journal", "BQD", "--rate", "0", "AC/2026/00001"}, 2, "--rate"},
		{[]string{"pay", "--journal", "BQD", "--rate", "1.12", "AC/2026/00001"}, 2, "--rate goes with --amount"},
	} {
		r := run(t, dir, "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.says, "%v", c.args)
	}
	r = run(t, dir, "", "rate", "show", "USD", "--at", "2026-03-26")
	assert.Equal(t, 1, r.code, "nothing was recorded: %s", r.stdout)
	r = hrev43Step(t, dir, "rate", "show", "EUR")
	assert.Equal(t, "EUR is the company currency: 1 EUR = 1 EUR, no rate is needed\n", r.stdout)

	r = hrev43Step(t, dir, "rate", "set", "USD", "2026-03-20", "1,12")
	assert.Equal(t, "Rate set: USD: 1 EUR = 1,12 USD from 20/03/2026\n", r.stdout)
	r = hrev43Step(t, dir, "rate", "show", "usd", "--at", "2026-03-26")
	assert.Equal(t, "USD: 1 EUR = 1,12 USD from 20/03/2026\n", r.stdout)
	r = hrev43Step(t, dir, "--json", "rate", "show", "USD", "--at", "2026-03-26")
	assert.JSONEq(t, `{"currency":"USD","date":"2026-03-20","rate":"1.12","company":"EUR"}`, r.stdout)

	r = hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-03-26", "--amount", "892.86", "AC/2026/00001")
	assert.Contains(t, r.stdout, "1 invoice paid in full", r.stdout)
	r = hrev43Step(t, dir, "report", "journals", "--journal", "CHG")
	assert.Contains(t, hrev43Row(r.stdout, "756000"), "16,23", "1 000 USD at 1,10 − at 1,12:\n%s", r.stdout)
	hrev43Step(t, dir, "verify")
}

// TestPayAtTheBanksRate: 'pay --rate' letters a euro payment of a dollar
// bill at the rate the bank converted at, with no rate in the book.
func TestPayAtTheBanksRate(t *testing.T) {
	t.Parallel()
	dir := hrev43Book(t, "F600")
	hrev43Post(t, dir, hrev43USDBill)
	r := hrev43Step(t, dir, "pay", "--journal", "BQD", "--date", "2026-03-26", "--amount", "892.86", "--rate", "1.12", "AC/2026/00001")
	assert.Contains(t, r.stdout, "total 1\u202f000,00 USD  due     0,00 USD", r.stdout)
	r = hrev43Step(t, dir, "report", "journals", "--journal", "CHG")
	assert.Contains(t, hrev43Row(r.stdout, "756000"), "16,23", r.stdout)
	hrev43Step(t, dir, "verify")
}
