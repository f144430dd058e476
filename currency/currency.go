package currency

import (
	"fmt"
	"strconv"
	"strings"
)

// Currency is an ISO 4217 currency: its alphabetic code and its minor units
// (the number of decimals amounts carry). The zero Currency is "no
// currency". Currency values are comparable with ==.
type Currency struct {
	code   string
	digits int8
}

// Lookup returns the currency for an ISO 4217 alphabetic code (case
// insensitive). It returns ErrUnknownCurrency for codes not in our table.
func Lookup(code string) (Currency, error) {
	up := strings.ToUpper(code)
	d, ok := minorUnits[up]
	if !ok {
		return Currency{}, fmt.Errorf("%w: %q", ErrUnknownCurrency, code)
	}
	return Currency{code: up, digits: d}, nil
}

// IsCodeForm reports whether s has the form of an ISO 4217 alphabetic
// code, three upper-case letters, whether or not Lookup knows it: a file
// may name a currency this package does not (a historic one, FRF).
func IsCodeForm(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// MustLookup is Lookup for codes known at compile time; it panics on an
// unknown code.
func MustLookup(code string) Currency {
	c, err := Lookup(code)
	if err != nil {
		panic(err)
	}
	return c
}

// Code returns the ISO 4217 alphabetic code, "" for the zero Currency.
func (c Currency) Code() string { return c.code }

// Digits returns the number of minor-unit decimals (2 for EUR, 0 for JPY).
func (c Currency) Digits() int { return int(c.digits) }

// IsZero reports whether c is the zero Currency.
func (c Currency) IsZero() bool { return c.code == "" }

// String returns the ISO 4217 code, "EUR"; "" for the zero Currency.
func (c Currency) String() string { return c.code }

func (c Currency) exponent() int32 { return -int32(c.digits) }

// minorUnits is ISO 4217 list one (active codes) with the minor units of the
// standard, not CLDR's display digits. Funds and precious metals without
// minor units (XAU, XDR...) are omitted on purpose: they are not invoiced.
var minorUnits = map[string]int8{
	"AED": 2, "AFN": 2, "ALL": 2, "AMD": 2, "ANG": 2, "AOA": 2, "ARS": 2, "AUD": 2,
	"AWG": 2, "AZN": 2, "BAM": 2, "BBD": 2, "BDT": 2, "BGN": 2, "BHD": 3, "BIF": 0,
	"BMD": 2, "BND": 2, "BOB": 2, "BRL": 2, "BSD": 2, "BTN": 2, "BWP": 2, "BYN": 2,
	"BZD": 2, "CAD": 2, "CDF": 2, "CHF": 2, "CLF": 4, "CLP": 0, "CNY": 2, "COP": 2,
	"CRC": 2, "CUP": 2, "CVE": 2, "CZK": 2, "DJF": 0, "DKK": 2, "DOP": 2, "DZD": 2,
	"EGP": 2, "ERN": 2, "ETB": 2, "EUR": 2, "FJD": 2, "FKP": 2, "GBP": 2, "GEL": 2,
	"GHS": 2, "GIP": 2, "GMD": 2, "GNF": 0, "GTQ": 2, "GYD": 2, "HKD": 2, "HNL": 2,
	"HTG": 2, "HUF": 2, "IDR": 2, "ILS": 2, "INR": 2, "IQD": 3, "IRR": 2, "ISK": 0,
	"JMD": 2, "JOD": 3, "JPY": 0, "KES": 2, "KGS": 2, "KHR": 2, "KMF": 0, "KPW": 2,
	"KRW": 0, "KWD": 3, "KYD": 2, "KZT": 2, "LAK": 2, "LBP": 2, "LKR": 2, "LRD": 2,
	"LSL": 2, "LYD": 3, "MAD": 2, "MDL": 2, "MGA": 2, "MKD": 2, "MMK": 2, "MNT": 2,
	"MOP": 2, "MRU": 2, "MUR": 2, "MVR": 2, "MWK": 2, "MXN": 2, "MYR": 2, "MZN": 2,
	"NAD": 2, "NGN": 2, "NIO": 2, "NOK": 2, "NPR": 2, "NZD": 2, "OMR": 3, "PAB": 2,
	"PEN": 2, "PGK": 2, "PHP": 2, "PKR": 2, "PLN": 2, "PYG": 0, "QAR": 2, "RON": 2,
	"RSD": 2, "RUB": 2, "RWF": 0, "SAR": 2, "SBD": 2, "SCR": 2, "SDG": 2, "SEK": 2,
	"SGD": 2, "SHP": 2, "SLE": 2, "SOS": 2, "SRD": 2, "SSP": 2, "STN": 2, "SVC": 2,
	"SYP": 2, "SZL": 2, "THB": 2, "TJS": 2, "TMT": 2, "TND": 3, "TOP": 2, "TRY": 2,
	"TTD": 2, "TWD": 2, "TZS": 2, "UAH": 2, "UGX": 0, "USD": 2, "UYI": 0, "UYU": 2,
	"UYW": 4, "UZS": 2, "VES": 2, "VND": 0, "VUV": 0, "WST": 2, "XAF": 0, "XCD": 2,
	"XCG": 2, "XOF": 0, "XPF": 0, "YER": 2, "ZAR": 2, "ZMW": 2, "ZWG": 2,
}

// MarshalText encodes an ISO 4217 currency as its code ("EUR"), a unit of
// account as its code and digits ("GOLD/3", its digits are not in its
// code), the zero Currency as empty text.
func (c Currency) MarshalText() ([]byte, error) {
	if c.IsZero() || c.IsISO() {
		return []byte(c.code), nil
	}
	return []byte(fmt.Sprintf("%s/%d", c.code, c.digits)), nil
}

// UnmarshalText reads what MarshalText wrote; empty text is the zero
// Currency. It returns ErrUnknownCurrency for a code not in the ISO table,
// or a unit's errors for a malformed unit.
func (c *Currency) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = Currency{}
		return nil
	}
	if code, digits, ok := strings.Cut(string(b), "/"); ok {
		n, err := strconv.Atoi(digits)
		if err != nil {
			return fmt.Errorf("%w: %q", ErrUnitDigits, b)
		}
		u, err := NewUnit(code, n)
		if err != nil {
			return err
		}
		*c = u
		return nil
	}
	v, err := Lookup(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
