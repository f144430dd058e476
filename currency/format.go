package currency

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Plain returns the amount as a plain decimal with all its minor digits:
// "1234.56", "-0.50", "1200" (JPY). It is the form Parse reads back.
func (a Amount) Plain() string {
	var buf [32]byte
	return string(a.AppendPlain(buf[:0]))
}

// AppendPlain appends Plain's text to dst.
func (a Amount) AppendPlain(dst []byte) []byte {
	if n, ok := a.MinorUnits(); ok && a.d.Exponent <= 0 && a.d.Exponent > -minorFastDigits {
		return appendMinor(dst, n, int(-a.d.Exponent))
	}
	return append(dst, a.d.Text('f')...)
}

// appendMinor appends n minor units with digits decimals as Plain writes
// them, without a general decimal: "-0.05" for -5 with 2.
func appendMinor(dst []byte, n int64, digits int) []byte {
	var buf [32]byte
	i := len(buf)
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u
	}
	for k := 0; k <= digits || u > 0; k++ {
		if k == digits && digits > 0 {
			i--
			buf[i] = '.'
		}
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return append(dst, buf[i:]...)
}

// String returns "1234.56 EUR"; the zero Amount prints as "unset".
func (a Amount) String() string {
	if !a.IsSet() {
		return "unset"
	}
	return a.Plain() + " " + a.cur.Code()
}

// French returns the amount as French invoices print it: "1 234,56 €", with
// a narrow no-break space (U+202F) between thousands and a no-break space
// (U+00A0) before the symbol; currencies without a French symbol show their
// code ("1 200 JPY").
func (a Amount) French() string {
	var buf [48]byte
	return string(a.AppendFrench(buf[:0]))
}

// AppendFrench appends French's text to dst: a program that writes many
// amounts into one text (a reason, a report line) builds no string for
// each.
func (a Amount) AppendFrench(dst []byte) []byte {
	var buf [40]byte
	dst = appendFrenchDecimal(dst, a.AppendPlain(buf[:0]))
	return append(append(dst, "\u00a0"...), frenchSymbol(a.cur)...)
}

// appendFrenchDecimal appends FrenchDecimal of plain to dst.
func appendFrenchDecimal(dst, plain []byte) []byte {
	if len(plain) == 0 {
		return dst
	}
	if plain[0] == '-' {
		dst = append(dst, '-')
		plain = plain[1:]
	}
	intPart, frac, hasFrac := bytes.Cut(plain, []byte("."))
	for i, r := range string(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			dst = utf8.AppendRune(dst, '\u202f')
		}
		dst = utf8.AppendRune(dst, r)
	}
	if hasFrac {
		dst = append(append(dst, ','), frac...)
	}
	return dst
}

// FrenchNumber is French without the currency: "1 234,56".
func FrenchNumber(a Amount) string { return FrenchDecimal(a.Plain()) }

// FrenchDecimal writes a plain decimal text, as Plain prints amounts
// ("-1234.56"), the French way: "-1 234,56", thousands apart by a narrow
// no-break space, a decimal comma. Text that is not a plain decimal is
// grouped as if it were; "" stays "".
func FrenchDecimal(plain string) string {
	if plain == "" {
		return ""
	}
	return string(appendFrenchDecimal(make([]byte, 0, len(plain)+len(plain)/3*2), []byte(plain)))
}

func frenchSymbol(c Currency) string {
	switch c.Code() {
	case "EUR":
		return "€"
	case "USD":
		return "$US"
	case "GBP":
		return "£GB"
	}
	return c.Code()
}

// PadLeft right-aligns s in a column of width runes. Table alignment counts
// runes, not bytes: "€" and U+202F are one column each but several bytes.
func PadLeft(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return strings.Repeat(" ", width-n) + s
	}
	return s
}

// PadRight left-aligns s in a column of width runes.
func PadRight(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// MarshalText encodes the amount as String does ("1234.56 EUR"), and the
// unset Amount as empty text, so that amounts read well in JSON and two
// requests carrying the same amount encode identically.
func (a Amount) MarshalText() ([]byte, error) {
	if !a.IsSet() {
		return []byte{}, nil
	}
	return []byte(a.String()), nil
}

// UnmarshalText reads what MarshalText wrote: "1234.56 EUR", or empty
// text for the unset Amount. The amount must be exact in its currency's
// minor units (ErrPrecision otherwise). A unit of account's digits are
// those of the text, as MarshalText writes all of them.
func (a *Amount) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*a = Amount{}
		return nil
	}
	num, code, ok := strings.Cut(string(b), " ")
	if !ok {
		return fmt.Errorf("%w: %q is not \"<amount> <currency>\"", ErrSyntax, b)
	}
	c, err := Lookup(code)
	if err != nil {
		// A unit of account: MarshalText wrote all its minor digits.
		_, frac, _ := strings.Cut(num, ".")
		if c, err = NewUnit(code, len(frac)); err != nil {
			return err
		}
	}
	v, err := Parse(c, num)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// FrenchMinor formats n minor units of c exactly as Amount.French does
// ("1 234,56 €"), without building a decimal: for reports that print many
// amounts they already hold as counts of cents.
func FrenchMinor(c Currency, n int64) string {
	var buf [48]byte
	plain := appendMinor(buf[:0], n, int(c.digits)) // -MinInt64 wraps to itself, which appendMinor reads right
	var out [64]byte
	b := appendFrenchDecimal(out[:0], plain)
	return string(append(append(b, "\u00a0"...), frenchSymbol(c)...))
}
