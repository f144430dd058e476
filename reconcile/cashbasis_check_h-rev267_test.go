package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHrev267CashBasisCompanyCent pins invariant 9 in the company currency
// alone: a USD invoice with on-payment VAT (200.00 USD = 160.00 EUR), paid
// in full; one more cash-basis share of 0.01 EUR and 0.00 USD (through the
// lettering layer's own writes) leaves the USD sum right and the EUR sum
// one cent over.
// Pins: Check names it (invariant 9, "160.01 EUR" of "160.00 EUR").
func TestHrev267CashBasisCompanyCent(t *testing.T) {
	t.Parallel()
	usd := currency.MustLookup("USD")
	vat := tax.Tax{ID: "V20E", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment, FinalAccount: "445710", TransitionAccount: "445740"}
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.25")))
		inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{UnitPrice: currency.MustParse(usd, "1000.00"), Taxes: []tax.Tax{vat}, Account: "706000"}}}
		x, err := inv.Entry()
		require.NoError(t, err)
		doc := f.post(t, x)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Invoices: []journal.ID{doc.ID}})
		require.NoError(t, err)
		err = f.book.Update(ctx, func(tx *ledger.Tx) error {
			_, _, err := booktx.Of(tx).PostGenerated(journal.Entry{Journal: "TVA", Date: d(3, 10), Type: journal.TypeCashBasis, Origin: res.Partials[0].ID, Document: doc.ID,
				Currency: usd, Lines: []journal.Line{
					{Account: "445740", TaxRole: tax.RoleTax, Taxes: []tax.Tax{vat}, Balance: e("0.01"), AmountCurrency: currency.MustParse(usd, "0.00")},
					{Account: "445710", TaxRole: tax.RoleTax, Taxes: []tax.Tax{vat}, Balance: e("-0.01"), AmountCurrency: currency.MustParse(usd, "0.00")},
				}})
			return err
		})
		assert.True(t, hrev267Find(err, []int{9}, "VT/2026/00001", "160.01 EUR", "160.00 EUR"), "%v", err)
	})
}
