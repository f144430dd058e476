package reconcile_test

import (
	"slices"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review of the changes of 2026-12-03 (41a4f3a..48b37a1): each test is a
// defect found, with its figures and where they come from.

// Limit on a lettering of several currencies (reconcile/letter.go,
// currencyPasses). Request.Limit is documented as "in the lines'
// reconciliation currency (their shared currency; the foreign one against
// a company-currency line; else the company currency)": for a EUR invoice
// A (100.00), a USD credit note D (300.00 USD booked 100.00 EUR, dated
// first) and a later EUR credit note C (40.00), that is USD. Before the
// per-currency passes the call below lettered 30.00 USD of D with A (at
// A's rate 3: 10.00 EUR), leaving A 90.00, D −90.00 EUR / −270.00 USD and
// C untouched (checked on 41a4f3a). With the passes, the EUR pass pairs A
// with C first and pair refuses it: "the limit is in USD, these lines
// letter in EUR" (ErrAmount) — any USD limit now fails whenever the EUR
// lines can meet, and a EUR limit above what they take fails in the
// cross pass. Fixed: a lettering with a Limit keeps the single walk.
func TestReviewTodayLimitAcrossCurrencies(t *testing.T) {
	t.Parallel()
	fxScenario(t, "rate USD 2026-01-01 3",
		"invoice A C1 2026-01-01 100.00",
		"creditnote D C1 2026-01-01 300.00 cur=USD eur=100.00",
		"creditnote C C1 2026-02-01 40.00",
		"letter A C D limit=30.00 cur=USD", "partials 1",
		"residual A 90.00", "residual D -90.00 cur=-270.00", "residual C -40.00",
		"code A open")
}

// The fuller French chart (ledger/chart.go) makes 408100 "Fournisseurs -
// factures non parvenues" KindPayable and 418100 "Clients - factures à
// établir" KindReceivable, so that every line on them needs a partner.
// The year-end accrual the PCG has these accounts for is booked as a
// whole by the accountant — Dr 607000 / Cr 408100 for goods received and
// not yet invoiced, Dr 418100 / Cr 706000 for work done and not yet
// invoiced — and reversed on the first day of the next year; in French
// bookkeeping software 408 and 418 are general accounts, not the
// collective (auxiliary-bearing) accounts 401 and 411. Here both entries
// are refused ("receivable and payable lines need a partner"). Fixed:
// the chart's 408100 and 418100 are general accounts, lettered, needing
// no partner; ledger.KindOfCode still gives an auxiliary 408… code
// (408DUPONT) the payable kind, as a collective account's auxiliary.
func TestReviewTodayAccrualAccountsWithoutPartner(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		_, err := f.book.Post(ctx, journal.Entry{Journal: "OD", Date: d(12, 31), Type: journal.TypeMisc, Label: "FNP 2026", Lines: []journal.Line{
			{Account: "607000", Balance: e("500.00")}, {Account: "408100", Balance: e("-500.00")}}})
		assert.NoError(t, err, "an accrual for goods received, not invoiced")
		_, err = f.book.Post(ctx, journal.Entry{Journal: "OD", Date: d(12, 31), Type: journal.TypeMisc, Label: "FAE 2026", Lines: []journal.Line{
			{Account: "418100", Balance: e("800.00")}, {Account: "706000", Balance: e("-800.00")}}})
		assert.NoError(t, err, "an accrual for work done, not invoiced")
		f.check(t)
	})
}

// A bill of exchange (LCR) collected by a misc entry straight to the bank
// (reconcile/state.go, in_payment on 413000). Invoice 1 000.00 for C1; an
// LCR drawn on it (Dr 413000 / Cr 411000, DrawBill); at maturity the
// collection booked by hand in OD: Dr 512000 1 000.00 / Cr 413000 C1
// 1 000.00, lettered with the bill. The money is in the bank: the invoice
// is paid (DESIGN §5 "Payment state": in_payment only while a paying
// entry's liquidity line waits on an outstanding account or a bill;
// today's change to state.go counts any paying entry, "a receipt booked
// by hand in a misc entry waits on 511200 as a payment does", and so
// stops waiting once it reaches the bank). The code reads it in_payment
// for ever: billWaiting asks collects, which takes a misc entry lettered
// with a bill for a bill returned unpaid ("collects nothing"), whatever
// its lines — a misc entry to 512000 and one putting the debt back on
// 411000 are told apart by neither. (The same before today: collects is
// older; the new rule for other paying entries makes the difference
// visible.) Fixed: a misc entry with a line on a bank, cash or
// outstanding account moves money (ledger.Tx.MovesMoney), so it collects
// the bill, in the states, in cash-basis VAT and in Check alike.
func TestReviewTodayBillCollectedByMiscEntryIsPaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-1", inv)
		require.Equal(t, reconcile.InPayment, f.state(t, inv).State, "the bill is not due yet")
		bl := slices.IndexFunc(bill.Lines, func(l journal.Line) bool { return l.Account == "413000" })
		require.GreaterOrEqual(t, bl, 0)
		m := f.post(t, journal.Entry{Journal: "OD", Date: d(4, 30), Type: journal.TypeMisc, Label: "Encaissement LCR-1", Lines: []journal.Line{
			{Account: "512000", Balance: e("1000.00")}, {Account: "413000", Partner: "C1", Balance: e("-1000.00")}}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(bl), m.LineRef(1)}})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State, "the bill was collected to the bank")
		f.check(t)
	})
	// The same with a cash-basis invoice: the collection booked by hand
	// makes its VAT due, as a statement line would; through the
	// outstanding account (512100) the invoice waits in_payment for the
	// bank statement. A misc entry putting the debt back on 411000 (a
	// return) still collects nothing.
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-2", inv)
		bl := slices.IndexFunc(bill.Lines, func(l journal.Line) bool { return l.Account == "413000" })
		m := f.post(t, journal.Entry{Journal: "OD", Date: d(4, 30), Type: journal.TypeMisc, Label: "Encaissement LCR-2", Lines: []journal.Line{
			{Account: "512100", Balance: e("1200.00")}, {Account: "413000", Partner: "C1", Balance: e("-1200.00")}}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(bl), m.LineRef(1)}})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "445740"), "collected: the VAT is due")
		assert.Equal(t, "-200.00", f.balance(t, "445710"))
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State, "the money waits on 512100")
		f.check(t)
	})
}
