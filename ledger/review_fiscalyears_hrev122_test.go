package ledger_test

import (
	"context"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hrev122FiscalYearAt(b *ledger.Book, at journal.Date) (ledger.FiscalYear, error) {
	var y ledger.FiscalYear
	err := b.View(context.Background(), func(tx *ledger.Tx) error {
		var err error
		y, err = tx.FiscalYear(at)
		return err
	})
	return y, err
}

// AddFiscalYears on every backend: an empty call adds nothing; the years
// of a batch are found at once by the same handle (its cached years) and
// by another one, a second batch follows; a batch refused (two labels
// alike, years out of order) adds none; Check passes.
func TestHrev122AddFiscalYearsAllOrNone(t *testing.T) {
	ctx := context.Background()
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b, err := ledger.Create(ctx, st, ledger.Options{Currency: currency.MustLookup("EUR")})
			require.NoError(t, err)
			require.NoError(t, b.AddFiscalYears(ctx))
			fys, err := b.FiscalYears(ctx)
			require.NoError(t, err)
			assert.Empty(t, fys)

			short := ledger.FiscalYear{Start: journal.MustDate(2026, 7, 1), End: journal.MustDate(2026, 12, 31)}
			require.NoError(t, b.AddFiscalYears(ctx, short, ledger.CalendarYear(2027)))
			y, err := hrev122FiscalYearAt(b, journal.MustDate(2027, 6, 1))
			require.NoError(t, err)
			assert.Equal(t, "2027", y.Label)
			require.NoError(t, b.AddFiscalYears(ctx, ledger.CalendarYear(2028), ledger.CalendarYear(2029)))
			y, err = hrev122FiscalYearAt(b, journal.MustDate(2029, 6, 1))
			require.NoError(t, err)
			assert.Equal(t, "2029", y.Label)

			before, err := b.FiscalYears(ctx)
			require.NoError(t, err)
			require.Len(t, before, 4)
			x, z := ledger.CalendarYear(2030), ledger.CalendarYear(2031)
			x.Label, z.Label = "X", "X"
			require.ErrorIs(t, b.AddFiscalYears(ctx, x, z), ledger.ErrFiscalYear)
			require.ErrorIs(t, b.AddFiscalYears(ctx, ledger.CalendarYear(2031), ledger.CalendarYear(2030)), ledger.ErrFiscalYear)
			after, err := b.FiscalYears(ctx)
			require.NoError(t, err)
			assert.Equal(t, before, after, "a refused batch adds none")
			_, err = hrev122FiscalYearAt(b, journal.MustDate(2030, 6, 1))
			require.ErrorIs(t, err, ledger.ErrNoFiscalYear)
			require.NoError(t, b.Check(ctx))

			other, err := ledger.Open(ctx, st, ledger.Options{})
			require.NoError(t, err)
			fys, err = other.FiscalYears(ctx)
			require.NoError(t, err)
			assert.Equal(t, before, fys)
			require.NoError(t, other.Check(ctx))
		})
	}
}
