package hledger_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Was failing, fixed: "1 000,50 EUR" (digits grouped by a space, a decimal comma) under
// `decimal-mark .` or `commodity 1,000.00 EUR` is posted as 100050.00
// EUR: takeNumber drops the grouping space first ("1000,50"), so normalize
// no longer sees two different marks and applies the directive's '.',
// taking the comma for a digit group. hledger 1.25 reads the number by its
// own marks (rawnumberp: WithSeparators ' ' ["1","000"] (Just (',',"50"))
// is no AmbiguousNumber, disambiguateNumber leaves it): `hledger bal` on
// these files gives 1 000,50 EUR / 1,000.50 EUR on 622700. Want 1000.50
// EUR (or a refusal); never a hundred times the amount.
func TestHrev96SpaceGroupedDecimalCommaUnderPointDirective(t *testing.T) {
	for _, directive := range []string{"decimal-mark .", "commodity 1,000.00 EUR"} {
		t.Run(directive, func(t *testing.T) {
			b, err := hrev96Read(t, directive+"\n\n2026-01-05 Honoraires\n    622700  1 000,50 EUR\n    401000:S9\n")
			if err != nil {
				return // a refusal is acceptable
			}
			assert.Equal(t, "1000.50 EUR", balanceHrev83(t, b, "622700"))
		})
	}
}

// Was failing, fixed: a space after the decimal digits ("1,5 3 EUR", "1 000,5 3 EUR",
// a typo) is taken for a digit group by takeNumber, so Read posts 1.53 /
// 1000.53 EUR without a word. hledger 1.25 refuses these lines: "invalid
// number (excessive trailing digits)" (digits after the decimal part are
// not grouped). Want the journal refused (a LineError), as hledger does.
func TestHrev96SpaceAfterDecimalDigits(t *testing.T) {
	for _, a := range []string{"1,5 3 EUR", "1 000,5 3 EUR"} {
		t.Run(a, func(t *testing.T) {
			b, err := hrev96Read(t, "2026-01-05 Honoraires\n    622700  "+a+"\n    401000:S9\n")
			if err == nil {
				t.Errorf("%q read as %s, want a refusal", a, balanceHrev83(t, b, "622700"))
			}
		})
	}
}
