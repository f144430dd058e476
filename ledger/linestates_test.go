package ledger

import (
	"bytes"
	"context"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// lineStatePuts is a store whose writing transactions note the keys put
// into the line-state index, in the order the store receives them: those
// of the last run of the last Update (a store may run an Update's function
// more than once).
type lineStatePuts struct {
	store.Store
	keys [][]byte
}

type lineStatePutsTx struct {
	store.Tx
	s *lineStatePuts
}

func (s *lineStatePuts) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		s.keys = s.keys[:0]
		return fn(&lineStatePutsTx{tx, s})
	})
}

func (t *lineStatePutsTx) Put(b, k, v []byte) error {
	if string(b) == string(ixLine) {
		t.s.keys = append(t.s.keys, bytes.Clone(k))
	}
	return t.Tx.Put(b, k, v)
}

// A lettering writes a line's state when a partial lowers its residual and
// again when the match takes it; the store receives each line's state once
// a transaction, in key order, and what the transaction reads in between
// is what it wrote.
func TestLineStatesStoredOncePerTransaction(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := &lineStatePuts{Store: s.Open(t)}
			b := testBook(t, st)
			inv := mustPost(t, b, sale("C1", d(3, 10), "120.00"))
			pay := mustPost(t, b, receipt("C1", d(3, 12), "70.00"))
			pay2 := mustPost(t, b, receipt("C1", d(3, 13), "50.00"))
			lines := []journal.LineRef{inv.LineRef(0), pay.LineRef(1), pay2.LineRef(1)}
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				// Read back without the transaction's caches: from what
				// it wrote, before it reaches the store.
				uncached := func() { tx.kept.forget() }
				p1, err := tx.putPartial(journal.Partial{Debit: lines[0], Credit: lines[1], Amount: e("70.00"),
					DebitAmountCurrency: e("70.00"), CreditAmountCurrency: e("70.00"), Date: d(3, 13), Kind: journal.KindPayment})
				require.NoError(t, err)
				uncached()
				r, err := tx.Residual(lines[0])
				require.NoError(t, err)
				require.Equal(t, "50.00", r.Balance.Plain())
				p2, err := tx.putPartial(journal.Partial{Debit: lines[0], Credit: lines[2], Amount: e("50.00"),
					DebitAmountCurrency: e("50.00"), CreditAmountCurrency: e("50.00"), Date: d(3, 13), Kind: journal.KindPayment})
				require.NoError(t, err)
				uncached()
				m, err := putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C1", Lines: lines,
					Partials: []journal.ID{p1.ID, p2.ID}, Date: d(3, 13)})
				require.NoError(t, err)
				uncached()
				for _, ref := range lines {
					got, in, err := tx.MatchOf(ref)
					require.NoError(t, err)
					require.True(t, in, "%s", ref)
					require.Equal(t, m.ID, got.ID)
				}
				require.Empty(t, st.keys, "no line state reaches the store before the transaction's end")
				return nil
			}))
			require.Len(t, st.keys, len(lines), "one put a line")
			require.True(t, slicesSortedBytes(st.keys), "in key order")
			// Stored: a new transaction reads them.
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				for _, ref := range lines {
					r, err := tx.Residual(ref)
					require.NoError(t, err)
					require.True(t, r.IsZero(), "%s", ref)
					_, in, err := tx.MatchOf(ref)
					require.NoError(t, err)
					require.True(t, in, "%s", ref)
				}
				return nil
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}

func slicesSortedBytes(keys [][]byte) bool {
	for i := 1; i < len(keys); i++ {
		if bytes.Compare(keys[i-1], keys[i]) >= 0 {
			return false
		}
	}
	return true
}
