package reconcile_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errHrev77Disk = errors.New("hrev77: injected store failure")

// hrev77Flaky fails the failAt-th Put after it is armed (a disk that fills
// up mid-transaction), and notes every bucket written so that dump renders
// the whole store on any backend.
type hrev77Flaky struct {
	store.Store
	failAt  atomic.Int64 // 0: off; n: the n-th Put from now fails
	puts    atomic.Int64
	fired   atomic.Bool
	mu      sync.Mutex
	buckets map[string]bool
}

func (s *hrev77Flaky) arm(n int64) { s.puts.Store(0); s.fired.Store(false); s.failAt.Store(n) }

func (s *hrev77Flaky) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(hrev77FlakyTx{Tx: tx, s: s}) })
}

type hrev77FlakyTx struct {
	store.Tx
	s *hrev77Flaky
}

func (tx hrev77FlakyTx) Put(bucket, key, value []byte) error {
	tx.s.mu.Lock()
	tx.s.buckets[string(bucket)] = true
	tx.s.mu.Unlock()
	if n := tx.s.failAt.Load(); n > 0 && tx.s.puts.Add(1) == n {
		tx.s.fired.Store(true)
		return errHrev77Disk
	}
	return tx.Tx.Put(bucket, key, value)
}

func (s *hrev77Flaky) dump(t testing.TB) string {
	s.mu.Lock()
	names := make([]string, 0, len(s.buckets))
	for name := range s.buckets {
		names = append(names, name)
	}
	s.mu.Unlock()
	slices.Sort(names)
	var b strings.Builder
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		b.Reset()
		for _, name := range names {
			if err := tx.Scan([]byte(name), nil, nil, false, func(k, v []byte) error {
				fmt.Fprintf(&b, "%s %x %x\n", name, k, v)
				return nil
			}); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return nil
	}))
	return b.String()
}

// hrev77Diff lists the records of after not in before, and the reverse.
func hrev77Diff(before, after string) string {
	b, a := strings.Split(before, "\n"), strings.Split(after, "\n")
	var out []string
	for _, l := range a {
		if !slices.Contains(b, l) {
			out = append(out, "+ "+l)
		}
	}
	for _, l := range b {
		if !slices.Contains(a, l) {
			out = append(out, "- "+l)
		}
	}
	return strings.Join(out, "\n")
}

func hrev77OnFlaky(t *testing.T, fn func(t *testing.T, f *fixture, fl *hrev77Flaky)) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			fl := &hrev77Flaky{Store: s.Open(t), buckets: map[string]bool{}}
			f := newFixture(t, fl)
			// not strict: a strict book's Check after the commit is a
			// second transaction the injected failure would hit
			b, err := ledger.Open(ctx, fl, ledger.Options{Currency: eur, Clock: f.book.Now})
			require.NoError(t, err)
			r, err := reconcile.New(ctx, b, reconcile.Config{Tolerance: []currency.Amount{e("0.05")}})
			require.NoError(t, err)
			f.book, f.rec = b, r
			fn(t, f, fl)
		})
	}
}

// hrev77Sweep fails op at its 1st, 2nd, 3rd… Put until it runs through:
// every failed attempt must write nothing (DESIGN §7.10, §4 Batches) and
// leave a book that passes Check; the attempt that runs through must then
// be the only effect.
func hrev77Sweep(t *testing.T, f *fixture, fl *hrev77Flaky, what string, op func() error) {
	t.Helper()
	for n := int64(1); n < 4000; n++ {
		before := fl.dump(t)
		fl.arm(n)
		err := op()
		fired := fl.fired.Load()
		fl.arm(0)
		if !fired {
			require.NoError(t, err, "%s: succeeded run", what)
			return
		}
		if !assert.Error(t, err, "%s: failure at put %d swallowed", what, n) {
			return
		}
		if after := fl.dump(t); after != before {
			assert.Fail(t, "write after failure", "%s: failure at put %d (%v) wrote something:\n%s", what, n, err, hrev77Diff(before, after))
			return
		}
		require.NoError(t, f.book.Check(ctx), "%s: failure at put %d", what, n)
	}
	t.Fatalf("%s never ran through", what)
}

// TestHrev77StoreFailsMidOperation: a store failing mid-transaction (at
// each Put in turn) during posting, batches, payments, letterings,
// unletterings, cancellations: nothing written, Check passes, and the
// retry with the same id then works once — no cache of the Book keeps
// what the failed transaction did (numbers, chain heads, counters).
func TestHrev77StoreFailsMidOperation(t *testing.T) {
	t.Parallel()
	hrev77Gate(t)
	hrev77OnFlaky(t, func(t *testing.T, f *fixture, fl *hrev77Flaky) {
		inv := f.invoice(t, "C1", d(2, 1), "100.00")
		cn := f.creditNote(t, "C1", d(2, 2), "30.00")

		x := journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(2, 3), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C2", Balance: e("55.00")},
			{Account: "706000", Balance: e("-55.00")},
		}}
		hrev77Sweep(t, f, fl, "post", func() error { _, err := f.book.Post(ctx, x); return err })

		batch := []journal.Entry{}
		for i := 0; i < 3; i++ {
			batch = append(batch, journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(2, 4+i), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C3", Balance: e("12.00")},
				{Account: "706000", Balance: e("-12.00")},
			}})
		}
		hrev77Sweep(t, f, fl, "batch", func() error {
			res, err := f.book.PostBatch(ctx, batch, ledger.BatchOptions{})
			if err != nil {
				return err
			}
			for _, r := range res {
				if r.Err != nil {
					return r.Err
				}
			}
			return nil
		})

		pay := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 1), Method: reconcile.MethodTransfer, Amount: e("40.00"), Invoices: []journal.ID{inv.ID}}
		hrev77Sweep(t, f, fl, "pay", func() error { _, err := f.rec.RegisterPayment(ctx, pay); return err })

		req := reconcile.Request{Operation: journal.NewID(), Lines: []journal.LineRef{{Entry: inv.ID}, {Entry: cn.ID}}}
		hrev77Sweep(t, f, fl, "reconcile", func() error { _, err := f.rec.Reconcile(ctx, req); return err })

		uop := journal.NewID()
		hrev77Sweep(t, f, fl, "unletter", func() error { _, err := f.rec.Unletter(ctx, uop, journal.LineRef{Entry: inv.ID}); return err })

		cop := journal.NewID()
		hrev77Sweep(t, f, fl, "cancel", func() error {
			_, err := f.rec.Reverse(ctx, reconcile.Reversal{Operation: cop, Entry: cn.ID})
			return err
		})

		wo := reconcile.Request{Operation: journal.NewID(), WriteOff: true, Lines: []journal.LineRef{
			{Entry: f.invoice(t, "C2", d(3, 2), "10.02").ID}, {Entry: f.creditNote(t, "C2", d(3, 2), "10.00").ID}}}
		hrev77Sweep(t, f, fl, "writeoff", func() error { _, err := f.rec.Reconcile(ctx, wo); return err })

		// after the storm, ordinary work goes on and everything verifies
		f.invoice(t, "C1", d(4, 1), "7.00")
		f.receive(t, "BQD", "C3", d(4, 2), "36.00")
		_, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Partners: []string{"C1", "C2", "C3"}}})
		require.NoError(t, err)
		require.NoError(t, f.book.Verify(ctx))
		hrev77Verify(t, f)
	})
}

// TestHrev77GroupCommitFailureAckIffStored: four users post at once, group
// committed by the Book (DESIGN §4 Batches), and the store fails at one
// Put of the shared transaction. Every Post that returned nil must be in
// the book and every one that returned an error must not be: an ERP
// re-posts what failed, and an error for an entry that was stored makes
// it post twice.
func TestHrev77GroupCommitFailureAckIffStored(t *testing.T) {
	t.Parallel()
	hrev77Gate(t)
	hrev77OnFlaky(t, func(t *testing.T, f *fixture, fl *hrev77Flaky) {
		for n := int64(1); n <= 40; n++ {
			xs := make([]journal.Entry, 4)
			for i := range xs {
				xs[i] = journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(2, 1+i), Type: journal.TypeInvoice, Lines: []journal.Line{
					{Account: "411000", Partner: "C2", Balance: e("5.00")},
					{Account: "706000", Balance: e("-5.00")},
				}}
			}
			fl.arm(n)
			errs := make([]error, len(xs))
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range xs {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					<-start
					_, errs[i] = f.book.Post(ctx, xs[i])
				}(i)
			}
			close(start)
			wg.Wait()
			fl.arm(0)
			for i := range xs {
				_, err := f.book.Entry(ctx, xs[i].ID)
				if errs[i] == nil {
					assert.NoError(t, err, "put %d: post %d acknowledged but not stored", n, i)
				} else {
					assert.ErrorIs(t, err, ledger.ErrNotFound, "put %d: post %d failed (%v) but stored", n, i, errs[i])
				}
			}
		}
		require.NoError(t, f.book.Verify(ctx))
		hrev77Verify(t, f)
	})
}
