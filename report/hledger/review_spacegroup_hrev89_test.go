package hledger_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// Was failing, fixed: a journal whose commodity is declared with space-grouped digits
// ("commodity 1 000,00 EUR", read since 070e3cf) and whose postings are
// written in that style, as hledger print writes them ("1 500,00 EUR"),
// is refused: "syntax error: amount \"1 500,00 EUR\"" (parseAmount's
// takeNumber stops at the space). hledger reads a space as a digit group
// mark in any amount (hledger-lib/Hledger/Read/Common.hs,
// isDigitSeparatorChar c = isDecimalMark c || c == ' '; hledger manual,
// Amounts › Digit group marks). Expected: 1500.00 EUR posted on 622700,
// for the symbol after and before the number; source: hledger's reader,
// DESIGN §13 (hledger journal import for migration).
func TestHrev89SpaceGroupedPostingAmounts(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ directive, amount string }{
		{"commodity 1 000,00 EUR", "1 500,00 EUR"},
		{"commodity EUR 1 000,00", "EUR 1 500,00"},
	} {
		b := newBook(t, storetest.Backends[0])
		j := c.directive + "\n\n2026-01-05 Honoraires\n    622700     " + c.amount + "\n    401000:S9\n"
		_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
		if !assert.NoError(t, err, c.amount) {
			continue
		}
		require.Equal(t, "1500.00 EUR", balanceHrev83(t, b, "622700"), c.amount)
	}
}
