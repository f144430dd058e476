package tax_test

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFrenchVATAmounts(t *testing.T) {
	eur := currency.MustLookup("EUR")
	tests := []struct {
		rate       tax.FrenchRate
		base, want string
	}{
		{tax.Standard, "100.00", "20.00"},
		{tax.Standard, "0.05", "0.01"},
		{tax.Standard, "-0.03", "-0.01"},
		{tax.Intermediate, "100.00", "10.00"},
		{tax.Intermediate, "0.05", "0.01"}, // 0.005: half away from zero
		{tax.Intermediate, "-0.05", "-0.01"},
		{tax.Reduced, "100.00", "5.50"},
		{tax.Reduced, "5280.00", "290.40"},
		{tax.Reduced, "0.09", "0.00"},       // 0.00495
		{tax.SuperReduced, "99.99", "2.10"}, // 2.09979
		{tax.SuperReduced, "100.00", "2.10"},
		{tax.SuperReduced, "0.24", "0.01"}, // 0.00504
		{tax.Exempt, "1234.56", "0.00"},
		{tax.Export, "1234.56", "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.rate.String()+" of "+tt.base, func(t *testing.T) {
			for _, s := range []tax.Side{tax.Sales, tax.Purchases} {
				for _, e := range []tax.Exigibility{tax.OnInvoice, tax.OnPayment} {
					v := tax.MustFrenchVAT(tt.rate, s, e)
					require.NoError(t, v.Validate())
					a, err := v.Amount(currency.MustParse(eur, tt.base), currency.HalfAwayFromZero)
					require.NoError(t, err)
					assert.Equal(t, tt.want, a.Plain(), "%s", v.ID)
				}
			}
		})
	}
}

func TestFrenchVATDefinitions(t *testing.T) {
	tests := []struct {
		rate                     tax.FrenchRate
		side                     tax.Side
		ex                       tax.Exigibility
		id, name, pct            string
		final, transition, fPerc string
	}{
		{tax.Standard, tax.Sales, tax.OnInvoice, "TVA20", "TVA 20 %", "20", "445710", "", "20\u00a0%"},
		{tax.Standard, tax.Sales, tax.OnPayment, "TVA20-ENC", "TVA 20 % sur encaissements", "20", "445710", "445740", "20\u00a0%"},
		{tax.Intermediate, tax.Purchases, tax.OnInvoice, "TVA10-DED", "TVA 10 % déductible", "10", "445660", "", "10\u00a0%"},
		{tax.Reduced, tax.Purchases, tax.OnPayment, "TVA5.5-DED-ENC", "TVA 5,5 % déductible sur encaissements", "5.5", "445660", "445640", "5,5\u00a0%"},
		{tax.SuperReduced, tax.Sales, tax.OnInvoice, "TVA2.1", "TVA 2,1 %", "2.1", "445710", "", "2,1\u00a0%"},
		{tax.Exempt, tax.Sales, tax.OnInvoice, "EXO", "Exonéré de TVA", "0", "445710", "", "0\u00a0%"},
		{tax.Export, tax.Sales, tax.OnInvoice, "EXPORT", "Export hors UE", "0", "445710", "", "0\u00a0%"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			v, err := tax.FrenchVAT(tt.rate, tt.side, tt.ex)
			require.NoError(t, err)
			assert.Equal(t, tt.id, v.ID)
			assert.Equal(t, tt.name, v.Name)
			assert.Equal(t, tt.pct, v.Rate.String())
			assert.Equal(t, tt.fPerc, v.Rate.French())
			assert.Equal(t, tt.ex, v.Exigibility)
			assert.Equal(t, tt.final, v.FinalAccount)
			assert.Equal(t, tt.transition, v.TransitionAccount)
			assert.False(t, v.PriceIncluded)
			assert.True(t, tt.rate.Percent().Equal(v.Rate))
		})
	}
}

func TestFrenchVATIsFresh(t *testing.T) {
	a := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	a.ID, a.Rate, a.FinalAccount = "X", tax.MustParsePercent("1"), "999999"
	b := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	assert.Equal(t, "TVA20", b.ID)
	assert.Equal(t, "20", b.Rate.String())
	assert.Equal(t, "445710", b.FinalAccount)

	all, err := tax.FrenchVATs(tax.Purchases, tax.OnPayment)
	require.NoError(t, err)
	require.Len(t, all, 8)
	all[0].Name = "changed"
	again, err := tax.FrenchVATs(tax.Purchases, tax.OnPayment)
	require.NoError(t, err)
	assert.Equal(t, "TVA 20 % déductible sur encaissements", again[0].Name)
	ids := map[string]bool{}
	for _, s := range []tax.Side{tax.Sales, tax.Purchases} {
		for _, e := range []tax.Exigibility{tax.OnInvoice, tax.OnPayment} {
			list, err := tax.FrenchVATs(s, e)
			require.NoError(t, err)
			for _, v := range list {
				assert.False(t, ids[v.ID], "id %s twice", v.ID)
				ids[v.ID] = true
			}
		}
	}
	assert.Len(t, ids, 32)
}

func TestFrenchVATBadInput(t *testing.T) {
	_, err := tax.FrenchVAT(tax.FrenchRate(99), tax.Sales, tax.OnInvoice)
	assert.ErrorIs(t, err, tax.ErrRate)
	_, err = tax.FrenchVAT(tax.Standard, tax.Side(9), tax.OnInvoice)
	assert.ErrorIs(t, err, tax.ErrSide)
	_, err = tax.FrenchVAT(tax.Standard, tax.Sales, tax.Exigibility(9))
	assert.ErrorIs(t, err, tax.ErrExigibility)
	assert.Panics(t, func() { tax.MustFrenchVAT(tax.FrenchRate(99), tax.Sales, tax.OnInvoice) })
	assert.Equal(t, "FrenchRate(99)", tax.FrenchRate(99).String())
	dom := tax.MustFrenchVAT(tax.DOMStandard, tax.Purchases, tax.OnPayment)
	assert.Equal(t, "TVA8.5-DED-ENC", dom.ID)
	assert.Equal(t, "8,5\u00a0%", dom.Rate.French())
	assert.Equal(t, "1.05", tax.DOMParticular.Percent().String())
	assert.Equal(t, "0", tax.FrenchRate(99).Percent().String())
}

func TestPercentFrench(t *testing.T) {
	for in, want := range map[string]string{"5.5": "5,5\u00a0%", "20": "20\u00a0%", "0.125": "0,125\u00a0%", "19.60": "19,6\u00a0%"} {
		assert.Equal(t, want, tax.MustParsePercent(in).French(), in)
	}
}

func ExampleFrenchVAT() {
	eur := currency.MustLookup("EUR")
	vat, err := tax.FrenchVAT(tax.Reduced, tax.Sales, tax.OnPayment)
	if err != nil {
		panic(err)
	}
	a, _ := vat.Amount(currency.MustParse(eur, "100.00"), currency.HalfAwayFromZero)
	fmt.Println(vat.ID, vat.Rate.French(), vat.TransitionAccount, "→", vat.FinalAccount, a.French())
	// Output: TVA5.5-ENC 5,5 % 445740 → 445710 5,50 €
}

func TestFrenchVATByID(t *testing.T) {
	for _, s := range []tax.Side{tax.Sales, tax.Purchases} {
		for _, e := range []tax.Exigibility{tax.OnInvoice, tax.OnPayment} {
			all, err := tax.FrenchVATs(s, e)
			require.NoError(t, err)
			for _, want := range all {
				got, err := tax.FrenchVATByID(want.ID)
				require.NoError(t, err, want.ID)
				assert.True(t, want.Equal(got), want.ID)
			}
		}
	}
	for _, bad := range []string{"", "TVA19", "tva20", "TVA20-ENC-DED", "TVA20 "} {
		_, err := tax.FrenchVATByID(bad)
		assert.ErrorIs(t, err, tax.ErrUnknownID, bad)
	}
}
