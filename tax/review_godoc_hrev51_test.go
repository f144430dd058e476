package tax_test

// Review h-rev51: the exported godoc of package tax read as a contract.
// Every test here fails on the code it was written against.

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
)

// Was failing, fixed: BaseOf "returns the tax-excluded base of a price-included amount
// under the included taxes: amount × 100 / (100 + Σ rates), rounded once."
// 99999999999999999999999999999999.99 EUR TTC at 20 % included holds
// exactly 83333333333333333333333333333333.325 HT, which is .32 toward
// zero and half-even; BaseOf returns .33 in every mode, because
// IncludedParts first rounds the quotient half-up to 34 significant digits
// (here already the cent) and RoundDecimal rounds again. Code is wrong: the
// caller's rounding is ignored and the amount rounded twice, for an amount
// the currency package accepts (34 digits).
func TestHrev51BaseOfRoundsOnceWithTheCallersRounding(t *testing.T) {
	eur := currency.MustLookup("EUR")
	vat := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	vat.PriceIncluded = true
	ttc := currency.MustParse(eur, "99999999999999999999999999999999.99")
	for r, want := range map[currency.Rounding]string{
		currency.TowardZero:       "83333333333333333333333333333333.32",
		currency.HalfEven:         "83333333333333333333333333333333.32",
		currency.HalfAwayFromZero: "83333333333333333333333333333333.33",
	} {
		got, err := tax.BaseOf(ttc, []tax.Tax{vat}, r)
		if assert.NoError(t, err, r) {
			assert.Equal(t, want, got.Plain(), r.String())
		}
	}
}

// Changed (the documentation was wrong): ParsePercent said it "returns
// ErrSyntax for text that is not a finite decimal, or whose plain form
// ("0.0001", not "1E-4") is longer than 40 characters", yet "20." and 40
// zeros — plain form "20" — is refused: the text itself is bounded to 40
// characters, a sane bound on the work a hostile text makes. The doc now
// says so; this test holds the code to it.
func TestHrev51ParsePercentLongTextWithShortPlainForm(t *testing.T) {
	p, err := tax.ParsePercent("20." + strings.Repeat("0", 37))
	if assert.NoError(t, err) {
		assert.Equal(t, "20", p.String())
	}
	_, err = tax.ParsePercent("20." + strings.Repeat("0", 40))
	assert.ErrorIs(t, err, tax.ErrSyntax)
}
