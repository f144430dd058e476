package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// TestReview19LetterLaggingBatches (passes): invoices and payments posted
// by batches that leave their indexes lagging (a book that is not strict)
// are lettered by hand and by AutoLetter; the book then checks clean.
func TestReview19LetterLaggingBatches(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			newFixture(t, st)
			b, err := ledger.Open(ctx, st, ledger.Options{Currency: eur}) // not strict: its batches lag
			require.NoError(t, err)
			r, err := reconcile.New(ctx, b, reconcile.Config{Tolerance: []currency.Amount{e("0.05")}})
			require.NoError(t, err)
			var in []journal.Entry
			for i := 0; i < 300; i++ {
				p := []string{"C1", "C2", "C3"}[i%3]
				amt := currency.FromMinor(eur, int64(10000+i))
				in = append(in, journal.Entry{Journal: "VT", Date: d(3, 1+i%20), Type: journal.TypeInvoice, Ref: "F" + p,
					Lines: []journal.Line{{Account: "411000", Partner: p, Balance: amt}, {Account: "706000", Balance: amt.Neg()}}})
				in = append(in, journal.Entry{Journal: "BQD", Date: d(4, 1+i%20), Type: journal.TypePayment,
					Lines: []journal.Line{{Account: "512000", Balance: amt}, {Account: "411000", Partner: p, Balance: amt.Neg()}}})
			}
			res, err := b.PostBatch(ctx, in, ledger.BatchOptions{})
			require.NoError(t, err)
			res2, err := b.PostBatch(ctx, in[:40], ledger.BatchOptions{})
			require.NoError(t, err)
			out, err := r.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{res2[0].Entry.LineRef(0), res2[1].Entry.LineRef(1)}})
			require.NoError(t, err)
			require.Len(t, out.Matches, 1)
			_, err = b.PostBatch(ctx, in[40:90], ledger.BatchOptions{})
			require.NoError(t, err)
			sum, err := r.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000"}}})
			require.NoError(t, err)
			require.NotZero(t, sum.Applied)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
			items, err := b.OpenItems(ctx, "411000", "")
			require.NoError(t, err)
			t.Logf("%d entries, %d applied, %d items left open", len(res)+len(res2)+50, sum.Applied, len(items))
		})
	}
}
