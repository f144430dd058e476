package currency_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/stretchr/testify/require"
)

// oldFrenchHrev11 is French as it was before AppendFrench
// (FrenchNumber(a) + U+00A0 + the symbol), the symbol taken from what
// French prints after the number of zero.
func oldFrenchHrev11(a currency.Amount) string {
	return currency.FrenchDecimal(a.Plain()) + "\u00a0" + oldSymbolHrev11(a.Currency())
}

func oldSymbolHrev11(c currency.Currency) string {
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

// French and AppendFrench equal the old concatenation for random amounts
// of many currencies and units of account, signs and lengths.
func TestHrev11FrenchRandomized(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	curs := []currency.Currency{eur, currency.MustLookup("JPY"), currency.MustLookup("USD"), currency.MustLookup("GBP"),
		currency.MustLookup("BHD"), currency.MustLookup("CHF")}
	for _, d := range []int{0, 1, 2, 3, 4, 6, 8, currency.UnitDigitsMax} {
		u, err := currency.NewUnit("U"+strings.Repeat("X", 2)+string(rune('A'+d%26)), d)
		require.NoError(t, err)
		curs = append(curs, u)
	}
	require.Equal(t, oldFrenchHrev11(currency.Amount{}), currency.Amount{}.French(), "the unset amount")
	tried := 0
	defer func() { require.Greater(t, tried, 10000) }()
	for i := 0; i < 20000; i++ {
		c := curs[r.IntN(len(curs))]
		var b strings.Builder
		if r.IntN(2) == 0 {
			b.WriteByte('-')
		}
		n := 1 + r.IntN(40)
		for k := 0; k < n; k++ {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		if fd := r.IntN(c.Digits() + 1); fd > 0 {
			b.WriteByte('.')
			for k := 0; k < fd; k++ {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
		}
		a, err := currency.Parse(c, b.String())
		if err != nil {
			continue // beyond what an amount holds
		}
		tried++
		want := oldFrenchHrev11(a)
		require.Equal(t, want, a.French(), "%s %s", c, b.String())
		require.Equal(t, "pre "+want, string(a.AppendFrench([]byte("pre "))), "%s %s", c, b.String())
		m := currency.FromMinor(c, int64(r.Uint64()))
		require.Equal(t, oldFrenchHrev11(m), m.French())
	}
}
