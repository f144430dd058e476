package reconcile

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
)

// Pins the quote two posted lines admit together: the decimal of fewest
// digits whose conversion of each currency amount gives its balance, in
// every rounding; none when their intervals do not meet. Each line is
// (currency amount, company balance); the candidate is checked by the
// conversion itself, as quoteFits does.
func TestShortestQuoteOfTwoPostedLines(t *testing.T) {
	t.Parallel()
	eur, chf, jpy := currency.MustLookup("EUR"), currency.MustLookup("CHF"), currency.MustLookup("JPY")
	for _, tc := range []struct {
		name     string
		cur      currency.Currency
		lines    [2][2]string
		rounding currency.Rounding
		want     string // "" when no quote converts both
	}{
		{"CHF invoice and receipt at 0.9255336", chf, [2][2]string{{"1339.63", "1447.41"}, {"677.08", "731.56"}}, currency.HalfAwayFromZero, "0.925533"},
		{"CHF invoice and small receipt", chf, [2][2]string{{"1339.63", "1447.41"}, {"92.63", "100.08"}}, currency.HalfAwayFromZero, "0.925533"},
		{"two rates, far apart", chf, [2][2]string{{"1339.63", "1447.41"}, {"677.08", "728.03"}}, currency.HalfAwayFromZero, ""},
		{"one unit of the quote", jpy, [2][2]string{{"1000", "10.00"}, {"500", "5.00"}}, currency.HalfEven, "100"},
		{"toward zero", chf, [2][2]string{{"10.00", "9.09"}, {"20.00", "18.18"}}, currency.TowardZero, "1.1"},
		{"away from zero", chf, [2][2]string{{"10.00", "9.10"}, {"20.00", "18.19"}}, currency.AwayFromZero, "1.1"},
		{"a balance of zero: no upper bound", chf, [2][2]string{{"0.01", "0.00"}, {"100.00", "0.01"}}, currency.HalfAwayFromZero, "7000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var spans [2]quoteSpan
			for i, l := range tc.lines {
				spans[i] = lineSpan(currency.MustParse(tc.cur, l[0]), currency.MustParse(eur, l[1]), 0, tc.rounding)
			}
			converts := func(q currency.Rate) bool {
				for _, l := range tc.lines {
					v, ok := convertsTo(q, currency.MustParse(tc.cur, l[0]), eur, tc.rounding)
					if !ok || !v.Equal(currency.MustParse(eur, l[1])) {
						return false
					}
				}
				return true
			}
			s := spans[0]
			got := ""
			if s.meet(&spans[1]) {
				if q, ok := s.shortestQuote(converts); ok {
					got = q.String()
				}
			}
			if got != tc.want {
				t.Errorf("quote %q, want %q", got, tc.want)
			}
		})
	}
}
