package ledger

import (
	"flag"
	"fmt"
	"slices"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

var keptLong = flag.Bool("kept.long", false, "run TestHrev9OneInvoiceManyReceipts: one invoice lettered with 8 500 receipts in one transaction, on every backend (about a minute)")

// One invoice lettered with more receipts than a transaction keeps lines
// (keptLinesMax) in one transaction, and matched with all of them: the
// invoice's kept state is dropped while its list of live partials grows,
// and read back from the state written. Its residual, live partials and
// match, and the receipts', read the same in the transaction, after the
// commit and in the next writing transaction, and the book passes Check.
func TestHrev9OneInvoiceManyReceipts(t *testing.T) {
	if !*keptLong {
		t.Skip("a match of 8,500 lines on every backend takes about a minute: run with -kept.long")
	}
	n := keptLinesMax + 300
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			in := []journal.Entry{sale("C1", d(3, 10), fmt.Sprintf("%d.00", n))}
			for i := 0; i < n; i++ {
				in = append(in, receipt("C1", d(3, 12), "1.00"))
			}
			res, err := b.PostBatch(ctx, in, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			inv := res[0].Entry.LineRef(0)
			lines := []journal.LineRef{inv}
			for _, r := range res[1:] {
				require.NoError(t, r.Err)
				lines = append(lines, r.Entry.LineRef(1))
			}
			var ids []journal.ID // in the receipts' order
			// state renders what tx reads: the invoice's residual, live
			// partials (all of ids) and match, and the receipts' not as
			// lettered (residual zero, their one partial, the match).
			state := func(tx *Tx) string {
				t.Helper()
				r, err := tx.Residual(inv)
				require.NoError(t, err)
				ps, err := tx.LivePartials(inv)
				require.NoError(t, err)
				m, in, err := tx.MatchOf(inv)
				require.NoError(t, err)
				got := make([]journal.ID, len(ps))
				for i, p := range ps {
					got[i] = p.ID
				}
				sorted := slices.Clone(ids)
				slices.SortFunc(sorted, compareIDs)
				require.True(t, slices.Equal(sorted, got), "the invoice's live partials: all of them, in id order")
				out := fmt.Sprintf("invoice %s %d %v %s\n", r.Balance.Plain(), len(ps), in, m.Code)
				bad := 0
				for i, ref := range lines[1:] {
					r, err := tx.Residual(ref)
					require.NoError(t, err)
					ps, err := tx.LivePartials(ref)
					require.NoError(t, err)
					m, in, err := tx.MatchOf(ref)
					require.NoError(t, err)
					if !r.IsZero() || len(ps) != 1 || ps[0].ID != ids[i] || !in || m.Code != "M1" {
						bad++
					}
				}
				return out + fmt.Sprintf("%d receipts not as lettered\n", bad)
			}
			want := fmt.Sprintf("invoice 0.00 %d true M1\n0 receipts not as lettered\n", n)
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				ids = ids[:0]
				for _, ref := range lines[1:] {
					p, err := tx.putPartial(journal.Partial{Debit: inv, Credit: ref, Amount: e("1.00"),
						DebitAmountCurrency: e("1.00"), CreditAmountCurrency: e("1.00"), Date: d(3, 13), Kind: journal.KindPayment})
					require.NoError(t, err)
					ids = append(ids, p.ID)
				}
				_, err := putMatchCounted(tx, journal.Match{Code: "M1", Account: "411000", Partner: "C1", Lines: lines,
					Partials: ids, Date: d(3, 13)})
				require.NoError(t, err)
				require.Equal(t, want, state(tx), "in the transaction")
				return nil
			}))
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				require.Equal(t, want, state(tx), "committed")
				return nil
			}))
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				require.Equal(t, want, state(tx), "the next writing transaction")
				return nil
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}
