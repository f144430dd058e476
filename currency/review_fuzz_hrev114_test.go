package currency_test

import (
	"errors"
	"testing"

	"github.com/cockroachdb/apd/v3"

	"github.com/lettrage/lettrage/currency"
)

// FuzzHrev114Parse: Parse's fast path answers as the general way does
// (FromDecimal of the decimal apd reads), and an amount read back from
// its Plain text is the same amount; ParseBytes answers as Parse.
func FuzzHrev114Parse(f *testing.F) {
	for _, s := range []string{"1234.56", "-0.5", "0", "1e3", "1.500", "999999999999999999", "-.5", "5.", "1E-2", "0e99999999999"} {
		f.Add("EUR", s)
		f.Add("JPY", s)
		f.Add("BHD", s)
	}
	f.Fuzz(func(t *testing.T, code, s string) {
		c, err := currency.Lookup(code)
		if err != nil {
			return
		}
		a, err := currency.Parse(c, s)
		if b, errBytes := currency.ParseBytes(c, []byte(s)); (err == nil) != (errBytes == nil) || (err == nil && !b.Equal(a)) {
			t.Fatalf("Parse(%q) = %s, %v; ParseBytes %s, %v", s, a, err, b, errBytes)
		}
		if err != nil {
			if !errors.Is(err, currency.ErrSyntax) && !errors.Is(err, currency.ErrTooLarge) && !errors.Is(err, currency.ErrPrecision) && !errors.Is(err, currency.ErrNotFinite) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if d, _, err := apd.NewFromString(s); err == nil {
			b, err := currency.FromDecimal(c, d)
			if err != nil {
				t.Fatalf("Parse(%q) = %s, FromDecimal refuses %s: %v", s, a, d, err)
			}
			if !a.Equal(b) {
				t.Fatalf("Parse(%q) = %s, FromDecimal %s", s, a, b)
			}
		}
		again, err := currency.Parse(c, a.Plain())
		if err != nil || !again.Equal(a) {
			t.Fatalf("Parse(%q) = %s, read back %s, %v", s, a.Plain(), again, err)
		}
	})
}
