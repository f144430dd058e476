package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lettrage/lettrage/currency"
)

// TestHrev3ProbeParseAmountSpaces: parseAmount with spaces (also
// no-break and narrow no-break ones) reads thousands groups only: signs,
// spaces around, several groups, a decimal point or comma after them; and
// refuses a space elsewhere (a decimal part, a short group, a doubled
// space, a space after the sign, grouped decimals after a comma).
func TestHrev3ProbeParseAmountSpaces(t *testing.T) {
	eur := currency.MustLookup("EUR")
	for _, c := range []struct{ in, want string }{
		{"1 234 567,89", "1234567.89"},
		{"-1 234,50", "-1234.50"},
		{"+1 234", "1234.00"},
		{"  1 234,5  ", "1234.50"},
		{"123 456.7", "123456.70"},
		{"1\u00a0234\u202f567,89", "1234567.89"},
		{"-0", "0.00"},
		{"0", "0.00"},
		{"1234,56", "1234.56"},
	} {
		a, err := parseAmount(eur, c.in)
		if assert.NoError(t, err, "%q", c.in) {
			assert.Equal(t, c.want, a.Plain(), "%q", c.in)
		}
	}
	for _, in := range []string{"1 23", "12 50", "1 2,50", "1,234 5", "1,234 567", "1  234", "- 1 234", "1234 567",
		"1 234 56", "1 234,567 8", "12 345,6 7", "1 -234", "1.234 567", "1 234-"} {
		_, err := parseAmount(eur, in)
		assert.ErrorIs(t, err, currency.ErrSyntax, "%q", in)
	}
}
