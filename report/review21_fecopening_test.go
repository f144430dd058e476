package report_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/storetest"
)

// Review 21: the FEC opening item by item against the book's opening
// balances (ledger.Book.Opening): per account and per partner, the
// opening rows of the file sum to the balance the year opens with (the
// file's opening entry carries the balances the book opens with, item by
// item on lettrable accounts: fecexport.go, lettrable; DESIGN §13), on a book
// with two customers holding several items each (one partly paid, one a
// credit note), a dollar invoice partly paid, a supplier, and suspense
// items; then the same after 2027 letters. PASSES.
func TestReview21FECOpeningSumsToTheBalances(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			x := rv20Book(t, s)
			a1 := x.sale(t, "C1", fecDay(2026, 9, 1), "FA-1", "1000.00")
			x.sale(t, "C1", fecDay(2026, 10, 1), "FA-2", "250.00")
			x.sale(t, "C1", fecDay(2026, 11, 1), "AV-1", "-80.00")
			x.receive(t, "C1", fecDay(2026, 12, 1), fecAmt("400.00"), a1)
			x.sale(t, "C2", fecDay(2026, 11, 5), "FA-3", "300.00")
			x.receive(t, "C2", fecDay(2026, 12, 5), fecAmt("120.00")) // on account
			u := x.post(t, journal.Entry{Journal: "VT", Date: fecDay(2026, 6, 1), Type: journal.TypeInvoice, Ref: "FA-U", Label: "Invoice FA-U",
				Currency: x.usd, Lines: []journal.Line{{Account: "411000", Partner: "U1", AmountCurrency: currency.MustParse(x.usd, "1000.00")},
					{Account: "706000", AmountCurrency: currency.MustParse(x.usd, "-1000.00")}}})
			x.receive(t, "U1", fecDay(2026, 12, 10), currency.MustParse(x.usd, "250.00"), u)
			x.post(t, journal.Entry{Journal: "AC", Date: fecDay(2026, 11, 12), Type: journal.TypeInvoice, Ref: "F-S1", Label: "Facture fournisseur",
				Lines: []journal.Line{{Account: "401000", Partner: "C2", Balance: fecAmt("-200.00")}, {Account: "607000", Balance: fecAmt("200.00")}}})
			x.post(t, journal.Entry{Journal: "OD", Date: fecDay(2026, 12, 1), Ref: "ATT-1", Label: "Attente 1", Lines: []journal.Line{
				{Account: "471000", Balance: fecAmt("150.00")}, {Account: "512000", Balance: fecAmt("-150.00")}}})
			x.post(t, journal.Entry{Journal: "OD", Date: fecDay(2026, 12, 2), Ref: "ATT-2", Label: "Attente 2", Lines: []journal.Line{
				{Account: "512000", Balance: fecAmt("40.00")}, {Account: "471000", Balance: fecAmt("-40.00")}}})
			check := func() {
				open, err := x.b.Opening(ctx, "2027")
				require.NoError(t, err)
				want := map[string]string{}
				for _, r := range open {
					want[r.Account+" "+r.Partner] = r.Balance.Plain()
				}
				rows := x.fecOf(t, "2027")
				got := map[string]currency.Amount{}
				dollars := map[string]string{}
				for _, r := range rows {
					if r[0] != "AN" {
						continue
					}
					k := r[4] + " " + r[6]
					if _, ok := got[k]; !ok {
						got[k] = fecAmt("0.00")
					}
					sum, err := got[k].Add(r.amount(t))
					require.NoError(t, err)
					got[k] = sum
					if r[17] != "" {
						dollars[k] += r[16] + " " + r[17]
					}
				}
				for k, w := range want {
					if k[0] == ' ' || k[:1] == "1" {
						continue // the result on 120/129
					}
					g, ok := got[k]
					assert.True(t, ok, "%s: no opening row for a balance of %s", k, w)
					if ok {
						assert.Equal(t, w, g.Plain(), "%s: the opening rows sum to the balance", k)
					}
				}
				for k, g := range got {
					if _, ok := want[k]; !ok {
						assert.True(t, g.IsZero(), "%s: rows of %s on a nil balance", k, g.Plain())
					}
				}
				assert.Equal(t, "750,00 USD", dollars["411000 U1"], "the dollar invoice at its residual in dollars")
			}
			check()
			// 2027: the letters of the year tie up (fecOf), the sums hold.
			x.receive(t, "C1", fecDay(2027, 1, 15), fecAmt("770.00"))
			x.receive(t, "U1", fecDay(2027, 3, 10), currency.MustParse(x.usd, "750.00"), u)
			check()
		})
	}
}
