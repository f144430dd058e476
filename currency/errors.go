package currency

import (
	"errors"
	"fmt"
)

// Errors returned when parsing or building values.
var (
	// ErrUnknownCurrency is returned when a code is not in the ISO 4217 table.
	ErrUnknownCurrency = errors.New("currency: unknown ISO 4217 code")
	// ErrSyntax is returned when a string is not a decimal number.
	ErrSyntax = errors.New("currency: not a decimal number")
	// ErrNotFinite is returned for NaN and infinities, which are never money.
	ErrNotFinite = errors.New("currency: NaN and infinity are not amounts")
	// ErrPrecision is returned when a value has more decimals than its
	// currency allows. Round explicitly with ParseRound or Round.
	ErrPrecision = errors.New("currency: more decimals than the currency allows")
	// ErrNoCurrency is returned when an operation receives the zero Amount,
	// which has no currency.
	ErrNoCurrency = errors.New("currency: amount has no currency")
	// ErrTooLarge is returned when a value exceeds AmountDigitsMax digits,
	// or when Parse is given a text longer than twice that.
	ErrTooLarge = errors.New("currency: amount has too many digits")
	// ErrUnitCode is returned by NewUnit for a code that is not 3 to 12
	// upper-case letters or digits starting with a letter, or that is an
	// ISO 4217 code.
	ErrUnitCode = errors.New("currency: a unit of account needs a code of 3 to 12 upper-case letters or digits, not an ISO 4217 code")
	// ErrUnitDigits is returned by NewUnit for minor units outside 0 to
	// UnitDigitsMax.
	ErrUnitDigits = fmt.Errorf("currency: a unit of account has 0 to %d decimals", UnitDigitsMax)
)

// Errors returned by rates and proration.
var (
	// ErrRateNotPositive is returned for a zero or negative exchange rate.
	ErrRateNotPositive = errors.New("currency: exchange rate must be positive")
	// ErrWeights is returned when proration weights are empty, too many, or
	// sum to zero.
	ErrWeights = errors.New("currency: proration needs weights with a non-zero sum")
	// ErrUnknownRounding is returned for a rounding mode we do not support.
	ErrUnknownRounding = errors.New("currency: unknown rounding mode")
)

// MismatchError is returned when an operation mixes two currencies.
type MismatchError struct {
	// Op is the operation that was refused, as a verb: "add", "compare".
	Op string
	// Left and Right are the currencies of the two operands, in order.
	Left, Right Currency
}

// Error names the operation and both currencies; an operand without one
// (the unset Amount) is named "unset".
func (e *MismatchError) Error() string {
	name := func(c Currency) string {
		if c.IsZero() {
			return "unset"
		}
		return c.Code()
	}
	return fmt.Sprintf("currency: cannot %s %s and %s amounts", e.Op, name(e.Left), name(e.Right))
}

// Is reports whether target is ErrNoCurrency and one operand was the unset
// Amount, so that errors.Is finds ErrNoCurrency as its documentation says.
func (e *MismatchError) Is(target error) bool {
	return target == ErrNoCurrency && (e.Left.IsZero() || e.Right.IsZero())
}
