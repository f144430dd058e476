package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/memstore"
)

// A lock date in a book with no fiscal year is refused (ErrNoFiscalYear);
// a zero date (no lock) is not. After the last year's end: refused; on
// it: taken. A refusal in SetLockDates records none of the changes.
func TestHrev154LockNeedsFiscalYear(t *testing.T) {
	ctx := context.Background()
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: currency.MustLookup("EUR")})
	require.NoError(t, err)
	d := func(y, m, dd int) journal.Date { return journal.MustDate(y, time.Month(m), dd) }
	require.ErrorIs(t, b.SetLockDate(ctx, ledger.LockGeneral, d(2026, 1, 31), "janvier"), ledger.ErrNoFiscalYear)
	require.ErrorIs(t, b.SetLockDate(ctx, ledger.LockTax, d(2026, 1, 31), "janvier"), ledger.ErrNoFiscalYear)
	require.NoError(t, b.SetLockDate(ctx, ledger.LockGeneral, journal.Date{}, "rien"))
	h, err := b.LockHistory(ctx)
	require.NoError(t, err)
	assert.Len(t, h, 1)

	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.ErrorIs(t, b.SetLockDate(ctx, ledger.LockGeneral, d(2027, 1, 1), "trop tard"), ledger.ErrNoFiscalYear)
	require.ErrorIs(t, b.SetLockDates(ctx,
		ledger.LockChange{Kind: ledger.LockGeneral, Date: d(2026, 3, 31), Reason: "mars"},
		ledger.LockChange{Kind: ledger.LockTax, Date: d(2027, 1, 1), Reason: "trop tard"}), ledger.ErrNoFiscalYear)
	l, err := b.LockDates(ctx)
	require.NoError(t, err)
	assert.True(t, l.General.IsZero(), "the general lock of a refused SetLockDates was kept: %s", l.General)
	require.NoError(t, b.SetLockDate(ctx, ledger.LockGeneral, d(2026, 12, 31), "fin"))
	l, err = b.LockDates(ctx)
	require.NoError(t, err)
	assert.Equal(t, d(2026, 12, 31), l.General)
}
