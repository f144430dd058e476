package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// Review 21: on-payment taxes price-included, two on one line (20 % and
// 5.5 %, both due on payment) beside a line under the 20 % alone: the
// invoice's taxes come from the groups of lines (journal.Invoice.Totals),
// its tax lines on 445740. Paid in two receipts (40.00, then the rest),
// the cash-basis entries move all of 445740 to 445710: 445740 ends at
// nothing (DESIGN §7 invariant 9) and 445710 holds the invoice's taxes.
// PASSES.
func TestReview21IncludedTwoOnPaymentTaxesPaidInTwo(t *testing.T) {
	t.Parallel()
	v20 := cabaTax("V20E", "20")
	v20.PriceIncluded = true
	v55 := cabaTax("V5.5E", "5.5")
	v55.PriceIncluded = true
	line := func(price string, taxes ...tax.Tax) journal.InvoiceLine {
		return journal.InvoiceLine{Label: "ticket", UnitPrice: e(price), Taxes: taxes, Account: "706000"}
	}
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{line("10.00", v20, v55), line("6.62", v20, v55), line("5.00", v20), line("33.33", v20, v55)}}
	tot, err := inv.Totals()
	require.NoError(t, err)
	taxes := e("0.00")
	for _, tt := range tot.Taxes {
		taxes, err = taxes.Add(tt.Amount)
		require.NoError(t, err)
	}
	rest, err := tot.TTC.Sub(e("40.00"))
	require.NoError(t, err)
	reviewCaba(t, eur,
		postAs("A", func(s *scenario) journal.Entry {
			x, err := inv.Entry()
			require.NoError(s.t, err)
			return x
		}),
		fmt.Sprintf(`line A.0 411000 %s
		pay P1 C1 BQD 2026-03-05 40.00 A
		pay P2 C1 BQD 2026-03-20 %s A
		state A paid 0.00
		balance 445740 0.00
		balance 445710 %s
		balance 411000 0.00`, tot.TTC.Plain(), rest.Plain(), taxes.Neg().Plain()))
}
