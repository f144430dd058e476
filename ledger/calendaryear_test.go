package ledger

import (
	"context"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// CalendarYear of a year no Date can hold gives the zero FiscalYear, which
// AddFiscalYear refuses, instead of panicking on a year the caller read
// from a form or a file.
func TestCalendarYearOutOfRange(t *testing.T) {
	ctx := context.Background()
	b, err := Create(ctx, memstore.New(), Options{Currency: currency.MustLookup("EUR")})
	require.NoError(t, err)
	for _, y := range []int{0, -1, 10000} {
		fy := CalendarYear(y)
		require.Equal(t, FiscalYear{}, fy, y)
		require.ErrorIs(t, b.AddFiscalYear(ctx, fy), ErrFiscalYear, y)
	}
	require.Equal(t, "2026", CalendarYear(2026).Label)
}
