package ledger

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// Line states of the largest residuals a line may have (an amount too
// large for minor units, which appendSignedAmount would write as text
// past lineStateRoom, is refused at posting: journal.ErrAmountTooLarge,
// and one with more decimals than its currency cannot be parsed), all
// flushed from one buffer: partly lettered invoices read back as
// lettered, in the transaction, after the commit and in the next writing
// transaction, and the book passes Check (memstore under Owning, which
// fails a slice changed before commit).
func TestHrev9FlushGrowsPastRoom(t *testing.T) {
	const n = 40
	const huge = "9999999999999999.99" // journal.AmountMinorUnitsMax cents: the longest varint
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			var inv, pay []journal.LineRef
			for i := 0; i < n; i++ {
				x := mustPost(t, b, sale("C1", d(3, 10), huge))
				y := mustPost(t, b, receipt("C1", d(3, 12), "1000.00"))
				inv, pay = append(inv, x.LineRef(0)), append(pay, y.LineRef(1))
			}
			state := func(tx *Tx) string {
				t.Helper()
				out := ""
				for i := range inv {
					for _, ref := range []journal.LineRef{inv[i], pay[i]} {
						r, err := tx.Residual(ref)
						require.NoError(t, err)
						ps, err := tx.LivePartials(ref)
						require.NoError(t, err)
						out += fmt.Sprintf("%s %s/%s %d\n", ref, r.Balance.Plain(), r.AmountCurrency.Plain(), len(ps))
					}
				}
				return out
			}
			want := ""
			for i := range inv {
				want += fmt.Sprintf("%s 9999999999998999.99/9999999999998999.99 1\n%s 0.00/0.00 1\n", inv[i], pay[i])
			}
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				for i := range inv {
					_, err := tx.putPartial(journal.Partial{Debit: inv[i], Credit: pay[i], Amount: e("1000.00"),
						DebitAmountCurrency: e("1000.00"), CreditAmountCurrency: e("1000.00"), Date: d(3, 13), Kind: journal.KindPayment})
					require.NoError(t, err)
				}
				require.Equal(t, want, state(tx))
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
