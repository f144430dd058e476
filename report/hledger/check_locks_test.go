package hledger_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// A file imported, then locked and its rate's currency left without a
// later rate, imports again as a replay: the locks and rates checked
// before anything is written are those of entries the book does not hold
// yet. A new transaction in the locked month is refused, on a tax account
// by the tax lock alone, and an inactive account is named at its line;
// nothing is written.
func TestReadChecksLocksOnlyForNewEntries(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	require.NoError(t, b.SetRate(ctx, usd, day(2026, 1, 1), currency.MustParseRate("1.25")))
	j := "2026-01-05 Vente en dollars\n    411000:C9  100.00 USD\n    706100\n"
	_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	require.NoError(t, err)
	require.NoError(t, b.SetLockDate(ctx, ledger.LockGeneral, day(2026, 1, 31), "janvier clos"))
	sum, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Replayed)

	require.NoError(t, b.SetLockDate(ctx, ledger.LockTax, day(2026, 2, 28), "TVA de février"))
	tax := "2026-02-10 Vente\n    411000:C8  120.00 EUR\n    706000  -100.00 EUR\n    445710  -20.00 EUR\n"
	_, err = hledger.Read(ctx, strings.NewReader(tax), b, hledger.ReadOptions{})
	require.ErrorIs(t, err, ledger.ErrLocked)
	assert.Contains(t, err.Error(), "line 1")
	_, err = b.Partner(ctx, "C8")
	require.ErrorIs(t, err, ledger.ErrUnknownPartner)

	require.NoError(t, b.SetAccountActive(ctx, "627000", false))
	inactive := "2026-03-10 Frais\n    627000  5.00 EUR\n    401000:S7  -5.00 EUR\n"
	_, err = hledger.Read(ctx, strings.NewReader(inactive), b, hledger.ReadOptions{})
	require.ErrorIs(t, err, ledger.ErrInactiveAccount)
	assert.Contains(t, err.Error(), "line 2")
	_, err = b.Partner(ctx, "S7")
	require.ErrorIs(t, err, ledger.ErrUnknownPartner)
}
