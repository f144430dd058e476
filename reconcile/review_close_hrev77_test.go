package reconcile_test

import (
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHrev77CloseRacesWriters: the ERP shuts down while users post, pay
// and letter. Every call either succeeds or fails with a typed error (the
// store is closed), none panics; the file reopens, passes Check and
// Verify, and every post acknowledged before the close is in it once.
func TestHrev77CloseRacesWriters(t *testing.T) {
	t.Parallel()
	hrev77Gate(t)
	for _, wb := range []bool{false, true} {
		name := "boltstore"
		if wb {
			name = "boltstore-wb"
		}
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "book.db")
			opts := boltstore.Options{NoSync: true, WriteBehind: wb, WriteBehindMax: 64}
			st, err := boltstore.Open(path, opts)
			require.NoError(t, err)
			f := newFixture(t, st)
			b, err := ledger.Open(ctx, st, ledger.Options{Currency: eur, Clock: f.book.Now})
			require.NoError(t, err)
			rec, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)

			var mu sync.Mutex
			acked := map[journal.ID]bool{}
			var odd []string
			var done atomic.Bool
			note := func(what string, err error) {
				if err == nil || errors.Is(err, store.ErrClosed) {
					return
				}
				mu.Lock()
				odd = append(odd, what+": "+err.Error())
				mu.Unlock()
			}
			var wg sync.WaitGroup
			for g := 0; g < 4; g++ {
				wg.Add(1)
				go func(g int) {
					defer wg.Done()
					p := []string{"C1", "C2", "C3", "C1"}[g]
					for i := 0; !done.Load() && i < 400; i++ {
						id := journal.NewID()
						switch g {
						case 0, 1:
							_, err := b.Post(ctx, journal.Entry{ID: id, Journal: "VT", Date: d(3, 1+i%27), Type: journal.TypeInvoice, Lines: []journal.Line{
								{Account: "411000", Partner: p, Balance: currency.FromMinor(eur, int64(100+i))},
								{Account: "706000", Balance: currency.FromMinor(eur, int64(-100-i))},
							}})
							note("post", err)
							if err == nil {
								mu.Lock()
								acked[id] = true
								mu.Unlock()
							}
						case 2:
							_, err := rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: p, Journal: "BQD", Date: d(4, 1+i%27), Method: reconcile.MethodTransfer, Amount: currency.FromMinor(eur, int64(150+i))})
							note("pay", err)
						case 3:
							_, err := rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Partners: []string{"C1", "C2", "C3"}}})
							note("auto", err)
						}
					}
				}(g)
			}
			time.Sleep(300 * time.Millisecond)
			require.NoError(t, st.Close())
			done.Store(true)
			wg.Wait()
			// after the close: typed errors, no panic
			_, err = b.Post(ctx, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("1.00")}, {Account: "706000", Balance: e("-1.00")}}})
			assert.ErrorIs(t, err, store.ErrClosed)
			_, err = b.Balance(ctx, ledger.BalanceQuery{Account: "411000"})
			assert.ErrorIs(t, err, store.ErrClosed)
			assert.Empty(t, odd, "untyped errors racing Close")

			st2, err := boltstore.Open(path, opts)
			require.NoError(t, err)
			t.Cleanup(func() { st2.Close() })
			b2, err := ledger.Open(ctx, st2, ledger.Options{Currency: eur, Clock: f.book.Now})
			require.NoError(t, err)
			rec2, err := reconcile.New(ctx, b2, reconcile.Config{})
			require.NoError(t, err)
			f2 := &fixture{st: st2, book: b2, rec: rec2}
			require.NoError(t, b2.Verify(ctx))
			hrev77Verify(t, f2)
			for id := range acked {
				_, err := b2.Entry(ctx, id)
				assert.NoError(t, err, "acknowledged post lost")
			}
			t.Logf("%d posts acknowledged", len(acked))
			// and the reopened book takes work
			f2.invoice(t, "C1", d(5, 1), "10.00")
			_, err = rec2.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Partners: []string{"C1", "C2", "C3"}}})
			require.NoError(t, err)
			hrev77Verify(t, f2)
		})
	}
}
