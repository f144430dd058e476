package reconcile_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

var (
	ctx = context.Background()
	eur = currency.MustLookup("EUR")
)

func e(s string) currency.Amount { return currency.MustParse(eur, s) }

func d(m time.Month, day int) journal.Date { return journal.MustDate(2026, m, day) }

// stores are the backends every test runs on (storetest.Backends).
//
// Every test calls t.Parallel, each on books of its own, except those that
// change a setting of the whole process (SetAutoChunk) or time themselves:
// Go runs the parallel tests after all the others, never beside them. A
// new test follows the same rule.
var stores = storetest.Backends

// onStores runs fn once per store.
func onStores(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			fn(t, newFixture(t, st))
		})
	}
}

// fixture is a strict book with the French chart, year 2026, customers C1,
// C2, C3, supplier S1, and a Reconciler with a 0.05 EUR write-off
// tolerance.
type fixture struct {
	st   store.Store
	book *ledger.Book
	rec  *reconcile.Reconciler
	now  *time.Time // the book's clock, which a test may move on
}

func newFixture(t testing.TB, st store.Store) *fixture { return newFixtureIn(t, st, eur) }

// newFixtureIn is newFixture with another company currency (a 0.05
// tolerance in it) and fiscal years from 2016; both have 2026 and 2027.
func newFixtureIn(t testing.TB, st store.Store, company currency.Currency) *fixture {
	t.Helper()
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex // handles of one book may read the clock at once
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
	b, err := ledger.Create(ctx, st, ledger.Options{Currency: company, Clock: clock, Strict: true})
	require.NoError(t, err)
	first := 2026
	if company != eur {
		first = 2016
	}
	for y := first; y <= 2027; y++ {
		require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(y)))
	}
	require.NoError(t, b.InstallFrenchChart(ctx))
	for _, p := range []string{"C1", "C2", "C3", "S1"} {
		require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: p, Name: "Partner " + p}))
	}
	r, err := reconcile.New(ctx, b, reconcile.Config{Tolerance: []currency.Amount{fixtureTolerance(company)}})
	require.NoError(t, err)
	return &fixture{st: st, book: b, rec: r, now: &now}
}

// fixtureTolerance is the write-off tolerance of newFixtureIn's book: 0.05,
// or 1 in a currency without minor units (JPY), which cannot hold 0.05.
func fixtureTolerance(c currency.Currency) currency.Amount {
	if c.Digits() == 0 {
		return currency.MustParse(c, "1")
	}
	return currency.MustParse(c, "0.05")
}

// invoice posts a customer invoice of ttc (HT on 706000, no tax) with
// optional instalments: due dates and amounts that sum to ttc.
func (f *fixture) invoice(t testing.TB, p string, date journal.Date, ttc string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: e(ttc), DueDate: date.AddDays(30)},
		{Account: "706000", Balance: e(ttc).Neg()},
	}})
}

// instalments posts an invoice whose receivable is split by due date.
func (f *fixture) instalments(t testing.TB, p string, date journal.Date, parts ...struct {
	due    journal.Date
	amount string
}) journal.Entry {
	t.Helper()
	x := journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice}
	total := currency.Zero(eur)
	for _, part := range parts {
		x.Lines = append(x.Lines, journal.Line{Account: "411000", Partner: p, DueDate: part.due, Balance: e(part.amount)})
		total, _ = total.Add(e(part.amount))
	}
	x.Lines = append(x.Lines, journal.Line{Account: "706000", Balance: total.Neg()})
	return f.post(t, x)
}

// creditNote posts a customer credit note (avoir) of ttc.
func (f *fixture) creditNote(t testing.TB, p string, date journal.Date, ttc string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeCreditNote, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: e(ttc).Neg()},
		{Account: "706000", Balance: e(ttc)},
	}})
}

// bill posts a supplier bill of ttc on 607000.
func (f *fixture) bill(t testing.TB, p string, date journal.Date, ttc string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "AC", Date: date, Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: p, Balance: e(ttc).Neg()},
		{Account: "607000", Balance: e(ttc)},
	}})
}

func (f *fixture) post(t testing.TB, x journal.Entry) journal.Entry {
	t.Helper()
	res, err := f.book.Post(ctx, x)
	require.NoError(t, err)
	return res.Entry
}

// receive registers a customer receipt through journal j.
func (f *fixture) receive(t testing.TB, j, p string, date journal.Date, amount string, invoices ...journal.Entry) journal.Entry {
	t.Helper()
	pay := reconcile.Payment{Direction: reconcile.Inbound, Partner: p, Journal: j, Date: date, Method: reconcile.MethodTransfer}
	if amount != "" {
		pay.Amount = e(amount)
	}
	for _, inv := range invoices {
		pay.Invoices = append(pay.Invoices, inv.ID)
	}
	res, err := f.rec.RegisterPayment(ctx, pay)
	require.NoError(t, err)
	return res.Entries[0]
}

func (f *fixture) state(t testing.TB, doc journal.Entry) reconcile.DocumentState {
	t.Helper()
	st, err := f.rec.State(ctx, doc.ID)
	require.NoError(t, err)
	return st
}

func (f *fixture) residual(t testing.TB, ref journal.LineRef) currency.Amount {
	t.Helper()
	var out currency.Amount
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		r, err := tx.Residual(ref)
		out = r.Balance
		return err
	}))
	return out
}

func (f *fixture) check(t testing.TB) {
	t.Helper()
	require.NoError(t, f.book.Check(ctx))
}

// snapshot renders every key and value of a boltstore book, to prove that
// a rejected operation wrote nothing; it returns "" on other stores.
func (f *fixture) snapshot(t testing.TB) string {
	t.Helper()
	db, ok := f.st.(*boltstore.DB)
	if !ok {
		return ""
	}
	var b strings.Builder
	require.NoError(t, db.Bolt().View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			return bk.ForEach(func(k, v []byte) error {
				if alone := bk.Bucket(k); v == nil && alone != nil { // a large value, stored alone
					v = alone.Get([]byte("v"))
				}
				fmt.Fprintf(&b, "%s %x %x\n", name, k, v)
				return nil
			})
		})
	}))
	return b.String()
}

// unchanged asserts the store is byte-identical to a snapshot.
func (f *fixture) unchanged(t testing.TB, before string) {
	t.Helper()
	after := f.snapshot(t)
	if before == after {
		return
	}
	b, a := strings.Split(before, "\n"), strings.Split(after, "\n")
	var diff []string
	for i := 0; i < len(a) && len(diff) < 5; i++ {
		if i >= len(b) || a[i] != b[i] {
			diff = append(diff, a[i])
		}
	}
	assert.Fail(t, "a rejected operation must write nothing", "first changed records:\n%s", strings.Join(diff, "\n"))
}
