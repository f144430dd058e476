package reconcile_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// The fuzz targets of the lettering entry points: payments
// (FuzzRegisterPayment), lettering requests (FuzzReconcile) and statement
// lines (FuzzPostStatementLine). Each builds a small book with open
// documents of every kind, decodes its input into the request, makes the
// call and asserts: either a typed refusal and a store byte-identical to
// what it was, or success and then everything reads back — the entries by
// id and by number, the partials and matches, the documents' states —, the
// same request replays without writing, one more ordinary payment and post
// succeed, and Check and Verify find nothing.
//
// go test runs the seeds below and those in testdata/fuzz (the known bad
// inputs: invalid UTF-8, control characters, the overflowing X, the largest
// amounts, year 0). .ci/fuzz runs each target for a few seconds, longer
// with FUZZTIME.
//
// Amounts are text: "12.50" in EUR or "12.50 USD"; what does not parse is
// omitted. Documents are chosen by bytes: each picks one of the fixture's
// entries, or an unknown id.

// fuzzFixture is a non-strict book (Check runs once, at the end) on a
// memstore whose buckets are tracked for dumps, with open documents: EUR
// and USD invoices, a cash-basis invoice, a credit note, a supplier bill, an
// unlettered payment, a partly paid invoice and its payment, and a
// statement line.
type fuzzFixture struct {
	*fixture
	tracked *trackedStore
	docs    []journal.Entry
}

func newFuzzFixture(t testing.TB) *fuzzFixture {
	t.Helper()
	tracked := &trackedStore{Store: storetest.Backends[0].Open(t), buckets: map[string]bool{}}
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	b, err := ledger.Create(ctx, tracked, ledger.Options{Currency: eur, Clock: clock})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	for _, p := range []string{"C1", "C2", "C3", "S1"} {
		require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: p, Name: "Partner " + p}))
	}
	for code, rate := range map[string]string{"USD": "1.20", "JPY": "160", "KWD": "0.335"} {
		require.NoError(t, b.SetRate(ctx, currency.MustLookup(code), d(1, 1), currency.MustParseRate(rate)))
	}
	r, err := reconcile.New(ctx, b, reconcile.Config{Tolerance: []currency.Amount{e("0.05")}})
	require.NoError(t, err)
	f := &fuzzFixture{fixture: &fixture{st: tracked, book: b, rec: r}, tracked: tracked}

	vat := tax.Tax{ID: "V20E", Name: "TVA 20 % encaissements", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
		FinalAccount: "445710", TransitionAccount: "445740"}
	cashBasis, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 2), Partner: "C2",
		PartnerAccount: "411000", Label: "Conseil", Lines: []journal.InvoiceLine{
			{Label: "Conseil", UnitPrice: e("100.00"), Taxes: []tax.Tax{vat}, Account: "706000"}}}.Entry()
	require.NoError(t, err)
	partly := f.invoice(t, "C1", d(3, 3), "60.00")
	f.docs = []journal.Entry{
		f.invoice(t, "C1", d(3, 1), "100.00"),
		f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: u("120.00"), DueDate: d(4, 1)},
			{Account: "706000", AmountCurrency: u("-120.00")}}}),
		f.post(t, cashBasis),
		f.creditNote(t, "C1", d(3, 4), "20.00"),
		f.bill(t, "S1", d(3, 1), "80.00"),
		f.receive(t, "BQ", "C1", d(3, 5), "30.00"),
		partly,
		f.receive(t, "BQD", "C1", d(3, 6), "25.00", partly),
	}
	res, err := r.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 7), Amount: e("30.00")})
	require.NoError(t, err)
	f.docs = append(f.docs, res.Entries[0])
	require.NoError(t, b.Index(ctx))
	return f
}

func u(s string) currency.Amount { return currency.MustParse(usd, s) }

var usd = currency.MustLookup("USD")

// doc returns the document byte c picks: one of the fixture's, or an id the
// book does not have.
func (f *fuzzFixture) doc(c byte) journal.ID {
	if i := int(c) % (len(f.docs) + 1); i < len(f.docs) {
		return f.docs[i].ID
	}
	return journal.NewID()
}

func (f *fuzzFixture) docIDs(bs []byte) []journal.ID {
	var out []journal.ID
	for _, c := range bs[:min(len(bs), 8)] {
		out = append(out, f.doc(c))
	}
	return out
}

// fuzzAmount reads "12.50" in EUR or "12.50 USD"; anything else is the
// unset Amount.
func fuzzAmount(s string) currency.Amount {
	c := eur
	if num, code, ok := strings.Cut(s, " "); ok {
		cur, err := currency.Lookup(code)
		if err != nil {
			return currency.Amount{}
		}
		s, c = num, cur
	}
	a, err := currency.Parse(c, s)
	if err != nil {
		return currency.Amount{}
	}
	return a
}

// fuzzDate reads an ISO date, the zero Date when it does not parse. A date
// that parses is never the zero Date ("no date").
func fuzzDate(s string) journal.Date {
	dt, err := journal.ParseDate(s)
	if err == nil && dt.IsZero() {
		panic(fmt.Sprintf("ParseDate(%q) returned no date and no error", s))
	}
	return dt
}

// FuzzRegisterPayment registers a fuzzed payment.
func FuzzRegisterPayment(f *testing.F) {
	f.Add(uint8(1), uint8(1), "C1", "BQD", "2026-03-10", "100.00", "", "VIR 42", "Règlement", []byte{0}, false)
	f.Add(uint8(1), uint8(3), "C1", "BQ", "2026-03-10", "40.00", "", "", "", []byte{0, 6}, false)
	f.Add(uint8(1), uint8(1), "C1", "BQD", "2026-03-10", "115.00 USD", "", "", "", []byte{1}, false)
	f.Add(uint8(1), uint8(1), "C1", "BQD", "2026-03-10", "120.00 USD", "96.00", "", "", []byte{1}, false)
	f.Add(uint8(1), uint8(1), "C2", "BQD", "2026-03-10", "117.60", "", "", "", []byte{2}, true)
	f.Add(uint8(2), uint8(2), "S1", "BQ", "2026-03-10", "", "", "", "", []byte{4}, false)
	f.Add(uint8(1), uint8(1), "C1", "BQD", "2026-03-10", "9999999999999999.99", "", "", "", []byte{}, false)
	f.Fuzz(fuzzPayment)
}

// fuzzPayment is FuzzRegisterPayment's body.
func fuzzPayment(t *testing.T, direction, method uint8, partner, jnl, date, amount, companyAmount, ref, label string,
	invoices []byte, discount bool) {
	fx := newFuzzFixture(t)
	p := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Direction(direction), Method: reconcile.Method(method),
		Partner: partner, Journal: jnl, Date: fuzzDate(date), Amount: fuzzAmount(amount), CompanyAmount: fuzzAmount(companyAmount),
		Ref: ref, Label: label, Invoices: fx.docIDs(invoices), EarlyDiscount: discount}
	fx.run(t, func() (reconcile.Result, error) { return fx.rec.RegisterPayment(ctx, p) }, func(res reconcile.Result) {
		pay := fx.entry(t, res.Entries[0].ID)
		require.Equal(t, ref, pay.Ref)
		if label != "" {
			require.Equal(t, label, pay.Label)
		}
		fx.states(t, p.Invoices)
	})
}

// FuzzReconcile letters fuzzed lines: each pair of bytes picks a document
// and one of its lines.
func FuzzReconcile(f *testing.F) {
	f.Add([]byte{0, 0, 5, 0}, false, "", false)
	f.Add([]byte{0, 0, 3, 0}, true, "10.00", false)
	f.Add([]byte{6, 0, 5, 0}, false, "", true)
	f.Add([]byte{1, 0, 5, 0}, false, "", false)
	f.Add([]byte{5, 1, 8, 0}, false, "", false)
	f.Add([]byte{2, 0, 3, 0, 5, 0}, false, "", true)
	f.Fuzz(fuzzReconcile)
}

// fuzzReconcile is FuzzReconcile's body.
func fuzzReconcile(t *testing.T, refs []byte, keepOrder bool, limit string, writeOff bool) {
	fx := newFuzzFixture(t)
	req := reconcile.Request{Operation: journal.NewID(), KeepOrder: keepOrder, Limit: fuzzAmount(limit), WriteOff: writeOff}
	for i := 0; i+1 < len(refs) && i < 2*12; i += 2 {
		req.Lines = append(req.Lines, journal.LineRef{Entry: fx.doc(refs[i]), Index: int(refs[i+1] % 4)})
	}
	fx.run(t, func() (reconcile.Result, error) { return fx.rec.Reconcile(ctx, req) }, func(reconcile.Result) {
		var ids []journal.ID
		for _, l := range req.Lines {
			ids = append(ids, l.Entry)
		}
		fx.states(t, ids)
	})
}

// FuzzPostStatementLine posts a fuzzed bank statement line.
func FuzzPostStatementLine(f *testing.F) {
	f.Add("BQ", "2026-03-10", "30.00", "", "VIR SEPA", "REF1", "", []byte{}, "")
	f.Add("BQ", "2026-03-10", "-80.00", "", "", "", "S1", []byte{4}, "")
	f.Add("BQ", "2026-03-10", "100.00", "", "", "", "C1", []byte{0}, "")
	f.Add("BQ", "2026-03-10", "12.00", "", "", "", "", []byte{}, "471000")
	f.Add("BQ", "2026-03-10", "120.00 USD", "100.00", "", "", "C1", []byte{1}, "")
	f.Fuzz(fuzzStatementLine)
}

// fuzzStatementLine is FuzzPostStatementLine's body.
func fuzzStatementLine(t *testing.T, jnl, date, amount, companyAmount, label, ref, partner string, invoices []byte, account string) {
	fx := newFuzzFixture(t)
	s := reconcile.StatementLine{Operation: journal.NewID(), Journal: jnl, Date: fuzzDate(date), Amount: fuzzAmount(amount),
		CompanyAmount: fuzzAmount(companyAmount), Label: label, Ref: ref, Partner: partner, Invoices: fx.docIDs(invoices), Account: account}
	fx.run(t, func() (reconcile.Result, error) { return fx.rec.PostStatementLine(ctx, s) }, func(res reconcile.Result) {
		line := fx.entry(t, res.Entries[0].ID)
		require.Equal(t, ref, line.Ref)
		if label != "" {
			require.Equal(t, label, line.Label)
		}
		fx.states(t, s.Invoices)
	})
}

// run makes the call and asserts the outcome (see the top of the file):
// readBack checks what is particular to the call.
func (f *fuzzFixture) run(t *testing.T, call func() (reconcile.Result, error), readBack func(reconcile.Result)) {
	before := f.tracked.dump(t)
	res, err := call()
	if err != nil {
		requireTyped(t, err)
		require.Equal(t, before, f.tracked.dump(t), "a refused request wrote: %v", err)
		f.requireUsable(t)
		return
	}
	require.False(t, res.Replay)
	for _, e := range res.Entries {
		f.entry(t, e.ID)
	}
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, p := range slices.Concat(res.Partials, res.UndonePartial) {
			if _, err := tx.Partial(p.ID); err != nil {
				return err
			}
		}
		for _, m := range slices.Concat(res.Matches, res.UndoneMatches) {
			if _, err := tx.Match(m.ID); err != nil {
				return err
			}
		}
		return nil
	}))
	readBack(res)
	after := f.tracked.dump(t)
	again, err := call()
	require.NoError(t, err, "the same request again is a replay")
	require.True(t, again.Replay)
	require.Equal(t, ids(res), ids(again))
	require.Equal(t, after, f.tracked.dump(t), "a replay writes nothing")
	f.requireUsable(t)
}

// ids lists the ids of what a result holds, in order.
func ids(res reconcile.Result) []journal.ID {
	var out []journal.ID
	for _, e := range res.Entries {
		out = append(out, e.ID)
	}
	for _, p := range slices.Concat(res.Partials, res.UndonePartial) {
		out = append(out, p.ID)
	}
	for _, m := range slices.Concat(res.Matches, res.UndoneMatches) {
		out = append(out, m.ID)
	}
	return out
}

// entry reads a posted entry back by id and by number.
func (f *fuzzFixture) entry(t *testing.T, id journal.ID) journal.Entry {
	t.Helper()
	e, err := f.book.Entry(ctx, id)
	require.NoError(t, err, "a posted entry reads back by id")
	byNumber, err := f.book.EntryByNumber(ctx, e.Name())
	require.NoError(t, err, "a posted entry reads back by number %q", e.Name())
	require.Equal(t, id, byNumber.ID)
	return e
}

// states reads the state of each document named: a document's, or a
// typed refusal for what is not one.
func (f *fuzzFixture) states(t *testing.T, docs []journal.ID) {
	t.Helper()
	for _, id := range docs {
		if _, err := f.rec.State(ctx, id); err != nil {
			requireTyped(t, err)
		}
	}
}

// requireUsable asserts that the book still takes an ordinary payment and
// an ordinary post, reads them back, and passes Check and Verify.
func (f *fuzzFixture) requireUsable(t *testing.T) {
	t.Helper()
	pay := f.receive(t, "BQD", "C3", d(6, 15), "1.00")
	f.entry(t, pay.ID)
	inv := f.invoice(t, "C3", d(6, 15), "12.00")
	f.entry(t, inv.ID)
	require.NoError(t, f.book.Check(ctx))
	require.NoError(t, f.book.Verify(ctx))
}

// typedErrors are the errors the lettering entry points document: their
// own, the ledger's posting errors, the journal's and the currency's.
var typedErrors = []error{
	reconcile.ErrNotPosted, reconcile.ErrAccount, reconcile.ErrPartner, reconcile.ErrNotReconcilable, reconcile.ErrMatched,
	reconcile.ErrSettled, reconcile.ErrNothingToLetter, reconcile.ErrDuplicateLine, reconcile.ErrOverAllocation,
	reconcile.ErrAmount, reconcile.ErrNotLettered, reconcile.ErrReversalPair, reconcile.ErrTolerance, reconcile.ErrCleared,
	reconcile.ErrNotDocument, reconcile.ErrMarkPaid, reconcile.ErrJournal, reconcile.ErrDirection, reconcile.ErrDiscount,
	reconcile.ErrNotFound, reconcile.ErrIdempotencyConflict, reconcile.ErrTooManyLines,
	ledger.ErrUnknownJournal, ledger.ErrNoFiscalYear, ledger.ErrLocked, ledger.ErrUnknownPartner, ledger.ErrUnknownAccount,
	ledger.ErrInactiveAccount, ledger.ErrPartnerRequired, ledger.ErrAccountCurrency, ledger.ErrNoRate, ledger.ErrBookFull,
	journal.ErrText, journal.ErrNoDate, journal.ErrAmountTooLarge, currency.ErrTooLarge,
}

// requireTyped fails unless err is a documented refusal. Stored data that
// does not decode (ledger.ErrFormat) is never one.
func requireTyped(t *testing.T, err error) {
	t.Helper()
	if errors.Is(err, ledger.ErrFormat) {
		t.Fatalf("stored data no longer reads: %v", err)
	}
	var ve *journal.ValidationError
	if errors.As(err, &ve) {
		return
	}
	for _, want := range typedErrors {
		if errors.Is(err, want) {
			return
		}
	}
	t.Fatalf("not a documented error: %v", err)
}

// trackedStore notes every bucket written through it, so that dump renders
// the whole store on any backend.
type trackedStore struct {
	store.Store
	mu      sync.Mutex
	buckets map[string]bool
}

func (s *trackedStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(trackedTx{Tx: tx, s: s}) })
}

type trackedTx struct {
	store.Tx
	s *trackedStore
}

func (tx trackedTx) Put(bucket, key, value []byte) error {
	tx.s.mu.Lock()
	tx.s.buckets[string(bucket)] = true
	tx.s.mu.Unlock()
	return tx.Tx.Put(bucket, key, value)
}

// dump renders every key and value of every bucket ever written.
func (s *trackedStore) dump(t testing.TB) string {
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
			}); err != nil {
				return err
			}
		}
		return nil
	}))
	return b.String()
}

// FuzzAutoLetter posts a fuzzed receipt (amount, reference, label) to the
// fuzz book and runs automatic lettering with fuzzed rules and scope:
// refused rules and scopes write nothing; otherwise no line is in two
// proposals, every proposal applies, and Check stays clean.
func FuzzAutoLetter(f *testing.F) {
	f.Add("100.00", "VT/2026/00001", "", int8(0), int16(0), int16(0), uint8(0), "")
	f.Add("60.00", "", "Facture VT/2026/00002 et VT/2026/00003", int8(2), int16(30), int16(50), uint8(0x0f), "2026-03-01")
	f.Add("99.98", "RF18539007547034", "", int8(-1), int16(-3), int16(0), uint8(0x10), "")
	f.Add("12.34", "", "", int8(13), int16(0), int16(-1), uint8(0xff), "2026-13-40")
	f.Fuzz(fuzzAutoLetter)
}

// fuzzAutoLetter is FuzzAutoLetter's body.
func fuzzAutoLetter(t *testing.T, amount, ref, label string, combo int8, window, limit int16, flags uint8, from string) {
	fx := newFuzzFixture(t)
	if a := fuzzAmount(amount); a.IsSet() && a.Sign() > 0 && a.Currency() == eur {
		_, _ = fx.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 20), Amount: a, Method: reconcile.MethodTransfer, Ref: ref, Label: label})
	}
	rules := reconcile.Rules{CombinationSize: int(combo), DateWindow: int(window), WorkLimit: int(limit),
		NoReference: flags&1 != 0, NoExactAmount: flags&2 != 0, NoCombination: flags&4 != 0, NoTolerance: flags&8 != 0,
		OldestFirst: flags&16 != 0}
	scope := reconcile.Scope{All: flags&32 == 0, From: fuzzDate(from)}
	if flags&64 != 0 {
		scope.Accounts = []string{"411000"}
	}
	before := fx.snapshot(t)
	props, err := fx.rec.Propose(ctx, scope, rules)
	if err != nil {
		if !errors.Is(err, reconcile.ErrRules) && !errors.Is(err, reconcile.ErrScope) {
			t.Fatalf("propose: untyped error %v", err)
		}
		_, err2 := fx.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: scope, Rules: rules})
		require.ErrorIs(t, err2, errors.Unwrap(err))
		fx.unchanged(t, before)
		return
	}
	seen := map[journal.LineRef]bool{}
	for _, p := range props.Proposals {
		for _, l := range p.Lines {
			require.False(t, seen[l], "line %s in two proposals", l)
			seen[l] = true
		}
	}
	applied, err := fx.rec.Apply(ctx, journal.NoID, props.Proposals)
	require.NoError(t, err)
	for i, o := range applied.Outcomes {
		require.NoError(t, o.Err, "proposal %d: %s", i, props.Proposals[i].Reason)
	}
	require.NoError(t, fx.book.Check(ctx))
}
