package ledger

import (
	"errors"
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review of the transaction caches (Tx.live, matched, residuals, lent from
// one writing transaction to the next): lines lettered, unlettered and
// lettered again in one transaction, a transaction that fails after
// lettering, and the next one, read what a transaction without caches
// reads from the store, and the book passes Check (strict).
func TestReviewTxCachesRelettered(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			inv := mustPost(t, b, sale("C1", d(3, 10), "120.00"))
			pay := mustPost(t, b, receipt("C1", d(3, 12), "70.00"))
			pay2 := mustPost(t, b, receipt("C1", d(3, 13), "50.00"))
			lines := []journal.LineRef{inv.LineRef(0), pay.LineRef(1), pay2.LineRef(1)}
			// state renders what tx reads of the lines: residuals, live
			// partials, matches.
			state := func(tx *Tx) string {
				t.Helper()
				out := ""
				for _, ref := range lines {
					r, err := tx.Residual(ref)
					require.NoError(t, err)
					ps, err := tx.LivePartials(ref)
					require.NoError(t, err)
					m, in, err := tx.MatchOf(ref)
					require.NoError(t, err)
					out += fmt.Sprintf("%s %s/%s", ref, r.Balance, r.AmountCurrency)
					for _, p := range ps {
						out += " p" + p.ID.String() + p.Amount.Plain()
					}
					if in {
						out += " m" + m.ID.String()
					}
					out += "\n"
				}
				return out
			}
			// fresh is state read without the transaction's caches.
			fresh := func(tx *Tx) string {
				t.Helper()
				tx.decoded, tx.partials = nil, keptPartials{}
				tx.kept.forget()
				return state(tx)
			}
			letter := func(tx *Tx, code string) (journal.Match, []journal.ID) {
				t.Helper()
				p1, err := tx.putPartial(journal.Partial{Debit: lines[0], Credit: lines[1], Amount: e("70.00"),
					DebitAmountCurrency: e("70.00"), CreditAmountCurrency: e("70.00"), Date: d(3, 13), Kind: journal.KindPayment})
				require.NoError(t, err)
				p2, err := tx.putPartial(journal.Partial{Debit: lines[0], Credit: lines[2], Amount: e("50.00"),
					DebitAmountCurrency: e("50.00"), CreditAmountCurrency: e("50.00"), Date: d(3, 13), Kind: journal.KindPayment})
				require.NoError(t, err)
				m, err := putMatchCounted(tx, journal.Match{Code: code, Account: "411000", Partner: "C1", Lines: lines,
					Partials: []journal.ID{p1.ID, p2.ID}, Date: d(3, 13)})
				require.NoError(t, err)
				return m, []journal.ID{p1.ID, p2.ID}
			}
			unletter := func(tx *Tx, m journal.Match, ps []journal.ID) {
				t.Helper()
				op := journal.NewID()
				require.NoError(t, tx.recordOperation(op, []byte("undo"), nil))
				_, err := tx.undoMatch(m.ID, op)
				require.NoError(t, err)
				for _, id := range ps {
					_, err := tx.undoPartial(id, op)
					require.NoError(t, err)
				}
			}
			// Fails after lettering: the next transaction reads none of it.
			failed := errors.New("failed")
			var before string
			require.NoError(t, b.View(ctx, func(tx *Tx) error { before = state(tx); return nil }))
			err := b.Update(ctx, func(tx *Tx) error {
				state(tx)
				letter(tx, "AAA")
				return failed
			})
			require.ErrorIs(t, err, failed)
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				kept := state(tx)
				assert.Equal(t, before, kept, "a failed transaction's caches")
				assert.Equal(t, fresh(tx), kept)
				return nil
			}))
			// Lettered, unlettered, lettered again in one transaction.
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				state(tx)
				m, ps := letter(tx, "AAB")
				kept := state(tx)
				assert.Equal(t, fresh(tx), kept, "lettered")
				unletter(tx, m, ps)
				kept = state(tx)
				assert.Equal(t, fresh(tx), kept, "unlettered")
				state(tx)
				m, ps = letter(tx, "AAC")
				kept = state(tx)
				assert.Equal(t, fresh(tx), kept, "lettered again")
				unletter(tx, m, ps)
				letter(tx, "AAD")
				return nil
			}))
			var after string
			require.NoError(t, b.View(ctx, func(tx *Tx) error { after = state(tx); return nil }))
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				assert.Equal(t, after, state(tx), "the next writing transaction, with lent caches")
				return nil
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}
