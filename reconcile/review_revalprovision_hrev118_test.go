package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a revaluation posted by hand on 15/12/2026 in the form Revalue
// gives its own (type revaluation, in USD with no currency amount: Dr
// 476000 50,00 / Cr 411000 C1 50,00), not reversed, is counted by the
// closing of 31/12 as already revalued (revaluationGroups reads it among
// the open items at the date), so the closing posts only the 150,00 left
// and 476000 holds 200,00 at 31/12 — but the provision is 150,00:
// unrealisedLoss reads only the 476000 lines dated the closing day, and
// the hand revaluation's 50,00 of loss goes unprovided. The 1 200,00 USD
// invoice booked 1 000,00 at 1,20 is worth 800,00 at 1,50: the unrealised
// loss is 200,00 and the provision must be 200,00 (151500 = -200,00).
// Source: PCG art. 420-5 (the unrealised losses "entraînent à due
// concurrence la constitution d'une provision pour risques"), the
// Revaluation.Provision godoc ("brings it to the losses then
// unrealised"), and the h-rev116 fix's own test
// (TestHrev116ProvisionCountsReversedHandRevaluation) for the same day.
func TestHrev118ProvisionMissesHandRevaluationOfAnotherDay(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	usd := currency.MustLookup("USD")
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
	f.foreignSale(t, "C1", d(3, 1), usd, "1200.00")
	f.post(t, journal.Entry{Journal: "OD", Date: d(12, 15), Type: journal.TypeRevaluation, Currency: usd, Label: "Ecart de conversion (main)",
		Lines: []journal.Line{{Account: "476000", Balance: e("50.00"), AmountCurrency: currency.Zero(usd)},
			{Account: "411000", Partner: "C1", Balance: e("-50.00"), AmountCurrency: currency.Zero(usd)}}})

	_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31),
		Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.50")}, Provision: true})
	require.NoError(t, err)
	f.check(t)
	assert.Equal(t, "200.00", hrev116BalanceAt(t, f, "476000", d(12, 31)), "the unrealised loss at the closing")
	assert.Equal(t, "800.00", hrev116BalanceAt(t, f, "411000", d(12, 31)), "the receivable at the closing rate")
	assert.Equal(t, "-200.00", f.balance(t, "151500"), "the provision covers every unrealised loss on 476000")
}
