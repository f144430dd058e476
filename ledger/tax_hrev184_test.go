package ledger

import (
	"errors"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev184Sale is a sale of 1 000,00 and 200,00 of VAT whose income line
// carries base and whose 445710 line carries vat.
func hrev184Sale(base, vat tax.Tax) journal.Entry {
	return journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("1200.00")},
		{Account: "706000", Balance: e("-1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{base}},
		{Account: "445710", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{vat}},
	}}
}

// A 445710 line tagged with the 10 % VAT in a sale whose base is tagged
// 20 % is refused, the error naming the line and the tax, and nothing is
// written; tagged 20 % it posts.
func TestHrev184TaxLineOfAnotherTaxThanItsBase(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	tva20, tva10 := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice), tax.MustFrenchVAT(tax.Intermediate, tax.Sales, tax.OnInvoice)
	before := dump(t, b.st)
	_, err := b.Post(ctx, hrev184Sale(tva20, tva10))
	require.ErrorIs(t, err, ErrTaxWithoutBase)
	var le *journal.LineError
	require.True(t, errors.As(err, &le))
	assert.Equal(t, 2, le.Index)
	assert.Contains(t, err.Error(), "line 3")
	assert.Contains(t, err.Error(), "TVA10")
	assert.Contains(t, err.Error(), "TVA20")
	assert.Equal(t, before, dump(t, b.st), "a refused entry writes nothing")

	res, err := b.PostBatch(ctx, []journal.Entry{hrev184Sale(tva20, tva10)}, BatchOptions{})
	require.NoError(t, err)
	require.ErrorIs(t, res[0].Err, ErrTaxWithoutBase, "a batch too")
	assert.Equal(t, before, dump(t, b.st))

	mustPost(t, b, hrev184Sale(tva20, tva20))
}

// Flows that carry tax lines without a base of their tax in the entry stay
// accepted: a VAT adjustment (tax lines, no base line at all) and
// self-assessed VAT (the base and both tax lines tagged with one tax).
func TestHrev184TaxLinesStillAccepted(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	tva10 := tax.MustFrenchVAT(tax.Intermediate, tax.Sales, tax.OnInvoice)
	mustPost(t, b, journal.Entry{Journal: "OD", Date: d(3, 2), Type: journal.TypeMisc, Lines: []journal.Line{
		{Account: "445710", Balance: e("0.40"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{tva10}},
		{Account: "758000", Balance: e("-0.40")},
	}})
	ded := tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)
	mustPost(t, b, journal.Entry{Journal: "AC", Date: d(3, 3), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: e("-1000.00")},
		{Account: "607000", Balance: e("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{ded}},
		{Account: "445660", Balance: e("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded}},
		{Account: "445200", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded}},
	}})
}
