package tax_test

// Review h-rev62: the VAT side read as a French CA3 return. The test here
// failed on the code it was written against and says how it was fixed.

import (
	"testing"

	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
)

// Was failing, fixed: a tax due on payment whose transition account is its final account (445710 for both) books the VAT of an
// unpaid service invoice straight to 445710, where the VAT report counts it at the invoice date, and each payment
// then moves 445710 to 445710: the definition should be refused like one without a transition account
// (ErrNoTransitionAccount); instead Validate accepts it.
func TestHrev62ValidateRefusesATransitionAccountThatIsTheFinalOne(t *testing.T) {
	x := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnPayment)
	x.TransitionAccount = x.FinalAccount
	assert.ErrorIs(t, x.Validate(), tax.ErrNoTransitionAccount)
}
