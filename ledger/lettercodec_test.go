package ledger

import (
	"math"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Partials, matches and line states read back as written, whatever their
// amounts (numbers of minor units, or texts beyond them) and optional
// fields; every record cut short or followed by more bytes is refused
// with ErrFormat, never read otherwise.
func TestLetterRecordsRoundTrip(t *testing.T) {
	b := testBook(t, memstore.New())
	big := currency.FromMinor(eur, math.MaxInt64)
	huge, err := big.Add(e("1.00")) // past an int64 of cents: kept as text
	require.NoError(t, err)
	at := time.Date(2026, 3, 5, 10, 0, 0, 123, time.UTC)
	partials := []journal.Partial{
		{ID: journal.NewID(), Debit: journal.LineRef{Entry: journal.NewID(), Index: 0}, Credit: journal.LineRef{Entry: journal.NewID(), Index: 300},
			Amount: e("12.34"), DebitAmountCurrency: e("12.34"), CreditAmountCurrency: e("12.34"), Date: d(3, 5), Kind: journal.KindPayment, CreatedAt: at},
		{ID: journal.NewID(), Debit: journal.LineRef{Entry: journal.NewID(), Index: 2}, Credit: journal.LineRef{Entry: journal.NewID(), Index: 1},
			Amount: huge, DebitAmountCurrency: u("0.01"), CreditAmountCurrency: e("0.00"), Date: d(3, 6), Kind: journal.KindExchange,
			Operation: journal.NewID(), CreatedAt: at, UndoneBy: journal.NewID(), UndoneAt: at.Add(time.Hour)},
	}
	matches := []journal.Match{
		{ID: journal.NewID(), Code: "AAA", Account: "411000", Partner: "C1", Lines: []journal.LineRef{partials[0].Debit, partials[0].Credit},
			Partials: []journal.ID{partials[0].ID}, Date: d(3, 5), CreatedAt: at},
		{ID: journal.NewID(), Code: "ZZZZ", Account: "512000", Lines: []journal.LineRef{partials[1].Debit}, Date: d(3, 6),
			Operation: journal.NewID(), CreatedAt: at, UndoneBy: journal.NewID(), UndoneAt: at.Add(time.Minute)},
	}
	states := []struct {
		st  lineState
		cur currency.Currency
	}{
		{lineState{residual: Residual{Balance: e("0.00"), AmountCurrency: e("0.00")}, match: matches[0].ID, live: []journal.ID{{1}, {2}}}, eur},
		{lineState{residual: Residual{Balance: e("-40.00"), AmountCurrency: u("-48.00")}, live: []journal.ID{{3}}}, usd},
		{lineState{residual: Residual{Balance: huge.Neg(), AmountCurrency: e("1.00")}}, eur},
		{lineState{residual: Residual{Balance: e("0.00"), AmountCurrency: u("0.00")}}, usd},
	}
	require.NoError(t, b.View(ctx, func(tx *Tx) error {
		for _, p := range partials {
			v := appendPartialValue(nil, &p, eur)
			got, err := tx.decodePartial(p.ID[:], v)
			require.NoError(t, err)
			assert.True(t, samePartial(p, got), "%+v\n%+v", p, got)
			refused(t, v, func(v []byte) error { _, err := tx.decodePartial(p.ID[:], v); return err })
		}
		return nil
	}))
	for _, m := range matches {
		v := appendMatchValue(nil, &m)
		got, err := decodeMatch(m.ID[:], v)
		require.NoError(t, err)
		assert.Equal(t, m, got)
		refused(t, v, func(v []byte) error { _, err := decodeMatch(m.ID[:], v); return err })
	}
	for _, s := range states {
		v := appendLineState(nil, &s.st)
		got, err := readLineState(v, eur, s.cur)
		require.NoError(t, err)
		assert.True(t, got.residual.Balance.Equal(s.st.residual.Balance) && got.residual.AmountCurrency.Equal(s.st.residual.AmountCurrency),
			"%s / %s read as %s / %s", s.st.residual.Balance, s.st.residual.AmountCurrency, got.residual.Balance, got.residual.AmountCurrency)
		assert.Equal(t, s.cur, got.residual.AmountCurrency.Currency())
		assert.Equal(t, s.st.match, got.match)
		assert.Equal(t, s.st.live, got.live)
		// A line state's tail is its live partials: cut by a whole id, it
		// reads as another state (Check compares it with the partials);
		// cut otherwise, it is refused.
		for n := len(v) - 1; n >= 0; n-- {
			if (len(v)-n)%len(journal.ID{}) != 0 || n == 0 {
				_, err := readLineState(v[:n], eur, s.cur)
				require.ErrorIs(t, err, ErrFormat, "%x cut to %d bytes", v, n)
			}
		}
	}
	// Out of order, twice, and a zero residual stored as open.
	for _, st := range []lineState{
		{residual: Residual{Balance: e("1.00"), AmountCurrency: e("1.00")}, live: []journal.ID{{2}, {1}}},
		{residual: Residual{Balance: e("1.00"), AmountCurrency: e("1.00")}, live: []journal.ID{{2}, {2}}},
	} {
		_, err := readLineState(appendLineState(nil, &st), eur, eur)
		require.ErrorIs(t, err, ErrFormat)
	}
	_, err = readLineState([]byte{stateOpen, 0, 0}, eur, eur)
	require.ErrorIs(t, err, ErrFormat)
	_, err = readLineState([]byte{0x80}, eur, eur)
	require.ErrorIs(t, err, ErrFormat)
}

// refused checks that decode refuses v cut short at every length and v
// with a byte more.
func refused(t *testing.T, v []byte, decode func([]byte) error) {
	t.Helper()
	for n := range len(v) {
		require.ErrorIs(t, decode(v[:n]), ErrFormat, "%x cut to %d bytes", v, n)
	}
	require.ErrorIs(t, decode(append(v[:len(v):len(v)], 0)), ErrFormat, "%x with a byte more", v)
}
