package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// Partners whose codes prefix one another (C1, C10, C1.), and lines
// without a partner on a suspense account lettered against lines with one:
// each line's live partials, residual and match are its own; reversal is
// refused exactly for the lettered entries; undoing restores everything;
// Check and Verify pass at every step.
func TestReviewLineStateKeysNeighbours(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			for _, p := range []string{"C10", "C1.", "C1-"} {
				require.NoError(t, b.AddPartner(ctx, Partner{Code: p, Name: "Partner " + p}))
			}
			inv1 := mustPost(t, b, sale("C1", d(3, 1), "120.00"))
			inv10 := mustPost(t, b, sale("C10", d(3, 1), "120.00"))
			invDot := mustPost(t, b, sale("C1.", d(3, 1), "120.00"))
			pay1 := mustPost(t, b, receipt("C1", d(3, 2), "50.00"))
			pay10 := mustPost(t, b, receipt("C10", d(3, 2), "70.00"))
			payDot := mustPost(t, b, receipt("C1.", d(3, 2), "120.00"))
			// suspense: one debit line without partner, one credit line with C1
			susD := mustPost(t, b, journal.Entry{Journal: "OD", Date: d(3, 3), Lines: []journal.Line{
				{Account: "471000", Balance: e("30.00")}, {Account: "512000", Balance: e("-30.00")}}})
			susC := mustPost(t, b, journal.Entry{Journal: "OD", Date: d(3, 3), Lines: []journal.Line{
				{Account: "512000", Balance: e("30.00")}, {Account: "471000", Partner: "C1", Balance: e("-30.00")}}})
			// an entry with two reconcilable lines of the same partner
			both := mustPost(t, b, journal.Entry{Journal: "OD", Date: d(3, 4), Lines: []journal.Line{
				{Account: "411000", Partner: "C1-", Balance: e("10.00")}, {Account: "411000", Partner: "C1-", Balance: e("-10.00")}}})

			op := journal.NewID()
			var p1, p10, pDot, pSus, pBoth journal.Partial
			var mDot journal.Match
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				var err error
				if p1, err = tx.putPartial(allocation(inv1.LineRef(0), pay1.LineRef(1), "50.00", d(3, 2), op)); err != nil {
					return err
				}
				if p10, err = tx.putPartial(allocation(inv10.LineRef(0), pay10.LineRef(1), "70.00", d(3, 2), op)); err != nil {
					return err
				}
				if pDot, err = tx.putPartial(allocation(invDot.LineRef(0), payDot.LineRef(1), "120.00", d(3, 2), op)); err != nil {
					return err
				}
				if pSus, err = tx.putPartial(allocation(susD.LineRef(0), susC.LineRef(1), "30.00", d(3, 3), op)); err != nil {
					return err
				}
				if pBoth, err = tx.putPartial(allocation(both.LineRef(0), both.LineRef(1), "10.00", d(3, 4), op)); err != nil {
					return err
				}
				if mDot, err = putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C1.", Operation: op,
					Lines: []journal.LineRef{invDot.LineRef(0), payDot.LineRef(1)}, Partials: []journal.ID{pDot.ID}, Date: d(3, 2)}); err != nil {
					return err
				}
				return tx.recordOperation(op, []byte("op"), nil)
			}))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))

			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				for _, c := range []struct {
					ref  journal.LineRef
					want []journal.ID
					res  string
				}{
					{inv1.LineRef(0), []journal.ID{p1.ID}, "70.00"},
					{inv10.LineRef(0), []journal.ID{p10.ID}, "50.00"},
					{invDot.LineRef(0), []journal.ID{pDot.ID}, "0.00"},
					{pay1.LineRef(1), []journal.ID{p1.ID}, "0.00"},
					{pay10.LineRef(1), []journal.ID{p10.ID}, "0.00"},
					{susD.LineRef(0), []journal.ID{pSus.ID}, "0.00"},
					{susC.LineRef(1), []journal.ID{pSus.ID}, "0.00"},
					{both.LineRef(0), []journal.ID{pBoth.ID}, "0.00"},
					{both.LineRef(1), []journal.ID{pBoth.ID}, "0.00"},
				} {
					ps, err := tx.LivePartials(c.ref)
					require.NoError(t, err, c.ref)
					var got []journal.ID
					for _, p := range ps {
						got = append(got, p.ID)
					}
					require.Equal(t, c.want, got, c.ref)
					r, err := tx.Residual(c.ref)
					require.NoError(t, err)
					require.True(t, r.Balance.Abs().Equal(e(c.res)), "%s: %s", c.ref, r.Balance)
					m, in, err := tx.MatchOf(c.ref)
					require.NoError(t, err)
					require.Equal(t, c.ref == invDot.LineRef(0), in && m.ID == mDot.ID && c.ref.Entry == invDot.ID, c.ref)
				}
				return nil
			}))
			for _, x := range []journal.Entry{inv1, inv10, invDot, pay1, pay10, payDot, susD, susC, both} {
				_, err := b.Reverse(ctx, x.ID, ReverseOptions{})
				require.ErrorIs(t, err, ErrLettered, x.Name())
			}
			// unletter everything
			undo := journal.NewID()
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				if _, err := tx.undoMatch(mDot.ID, undo); err != nil {
					return err
				}
				for _, p := range []journal.Partial{p1, p10, pDot, pSus, pBoth} {
					if _, err := tx.undoPartial(p.ID, undo); err != nil {
						return err
					}
				}
				return tx.recordOperation(undo, []byte("undo"), nil)
			}))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				for _, ref := range []journal.LineRef{inv1.LineRef(0), inv10.LineRef(0), invDot.LineRef(0), susD.LineRef(0), both.LineRef(1)} {
					ps, err := tx.LivePartials(ref)
					require.NoError(t, err)
					require.Empty(t, ps, ref)
					_, in, err := tx.MatchOf(ref)
					require.NoError(t, err)
					require.False(t, in)
				}
				return nil
			}))
			for _, x := range []journal.Entry{inv1, inv10, invDot, susD, both} {
				_, err := b.Reverse(ctx, x.ID, ReverseOptions{})
				require.NoError(t, err, x.Name())
			}
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}
