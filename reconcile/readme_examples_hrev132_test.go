package reconcile_test

import (
	"context"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// The multicurrency example replayed: after the second receipt is detached
// and the year-end revaluation posted (with its provision), the aged
// balance of 411000 at 31/12 sums to the account's balance at that date,
// and the realised exchange entries carry DESIGN §6 example 6's figures.
func TestHrev132AgedMatchesBalanceAfterRevaluation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eur, usd := currency.MustLookup("EUR"), currency.MustLookup("USD")
	book, r := exampleBook()
	require.NoError(t, book.AddFiscalYear(ctx, ledger.CalendarYear(2027)))
	for _, x := range []struct {
		d    int
		rate string
	}{{1, "1.20"}, {10, "1.25"}, {20, "1.15"}} {
		require.NoError(t, book.SetRate(ctx, usd, journal.MustDate(2026, 3, x.d), currency.MustParseRate(x.rate)))
	}
	inv, err := book.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice, Currency: usd,
		Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(usd, "1200.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-1200.00")},
		}})
	require.NoError(t, err)
	var receipts []journal.Entry
	var fx []string
	for _, d := range []int{10, 20} {
		res, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: journal.MustDate(2026, 3, d), Amount: currency.MustParse(usd, "600.00"), Method: reconcile.MethodTransfer,
			Invoices: []journal.ID{inv.Entry.ID}})
		require.NoError(t, err)
		receipts = append(receipts, res.Entries[0])
		for _, e := range res.Entries[1:] {
			for _, l := range e.Lines {
				if l.Account == "656000" || l.Account == "756000" {
					fx = append(fx, l.Account+" "+l.Balance.Plain())
				}
			}
		}
	}
	require.Equal(t, []string{"656000 20.00", "756000 -21.74"}, fx)
	_, err = r.Detach(ctx, journal.NoID, receipts[1].LineRef(0))
	require.NoError(t, err)
	_, err = r.Revalue(ctx, reconcile.Revaluation{Date: journal.MustDate(2026, 12, 31), Provision: true,
		Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.10")}})
	require.NoError(t, err)

	at := journal.MustDate(2026, 12, 31)
	a, err := r.Aged(ctx, reconcile.AgedQuery{At: at, Accounts: []string{"411000"}})
	require.NoError(t, err)
	bal, err := book.Balance(ctx, ledger.BalanceQuery{Account: "411000", At: at})
	require.NoError(t, err)
	require.Equal(t, bal.Balance.Plain(), a.CompanyTotal.Plain(), "aged total vs 411000 balance at 31/12")
	// 600.00 USD open on each side at 1.10: 545.45 − 545.45 = 0.00.
	require.Equal(t, "0.00", bal.Balance.Plain())
	_ = eur
}
