package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// Review 20b: an invoice whose price-included taxes, due on payment, are
// taken out of the sum of the lines that share them (journal.Invoice.Totals
// since review 20), in dollars, with an early-payment discount. Three
// tickets of 10.00 USD TTC at 20 % and one of 5.50 USD at 10 %: 25.00 +
// 5.00 of 20 %, 5.00 + 0.50 of 10 %, 35.50 USD (28.39 € at 1.25: the conversion difference on the receivable). Paid
// 2 % early (0.71 USD off, 34.79 USD): the discount's VAT share 0.71 ×
// 5.50 / 35.50 = 0.11, 0.10 of 20 % and 0.01 of 10 %; the receipt's
// cash-basis entries move the rest (4.90 and 0.49 USD of tax on 24.50 and
// 4.90 USD of base: 3.92 + 0.39 € on 23.52 €), and 445740 ends at
// nothing, in euros and in dollars.
func TestReview20bIncludedOnPaymentForeignDiscount(t *testing.T) {
	t.Parallel()
	v20 := cabaTax("V20E", "20")
	v20.PriceIncluded = true
	v10 := cabaTax("V10E", "10")
	v10.PriceIncluded = true
	usd := currency.MustLookup("USD")
	line := func(price string, x tax.Tax) journal.InvoiceLine {
		return journal.InvoiceLine{Label: "ticket", UnitPrice: currency.MustParse(usd, price), Taxes: []tax.Tax{x}, Account: "706000"}
	}
	reviewCaba(t, eur, `rate USD 2026-01-01 1.25`,
		postAs("A", func(s *scenario) journal.Entry {
			x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
				Lines: []journal.InvoiceLine{line("10.00", v20), line("5.50", v10), line("10.00", v20), line("10.00", v20)},
				Terms: epdTerms("2", 10)}.Entry()
			require.NoError(s.t, err)
			return x
		}),
		`line A.0 411000 28.39 cur=35.50
		pay P C1 BQD 2026-03-05 34.79 A cur=USD discount=1
		state A paid 0.00
		balance 445740 0.00
		balance 411000 0.00
		vat 2026-03-01 2026-03-31 445710 23.52 4.31`,
		balanceIn("445740", "USD", "0.00", "0.00"))
}
