package ledger

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// A year opens with the balance-sheet balances of the day before it —
// receivables per partner —, income and expense at zero, the result of
// earlier years on 120000 (profit) or 129000 (loss); the first year opens
// with nothing.
func TestOpening(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2028)))
			mustPost(t, b, sale("C1", d(3, 1), "1200.00"))
			mustPost(t, b, sale("C2", d(4, 1), "600.00"))
			mustPost(t, b, od(d(5, 1), "627000", "512000", "50.00"))
			mustPost(t, b, od(journal.MustDate(2027, 2, 1), "627000", "512000", "5000.00"))

			rows, err := b.Opening(ctx, "2026")
			require.NoError(t, err)
			assert.Empty(t, rows, "the first year opens with nothing")

			text := func(rows []OpeningRow) []string {
				var out []string
				for _, r := range rows {
					out = append(out, r.Account+" "+r.Partner+" "+r.Balance.Plain())
				}
				return out
			}
			rows, err = b.Opening(ctx, "2027")
			require.NoError(t, err)
			assert.Equal(t, []string{"120000  -1450.00", "411000 C1 1200.00", "411000 C2 600.00", "445710  -300.00", "512000  -50.00"}, text(rows))

			// 2027 lost 5 000: 2028 opens with both results, not netted.
			rows, err = b.Opening(ctx, "2028")
			require.NoError(t, err)
			assert.Equal(t, []string{"120000  -1450.00", "129000  5000.00", "411000 C1 1200.00", "411000 C2 600.00", "445710  -300.00", "512000  -5050.00"}, text(rows))
			sum := currency.Zero(eur)
			for _, r := range rows {
				sum, err = sum.Add(r.Balance)
				require.NoError(t, err)
			}
			assert.True(t, sum.IsZero())

			_, err = b.Opening(ctx, "1999")
			require.ErrorIs(t, err, ErrNoFiscalYear)
		})
	}
}
