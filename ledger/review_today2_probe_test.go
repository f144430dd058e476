package ledger

// Probes of 7da33ea (line states held by the transaction until flush)
// that pass: every read in the writing transaction sees what it wrote,
// through letter, unletter, match, unmatch and Reverse, with the caches
// dropped between steps; what commits is what a new transaction reads;
// a failed transaction leaves nothing; Check passes on every store.

import (
	"errors"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

func TestReviewToday2ProbeLineStatesWithinOneTransaction(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			inv := mustPost(t, b, sale("C1", d(3, 10), "120.00"))
			pay := mustPost(t, b, receipt("C1", d(3, 12), "70.00"))
			pay2 := mustPost(t, b, receipt("C1", d(3, 13), "50.00"))
			other := mustPost(t, b, sale("C1", d(3, 14), "30.00"))
			lines := []journal.LineRef{inv.LineRef(0), pay.LineRef(1), pay2.LineRef(1)}
			op := journal.NewID()
			part := func(deb, cred journal.LineRef, amt string) journal.Partial {
				return journal.Partial{Debit: deb, Credit: cred, Amount: e(amt), DebitAmountCurrency: e(amt), CreditAmountCurrency: e(amt),
					Date: d(3, 14), Kind: journal.KindPayment}
			}
			// A failed transaction first: nothing of it stays.
			boom := errors.New("boom")
			err := b.Update(ctx, func(tx *Tx) error {
				_, err := tx.putPartial(part(lines[0], lines[1], "70.00"))
				require.NoError(t, err)
				return boom
			})
			require.ErrorIs(t, err, boom)
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				uncached := func() { tx.kept.forget(); tx.partials = keptPartials{} }
				require.NoError(t, tx.recordOperation(op, []byte("probe"), []byte("{}")))
				r, err := tx.Residual(lines[0])
				require.NoError(t, err)
				require.Equal(t, "120.00", r.Balance.Plain(), "the failed transaction wrote nothing")
				p1, err := tx.putPartial(part(lines[0], lines[1], "70.00"))
				require.NoError(t, err)
				uncached()
				// Undo it, letter it again, match, unmatch: each read sees the
				// last write.
				_, err = tx.undoPartial(p1.ID, op)
				require.NoError(t, err)
				uncached()
				live, err := tx.LivePartials(lines[0])
				require.NoError(t, err)
				require.Empty(t, live)
				r, err = tx.Residual(lines[1])
				require.NoError(t, err)
				require.Equal(t, "-70.00", r.Balance.Plain())
				p1, err = tx.putPartial(part(lines[0], lines[1], "70.00"))
				require.NoError(t, err)
				p2, err := tx.putPartial(part(lines[0], lines[2], "50.00"))
				require.NoError(t, err)
				uncached()
				at, err := tx.ResidualAt(lines[0], d(3, 13))
				require.NoError(t, err)
				require.Equal(t, "120.00", at.Balance.Plain(), "partials dated 14 March")
				items, err := tx.OpenItems("411000", "C1")
				require.NoError(t, err)
				require.Len(t, items, 1)
				require.Equal(t, other.LineRef(0), items[0].Ref)
				m, err := putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C1", Lines: lines,
					Partials: []journal.ID{p1.ID, p2.ID}, Date: d(3, 14)})
				require.NoError(t, err)
				uncached()
				_, err = tx.undoMatch(m.ID, op)
				require.NoError(t, err)
				for _, id := range []journal.ID{p1.ID, p2.ID} {
					_, err = tx.undoPartial(id, op)
					require.NoError(t, err)
				}
				uncached()
				for _, ref := range lines {
					_, in, err := tx.MatchOf(ref)
					require.NoError(t, err)
					require.False(t, in)
				}
				// Everything undone: the invoice may be reversed in the same
				// transaction.
				_, _, err = tx.Reverse(inv.ID, ReverseOptions{})
				require.NoError(t, err)
				return nil
			}))
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				for i, want := range []string{"120.00", "-70.00", "-50.00"} {
					r, err := tx.Residual(lines[i])
					require.NoError(t, err)
					require.Equal(t, want, r.Balance.Plain())
					live, err := tx.LivePartials(lines[i])
					require.NoError(t, err)
					require.Empty(t, live)
				}
				return nil
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}
