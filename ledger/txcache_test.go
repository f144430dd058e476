package ledger

import (
	"errors"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// samePartial reports whether two partials are the same to every reader:
// amounts equal in value and currency, every other field equal.
func samePartial(a, b journal.Partial) bool {
	return a.ID == b.ID && a.Debit == b.Debit && a.Credit == b.Credit && a.Amount.Equal(b.Amount) &&
		a.DebitAmountCurrency.Equal(b.DebitAmountCurrency) && a.CreditAmountCurrency.Equal(b.CreditAmountCurrency) &&
		a.Date == b.Date && a.Kind == b.Kind && a.Operation == b.Operation && a.CreatedAt == b.CreatedAt &&
		a.UndoneBy == b.UndoneBy && a.UndoneAt == b.UndoneAt
}

// A transaction's residuals and partials, kept as it writes them, read
// the same as the records it wrote, decoded: made, then undone, with a
// creation time given in another zone.
func TestTxKeepsWhatItWrote(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			inv := mustPost(t, b, sale("C1", d(3, 10), "240.00"))
			pay := mustPost(t, b, receipt("C1", d(3, 12), "100.00"))
			paris, err := time.LoadLocation("Europe/Paris")
			require.NoError(t, err)
			same := func(tx *Tx, id journal.ID) {
				t.Helper()
				kept, err := tx.Partial(id)
				require.NoError(t, err)
				stored, err := tx.storedPartial(id)
				require.NoError(t, err)
				assert.True(t, samePartial(kept, stored), "kept %+v, stored %+v", kept, stored)
				for _, ref := range []journal.LineRef{inv.LineRef(0), pay.LineRef(1)} {
					kept, err := tx.Residual(ref)
					require.NoError(t, err)
					e, err := tx.line(ref)
					require.NoError(t, err)
					st, found, err := tx.storedLineState(&e, ref.Index)
					require.NoError(t, err)
					require.True(t, found)
					stored := st.residual
					assert.True(t, kept.Balance.Equal(stored.Balance) && kept.AmountCurrency.Equal(stored.AmountCurrency),
						"kept %s / %s, stored %s / %s", kept.Balance, kept.AmountCurrency, stored.Balance, stored.AmountCurrency)
				}
			}
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				// Read first, so that the writes replace what was kept.
				for _, ref := range []journal.LineRef{inv.LineRef(0), pay.LineRef(1)} {
					if _, err := tx.Residual(ref); err != nil {
						return err
					}
				}
				p, err := tx.putPartial(journal.Partial{Debit: inv.LineRef(0), Credit: pay.LineRef(1),
					Amount: e("100.00"), DebitAmountCurrency: e("100.00"), CreditAmountCurrency: e("100.00"),
					Date: d(3, 12), Kind: journal.KindPayment, CreatedAt: time.Date(2026, 1, 1, 9, 0, 0, 123456789, paris)})
				if err != nil {
					return err
				}
				same(tx, p.ID)
				undo := journal.NewID()
				if err := tx.recordOperation(undo, []byte("undo"), nil); err != nil {
					return err
				}
				if _, err := tx.undoPartial(p.ID, undo); err != nil {
					return err
				}
				same(tx, p.ID)
				return nil
			}))
		})
	}
}

// A transaction's view of which lines are matched, kept as it reads and
// writes them, follows its own writes: a match made, refused again, undone.
func TestTxKeepsMatchedLines(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			inv := mustPost(t, b, sale("C1", d(3, 10), "120.00"))
			pay := mustPost(t, b, receipt("C1", d(3, 12), "120.00"))
			lines := []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}
			rollBack := errors.New("roll back")
			err := b.Update(ctx, func(tx *Tx) error {
				matchOf := func(ref journal.LineRef) (journal.ID, bool) {
					t.Helper()
					m, in, err := tx.MatchOf(ref)
					require.NoError(t, err)
					return m.ID, in
				}
				_, in := matchOf(lines[0])
				assert.False(t, in)
				p, err := tx.putPartial(journal.Partial{Debit: lines[0], Credit: lines[1], Amount: e("120.00"),
					DebitAmountCurrency: e("120.00"), CreditAmountCurrency: e("120.00"), Date: d(3, 12), Kind: journal.KindPayment})
				require.NoError(t, err)
				m, err := putMatchCounted(tx, journal.Match{Code: "AAA", Account: "411000", Partner: "C1", Lines: lines,
					Partials: []journal.ID{p.ID}, Date: d(3, 12)})
				require.NoError(t, err)
				for _, ref := range lines {
					id, in := matchOf(ref)
					assert.True(t, in)
					assert.Equal(t, m.ID, id)
				}
				_, err = putMatchCounted(tx, journal.Match{Code: "AAB", Account: "411000", Partner: "C1", Lines: lines[:1],
					Partials: []journal.ID{p.ID}, Date: d(3, 12)})
				assert.ErrorIs(t, err, ErrMatch)
				_, err = tx.undoMatch(m.ID, journal.NewID())
				require.NoError(t, err)
				for _, ref := range lines {
					_, in := matchOf(ref)
					assert.False(t, in)
				}
				return rollBack
			})
			require.ErrorIs(t, err, rollBack)
		})
	}
}

// A transaction's live partials of a line, kept as it reads and writes
// them, list what the store lists: for a line never lettered (known to
// have none, and to be in no match), one lettered before the transaction
// (read with its residual), through partials made and undone in it.
func TestTxKeepsLivePartials(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			inv := mustPost(t, b, sale("C1", d(3, 10), "240.00"))
			pay := mustPost(t, b, receipt("C1", d(3, 12), "100.00"))
			pay2 := mustPost(t, b, receipt("C1", d(3, 13), "50.00"))
			pay3 := mustPost(t, b, receipt("C1", d(3, 14), "30.00"))
			partial := func(tx *Tx, credit journal.LineRef, amount string) journal.Partial {
				t.Helper()
				p, err := tx.putPartial(journal.Partial{Debit: inv.LineRef(0), Credit: credit, Amount: e(amount),
					DebitAmountCurrency: e(amount), CreditAmountCurrency: e(amount), Date: d(3, 14), Kind: journal.KindPayment})
				require.NoError(t, err)
				return p
			}
			// Lettered before: the invoice's partials are scanned.
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				partial(tx, pay.LineRef(1), "100.00")
				return nil
			}))
			lines := []journal.LineRef{inv.LineRef(0), pay.LineRef(1), pay2.LineRef(1), pay3.LineRef(1)}
			same := func(tx *Tx) {
				t.Helper()
				for _, ref := range lines {
					kept, err := tx.LivePartials(ref)
					require.NoError(t, err)
					var keptIDs []journal.ID
					for _, p := range kept {
						keptIDs = append(keptIDs, p.ID)
					}
					if k := tx.kept.get(ref); k != nil {
						k.has &^= keptLive
					}
					scanned, err := tx.LivePartials(ref)
					require.NoError(t, err)
					var scannedIDs []journal.ID
					for _, p := range scanned {
						scannedIDs = append(scannedIDs, p.ID)
					}
					assert.Equal(t, scannedIDs, keptIDs, "line %s", ref)
				}
			}
			rollBack := errors.New("roll back")
			err := b.Update(ctx, func(tx *Tx) error {
				// Residuals read first: the receipts not lettered yet are
				// known to have no partial.
				for _, ref := range lines {
					if _, err := tx.Residual(ref); err != nil {
						return err
					}
				}
				k := tx.kept.get(pay2.LineRef(1))
				assert.True(t, k != nil && k.has&keptLive != 0, "a line never lettered has no partial to scan for")
				assert.True(t, k != nil && k.has&keptMatch != 0 && k.match == journal.NoID, "a line never lettered is in no match")
				k = tx.kept.get(inv.LineRef(0))
				assert.True(t, k != nil && k.has&keptLive != 0, "a line lettered before: its live partials come with its residual, under one key")
				same(tx)
				p2 := partial(tx, pay2.LineRef(1), "50.00")
				p3 := partial(tx, pay3.LineRef(1), "30.00")
				same(tx)
				if _, err := tx.undoPartial(p2.ID, journal.NewID()); err != nil {
					return err
				}
				same(tx)
				if _, err := tx.undoPartial(p3.ID, journal.NewID()); err != nil {
					return err
				}
				partial(tx, pay2.LineRef(1), "20.00")
				same(tx)
				return rollBack
			})
			require.ErrorIs(t, err, rollBack)
		})
	}
}
