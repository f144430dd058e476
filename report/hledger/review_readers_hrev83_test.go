package hledger_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

func balanceHrev83(t *testing.T, b *ledger.Book, account string) string {
	t.Helper()
	bal, err := b.Balance(context.Background(), ledger.BalanceQuery{Account: account})
	require.NoError(t, err)
	return bal.Balance.String()
}

// Was failing, fixed: "commodity 1 000,00 EUR" (a space grouping digits, a decimal
// comma: valid hledger, rawnumberp reads "1 000" as WithSeparators ' ',
// hledger-lib/Hledger/Read/Common.hs) is silently dropped by the commodity
// directive parser, so the ambiguous "1.500 EUR" is read with '.' as the
// decimal mark and 1.50 EUR is posted. hledger disambiguates it with the
// commodity's declared decimal comma (disambiguateNumber): 1500 EUR. Want
// 1500.00 EUR on 622700, or a refusal; never 1.50.
func TestHrev83SpaceGroupedCommodityDirective(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	j := "commodity 1 000,00 EUR\n\n2026-01-05 Honoraires\n    622700     1.500 EUR\n    401000:S9\n"
	_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	if err != nil {
		return // a refusal is acceptable
	}
	assert.Equal(t, "1500.00 EUR", balanceHrev83(t, b, "622700"))
}

// Was failing, fixed: "EUR 1.000.000" is refused ("not a decimal number") while "EUR
// 1,000,000" is read as a million: a mark that appears twice can only
// group digits (hledger manual, Amounts › digit group marks; normalize's
// own comment: "the one that appears once … the other one grouping
// digits"). Want 1000000.00 EUR posted on 622700.
func TestHrev83PeriodGroupedAmount(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	j := "2026-01-05 Achat\n    622700     EUR 1.000.000\n    401000:S9\n"
	_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, "1000000.00 EUR", balanceHrev83(t, b, "622700"))
}

// Periodic and auto transactions are skipped and counted, not posted;
// virtual postings are refused with ErrUnsupported.
func TestHrev83PeriodicAutoVirtual(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	j := "~ monthly from 2026-01\n    622700  10 EUR\n    401000:S9\n\n= 622700\n    (622700)  *0.2\n\n" +
		"2026-01-05 x\n    622700  100 EUR\n    401000:S9  -100 EUR = -100 EUR\n"
	sum, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, 2, sum.SkippedDirectives)
	assert.Equal(t, 1, sum.Posted)
	assert.Equal(t, "100.00 EUR", balanceHrev83(t, b, "622700"))

	b2 := newBook(t, storetest.Backends[0])
	_, err = hledger.Read(ctx, strings.NewReader("2026-01-05 x\n    622700  100 EUR\n    401000:S9\n    (budget)  -100 EUR\n"), b2, hledger.ReadOptions{})
	assert.ErrorIs(t, err, hledger.ErrUnsupported)
}
