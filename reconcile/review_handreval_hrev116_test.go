package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev116BalanceAt is account's balance on the evening of at.
func hrev116BalanceAt(t *testing.T, f *fixture, account string, at journal.Date) string {
	t.Helper()
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account, At: at})
	require.NoError(t, err)
	return b.Balance.Plain()
}

// Was failing, fixed: a revaluation posted by hand by mistake (Dr 476000 50,00 / Cr
// 411000 C1 50,00 on 31/12/2026) and cancelled the same day with Reverse
// (which h-rev113 now allows) is still counted by Revalue's provision:
// unrealisedLoss sums every revaluation line of the date on 476000 but
// skips only reversals, not the reversed original. The 1 200,00 USD
// invoice booked 1 000,00 at 1,20 is worth 800,00 at the closing rate
// 1,50: the unrealised loss is 200,00 (476000 at 31/12 = 200,00) and the
// provision for exchange risk must cover exactly it, 151500 = -200,00
// (PCG art. 420-5: the unrealised losses "entraînent à due concurrence la
// constitution d'une provision pour risques"; Revaluation.Provision
// godoc: "brings it to the losses then unrealised"). Got -250,00.
func TestHrev116ProvisionCountsReversedHandRevaluation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
	f.foreignSale(t, "C1", d(3, 1), usd, "1200.00")
	hand := f.post(t, journal.Entry{Journal: "OD", Date: d(12, 31), Type: journal.TypeRevaluation, Label: "Ecart de conversion (erreur)",
		Lines: []journal.Line{{Account: "476000", Balance: e("50.00")}, {Account: "411000", Partner: "C1", Balance: e("-50.00")}}})
	_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: hand.ID, Date: d(12, 31)})
	require.NoError(t, err, "a hand-posted revaluation is reversed (h-rev113)")

	_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31),
		Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.50")}, Provision: true})
	require.NoError(t, err)
	f.check(t)
	assert.Equal(t, "200.00", hrev116BalanceAt(t, f, "476000", d(12, 31)), "the unrealised loss at the closing")
	assert.Equal(t, "-200.00", f.balance(t, "151500"), "the provision covers the unrealised loss, not the cancelled entry too")
	assert.Equal(t, "200.00", f.balance(t, "681500"))
}
