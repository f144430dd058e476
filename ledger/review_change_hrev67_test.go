package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Passes: in a batch, a credit note that debits its customer gets its own
// ErrDocumentDirection and is skipped; the valid entries beside it post
// and number gaplessly (§4 Batches).
func TestHrev67BatchRefusesAWrongWayDocumentAlone(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			wrong := sale("C1", d(3, 2), "120.00")
			wrong.Type = journal.TypeCreditNote
			res, err := b.PostBatch(ctx, []journal.Entry{sale("C1", d(3, 1), "120.00"), wrong, sale("C2", d(3, 3), "60.00")}, BatchOptions{})
			require.NoError(t, err)
			require.Len(t, res, 3)
			require.NoError(t, res[0].Err)
			require.ErrorIs(t, res[1].Err, ErrDocumentDirection)
			require.NoError(t, res[2].Err)
			assert.Equal(t, "VT/2026/00002", res[2].Entry.Name(), "numbering stays gapless")
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Passes: the reversal of an entry of a locked period, with no date asked
// for, is dated on the first open date (after its original) and posts: the
// new ErrReversalDate does not get in the way of a correction.
func TestHrev67ReverseOfALockedEntryStillPosts(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			x := mustPost(t, b, od(d(3, 10), "627000", "512000", "7.00"))
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(3, 31), "mars déclaré"))
			r, err := b.Reverse(ctx, x.ID, ReverseOptions{})
			require.NoError(t, err)
			assert.Equal(t, d(4, 1), r.Entry.Date)
			// Asked for a date before the original, it is refused, locked
			// or not (Reverse's godoc): a lock date that would move it
			// after its original does not turn the mistaken request into
			// an accepted one (h-rev131; this test first said it moved).
			y := mustPost(t, b, od(d(4, 10), "627000", "512000", "8.00"))
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(4, 30), "avril déclaré"))
			_, err = b.Reverse(ctx, y.ID, ReverseOptions{Date: d(4, 5)})
			require.ErrorIs(t, err, ErrReversalDate)
			r, err = b.Reverse(ctx, y.ID, ReverseOptions{Date: d(4, 10)})
			require.NoError(t, err)
			assert.Equal(t, d(5, 1), r.Entry.Date)
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Passes: UpdatePartner sets and clears "fin de mois" and the partner read
// back (and its terms) follow at once, on every backend.
func TestHrev67UpdatePartnerTogglesEndOfMonth(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "T1", Name: "Terms", PaymentTermDays: 45}))
			p, err := b.Partner(ctx, "T1")
			require.NoError(t, err)
			assert.Equal(t, d(4, 24), p.Terms().Due.Due(d(3, 10)))

			p.PaymentTermEndOfMonth = true
			require.NoError(t, b.UpdatePartner(ctx, p))
			p, err = b.Partner(ctx, "T1")
			require.NoError(t, err)
			assert.True(t, p.PaymentTermEndOfMonth)
			assert.Equal(t, d(4, 30), p.Terms().Due.Due(d(3, 10)))

			p.PaymentTermEndOfMonth = false
			require.NoError(t, b.UpdatePartner(ctx, p))
			p, err = b.Partner(ctx, "T1")
			require.NoError(t, err)
			assert.False(t, p.PaymentTermEndOfMonth)
			assert.Equal(t, d(4, 24), p.Terms().Due.Due(d(3, 10)))
			require.NoError(t, b.Check(ctx))
		})
	}
}
