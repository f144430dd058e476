package currency

import "fmt"

// UnitDigitsMax is the most minor-unit decimals a unit of account may have.
const UnitDigitsMax = 18

// unitCodeMax is the longest unit-of-account code.
const unitCodeMax = 12

// NewUnit returns a unit of account that is not an ISO 4217 currency: a
// commodity (GOLD in grams to the milligram: NewUnit("GOLD", 3)), a crypto
// asset, an internal unit. Its amounts behave exactly as a currency's. The
// code is 3 to 12 upper-case letters or digits, starting with a letter, and
// must not be an ISO 4217 code (ErrUnitCode); digits is 0 to UnitDigitsMax
// (ErrUnitDigits).
//
// A unit is a value, not a registration: a book that keeps amounts in it
// records the unit so that it can read them back (ledger.Book.AddUnit), and
// Lookup does not know it.
func NewUnit(code string, digits int) (Currency, error) {
	if len(code) < 3 || len(code) > unitCodeMax || code[0] < 'A' || code[0] > 'Z' {
		return Currency{}, fmt.Errorf("%w: %q", ErrUnitCode, code)
	}
	for i := 0; i < len(code); i++ {
		if c := code[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return Currency{}, fmt.Errorf("%w: %q", ErrUnitCode, code)
		}
	}
	if _, iso := minorUnits[code]; iso || isoWithoutMinorUnits[code] {
		return Currency{}, fmt.Errorf("%w: %s is an ISO 4217 currency", ErrUnitCode, code)
	}
	if digits < 0 || digits > UnitDigitsMax {
		return Currency{}, fmt.Errorf("%w: %d", ErrUnitDigits, digits)
	}
	return Currency{code: code, digits: int8(digits)}, nil
}

// IsISO reports whether c is an ISO 4217 currency rather than a unit of
// account made by NewUnit.
func (c Currency) IsISO() bool {
	d, ok := minorUnits[c.code]
	return ok && d == c.digits
}

// isoWithoutMinorUnits are the ISO 4217 codes left out of our table (funds,
// precious metals, testing codes): a unit of account may not take them
// either, or a book would read "XAU" as two different things.
var isoWithoutMinorUnits = map[string]bool{
	"BOV": true, "CHE": true, "CHW": true, "COU": true, "MXV": true, "USN": true,
	"XAG": true, "XAU": true, "XBA": true, "XBB": true, "XBC": true, "XBD": true,
	"XDR": true, "XPD": true, "XPT": true, "XSU": true, "XTS": true, "XUA": true, "XXX": true,
}
