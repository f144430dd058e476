package reconcile_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev77Ctx is a context cancelled at the n-th look at it (Err or Done):
// a user closing the browser tab at each point of an operation in turn.
type hrev77Ctx struct {
	context.Context
	left   atomic.Int64
	closed chan struct{}
	fired  atomic.Bool
}

func newHrev77Ctx(n int64) *hrev77Ctx {
	c := &hrev77Ctx{Context: context.Background(), closed: make(chan struct{})}
	c.left.Store(n)
	return c
}

func (c *hrev77Ctx) tick() bool {
	if c.left.Add(-1) <= 0 {
		if c.fired.CompareAndSwap(false, true) {
			close(c.closed)
		}
		return true
	}
	return false
}

func (c *hrev77Ctx) Err() error {
	if c.tick() {
		return context.Canceled
	}
	return nil
}

func (c *hrev77Ctx) Done() <-chan struct{} {
	c.tick()
	return c.closed
}

func (c *hrev77Ctx) Deadline() (time.Time, bool) { return time.Time{}, false }

// hrev77CancelSweep cancels op at its 1st, 2nd… look at the context
// until it runs through: each cancelled attempt returns context.Canceled
// (or succeeds whole), writes nothing and leaves a book that passes Check
// (DESIGN §3: ctx is checked before each call and before commit; §4: a
// cancelled context rolls back everything).
func hrev77CancelSweep(t *testing.T, f *fixture, fl *hrev77Flaky, what string, op func(ctx context.Context) error) {
	t.Helper()
	for n := int64(1); n < 3000; n++ {
		before := fl.dump(t)
		c := newHrev77Ctx(n)
		err := op(c)
		if !c.fired.Load() || err == nil {
			require.NoError(t, err, "%s", what)
			return
		}
		if !assert.True(t, errors.Is(err, context.Canceled), "%s: cancelled at %d: %v", what, n, err) {
			return
		}
		if after := fl.dump(t); after != before {
			assert.Fail(t, "write after cancel", "%s: cancelled at look %d wrote:\n%s", what, n, hrev77Diff(before, after))
			return
		}
		require.NoError(t, f.book.Check(context.Background()), "%s: cancelled at %d", what, n)
	}
	t.Fatalf("%s never ran through", what)
}

// TestHrev77CancelMidOperation: cancellation at every point of posts,
// batches, payments, letterings, unletterings and cancellations.
func TestHrev77CancelMidOperation(t *testing.T) {
	t.Parallel()
	hrev77Gate(t)
	hrev77OnFlaky(t, func(t *testing.T, f *fixture, fl *hrev77Flaky) {
		inv := f.invoice(t, "C1", d(2, 1), "100.00")
		cn := f.creditNote(t, "C1", d(2, 2), "30.00")
		x := journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(2, 3), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C2", Balance: e("55.00")},
			{Account: "706000", Balance: e("-55.00")},
		}}
		hrev77CancelSweep(t, f, fl, "post", func(c context.Context) error { _, err := f.book.Post(c, x); return err })
		var batch []journal.Entry
		for i := 0; i < 3; i++ {
			batch = append(batch, journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(2, 4+i), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C3", Balance: e("12.00")},
				{Account: "706000", Balance: e("-12.00")},
			}})
		}
		hrev77CancelSweep(t, f, fl, "batch", func(c context.Context) error {
			res, err := f.book.PostBatch(c, batch, ledger.BatchOptions{})
			if err != nil {
				for _, r := range res {
					assert.Error(t, r.Err, "a result says posted in a batch that failed")
				}
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
		hrev77CancelSweep(t, f, fl, "pay", func(c context.Context) error { _, err := f.rec.RegisterPayment(c, pay); return err })
		req := reconcile.Request{Operation: journal.NewID(), Lines: []journal.LineRef{{Entry: inv.ID}, {Entry: cn.ID}}}
		hrev77CancelSweep(t, f, fl, "reconcile", func(c context.Context) error { _, err := f.rec.Reconcile(c, req); return err })
		uop := journal.NewID()
		hrev77CancelSweep(t, f, fl, "unletter", func(c context.Context) error {
			_, err := f.rec.Unletter(c, uop, journal.LineRef{Entry: inv.ID})
			return err
		})
		cop := journal.NewID()
		hrev77CancelSweep(t, f, fl, "cancel", func(c context.Context) error {
			_, err := f.rec.Reverse(c, reconcile.Reversal{Operation: cop, Entry: cn.ID})
			return err
		})
		require.NoError(t, f.book.Verify(ctx))
		hrev77Verify(t, f)
	})
}
