package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a 445710 line tagged "TVA20" at 10 % (another definition under the base's id) in a sale whose base is TVA20 at 20 %: the VAT report keys taxes by id and rate, so this is a tax without its base; expected ErrTaxWithoutBase, got the entry posted
func TestHrev193TaxLineSameIDOtherRate(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	tva20 := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	other := tva20
	other.Rate = tax.MustParsePercent("10")
	other.Name = "TVA 10 %"
	_, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("1100.00")},
		{Account: "706000", Balance: e("-1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{tva20}},
		{Account: "445710", Balance: e("-100.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{other}},
	}})
	require.ErrorIs(t, err, ErrTaxWithoutBase)
}

// An id spelt in another case is another tax: refused.
func TestHrev193TaxLineIDOtherCase(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	tva20 := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	lower := tva20
	lower.ID = "tva20"
	_, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("1200.00")},
		{Account: "706000", Balance: e("-1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{tva20}},
		{Account: "445710", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{lower}},
	}})
	require.ErrorIs(t, err, ErrTaxWithoutBase)
}

// Legitimate flows still post: journal.Invoice with a tax group (VAT and
// a levy on one line) and two rates; its reversal (ledger Reverse); a
// caller's credit note for part of it; a multi-rate purchase with
// intra-EU self-assessed VAT on one rate.
func TestHrev193TaxFlowsStillPost(t *testing.T) {
	b := testBook(t, stores[0].Open(t))
	tva20 := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	tva55 := tax.MustFrenchVAT(tax.Reduced, tax.Sales, tax.OnInvoice)
	levy := tax.Tax{ID: "TAXE-X", Name: "Taxe X", Rate: tax.MustParsePercent("1"), FinalAccount: "447000"}
	group := tax.Group{ID: "TVA20+X", Taxes: []tax.Tax{tva20, levy}}
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{
			{Label: "A", UnitPrice: e("1000.00"), Taxes: tax.Flatten([]tax.Group{group}), Account: "706000"},
			{Label: "B", UnitPrice: e("100.00"), Taxes: []tax.Tax{tva55}, Account: "707000"},
		}}
	x, err := inv.Entry()
	require.NoError(t, err)
	posted := mustPost(t, b, x)
	var total currency.Amount
	for _, l := range posted.Lines {
		if l.Account == "411000" {
			total = l.Balance
		}
	}
	assert.Equal(t, "1315.50", total.Plain())

	_, err = b.Reverse(ctx, posted.ID, ReverseOptions{Date: d(3, 5)})
	require.NoError(t, err)

	cn := journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: d(3, 6), Partner: "C1", PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{Label: "A", UnitPrice: e("100.00"), Taxes: []tax.Tax{tva20}, Account: "706000"}}}
	x, err = cn.Entry()
	require.NoError(t, err)
	mustPost(t, b, x)

	ded20 := tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)
	ded10 := tax.MustFrenchVAT(tax.Intermediate, tax.Purchases, tax.OnInvoice)
	mustPost(t, b, journal.Entry{Journal: "AC", Date: d(3, 7), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: e("-1110.00")},
		{Account: "607000", Balance: e("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{ded20}},
		{Account: "607000", Balance: e("100.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{ded10}},
		{Account: "445660", Balance: e("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded20}},
		{Account: "445200", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded20}},
		{Account: "445660", Balance: e("10.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded10}},
	}})
}
