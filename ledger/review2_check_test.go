package ledger

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// TestReview2CheckStrayCompanyCurrencyAggregate: a stray year aggregate and
// series in the company currency (which has no aggregates of its own) on an
// account with euro lines, posted with the entry's currency named, change
// the account's euro balance; Check names both stray (a company-currency
// line never contributes to a currency's aggregate).
func TestReview2CheckStrayCompanyCurrencyAggregate(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			x := sale("C1", d(3, 1), "120.00")
			x.Currency = eur // the record names the company currency
			mustPost(t, b, x)
			require.NoError(t, b.Check(ctx))
			before, err := b.Balance(ctx, BalanceQuery{Account: "411000", Currency: eur})
			require.NoError(t, err)
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				if err := tx.Put(ixAgg, periodAggKey("411000", "", "EUR", aggYear, 2026),
					aggValue("0.00", "0.00", e("0.00"))); err != nil {
					return err
				}
				return tx.Put(ixAggYears, aggYearsKey("411000", "", "EUR"), aggYearsValue(2026, 2026))
			}))
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				return tx.Put(ixAgg, periodAggKey("411000", "", "EUR", aggYear, 2026),
					aggValue("100.00", "0.00", e("100.00")))
			}))
			after, err := b.Balance(ctx, BalanceQuery{Account: "411000", Currency: eur})
			require.NoError(t, err)
			require.NotEqual(t, before.Balance.Plain(), after.Balance.Plain(), "the stray keys move the euro balance")
			err = b.Check(ctx)
			require.Error(t, err, "stray company-currency aggregate and series unreported")
			mustFind(t, err, 2, "aggregate of 411000 in EUR for year 2026", "no line contributes")
			mustFind(t, err, 2, "aggregate years of 411000 in EUR", "no line contributes")
		})
	}
}

// TestReview2DamagedAggYearsValues: a value of ix.aggyrs cut short, with
// its first year after its last, or claiming a year with no aggregate:
// Check names each, and a balance reading it fails rather than guess.
func TestReview2DamagedAggYearsValues(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.strict = false
			mustPost(t, b, sale("C1", d(3, 1), "120.00"))
			mustPost(t, b, sale("C1", journal.MustDate(2027, 3, 1), "60.00"))
			require.NoError(t, b.Check(ctx))
			key := aggYearsKey("411000", "C1", "")
			for _, dmg := range []struct {
				name  string
				value []byte
				words []string
				read  bool // a balance must fail
			}{
				{"short", []byte{0, 0, 7}, []string{"aggregate years of 411000 partner C1", "does not decode"}, true},
				{"first after last", aggYearsValue(2027, 2026), []string{"aggregate years of 411000 partner C1", "does not decode"}, true},
				{"wider", aggYearsValue(2025, 2027), []string{"aggregate years of 411000 partner C1", "stored 2025 to 2027"}, false},
			} {
				require.NoError(t, st.Update(ctx, func(tx store.Tx) error { return tx.Put(ixAggYears, bytes.Clone(key), dmg.value) }))
				err := b.Check(ctx)
				require.Error(t, err, dmg.name)
				mustFind(t, err, 2, dmg.words...)
				if dmg.read {
					_, err = b.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C1"})
					require.ErrorIs(t, err, ErrFormat, dmg.name)
				}
			}
			// The 2027 aggregate gone, the series still claiming it.
			require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
				if err := tx.Put(ixAggYears, bytes.Clone(key), aggYearsValue(2026, 2027)); err != nil {
					return err
				}
				return tx.Delete(ixAgg, periodAggKey("411000", "C1", "", aggYear, 2027))
			}))
			err := b.Check(ctx)
			require.Error(t, err)
			mustFind(t, err, 2, "aggregate of 411000 partner C1 for year 2027", "missing")
		})
	}
}
