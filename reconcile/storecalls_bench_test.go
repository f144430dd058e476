package reconcile_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
)

// callCounter is a store whose writing transactions count their calls by
// kind: what BenchmarkAutoLetterStoreCalls reports per proposal.
type callCounter struct {
	store.Store
	gets, puts, deletes, scans int
}

type callCountingTx struct {
	store.Tx
	c *callCounter
}

func (c *callCounter) Update(ctx context.Context, fn func(store.Tx) error) error {
	return c.Store.Update(ctx, func(tx store.Tx) error { return fn(&callCountingTx{tx, c}) })
}

func (t *callCountingTx) Get(b, k []byte) ([]byte, error) { t.c.gets++; return t.Tx.Get(b, k) }
func (t *callCountingTx) Put(b, k, v []byte) error        { t.c.puts++; return t.Tx.Put(b, k, v) }
func (t *callCountingTx) Delete(b, k []byte) error        { t.c.deletes++; return t.Tx.Delete(b, k) }
func (t *callCountingTx) Scan(b, from, to []byte, rev bool, fn func(k, v []byte) error) error {
	t.c.scans++
	return t.Tx.Scan(b, from, to, rev, fn)
}

// BenchmarkAutoLetterStoreCalls reports the store calls a whole-book
// AutoLetter makes in its writing transactions, per applied proposal (the
// proposing reads are View transactions, not counted), on the auto book of
// -autolines lines (30 000 by default):
//
//	go test ./reconcile -run '^$' -bench AutoLetterStoreCalls -benchtime 1x
func BenchmarkAutoLetterStoreCalls(b *testing.B) {
	ab := buildAutoBook(b, *autoLines)
	ctx := context.Background()
	var c *callCounter
	var applied int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "calls.db")
		copyFile(b, ab.path, path)
		st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		c = &callCounter{Store: st}
		book, err := ledger.Open(ctx, c, ledger.Options{Currency: eur})
		if err == nil {
			err = book.Index(ctx) // the lag of the built book, not the lettering's
		}
		if err != nil {
			b.Fatal(err)
		}
		r, err := reconcile.New(ctx, book, reconcile.Config{})
		if err != nil {
			b.Fatal(err)
		}
		*c = callCounter{Store: st}
		b.StartTimer()
		sum, err := r.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000"}}})
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		applied = sum.Applied
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	per := func(n int) float64 { return float64(n) / float64(max(applied, 1)) }
	b.ReportMetric(per(c.gets), "gets/proposal")
	b.ReportMetric(per(c.puts), "puts/proposal")
	b.ReportMetric(per(c.deletes), "deletes/proposal")
	b.ReportMetric(per(c.scans), "scans/proposal")
}
