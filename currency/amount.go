package currency

import (
	"fmt"
	"regexp"

	"github.com/cockroachdb/apd/v3"
)

// Amount is an exact amount of money in one currency. It is immutable: every
// operation returns a new Amount. Its decimal is always canonical: quantized
// to the currency's exponent, never negative zero, finite.
//
// The zero Amount has no currency; it stands for "not given" wherever an
// amount is optional (IsSet reports it). Amount is not comparable with ==;
// use Equal or Cmp.
type Amount struct {
	_   [0]func() // not comparable: two decimals may be equal with different pointers
	cur Currency
	d   apd.Decimal
}

// Zero returns 0 in currency c.
func Zero(c Currency) Amount {
	a := Amount{cur: c}
	a.d.Exponent = c.exponent()
	return a
}

// FromMinor returns the amount of n minor units of c (FromMinor(EUR, 150)
// is 1.50 EUR). The zero Currency gives the unset Amount: an amount has a
// currency or is not given at all.
func FromMinor(c Currency, n int64) Amount {
	if c.IsZero() {
		return Amount{}
	}
	a := Amount{cur: c}
	a.d.SetFinite(n, c.exponent())
	return a
}

// Parse reads a decimal such as "1234.56" or "-0.5" as an amount of c. It
// returns ErrSyntax, ErrNotFinite, ErrTooLarge (also for a text longer
// than 2 × AmountDigitsMax characters, whatever its value), or
// ErrPrecision when s has more decimals than c allows (trailing zeros are
// fine: "1.500" EUR is 1.50).
func Parse(c Currency, s string) (Amount, error) {
	if n, ok := parseMinor(s, c.Digits()); ok && !c.IsZero() {
		return FromMinor(c, n), nil
	}
	d, err := parseDecimal(s)
	if err != nil {
		return Amount{}, err
	}
	return FromDecimal(c, d)
}

// ParseBytes is Parse of a text held in bytes: an amount in the common
// form (an optional minus sign, digits, at most c's decimals) is read
// without copying b, anything else as Parse reads string(b). For a reader
// that parses many amounts out of a buffer and keeps none of the text.
func ParseBytes(c Currency, b []byte) (Amount, error) {
	if n, ok := parseMinor(b, c.Digits()); ok && !c.IsZero() {
		return FromMinor(c, n), nil
	}
	return Parse(c, string(b))
}

// MustParse is Parse for literals; it panics on error.
func MustParse(c Currency, s string) Amount {
	a, err := Parse(c, s)
	if err != nil {
		panic(err)
	}
	return a
}

// ParseRound reads s and rounds it to c's minor unit with r: the explicit
// way to accept more decimals than the currency has.
func ParseRound(c Currency, s string, r Rounding) (Amount, error) {
	d, err := parseDecimal(s)
	if err != nil {
		return Amount{}, err
	}
	return RoundDecimal(c, d, r)
}

// FromDecimal returns d as an amount of c. It returns ErrPrecision when d
// has more decimals than c allows, ErrNotFinite for NaN or infinities,
// ErrSyntax for a nil d.
func FromDecimal(c Currency, d *apd.Decimal) (Amount, error) {
	if c.IsZero() {
		return Amount{}, ErrNoCurrency
	}
	if err := checkFinite(d); err != nil {
		return Amount{}, err
	}
	a := Amount{cur: c}
	cond, err := quantizeContext(HalfAwayFromZero).Quantize(&a.d, d, c.exponent())
	if err != nil {
		return Amount{}, fmt.Errorf("%w: %s", ErrTooLarge, d.String())
	}
	if cond.Inexact() {
		return Amount{}, fmt.Errorf("%w: %s has more than %d decimals for %s", ErrPrecision, d.String(), c.Digits(), c.Code())
	}
	return a.canonical()
}

// RoundDecimal returns d rounded with r to c's minor unit. A nil d is
// ErrSyntax.
func RoundDecimal(c Currency, d *apd.Decimal, r Rounding) (Amount, error) {
	if c.IsZero() {
		return Amount{}, ErrNoCurrency
	}
	if !r.Valid() {
		return Amount{}, ErrUnknownRounding
	}
	if err := checkFinite(d); err != nil {
		return Amount{}, err
	}
	a := Amount{cur: c}
	if _, err := quantizeContext(r).Quantize(&a.d, d, c.exponent()); err != nil {
		return Amount{}, fmt.Errorf("%w: %s", ErrTooLarge, d.String())
	}
	return a.canonical()
}

// minorFastDigits is the most digits parseMinor reads: any count of
// them fits in an int64.
const minorFastDigits = 18

// parseMinor reads the common form of an amount, an optional minus sign,
// digits and at most digits decimals ("-1234.5"), as a count of minor units
// without going through a general decimal; ok is false for anything else
// (an exponent, a plus sign, more decimals, more than minorFastDigits
// digits, no digit before or after the point), which Parse then reads the
// general way. Its answer is the general way's, only sooner.
func parseMinor[T string | []byte](s T, digits int) (n int64, ok bool) {
	i := 0
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		i = 1
	}
	start, point, frac := i, -1, 0
	for ; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9':
			n = n*10 + int64(ch-'0')
			if point >= 0 {
				frac++
			}
		case ch == '.' && point < 0:
			point = i
		default:
			return 0, false
		}
	}
	width := len(s) - start
	if point >= 0 {
		width--
	}
	if width == 0 || point == start || point == len(s)-1 || frac > digits || width+digits-frac > minorFastDigits {
		return 0, false
	}
	for ; frac < digits; frac++ {
		n *= 10
	}
	if neg {
		n = -n
	}
	return n, true
}

func parseDecimal(s string) (*apd.Decimal, error) {
	if len(s) > 2*AmountDigitsMax {
		return nil, fmt.Errorf("%w: %q", ErrTooLarge, s)
	}
	d, _, err := apd.NewFromString(s)
	if err != nil {
		// A number in exponent form whose exponent apd cannot hold is a
		// number still: too large, or with too many decimals.
		if m := hugeExponent.FindStringSubmatch(s); m != nil {
			switch {
			case !nonZeroDigit.MatchString(m[1]):
				return apd.New(0, 0), nil
			case m[2] == "-":
				return nil, fmt.Errorf("%w: %q", ErrPrecision, s)
			}
			return nil, fmt.Errorf("%w: %q", ErrTooLarge, s)
		}
		return nil, fmt.Errorf("%w: %q", ErrSyntax, s)
	}
	return d, checkFinite(d)
}

var (
	// hugeExponent is a decimal in exponent form: its mantissa, and the
	// exponent's sign.
	hugeExponent = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)[eE]([+-]?)\d+$`)
	nonZeroDigit = regexp.MustCompile(`[1-9]`)
)

// checkFinite refuses NaN, infinities and a nil decimal (ErrSyntax: no
// number at all).
func checkFinite(d *apd.Decimal) error {
	if d == nil {
		return fmt.Errorf("%w: nil decimal", ErrSyntax)
	}
	if d.Form != apd.Finite {
		return fmt.Errorf("%w: %s", ErrNotFinite, d.String())
	}
	return nil
}

// canonical removes negative zero and enforces AmountDigitsMax.
func (a Amount) canonical() (Amount, error) {
	if a.d.Coeff.Sign() == 0 {
		a.d.Negative = false
	}
	if a.d.NumDigits() > AmountDigitsMax {
		return Amount{}, fmt.Errorf("%w: %s", ErrTooLarge, a.d.String())
	}
	return a, nil
}

// Currency returns the amount's currency (the zero Currency for the zero
// Amount).
func (a Amount) Currency() Currency { return a.cur }

// IsSet reports whether a has a currency, that is whether it was given at
// all. Zero(EUR) is set; Amount{} is not.
func (a Amount) IsSet() bool { return !a.cur.IsZero() }

// Decimal returns a copy of the amount's decimal.
func (a Amount) Decimal() *apd.Decimal { return new(apd.Decimal).Set(&a.d) }

// Sign returns -1, 0 or +1.
func (a Amount) Sign() int { return a.d.Sign() }

// IsZero reports whether a is zero (in any currency, or unset).
func (a Amount) IsZero() bool { return a.d.IsZero() }

// Neg returns -a.
func (a Amount) Neg() Amount {
	out := Amount{cur: a.cur}
	out.d.Neg(&a.d)
	if out.d.Coeff.Sign() == 0 {
		out.d.Negative = false
	}
	return out
}

// Abs returns |a|.
func (a Amount) Abs() Amount {
	out := Amount{cur: a.cur}
	out.d.Abs(&a.d)
	return out
}

// Add returns a+b. It returns a *MismatchError when the currencies differ.
func (a Amount) Add(b Amount) (Amount, error) {
	if a.cur != b.cur {
		return Amount{}, &MismatchError{Op: "add", Left: a.cur, Right: b.cur}
	}
	if a.cur.IsZero() {
		return Amount{}, ErrNoCurrency // two amounts never given
	}
	out := Amount{cur: a.cur}
	// Both amounts are quantized to the currency's exponent: when their
	// coefficients fit in an int64, so does their sum unless it
	// overflows, and its digits are far below AmountDigitsMax.
	if x, ok := a.MinorUnits(); ok && a.d.Exponent == b.d.Exponent {
		if y, ok := b.MinorUnits(); ok {
			if sum := x + y; (sum > x) == (y > 0) {
				out.d.SetFinite(sum, a.d.Exponent)
				return out, nil
			}
		}
	}
	if _, err := workContext.Add(&out.d, &a.d, &b.d); err != nil {
		return Amount{}, fmt.Errorf("%w: %v", ErrTooLarge, err)
	}
	return out.canonical()
}

// Sub returns a-b. It returns a *MismatchError when the currencies differ.
func (a Amount) Sub(b Amount) (Amount, error) {
	return a.Add(b.Neg())
}

// Cmp compares a and b: -1 if a < b, 0 if equal, +1 if a > b. It returns a
// *MismatchError when the currencies differ.
func (a Amount) Cmp(b Amount) (int, error) {
	if a.cur != b.cur {
		return 0, &MismatchError{Op: "compare", Left: a.cur, Right: b.cur}
	}
	if a.cur.IsZero() {
		return 0, ErrNoCurrency // two amounts never given
	}
	return a.d.Cmp(&b.d), nil
}

// Equal reports whether a and b have the same currency and value.
func (a Amount) Equal(b Amount) bool {
	return a.cur == b.cur && a.d.Cmp(&b.d) == 0
}

// Sum adds amounts of currency c; it returns Zero(c) for none.
func Sum(c Currency, amounts ...Amount) (Amount, error) {
	total := Zero(c)
	for _, x := range amounts {
		var err error
		if total, err = total.Add(x); err != nil {
			return Amount{}, err
		}
	}
	return total, nil
}

// MinorUnits returns a as an integer count of minor units (150 for 1.50 EUR)
// and whether its magnitude fits in an int64, so that the count's
// negation does too: −2^63 minor units, which an int64 holds but cannot
// negate, is reported as not fitting.
func (a Amount) MinorUnits() (int64, bool) {
	if !a.d.Coeff.IsInt64() {
		return 0, false
	}
	n := a.d.Coeff.Int64()
	if a.d.Negative {
		n = -n
	}
	return n, true
}
