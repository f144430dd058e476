package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

func hrev20Offers(t *testing.T, f *fixture, account, partner string) map[journal.ID]*journal.DiscountOffer {
	t.Helper()
	st, err := f.rec.Statement(ctx, account, partner)
	require.NoError(t, err)
	offers := map[journal.ID]*journal.DiscountOffer{}
	for _, it := range append(st.Open, st.Credits...) {
		offers[it.Ref.Entry] = it.DiscountOffer
	}
	return offers
}

// A reversed invoice offers nothing; a supplier bill shows its offer; an
// invoice paid in full by a credit note offers nothing (not listed).
func TestHrev20StatementOffers(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.discountInvoice(t, "C1", d(3, 1), "1000.00")
		b := f.discountInvoice(t, "C1", d(3, 2), "500.00")
		_, err := f.book.Reverse(ctx, b.ID, ledger.ReverseOptions{Date: d(3, 3)})
		require.NoError(t, err)
		offers := hrev20Offers(t, f, "411000", "C1")
		require.NotNil(t, offers[a.ID])
		require.Nil(t, offers[b.ID], "reversed: no discount")

		s := hrev20Bill(t, f, 1, "FA-1", "1000.00", true)
		offers = hrev20Offers(t, f, "401000", "S1")
		require.NotNil(t, offers[s.ID])
		require.True(t, offers[s.ID].Amount.Equal(e("24.00")))
	})
}

// An invoice whose receivable is in two instalments offers no discount a
// first payment may take: its statement item shows none.
func TestHrev20StatementInstalmentsOffer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice,
			DiscountOffer: &journal.DiscountOffer{Amount: e("24.00"), Until: d(3, 11)}, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("600.00"), DueDate: d(3, 31)},
				{Account: "411000", Partner: "C1", Balance: e("600.00"), DueDate: d(4, 30)},
				{Account: "706000", Balance: e("-1200.00")},
			}}
		res, err := f.book.Post(ctx, x)
		if err != nil {
			t.Skipf("an offer on instalments refused at posting: %v", err)
		}
		offers := hrev20Offers(t, f, "411000", "C1")
		require.Nil(t, offers[res.Entry.ID])
		out := propose(t, f, customers, reconcile.Rules{})
		_ = out
	})
}
