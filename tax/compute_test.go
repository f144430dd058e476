package tax_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAmountAndBase(t *testing.T) {
	eur := currency.MustLookup("EUR")
	v := tax.Tax{ID: "V", Rate: tax.MustParsePercent("5.5"), FinalAccount: "445710"}
	a, err := v.Amount(currency.MustParse(eur, "5280.00"), currency.HalfAwayFromZero)
	require.NoError(t, err)
	assert.Equal(t, "290.40", a.Plain())
	a, err = v.Amount(currency.MustParse(eur, "-0.10"), currency.HalfAwayFromZero)
	require.NoError(t, err)
	assert.Equal(t, "-0.01", a.Plain(), "negative bases round away from zero too")
	in := v
	in.PriceIncluded = true
	b, err := tax.BaseOf(currency.MustParse(eur, "105.50"), []tax.Tax{in}, currency.HalfAwayFromZero)
	require.NoError(t, err)
	assert.Equal(t, "100.00", b.Plain())
	b, err = tax.BaseOf(currency.MustParse(eur, "105.50"), []tax.Tax{v}, currency.HalfAwayFromZero)
	require.NoError(t, err)
	assert.Equal(t, "105.50", b.Plain(), "excluded taxes leave the amount as the base")
	g := tax.Group{ID: "G", Taxes: []tax.Tax{v, {ID: "W", Rate: tax.MustParsePercent("1"), FinalAccount: "447000"}}}
	flat := tax.Flatten([]tax.Group{g}, v)
	require.Len(t, flat, 2)
	assert.Equal(t, "W", flat[1].ID)
}
