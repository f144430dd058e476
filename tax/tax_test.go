package tax_test

import (
	"testing"

	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
)

func TestValidate(t *testing.T) {
	ok := tax.Tax{ID: "FR-20", Rate: tax.MustParsePercent("20"), FinalAccount: "445710"}
	tests := []struct {
		name string
		edit func(*tax.Tax)
		err  error
	}{
		{"valid", func(*tax.Tax) {}, nil},
		{"no id", func(x *tax.Tax) { x.ID = "" }, tax.ErrNoID},
		{"negative rate", func(x *tax.Tax) { x.Rate = tax.MustParsePercent("-1") }, tax.ErrRate},
		{"rate 1000", func(x *tax.Tax) { x.Rate = tax.MustParsePercent("1000") }, tax.ErrRate},
		{"rate 999.99", func(x *tax.Tax) { x.Rate = tax.MustParsePercent("999.99") }, nil},
		{"zero rate", func(x *tax.Tax) { x.Rate = tax.MustParsePercent("0") }, nil},
		{"no final", func(x *tax.Tax) { x.FinalAccount = "" }, tax.ErrNoFinalAccount},
		{"on payment without transition", func(x *tax.Tax) { x.Exigibility = tax.OnPayment }, tax.ErrNoTransitionAccount},
		{"on payment", func(x *tax.Tax) { x.Exigibility = tax.OnPayment; x.TransitionAccount = "445740" }, nil},
		{"bad exigibility", func(x *tax.Tax) { x.Exigibility = 7 }, tax.ErrExigibility},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := ok
			tt.edit(&x)
			err := x.Validate()
			if tt.err == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tt.err)
			}
		})
	}
	for _, s := range []string{"NaN", "abc", "", "Inf"} {
		_, err := tax.ParsePercent(s)
		assert.ErrorIs(t, err, tax.ErrSyntax, s)
	}
	assert.Equal(t, "5.5", tax.MustParsePercent("5.50").String())
	assert.True(t, ok.Equal(ok))
}
