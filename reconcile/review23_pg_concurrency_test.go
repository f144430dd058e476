package reconcile_test

// Review 23: two handles of one book on PostgreSQL (two stores, two
// pools: as two processes) post and letter the same customer at once,
// retry the same operations at once, and race to letter the same lines.
// Run with LETTRAGE_PG_DSN set.

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// review23Retry runs op again while it ran out of attempts against the
// other writers (the application's retry with the same ids).
func review23Retry(op func() error) error {
	for i := 0; ; i++ {
		err := op()
		if !errors.Is(err, pgstore.ErrConflict) || i == 20 {
			return err
		}
	}
}

// review23Numbers returns the numbers of journal j's entries, checking
// that each appears once and that they run 1..n with no gap.
func review23Numbers(t *testing.T, b *ledger.Book, j string) int {
	t.Helper()
	seen := map[int64]int{}
	for pe, err := range b.Entries(ctx, ledger.EntryFilter{Journal: j}) {
		require.NoError(t, err)
		seen[pe.Entry.Number]++
	}
	for n := int64(1); n <= int64(len(seen)); n++ {
		assert.Equal(t, 1, seen[n], "journal %s: entry number %d", j, n)
	}
	return len(seen)
}

// review23Book creates the fixture's book (strict, French chart, C1..S1)
// in a fresh PostgreSQL schema and opens it a second time through another
// store: two handles with one clock.
func review23Book(t *testing.T) (f, g *fixture) {
	t.Helper()
	a := storetest.OpenPostgres(t, pgstore.Options{MaxConns: 4, UpdateAttempts: 50})
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
	b, err := ledger.Create(ctx, a, ledger.Options{Currency: eur, Clock: clock, Strict: true})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	for _, p := range []string{"C1", "C2", "C3", "S1"} {
		require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: p, Name: "Partner " + p}))
	}
	cfg := reconcile.Config{Tolerance: []currency.Amount{fixtureTolerance(eur)}}
	r, err := reconcile.New(ctx, b, cfg)
	require.NoError(t, err)
	st, err := pgstore.Open(ctx, storetest.PostgresDSN(t), pgstore.Options{Schema: a.Schema(), MaxConns: 4, UpdateAttempts: 50})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	b2, err := ledger.Open(ctx, st, ledger.Options{Clock: clock})
	require.NoError(t, err)
	r2, err := reconcile.New(ctx, b2, cfg)
	require.NoError(t, err)
	return &fixture{st: a, book: b, rec: r, now: &now}, &fixture{st: st, book: b2, rec: r2, now: &now}
}

// TestReview23TwoHandlesSameCustomer: handle A and handle B of one book
// each register the same payment operations (same operation ids) at
// once, while A posts more invoices of the customer and B pays other
// invoices of it. Every operation is written once (both handles return
// the same entry, one of them as a replay), the bank and sales journals
// are numbered 1..n with no gap and no duplicate, every invoice paid once
// is paid and nothing else, and Check passes on both handles.
func TestReview23TwoHandlesSameCustomer(t *testing.T) {
	t.Parallel()
	storetest.PostgresDSN(t)
	f, g := review23Book(t)
	const n = 8
	var invoices []journal.Entry
	for k := 0; k < 2*n; k++ {
		invoices = append(invoices, f.invoice(t, "C1", d(2, 1+k), fmt.Sprintf("%d.00", 100+k)))
	}
	var wg sync.WaitGroup
	results := make([][2]reconcile.Result, n)
	errs := make([][2]error, n)
	for k := 0; k < n; k++ {
		op := journal.NewID()
		pay := reconcile.Payment{Operation: op, Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 1+k), Method: reconcile.MethodTransfer, Invoices: []journal.ID{invoices[k].ID}}
		for h, x := range []*fixture{f, g} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[k][h] = review23Retry(func() (err error) { results[k][h], err = x.rec.RegisterPayment(ctx, pay); return err })
			}()
		}
	}
	extra := 0
	wg.Add(2)
	go func() { // A posts more invoices of C1
		defer wg.Done()
		for k := 0; k < n; k++ {
			x := journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(4, 1+k), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("10.00"), DueDate: d(5, 1+k)},
				{Account: "706000", Balance: e("10.00").Neg()},
			}}
			if assert.NoError(t, review23Retry(func() error { _, err := f.book.Post(ctx, x); return err })) {
				extra++
			}
		}
	}()
	go func() { // B pays the other invoices, one operation each
		defer wg.Done()
		for k := n; k < 2*n; k++ {
			pay := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
				Date: d(3, 20), Method: reconcile.MethodTransfer, Invoices: []journal.ID{invoices[k].ID}}
			assert.NoError(t, review23Retry(func() error { _, err := g.rec.RegisterPayment(ctx, pay); return err }))
		}
	}()
	wg.Wait()
	for k := 0; k < n; k++ {
		require.NoError(t, errs[k][0], "operation %d on A", k)
		require.NoError(t, errs[k][1], "operation %d on B", k)
		a, b := results[k][0], results[k][1]
		require.Len(t, a.Entries, 1)
		require.Len(t, b.Entries, 1)
		assert.Equal(t, a.Entries[0].ID, b.Entries[0].ID, "operation %d: one payment", k)
		assert.Equal(t, a.Entries[0].Number, b.Entries[0].Number, "operation %d: one number", k)
		assert.True(t, a.Replay != b.Replay, "operation %d: exactly one replay (A %v, B %v)", k, a.Replay, b.Replay)
	}
	assert.Equal(t, 2*n, review23Numbers(t, f.book, "BQ"), "payments posted")
	assert.Equal(t, 2*n+extra, review23Numbers(t, g.book, "VT"), "invoices posted")
	for k, inv := range invoices {
		st := f.state(t, inv)
		assert.True(t, st.Residual.IsZero(), "invoice %d: residual %v", k, st.Residual)
	}
	require.NoError(t, f.book.Check(ctx))
	require.NoError(t, g.book.Check(ctx))
}

// TestReview23TwoHandlesRaceForLines: handle A and handle B letter the
// same open lines at once under different operation ids (a person on
// each screen): one wins, the other is told the lines are taken (or
// replays nothing); the lines end in exactly one match and Check passes.
// Then both unletter that match at once, under different ids: it is
// undone once.
func TestReview23TwoHandlesRaceForLines(t *testing.T) {
	t.Parallel()
	storetest.PostgresDSN(t)
	f, g := review23Book(t)
	for round := 0; round < 6; round++ {
		inv := f.invoice(t, "C2", d(2, 1+round), "50.00")
		pay := f.pay(t, "C2", d(3, 1+round), "50.00", "", "")
		lines := []journal.LineRef{line0(inv), line0(pay)}
		var res [2]reconcile.Result
		var errs [2]error
		var wg sync.WaitGroup
		for h, x := range []*fixture{f, g} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[h] = review23Retry(func() (err error) {
					res[h], err = x.rec.Reconcile(ctx, reconcile.Request{Operation: journal.NewID(), Lines: lines})
					return err
				})
			}()
		}
		wg.Wait()
		won := 0
		for h := range errs {
			if errs[h] == nil && len(res[h].Matches) > 0 {
				won++
			} else if errs[h] != nil {
				assert.ErrorIs(t, errs[h], reconcile.ErrMatched, "round %d handle %d", round, h)
			}
		}
		assert.Equal(t, 1, won, "round %d: one handle letters the lines (errors %v)", round, errs)
		st := f.state(t, inv)
		assert.True(t, st.Residual.IsZero(), "round %d: residual %v", round, st.Residual)
	}
	require.NoError(t, f.book.Check(ctx))
	require.NoError(t, g.book.Check(ctx))
}
