package reconcile_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
)

// TestCloseRefusesStaleRevaluation pins, on every backend, that a
// closing refuses a year whose last-day revaluation no longer holds: a
// foreign invoice or receipt dated on or before the closing date, posted
// after Revalue ran, would stay at its historical rate on the balance
// sheet. The refusal names the group and what is missing, writes
// nothing, and Revalue run again for the day (at its rate) lets the
// closing through. Undone (Undo), the revaluation is not asked for again.
func TestCloseRefusesStaleRevaluation(t *testing.T) {
	t.Parallel()
	usd := hrev222USD
	for _, b := range storetest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range []struct {
				name  string
				after func(t *testing.T, f *fixture) // what is posted after the revaluation
				group string                         // the partner the refusal names, "" when none
				miss  string                         // what it says is missing
			}{
				{"nothing posted since", func(*testing.T, *fixture) {}, "", ""},
				{"an invoice of the same partner", func(t *testing.T, f *fixture) {
					hrev222Sale(t, f, "C1", d(12, 15), "550.00") // 500.00 at 1.10; 550.00 at 1.00
				}, "C1", "50.00"},
				{"an invoice of a partner not revalued", func(t *testing.T, f *fixture) {
					hrev222Sale(t, f, "C2", d(12, 31), "220.00") // 200.00 at 1.10
				}, "C2", "20.00"},
				{"a receipt left open", func(t *testing.T, f *fixture) {
					f.post(t, hrev222Receipt("C3", d(12, 20), "110.00")) // −100.00 at 1.10
				}, "C3", "-10.00"},
				{"an invoice dated the next year", func(t *testing.T, f *fixture) {
					hrev222Sale(t, f, "C2", journal.MustDate(2027, 1, 5), "220.00")
				}, "", ""},
				{"undone, then an invoice", func(t *testing.T, f *fixture) {
					_, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Undo: true})
					require.NoError(t, err)
					hrev222Sale(t, f, "C2", d(12, 31), "220.00")
				}, "", ""},
			} {
				t.Run(tc.name, func(t *testing.T) {
					f := newFixture(t, b.Open(t))
					require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
					hrev222Sale(t, f, "C1", d(12, 1), "1100.00")
					hrev222Revalue(t, f, "1.00")
					tc.after(t, f)
					*f.now = time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC)
					_, _, err := f.rec.CloseFiscalYear(ctx, "2026", "me")
					if tc.group == "" {
						require.NoError(t, err)
						f.check(t)
						return
					}
					require.ErrorIs(t, err, reconcile.ErrStaleRevaluation)
					var se *reconcile.StaleRevaluationError
					require.True(t, errors.As(err, &se))
					assert.Equal(t, "2026", se.Year)
					assert.Equal(t, d(12, 31), se.Date)
					assert.Equal(t, "411000", se.Account)
					assert.Equal(t, tc.group, se.Partner)
					assert.Equal(t, usd, se.Currency)
					assert.Equal(t, "1", se.Rate.String())
					assert.Equal(t, tc.miss, se.Missing.Plain())
					assert.Equal(t, 1, se.Groups)
					assert.Contains(t, err.Error(), "run Revalue for 2026-12-31 again")
					closings, err := f.book.ClosedYears(ctx)
					require.NoError(t, err)
					assert.Empty(t, closings, "a refused closing writes nothing")

					res := hrev222Revalue(t, f, "1.00")
					assert.Len(t, res.Entries, 2, "only what is missing, and its reversal")
					_, _, err = f.rec.CloseFiscalYear(ctx, "2026", "me")
					require.NoError(t, err)
					f.check(t)
				})
			}
		})
	}
}
