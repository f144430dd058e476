package ledger

import (
	"bytes"
	"errors"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// TestCheckFindsAggregateDamageStreaming damages the aggregates of a book
// with more of them than Check sums in memory, one key at a time, and
// asserts that Check, recomputing them from the line indexes, names each:
// a missing, a wrong and a stray year or month aggregate in the period-first
// layout, a missing day, and missing, wrong and stray years of a series.
// Each damage is undone before the next, and the book checks clean again.
func TestCheckFindsAggregateDamageStreaming(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := lagBook(t, st)
			var in []journal.Entry
			for day := 0; day < 730; day++ {
				date := journal.MustDate(2026, 1, 1).AddDays(day)
				in = append(in, sale([]string{"C1", "C2", "S1"}[day%3], date, "12.00"), receipt("C1", date, "3.00"))
			}
			inMemory := newAggSet(eur)
			for _, e := range in {
				for i := range e.Lines {
					require.NoError(t, inMemory.addLine(&e.Lines[i], e.Date, aggLevels[:]...))
				}
			}
			require.Greater(t, len(inMemory.m), aggsInMemoryMax, "Check must stream this book's aggregates")
			for len(in) > 0 {
				n := min(len(in), 500)
				_, err := b.PostBatch(ctx, in[:n], BatchOptions{})
				require.NoError(t, err)
				in = in[n:]
			}
			require.NoError(t, b.Check(ctx))
			damages := []struct {
				name   string
				bucket []byte
				key    []byte
				value  []byte // nil: delete the key
				words  []string
			}{
				{"partner month missing", ixAgg, periodAggKey("411000", "C1", "", aggMonth, 202603), nil,
					[]string{"aggregate of 411000 partner C1 for month 2026-03", "missing"}},
				{"year disagrees", ixAgg, periodAggKey("706000", "", "", aggYear, 2027), aggValue("0.00", "1.00"),
					[]string{"aggregate of 706000 for year 2027", "stored 0.00 EUR / 1.00 EUR", "3650.00"}},
				{"stray partner month", ixAgg, periodAggKey("411000", "C9", "", aggMonth, 202605), aggValue("1.00", "0.00"),
					[]string{"aggregate index key", "stray", "partner C9 for month 2026-05", "no line contributes"}},
				{"stray month of a year without lines", ixAgg, periodAggKey("706000", "", "", aggMonth, 202801), aggValue("1.00", "0.00"),
					[]string{"aggregate index key", "stray", "aggregate of 706000 for month 2028-01", "no line contributes"}},
				{"day missing", ixAggDay, dayAggKey("411000", "", "", 20260310), nil,
					[]string{"aggregate of 411000 for day 2026-03-10", "missing"}},
				{"partner day stored", ixAggDay, dayAggKey("411000", "C1", "", 20260310), aggValue("12.00", "3.00"),
					[]string{"aggregate of 411000 partner C1 for day 2026-03-10", "day aggregates are not stored"}},
				{"years too short", ixAggYears, aggYearsKey("411000", "C2", ""), aggYearsValue(2026, 2026),
					[]string{"aggregate years of 411000 partner C2", "stored 2026 to 2026", "from 2026 to 2027"}},
				{"years missing", ixAggYears, aggYearsKey("512000", "", ""), nil,
					[]string{"aggregate years of 512000", "missing", "from 2026 to 2027"}},
				{"stray years", ixAggYears, aggYearsKey("706000", "C1", ""), aggYearsValue(2026, 2027),
					[]string{"aggregate years index key", "stray", "aggregate years of 706000 partner C1", "no line contributes"}},
			}
			for _, dmg := range damages {
				var old []byte
				require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
					v, err := tx.Get(dmg.bucket, dmg.key)
					if errors.Is(err, store.ErrNotFound) {
						old = nil
					} else if err != nil {
						return err
					} else {
						old = bytes.Clone(v)
					}
					if dmg.value == nil {
						require.NotNil(t, old, "%s: nothing to delete", dmg.name)
						return tx.Delete(dmg.bucket, dmg.key)
					}
					return tx.Put(dmg.bucket, bytes.Clone(dmg.key), bytes.Clone(dmg.value))
				}))
				err := b.Check(ctx)
				require.Error(t, err, dmg.name)
				mustFind(t, err, 2, dmg.words...)
				require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
					if old == nil {
						return tx.Delete(dmg.bucket, dmg.key)
					}
					return tx.Put(dmg.bucket, bytes.Clone(dmg.key), old)
				}))
			}
			require.NoError(t, b.Check(ctx))
		})
	}
}
