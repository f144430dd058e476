package tax_test

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each kind of French reverse charge: its id, accounts and CA3 lines; every
// one due on invoice, valid, and read back by its id.
func TestFrenchReverseChargeKinds(t *testing.T) {
	for _, c := range []struct {
		rate             tax.FrenchRate
		kind             tax.ReverseChargeKind
		id, final, base  string
		ofWhich, deducts string
	}{
		{tax.Standard, tax.IntraEUGoods, "TVA20-AIC", "445662", "B2", "17", "20"},
		{tax.Reduced, tax.IntraEUGoods, "TVA5.5-AIC", "445662", "B2", "17", "20"},
		{tax.Standard, tax.ForeignServices, "TVA20-AL-SERV", "445662", "A3", "", "20"},
		{tax.Intermediate, tax.ConstructionSubcontracting, "TVA10-AL-BTP", "445660", "A2", "", "20"},
		{tax.DOMStandard, tax.ConstructionSubcontracting, "TVA8.5-AL-BTP", "445660", "A2", "", "20"},
	} {
		t.Run(c.id, func(t *testing.T) {
			rc, err := tax.FrenchReverseChargeVAT(c.rate, c.kind)
			require.NoError(t, err)
			require.NoError(t, rc.Validate())
			assert.Equal(t, c.id, rc.ID)
			assert.True(t, rc.ReverseCharge())
			assert.Equal(t, tax.OnInvoice, rc.Exigibility)
			assert.Equal(t, c.final, rc.FinalAccount)
			assert.Equal(t, "445200", rc.DueAccount)
			assert.True(t, rc.Rate.Equal(c.rate.Percent()))
			assert.Equal(t, tax.CA3Lines{Base: c.base, OfWhich: c.ofWhich, Deductible: c.deducts}, c.kind.CA3())
			back, err := tax.FrenchVATByID(c.id)
			require.NoError(t, err)
			assert.True(t, back.Equal(rc))
		})
	}
	assert.False(t, tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice).ReverseCharge())
	assert.Equal(t, "AL-SERV", tax.ForeignServices.String())
	assert.Equal(t, "ReverseChargeKind(9)", tax.ReverseChargeKind(9).String())
	assert.Equal(t, tax.CA3Lines{}, tax.ReverseChargeKind(9).CA3())
}

// Bad reverse charges, refused with their typed error: a 0 % rate (exempt,
// export, or by hand), a negative one as any tax, due on payment,
// price-included, due on its own deductible account, an unknown kind.
func TestReverseChargeRefused(t *testing.T) {
	good := tax.MustFrenchReverseChargeVAT(tax.Standard, tax.IntraEUGoods)
	for _, c := range []struct {
		name string
		edit func(*tax.Tax)
		want error
	}{
		{"zero rate", func(x *tax.Tax) { x.Rate = tax.MustParsePercent("0") }, tax.ErrRate},
		{"negative rate", func(x *tax.Tax) { x.Rate = tax.MustParsePercent("-20") }, tax.ErrRate},
		{"on payment", func(x *tax.Tax) { x.Exigibility, x.TransitionAccount = tax.OnPayment, "445640" }, tax.ErrReverseChargeOnPayment},
		{"on payment without transition", func(x *tax.Tax) { x.Exigibility = tax.OnPayment }, tax.ErrReverseChargeOnPayment},
		{"price included", func(x *tax.Tax) { x.PriceIncluded = true }, tax.ErrReverseChargeIncluded},
		{"due on final", func(x *tax.Tax) { x.DueAccount = x.FinalAccount }, tax.ErrReverseChargeAccount},
		{"no final account", func(x *tax.Tax) { x.FinalAccount = "" }, tax.ErrNoFinalAccount},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := good
			c.edit(&x)
			require.ErrorIs(t, x.Validate(), c.want)
			assert.False(t, x.Equal(good))
		})
	}
	for _, r := range []tax.FrenchRate{tax.Exempt, tax.Export, tax.FrenchRate(99)} {
		_, err := tax.FrenchReverseChargeVAT(r, tax.IntraEUGoods)
		require.ErrorIs(t, err, tax.ErrRate, "%s", r)
	}
	_, err := tax.FrenchReverseChargeVAT(tax.Standard, tax.ReverseChargeKind(3))
	require.ErrorIs(t, err, tax.ErrReverseChargeKind)
	_, err = tax.FrenchVATByID("EXO-AIC")
	require.ErrorIs(t, err, tax.ErrUnknownID)
	require.Panics(t, func() { tax.MustFrenchReverseChargeVAT(tax.Exempt, tax.IntraEUGoods) })
}

func ExampleFrenchReverseChargeVAT() {
	rc := tax.MustFrenchReverseChargeVAT(tax.Standard, tax.IntraEUGoods)
	ca3 := tax.IntraEUGoods.CA3()
	fmt.Println(rc.ID, rc.Name)
	fmt.Println("deductible", rc.FinalAccount, "due", rc.DueAccount, rc.Exigibility)
	fmt.Println("CA3 base", ca3.Base, "of which", ca3.OfWhich, "deducted", ca3.Deductible)
	// Output:
	// TVA20-AIC TVA 20 % autoliquidée, acquisition intracommunautaire
	// deductible 445662 due 445200 on_invoice
	// CA3 base B2 of which 17 deducted 20
}
