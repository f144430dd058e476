package currency

import (
	"fmt"

	"github.com/cockroachdb/apd/v3"
)

// Rate is an exchange rate in the book's direction: 1 unit of the company
// currency = Rate units of the foreign currency (EUR company, USD 1.20 means
// 1 EUR = 1.20 USD). Rates are stored exactly as given, never inverted.
type Rate struct {
	_ [0]func()
	d apd.Decimal
}

// ParseRate reads a positive decimal rate such as "1.2345". It returns
// ErrSyntax, ErrNotFinite, ErrTooLarge or ErrRateNotPositive.
func ParseRate(s string) (Rate, error) {
	d, err := parseDecimal(s)
	if err != nil {
		return Rate{}, err
	}
	return RateFromDecimal(d)
}

// MustParseRate is ParseRate for literals; it panics on error.
func MustParseRate(s string) Rate {
	r, err := ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

// RateFromDecimal returns d as a Rate. Trailing zeros are removed so that
// equal rates have one form. A nil d is ErrSyntax.
func RateFromDecimal(d *apd.Decimal) (Rate, error) {
	if err := checkFinite(d); err != nil {
		return Rate{}, err
	}
	if d.Sign() <= 0 {
		return Rate{}, fmt.Errorf("%w: %s", ErrRateNotPositive, d.String())
	}
	var r Rate
	r.d.Reduce(d)
	// Written out (String), neither the whole part nor the fraction may
	// have more than AmountDigitsMax digits.
	if r.d.NumDigits() > AmountDigitsMax || r.d.NumDigits()+int64(r.d.Exponent) > AmountDigitsMax || r.d.Exponent < -AmountDigitsMax {
		return Rate{}, fmt.Errorf("%w: %s", ErrTooLarge, d.String())
	}
	return r, nil
}

// IsZero reports whether r is the zero Rate (not a valid rate).
func (r Rate) IsZero() bool { return r.d.IsZero() }

// Decimal returns a copy of the rate's decimal.
func (r Rate) Decimal() *apd.Decimal { return new(apd.Decimal).Set(&r.d) }

// String returns the rate in plain notation, "1.2345".
func (r Rate) String() string { return r.d.Text('f') }

// Equal reports whether two rates are the same number.
func (r Rate) Equal(o Rate) bool { return r.d.Cmp(&o.d) == 0 }

// ToCompany converts a foreign amount to the company currency: foreign / r,
// rounded once with rounding at company's minor unit.
func (r Rate) ToCompany(foreign Amount, company Currency, rounding Rounding) (Amount, error) {
	if err := r.check(foreign, company, rounding); err != nil {
		return Amount{}, err
	}
	d, err := divide(&foreign.d, &r.d, company.exponent(), rounding)
	if err != nil {
		return Amount{}, err
	}
	return Amount{cur: company, d: d}.canonical()
}

// FromCompany converts a company-currency amount to a foreign currency:
// amount × r, rounded once with rounding at foreign's minor unit.
func (r Rate) FromCompany(amount Amount, foreign Currency, rounding Rounding) (Amount, error) {
	if err := r.check(amount, foreign, rounding); err != nil {
		return Amount{}, err
	}
	var p apd.Decimal
	if _, err := workContext.Mul(&p, &amount.d, &r.d); err != nil {
		return Amount{}, fmt.Errorf("%w: %v", ErrTooLarge, err)
	}
	return RoundDecimal(foreign, &p, rounding)
}

func (r Rate) check(a Amount, target Currency, rounding Rounding) error {
	switch {
	case r.d.Sign() <= 0:
		return ErrRateNotPositive
	case !a.IsSet() || target.IsZero():
		return ErrNoCurrency
	case !rounding.Valid():
		return ErrUnknownRounding
	}
	return nil
}

// Divide returns num/den as an amount of c, rounded once with rounding. It is
// the primitive behind conversions and tax computations that divide. A nil
// num or den is ErrSyntax.
func Divide(c Currency, num, den *apd.Decimal, rounding Rounding) (Amount, error) {
	if c.IsZero() {
		return Amount{}, ErrNoCurrency
	}
	if err := checkFinite(num); err != nil {
		return Amount{}, err
	}
	if err := checkFinite(den); err != nil {
		return Amount{}, err
	}
	if !rounding.Valid() {
		return Amount{}, ErrUnknownRounding
	}
	d, err := divide(num, den, c.exponent(), rounding)
	if err != nil {
		return Amount{}, err
	}
	return Amount{cur: c, d: d}.canonical()
}

// MulDiv returns a × num / den as an amount of target, rounded once with
// rounding: the product is exact and the division rounds at the target
// exponent. It values part of a line at that line's own rate (a of a
// foreign amount, num/den the line's company and foreign amounts), or
// takes a share of an amount of target (num/den in one currency). It
// returns a *MismatchError for any other mix of currencies,
// ErrTooLarge, ErrUnknownRounding or an error for den zero.
func MulDiv(a, num, den Amount, target Currency, rounding Rounding) (Amount, error) {
	if den.IsZero() {
		return Amount{}, fmt.Errorf("currency: MulDiv by a zero %s amount", den.cur.Code())
	}
	// A share (num and den in one currency, a in target's) or a
	// conversion (a in den's currency, num in target's): anything else
	// mixes currencies, a slip of the caller's (two totals swapped).
	if !(num.cur == den.cur && a.cur == target || a.cur == den.cur && num.cur == target) {
		if num.cur == den.cur {
			return Amount{}, &MismatchError{Op: "take a share into", Left: a.cur, Right: target}
		}
		return Amount{}, &MismatchError{Op: "convert by a rate", Left: a.cur, Right: den.cur}
	}
	var p apd.Decimal
	if _, err := workContext.Mul(&p, &a.d, &num.d); err != nil {
		return Amount{}, fmt.Errorf("%w: %v", ErrTooLarge, err)
	}
	return Divide(target, &p, &den.d, rounding)
}

// WithinHalfUnit reports whether a × num / den lies within half a minor
// unit of b's currency from b, computed exactly (no rounding): the
// tolerance with which two sides of a lettering valued at their own rates
// count as equal. It returns an error for den zero.
func WithinHalfUnit(a, num, den, b Amount) (bool, error) {
	if den.IsZero() {
		return false, fmt.Errorf("currency: WithinHalfUnit by a zero %s amount", den.cur.Code())
	}
	// |a·num − b·den| ≤ ½·10^exp(b)·|den|
	var l, r, diff, bound, absDen apd.Decimal
	if _, err := workContext.Mul(&l, &a.d, &num.d); err != nil {
		return false, fmt.Errorf("%w: %v", ErrTooLarge, err)
	}
	if _, err := workContext.Mul(&r, &b.d, &den.d); err != nil {
		return false, fmt.Errorf("%w: %v", ErrTooLarge, err)
	}
	if _, err := workContext.Sub(&diff, &l, &r); err != nil {
		return false, fmt.Errorf("%w: %v", ErrTooLarge, err)
	}
	diff.Abs(&diff)
	absDen.Abs(&den.d)
	half := apd.New(5, b.cur.exponent()-1)
	if _, err := workContext.Mul(&bound, half, &absDen); err != nil {
		return false, fmt.Errorf("%w: %v", ErrTooLarge, err)
	}
	return diff.Cmp(&bound) <= 0, nil
}

// WithinHalfUnit reports whether foreign / r (its company value at this
// rate, computed exactly) lies within half a minor unit of company's
// currency from company: WithinHalfUnit's test for a side valued at a
// quoted rate rather than at a line's own amounts.
func (r Rate) WithinHalfUnit(foreign, company Amount) (bool, error) {
	if r.d.Sign() <= 0 {
		return false, ErrRateNotPositive
	}
	// |foreign − company·r| ≤ ½·10^exp(company)·r
	var cr, diff, bound apd.Decimal
	if _, err := workContext.Mul(&cr, &company.d, &r.d); err != nil {
		return false, fmt.Errorf("%w: %v", ErrTooLarge, err)
	}
	if _, err := workContext.Sub(&diff, &foreign.d, &cr); err != nil {
		return false, fmt.Errorf("%w: %v", ErrTooLarge, err)
	}
	diff.Abs(&diff)
	half := apd.New(5, company.cur.exponent()-1)
	if _, err := workContext.Mul(&bound, half, &r.d); err != nil {
		return false, fmt.Errorf("%w: %v", ErrTooLarge, err)
	}
	return diff.Cmp(&bound) <= 0, nil
}

// MarshalText encodes the rate as String does, and the zero Rate ("no
// rate") as empty text, so that two requests carrying the same rate encode
// identically.
func (r Rate) MarshalText() ([]byte, error) {
	if r.IsZero() {
		return []byte{}, nil
	}
	return []byte(r.String()), nil
}

// UnmarshalText reads what MarshalText wrote; empty text is the zero Rate
// ("no rate").
func (r *Rate) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = Rate{}
		return nil
	}
	v, err := ParseRate(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
