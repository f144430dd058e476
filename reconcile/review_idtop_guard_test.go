package reconcile_test

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// On a book whose greatest-entry-id counter was lowered below an indexed
// id, the lettering layer's writes are refused with ErrIntegrity and write
// nothing (byte-identical bolt file): a write-off, a payment, AutoLetter.
// On a healthy book with the same history, the same calls succeed.
func TestReviewIDTopGuardReconcile(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		inv2 := f.invoice(t, "C2", d(3, 2), "50.00")
		pay := f.receive(t, "BQD", "C1", d(3, 10), "99.98")
		require.NoError(t, f.book.Index(ctx))
		require.NoError(t, f.st.Update(ctx, func(tx store.Tx) error {
			return tx.Put([]byte("ctr"), []byte("idtop"), bytes.Clone(inv.ID[:]))
		}))
		before := f.snapshot(t)

		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}, WriteOff: true})
		require.ErrorIs(t, err, ledger.ErrIntegrity)
		f.unchanged(t, before)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "BQD",
			Date: d(3, 12), Method: reconcile.MethodTransfer, Amount: e("50.00"), Invoices: []journal.ID{inv2.ID}})
		require.ErrorIs(t, err, ledger.ErrIntegrity)
		f.unchanged(t, before)
		_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{All: true}})
		require.ErrorIs(t, err, ledger.ErrIntegrity)
		f.unchanged(t, before)

		// Repaired (the counter set back to the greatest logged id), the
		// same calls go through and the book checks clean.
		require.NoError(t, f.st.Update(ctx, func(tx store.Tx) error {
			return tx.Put([]byte("ctr"), []byte("idtop"), bytes.Clone(pay.ID[:]))
		}))
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}, WriteOff: true})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		f.receive(t, "BQD", "C2", d(3, 12), "50.00", inv2)
		_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{All: true}})
		require.NoError(t, err)
		f.check(t)
	})
}
