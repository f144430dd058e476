package reconcile_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
)

// storeCall is one call a writing transaction made: its kind, bucket, and
// the sizes of its key and value (the value a Put wrote or a Get found;
// Scan: the bytes of its bounds, values it read counted in calls).
type storeCall struct {
	kind, bucket string
	key, value   int
}

// callLog is a store whose writing transactions log each call, one list a
// transaction.
type callLog struct {
	store.Store
	txs [][]storeCall
}

type callLogTx struct {
	store.Tx
	calls *[]storeCall
}

func (c *callLog) Update(ctx context.Context, fn func(store.Tx) error) error {
	return c.Store.Update(ctx, func(tx store.Tx) error {
		c.txs = append(c.txs, nil)
		return fn(&callLogTx{tx, &c.txs[len(c.txs)-1]})
	})
}

func (t *callLogTx) log(kind string, b, k []byte, v int) {
	*t.calls = append(*t.calls, storeCall{kind, string(b), len(k), v})
}

func (t *callLogTx) Get(b, k []byte) ([]byte, error) {
	v, err := t.Tx.Get(b, k)
	t.log("Get", b, k, len(v))
	return v, err
}
func (t *callLogTx) Put(b, k, v []byte) error { t.log("Put", b, k, len(v)); return t.Tx.Put(b, k, v) }
func (t *callLogTx) Delete(b, k []byte) error { t.log("Delete", b, k, 0); return t.Tx.Delete(b, k) }
func (t *callLogTx) Scan(b, from, to []byte, rev bool, fn func(k, v []byte) error) error {
	t.log("Scan", b, from, len(to))
	return t.Tx.Scan(b, from, to, rev, fn)
}

// callRow sums the calls of one kind on one bucket.
type callRow struct {
	kind, bucket      string
	calls, key, value int
}

// sumCalls sums calls by kind and bucket, in bucket then kind order.
func sumCalls(txs ...[]storeCall) []callRow {
	by := map[[2]string]*callRow{}
	for _, tx := range txs {
		for _, c := range tx {
			r := by[[2]string{c.bucket, c.kind}]
			if r == nil {
				r = &callRow{kind: c.kind, bucket: c.bucket}
				by[[2]string{c.bucket, c.kind}] = r
			}
			r.calls++
			r.key += c.key
			r.value += c.value
		}
	}
	var rows []callRow
	for _, r := range by {
		rows = append(rows, *r)
	}
	slices.SortFunc(rows, func(a, b callRow) int {
		return strings.Compare(a.bucket+" "+a.kind, b.bucket+" "+b.kind)
	})
	return rows
}

// formatCalls writes rows as a table, per proposal when per > 1.
func formatCalls(rows []callRow, per int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "| bucket | call | calls | key bytes | value bytes |\n| --- | --- | --- | --- | --- |\n")
	var calls, key, value int
	for _, r := range rows {
		calls, key, value = calls+r.calls, key+r.key, value+r.value
		fmt.Fprintf(&sb, "| %s | %s | %.2f | %.1f | %.1f |\n", r.bucket, r.kind,
			float64(r.calls)/float64(per), float64(r.key)/float64(per), float64(r.value)/float64(per)) // float ok: counts, not money
	}
	fmt.Fprintf(&sb, "| all | | %.2f | %.1f | %.1f |\n", float64(calls)/float64(per), float64(key)/float64(per), float64(value)/float64(per))
	return sb.String()
}

// countBucket counts the calls of kind on bucket in tx.
func countBucket(tx []storeCall, kind, bucket string) int {
	n := 0
	for _, c := range tx {
		if c.kind == kind && c.bucket == bucket {
			n++
		}
	}
	return n
}

// autoLetterCalls letters the 10 000-line auto book and returns the
// calls of its writing transactions and the proposals applied.
func autoLetterCalls(t *testing.T) ([][]storeCall, int) {
	var ab *autoBook
	testing.Benchmark(func(b *testing.B) { ab = buildAutoBook(b, 10_000) })
	if ab == nil {
		t.Fatal("the auto book was not built")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "calls.db")
	if built, err := os.ReadFile(ab.path); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(path, built, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := &callLog{Store: st}
	book, err := ledger.Open(ctx, c, ledger.Options{Currency: eur})
	if err == nil {
		err = book.Index(ctx) // the built book's lag, not the lettering's
	}
	if err != nil {
		t.Fatal(err)
	}
	r, err := reconcile.New(ctx, book, reconcile.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c.txs = nil
	sum, err := r.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000"}}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != nil {
		t.Fatalf("%d proposals failed: %s", len(sum.Failed), sum.Failed[0].Err)
	}
	if err := book.Check(ctx); err != nil {
		t.Fatal(err)
	}
	return c.txs, sum.Applied
}

// TestHrev217StoreCallsPerLettering lists the store calls AutoLetter's
// writing transactions make, in its default chunks: each chunk's calls
// cut after each match's record (a proposal's last write), those of a
// one-to-one lettering and of a payment of three invoices told apart by
// the open items they close, the chunk's first proposal left out (the
// chunk's own reads come with it); what follows the last match is the
// chunk's commit (line states, chain record, operation record), given per
// proposal. Run with -v for the tables.
func TestHrev217StoreCallsPerLettering(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a 10 000-line book")
	}
	txs, applied := autoLetterCalls(t)
	var one, three, tails, chunks [][]storeCall
	proposals := 0
	for _, tx := range txs {
		if countBucket(tx, "Put", "ix.code") == 0 {
			continue
		}
		chunks = append(chunks, tx)
		from := 0
		for i, c := range tx {
			if c.kind != "Put" || c.bucket != "match" && c.bucket != "letter" {
				continue
			}
			seg := tx[from : i+1]
			if from > 0 {
				switch countBucket(seg, "Delete", "ix.open") {
				case 2:
					one = append(one, seg)
				case 4:
					three = append(three, seg)
				}
			}
			from = i + 1
			proposals++
		}
		tails = append(tails, tx[from:])
	}
	if len(one) == 0 || len(three) == 0 {
		t.Fatalf("%d one-to-one and %d three-invoice letterings among %d commits, %d proposals applied", len(one), len(three), len(txs), applied)
	}
	if proposals != applied {
		t.Fatalf("%d matches put, %d proposals applied", proposals, applied)
	}
	t.Logf("%d proposals in %d commits", applied, len(chunks))
	t.Logf("one-to-one lettering (mean over %d):\n%s", len(one), formatCalls(sumCalls(one...), len(one)))
	t.Logf("three invoices, one payment (mean over %d):\n%s", len(three), formatCalls(sumCalls(three...), len(three)))
	t.Logf("the commits' flush, per proposal:\n%s", formatCalls(sumCalls(tails...), applied))
	t.Logf("whole run, per proposal:\n%s", formatCalls(sumCalls(chunks...), applied))
	for _, seg := range one {
		// What a one-to-one lettering writes, whatever the format: one
		// match takes its letter code.
		if n := countBucket(seg, "Put", "ix.code"); n != 1 {
			t.Errorf("a one-to-one lettering puts %d letter codes, want 1", n)
		}
	}
}
