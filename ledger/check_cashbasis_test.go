package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// TestAddMoveInMixedCurrencies: moves in two currencies cannot be summed,
// and the sum says so for good rather than starting again from the next
// line (which would hide a tax moved twice).
func TestAddMoveInMixedCurrencies(t *testing.T) {
	eur, usd := currency.MustLookup("EUR"), currency.MustLookup("USD")
	line := func(c currency.Currency, v string) *journal.Line {
		a := currency.MustParse(c, v)
		return &journal.Line{AmountCurrency: a, Balance: currency.MustParse(eur, v)}
	}
	var m cashBasisMove
	m = addMove(m, line(eur, "-20.00"))
	require.False(t, m.mixed)
	m = addMove(m, line(usd, "-1.00"))
	require.True(t, m.mixed)
	m = addMove(m, line(eur, "-20.00"))
	require.True(t, m.mixed, "a later line in the first currency does not restart the sum")
}
