package reconcile_test

import (
	"sync"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
)

// hrev77Twice runs fn from n goroutines released together.
func hrev77Twice[T any](n int, fn func() (T, error)) ([]T, []error) {
	out := make([]T, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			out[i], errs[i] = fn()
		}(i)
	}
	close(start)
	wg.Wait()
	return out, errs
}

func hrev77Ids(es []journal.Entry) []journal.ID {
	var ids []journal.ID
	for _, x := range es {
		ids = append(ids, x.ID)
	}
	return ids
}

func hrev77PartialIDs(ps []journal.Partial) []journal.ID {
	var ids []journal.ID
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	return ids
}

// hrev77Same asserts that every successful call of one operation id gave
// the same outcome and that at most one of them was not a replay.
func hrev77Same(t *testing.T, what string, rs []reconcile.Result, errs []error) {
	t.Helper()
	var first *reconcile.Result
	fresh := 0
	for i := range rs {
		if errs[i] != nil {
			t.Logf("%s: %v", what, errs[i])
			continue
		}
		if !rs[i].Replay {
			fresh++
		}
		if first == nil {
			first = &rs[i]
			continue
		}
		assert.Equal(t, hrev77Ids(first.Entries), hrev77Ids(rs[i].Entries), "%s: entries", what)
		assert.Equal(t, hrev77PartialIDs(first.Partials), hrev77PartialIDs(rs[i].Partials), "%s: partials", what)
		assert.Equal(t, hrev77PartialIDs(first.UndonePartial), hrev77PartialIDs(rs[i].UndonePartial), "%s: undone", what)
	}
	assert.LessOrEqual(t, fresh, 1, "%s: applied more than once", what)
	assert.NotNil(t, first, "%s: every call failed", what)
}

// TestHrev77SameOperationConcurrently: an ERP front end retries a request
// while the first is still running, so the same operation id reaches the
// book from two (here four) goroutines at once. DESIGN §4 Idempotency: one
// effect, and the same result for every caller (or a typed error), never
// two effects.
func TestHrev77SameOperationConcurrently(t *testing.T) {
	t.Parallel()
	hrev77Gate(t)
	onStores(t, func(t *testing.T, f *fixture) {
		const n = 4
		for round := 0; round < 8; round++ {
			inv := f.invoice(t, "C1", d(2, 1+round), "100.00")
			cn := f.creditNote(t, "C1", d(2, 1+round), "30.00")

			// the same entry id posted at once
			x := journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(2, 2+round), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C2", Balance: e("55.00")},
				{Account: "706000", Balance: e("-55.00")},
			}}
			prs, perrs := hrev77Twice(n, func() (ledger.PostResult, error) { return f.book.Post(ctx, x) })
			fresh := 0
			for i := range prs {
				if assert.NoError(t, perrs[i], "post") {
					assert.Equal(t, prs[0].Entry.Number, prs[i].Entry.Number)
					if !prs[i].Replay {
						fresh++
					}
				}
			}
			assert.Equal(t, 1, fresh, "post applied %d times", fresh)

			// the same reversal id at once
			rid := journal.NewID()
			rrs, rerrs := hrev77Twice(n, func() (ledger.PostResult, error) {
				return f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{ID: rid})
			})
			fresh = 0
			for i := range rrs {
				if assert.NoError(t, rerrs[i], "reverse") {
					assert.Equal(t, rrs[0].Entry.ID, rrs[i].Entry.ID)
					if !rrs[i].Replay {
						fresh++
					}
				}
			}
			assert.Equal(t, 1, fresh, "reversal applied %d times", fresh)

			// the same payment operation at once
			op := journal.NewID()
			pay := reconcile.Payment{Operation: op, Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 1+round), Method: reconcile.MethodTransfer, Amount: e("40.00"), Invoices: []journal.ID{inv.ID}}
			rs, errs := hrev77Twice(n, func() (reconcile.Result, error) { return f.rec.RegisterPayment(ctx, pay) })
			hrev77Same(t, "pay", rs, errs)

			// the same lettering at once
			lop := journal.NewID()
			req := reconcile.Request{Operation: lop, Lines: []journal.LineRef{{Entry: inv.ID, Index: 0}, {Entry: cn.ID, Index: 0}}}
			rs, errs = hrev77Twice(n, func() (reconcile.Result, error) { return f.rec.Reconcile(ctx, req) })
			hrev77Same(t, "reconcile", rs, errs)

			// the same unlettering at once
			uop := journal.NewID()
			rs, errs = hrev77Twice(n, func() (reconcile.Result, error) {
				return f.rec.Unletter(ctx, uop, journal.LineRef{Entry: inv.ID, Index: 0})
			})
			hrev77Same(t, "unletter", rs, errs)

			// the same auto run at once
			aop := journal.NewID()
			as, aerrs := hrev77Twice(n, func() (reconcile.AutoSummary, error) {
				return f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: aop, Scope: reconcile.Scope{Partners: []string{"C1"}}})
			})
			for i := range as {
				assert.NoError(t, aerrs[i], "auto")
			}

			// the same cancellation at once
			cop := journal.NewID()
			rs, errs = hrev77Twice(n, func() (reconcile.Result, error) {
				return f.rec.Reverse(ctx, reconcile.Reversal{Operation: cop, Entry: cn.ID})
			})
			hrev77Same(t, "cancel", rs, errs)
		}
		hrev77Verify(t, f)
	})
}
