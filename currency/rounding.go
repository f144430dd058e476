package currency

import (
	"fmt"

	"github.com/cockroachdb/apd/v3"
)

// Rounding is how a division result is brought to a currency's minor unit.
// The zero value, HalfAwayFromZero, is the default of every book.
type Rounding uint8

const (
	// HalfAwayFromZero rounds 0.005 to 0.01 and -0.005 to -0.01 (apd's
	// RoundHalfUp, which works on magnitudes). French invoicing practice.
	HalfAwayFromZero Rounding = iota
	// HalfEven rounds ties to the even neighbour (banker's rounding).
	HalfEven
	// TowardZero truncates.
	TowardZero
	// AwayFromZero rounds any remainder up in magnitude.
	AwayFromZero
	roundingEnd
)

var roundingNames = [...]string{"half-away-from-zero", "half-even", "toward-zero", "away-from-zero"}

// String returns the rounding's name as printed and stored ("half-away-from-zero", "half-even"…), or Rounding(n) for an unknown value.
func (r Rounding) String() string {
	if r >= roundingEnd {
		return fmt.Sprintf("Rounding(%d)", uint8(r))
	}
	return roundingNames[r]
}

// Valid reports whether r is a supported rounding mode.
func (r Rounding) Valid() bool { return r < roundingEnd }

// ParseRounding returns the Rounding named by s (its String form).
func ParseRounding(s string) (Rounding, error) {
	for i, n := range roundingNames {
		if n == s {
			return Rounding(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownRounding, s)
}

func (r Rounding) rounder() apd.Rounder {
	switch r {
	case HalfEven:
		return apd.RoundHalfEven
	case TowardZero:
		return apd.RoundDown
	case AwayFromZero:
		return apd.RoundUp
	default:
		return apd.RoundHalfUp
	}
}

// AmountDigitsMax is the most significant digits an amount or rate may
// have. It bounds every computation and rejects absurd input early.
const AmountDigitsMax = 34

// workContext adds, subtracts and multiplies exactly: precision 0 disables
// rounding in apd, and Inexact is trapped so a bug can never round silently.
var workContext = func() *apd.Context {
	c := apd.BaseContext
	c.Traps |= apd.Inexact
	return &c
}()

// quantizeContext returns a context that quantizes with rounding r. Quantize
// needs a precision; AmountDigitsMax+AmountDigitsMax leaves room for products.
func quantizeContext(r Rounding) *apd.Context {
	c := apd.BaseContext.WithPrecision(2 * AmountDigitsMax)
	c.Rounding = r.rounder()
	return c
}

// divide returns num/den rounded once, with r, to exponent exp. It works on
// integers so that the only rounding is the final one: apd's Quo followed by
// Quantize would round twice.
func divide(num, den *apd.Decimal, exp int32, r Rounding) (apd.Decimal, error) {
	var n, d apd.BigInt
	n.Abs(&num.Coeff)
	d.Abs(&den.Coeff)
	if d.Sign() == 0 {
		return apd.Decimal{}, fmt.Errorf("currency: division by zero")
	}
	// num/den = n·10^ne / (d·10^de); at 10^exp the quotient is n·10^s / d.
	s := int64(num.Exponent) - int64(den.Exponent) - int64(exp)
	if s < -4*AmountDigitsMax || s > 4*AmountDigitsMax {
		return apd.Decimal{}, ErrTooLarge
	}
	var p apd.BigInt
	if s >= 0 {
		p.Exp(apd.NewBigInt(10), apd.NewBigInt(s), nil)
		n.Mul(&n, &p)
	} else {
		p.Exp(apd.NewBigInt(10), apd.NewBigInt(-s), nil)
		d.Mul(&d, &p)
	}
	var q, rem apd.BigInt
	q.QuoRem(&n, &d, &rem)
	neg := num.Negative != den.Negative
	if rem.Sign() != 0 {
		var twice apd.BigInt
		twice.Add(&rem, &rem)
		if r.rounder().ShouldAddOne(&q, neg, twice.Cmp(&d)) {
			q.Add(&q, apd.NewBigInt(1))
		}
	}
	var out apd.Decimal
	out.Coeff.Set(&q)
	out.Exponent = exp
	out.Negative = neg && q.Sign() != 0
	return out, nil
}
