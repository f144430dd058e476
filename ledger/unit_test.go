package ledger

import (
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnitsOfAccount(t *testing.T) {
	gold, err := currency.NewUnit("GOLD", 3)
	require.NoError(t, err)
	g := func(s string) currency.Amount { return currency.MustParse(gold, s) }
	sale := journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: gold, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", AmountCurrency: g("120.000")},
		{Account: "706000", AmountCurrency: g("-120.000")},
	}}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			// Unknown to the book: refused at the door, nothing written.
			_, err := b.Post(ctx, sale)
			assert.ErrorIs(t, err, ErrUnit)
			assert.ErrorIs(t, b.SetRate(ctx, gold, d(1, 1), currency.MustParseRate("3")), ErrUnit)
			assert.ErrorIs(t, b.AddAccount(ctx, Account{Code: "512100", Name: "Gold vault", Kind: KindBank, Currency: gold, Active: true}), ErrUnit)

			require.NoError(t, b.AddUnit(ctx, gold))
			require.NoError(t, b.AddUnit(ctx, gold), "adding it again changes nothing")
			other, _ := currency.NewUnit("GOLD", 2)
			assert.ErrorIs(t, b.AddUnit(ctx, other), ErrDuplicate)
			assert.ErrorIs(t, b.AddUnit(ctx, usd), ErrUnit)
			_, err = b.Post(ctx, journal.Entry{Journal: "VT", Date: d(3, 1), Currency: other, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(other, "1"), Balance: e("1")},
				{Account: "706000", AmountCurrency: currency.MustParse(other, "-1"), Balance: e("-1")},
			}})
			assert.ErrorIs(t, err, ErrUnit, "GOLD with other minor units is not the book's GOLD")

			require.NoError(t, b.SetRate(ctx, gold, d(1, 1), currency.MustParseRate("3")))
			res, err := b.Post(ctx, sale)
			require.NoError(t, err)
			assert.Equal(t, "40.00", res.Entry.Lines[0].Balance.Plain())
			got, err := b.Entry(ctx, res.Entry.ID)
			require.NoError(t, err)
			assert.Equal(t, "120.000", got.Lines[0].AmountCurrency.Plain())
			assert.Equal(t, gold, got.Currency)
			bal, err := b.Balance(ctx, BalanceQuery{Account: "411000", Currency: gold, At: d(12, 31)})
			require.NoError(t, err)
			assert.Equal(t, "120.000", bal.AmountCurrency.Plain())
			units, err := b.Units(ctx)
			require.NoError(t, err)
			assert.Equal(t, []currency.Currency{gold}, units)
		})
	}
}

// A book reopened reads its units back, and a book may be kept in a unit.
func TestUnitsReopen(t *testing.T) {
	gold, _ := currency.NewUnit("GOLD", 3)
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	b, err := Create(ctx, st, Options{Currency: gold, Clock: fixedClock(), Strict: true})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	require.NoError(t, b.AddPartner(ctx, Partner{Code: "C1"}))
	res, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: d(3, 1), Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: currency.MustParse(gold, "0.001")},
		{Account: "706000", Balance: currency.MustParse(gold, "-0.001")},
	}})
	require.NoError(t, err)
	require.NoError(t, st.Close())

	st, err = boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	defer st.Close()
	b, err = Open(ctx, st, Options{})
	require.NoError(t, err)
	assert.Equal(t, gold, b.Currency())
	got, err := b.Entry(ctx, res.Entry.ID)
	require.NoError(t, err)
	assert.Equal(t, "0.001", got.Lines[0].Balance.Plain())
	require.NoError(t, b.Check(ctx))
}

// The French chart and journals are copies: changing them changes neither
// what the next caller gets nor what InstallFrenchChart writes.
func TestFrenchChartIsACopy(t *testing.T) {
	chart := FrenchChart()
	chart[0].Kind = KindReceivable
	js := FrenchJournals()
	js[0].Code = "XX"
	assert.Equal(t, KindEquity, FrenchChart()[0].Kind)
	assert.Equal(t, "VT", FrenchJournals()[0].Code)
	b := testBook(t, stores[0].Open(t))
	a, err := b.Account(ctx, chart[0].Code)
	require.NoError(t, err)
	assert.Equal(t, KindEquity, a.Kind)
}
