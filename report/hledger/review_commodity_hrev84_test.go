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

// Was failing, fixed: `commodity "AAPL 2023"` (hledger manual, Commodity directive: a
// quoted symbol declared without an amount) is refused with ErrSyntax
// since 070e3cf because the symbol holds digits; the commodity directive
// declares a symbol and gives no number format, so it must be accepted
// and the journal read (the posting of 100 EUR posted).
func TestHrev84QuotedCommodityWithDigits(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	j := "commodity \"AAPL 2023\"\n\n2026-01-05 Honoraires\n    622700     100 EUR\n    401000:S9\n"
	_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, "100.00 EUR", balanceHrev83(t, b, "622700"))
}

// The other commodity directives of hledger's manual are read, and set
// the decimal mark of their commodity.
func TestHrev84ManualCommodityDirectives(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ directive, amount, want string }{
		{"commodity €1000.00", "€1.500", "1.50 EUR"},
		{"commodity 1.000,00 EUR", "1.500 EUR", "1500.00 EUR"},
		{"commodity EUR\n    format 1.000,00 EUR", "1.500 EUR", "1500.00 EUR"},
		{"commodity 1 000 000.9455 EUR", "1,500 EUR", "1500.00 EUR"},
		{"commodity EUR 9,99,99,999.00", "EUR 1,50,000.00", "150000.00 EUR"},
		{"commodity 1\u202f000,00 EUR", "1.500 EUR", "1500.00 EUR"},
		{"decimal-mark ,\n", "EUR -1.234.567,89", "-1234567.89 EUR"},
		{"", "EUR -1.234.567,89", "-1234567.89 EUR"},
		{"", "EUR 1.000", "1.00 EUR"},
	} {
		b := newBook(t, storetest.Backends[0])
		j := c.directive + "\n\n2026-01-05 x\n    622700     " + c.amount + "\n    401000:S9\n"
		_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
		if !assert.NoError(t, err, c.directive) {
			continue
		}
		assert.Equal(t, c.want, balanceHrev83(t, b, "622700"), c.directive+" / "+c.amount)
	}
}
