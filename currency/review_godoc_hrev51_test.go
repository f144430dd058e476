package currency_test

// Review h-rev51: the exported godoc of package currency read as a
// contract. Every test here failed on the code it was written against;
// each says how it was fixed (the code, or the documentation where the
// code was right).

import (
	"math"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/stretchr/testify/assert"
)

// Was failing, fixed: "ErrNoCurrency is returned when an operation receives the zero
// Amount, which has no currency."
// Add, Sub and Cmp of two unset Amounts succeed (an unset "sum", a 0
// comparison, nil error) because the currency check only compares the two
// operands' currencies. The code is wrong: a total of two amounts that were
// never given is a caller bug the doc promises to report (DESIGN §8).
func TestHrev51ArithmeticOnTwoUnsetAmountsIsErrNoCurrency(t *testing.T) {
	var unset currency.Amount
	_, err := unset.Add(unset)
	assert.ErrorIs(t, err, currency.ErrNoCurrency, "Add")
	_, err = unset.Sub(unset)
	assert.ErrorIs(t, err, currency.ErrNoCurrency, "Sub")
	_, err = unset.Cmp(unset)
	assert.ErrorIs(t, err, currency.ErrNoCurrency, "Cmp")
}

// Changed (the documentation was wrong): MinorUnits said "whether it fits
// in an int64", yet −2^63 minor units, which an int64 holds, was reported
// as not fitting. The code is kept: its callers negate the count (an
// absolute value, a set-off), and −2^63 has no int64 negation; the book's
// stored aggregates are written by it too. The doc now says "whether its
// magnitude fits"; this test holds the code to it.
func TestHrev51MinorUnitsOfMinInt64(t *testing.T) {
	_, ok := currency.FromMinor(eur, math.MinInt64).MinorUnits()
	assert.False(t, ok, "−2^63 has no int64 negation")
	n, ok := currency.FromMinor(eur, math.MinInt64+1).MinorUnits()
	assert.True(t, ok)
	assert.Equal(t, int64(math.MinInt64+1), n)
}

// Changed (the documentation was wrong): Parse said "trailing zeros are
// fine: "1.500" EUR is 1.50"" and ErrTooLarge "is returned when a value
// exceeds AmountDigitsMax digits", yet "1.5" followed by 70 zeros — two
// significant digits — gets ErrTooLarge: any text longer than 2 ×
// AmountDigitsMax bytes is refused before it is read. The bound is sane
// (it caps the work a hostile text makes); Parse's doc now states it, and
// this test holds the code to the new doc.
func TestHrev51ParseLongTrailingZeros(t *testing.T) {
	a, err := currency.Parse(eur, "1.5"+strings.Repeat("0", 64))
	if assert.NoError(t, err) {
		assert.Equal(t, "1.50", a.Plain())
	}
	_, err = currency.Parse(eur, "1.5"+strings.Repeat("0", 70))
	assert.ErrorIs(t, err, currency.ErrTooLarge)
}

// Was failing, fixed: Parse "returns ErrSyntax, ErrNotFinite, ErrTooLarge, or
// ErrPrecision when s has more decimals than c allows"; ErrSyntax is for "a
// string [that] is not a decimal number".
// "1e1000000" and "1e-1000000" are decimal numbers in the exponent form Parse
// accepts elsewhere ("1e2" is 100.00 EUR), yet both give ErrSyntax since
// apd's exponent limit fails the parse. Code is wrong: the first is too
// large (ErrTooLarge), the second has more decimals than EUR (ErrPrecision);
// a caller reporting "not a number" for them misleads the user.
func TestHrev51ParseHugeExponentIsNotSyntax(t *testing.T) {
	_, err := currency.Parse(eur, "1e1000000")
	assert.ErrorIs(t, err, currency.ErrTooLarge)
	_, err = currency.Parse(eur, "1e-1000000")
	assert.ErrorIs(t, err, currency.ErrPrecision)
}

// Was suspected, fixed: Prorate's weights are "amounts (of any one
// currency)", yet weights in euros and dollars were spread as if one: a
// caller's mix-up went unseen. They are now a *MismatchError.
func TestHrev51ProrateWeightsOfTwoCurrencies(t *testing.T) {
	usd := currency.MustLookup("USD")
	_, err := currency.Prorate(currency.MustParse(eur, "10.00"), []currency.Amount{currency.MustParse(eur, "1.00"), currency.MustParse(usd, "1.00")})
	var m *currency.MismatchError
	assert.ErrorAs(t, err, &m)
}
