package reconcile_test

// Review hrev79: Tryton's and Odoo's published tests on bank statements and
// payments ported to PostStatementLine, ImportStatement, RegisterPayment,
// CancelPayment and Clear.
//
// Sources: tryton modules/account_statement/tests/scenario_account_statement.rst
// and scenario_account_statement_second_currency_invoice.rst,
// modules/account_payment_clearing/tests/scenario_account_payment_clearing.rst,
// odoo addons/account/tests/test_account_bank_statement.py and
// test_account_payment.py.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

var h79usd = currency.MustLookup("USD")

func h79u(s string) currency.Amount { return currency.MustParse(h79usd, s) }

// h79line posts a statement line on BQD (straight to the bank) for a
// partner's documents.
func h79line(t *testing.T, f *fixture, amount, p string, date journal.Date, docs ...journal.Entry) journal.Entry {
	t.Helper()
	s := reconcile.StatementLine{Journal: "BQD", Date: date, Amount: e(amount), Partner: p}
	for _, x := range docs {
		s.Invoices = append(s.Invoices, x.ID)
	}
	res, err := f.rec.PostStatementLine(ctx, s)
	require.NoError(t, err)
	return res.Entries[0]
}

// Tryton scenario_account_statement "Received 180 from customer": one
// statement line of 180 pays invoice 1 (100) in full and 80 of invoice 2
// (150), which keeps 70 to pay.
func TestHrev79TrytonStatementLinePaysTwoInvoices(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv1 := f.invoice(t, "C1", d(3, 1), "100.00")
	inv2 := f.invoice(t, "C1", d(3, 1), "150.00")
	h79line(t, f, "180.00", "C1", d(3, 10), inv1, inv2)
	assert.Equal(t, reconcile.Paid, f.state(t, inv1).State)
	st := f.state(t, inv2)
	assert.Equal(t, reconcile.Partial, st.State)
	assert.Equal(t, "70.00", st.Residual.Plain())
	assert.Equal(t, "180.00", f.balance(t, "512000"))
	f.check(t)
}

// Tryton scenario_account_statement "Paid 50 to customer": a statement
// line of -50 refunds the customer's credit note of 50, which is paid.
func TestHrev79TrytonStatementLineRefundsCreditNote(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	cn := f.creditNote(t, "C1", d(3, 1), "50.00")
	stmt := h79line(t, f, "-50.00", "C1", d(3, 10), cn)
	assert.Equal(t, "411000", stmt.Lines[0].Account)
	assert.Equal(t, reconcile.Paid, f.state(t, cn).State)
	assert.Equal(t, "0.00", f.balance(t, "411000"))
	f.check(t)
}

// Tryton scenario_account_statement "Paid 50 to supplier" with a line of
// -60: the bill of 50 is paid, 10 stays an outstanding debit on the
// supplier.
func TestHrev79TrytonStatementLineOverpaysSupplier(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	bill := f.bill(t, "S1", d(3, 1), "50.00")
	stmt := h79line(t, f, "-60.00", "S1", d(3, 10), bill)
	assert.Equal(t, reconcile.Paid, f.state(t, bill).State)
	assert.Equal(t, "10.00", f.residual(t, stmt.LineRef(0)).Plain())
	assert.Equal(t, "10.00", f.balance(t, "401000"))
	f.check(t)
}

// Tryton scenario_account_statement "use of an invoice in multiple
// statements": the second statement line naming the invoice the first
// paid is not lettered with it (Tryton drops the link); lettrage refuses
// it (ErrMatched) and writes nothing.
func TestHrev79TrytonInvoiceInTwoStatements(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[1].Open(t))
	inv := f.invoice(t, "C1", d(3, 1), "300.00")
	h79line(t, f, "300.00", "C1", d(3, 10), inv)
	before := f.snapshot(t)
	_, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(3, 10), Amount: e("300.00"),
		Partner: "C1", Invoices: []journal.ID{inv.ID}})
	assert.ErrorIs(t, err, reconcile.ErrMatched)
	f.unchanged(t, before)
	assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
}

// Tryton scenario_account_statement "Testing balance validation": a
// statement whose lines do not make its closing balance is refused; with
// the missing line it is accepted. "Validate empty statement": a statement
// without lines whose closing equals its opening is accepted.
func TestHrev79TrytonBalanceValidation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	b := newRvBank(t, f)
	s := b.statement(d(3, 10), rvEntry{amount: "60.00"})
	s.Closing = e("100.00")
	_, err := f.rec.ImportStatement(ctx, s)
	require.Error(t, err)
	s.Entries = append(s.Entries, reconcile.BankEntry{Ref: "RV1-2", BookingDate: d(3, 10), Amount: e("40.00"), Label: "VIR"})
	_, err = f.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	b.bal = s.Closing

	empty := b.statement(d(3, 11))
	_, err = f.rec.ImportStatement(ctx, empty)
	require.NoError(t, err, "an empty statement whose closing equals its opening")
	ss, err := f.rec.Statements(ctx, "BNP")
	require.NoError(t, err)
	assert.Len(t, ss, 2)
}

// Tryton scenario_account_statement_second_currency_invoice, in a EUR
// book: a customer invoice of 50.00 USD paid by a company-currency
// statement line of 20.00 EUR that the bank converted to 50.00 USD (the
// line's second currency; here AgreedRate 2.5): the invoice is paid, the
// difference against its booked value is an exchange difference.
func TestHrev79TrytonSecondCurrencyInvoicePaid(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	require.NoError(t, f.book.SetRate(ctx, h79usd, d(1, 1), currency.MustParseRate("1.25")))
	inv := f.foreignSale(t, "C1", d(3, 1), h79usd, "50.00") // 40.00 EUR
	res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(3, 10), Amount: e("20.00"),
		AgreedRate: currency.MustParseRate("2.5"), Partner: "C1", Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	st := f.state(t, inv)
	assert.Equal(t, reconcile.Paid, st.State)
	assert.True(t, st.ResidualCurrency.IsZero(), "residual %s", st.ResidualCurrency)
	assert.True(t, st.Residual.IsZero(), "residual %s", st.Residual)
	assert.Equal(t, "0.00", f.balance(t, "411000"))
	assert.Equal(t, "20.00", f.balance(t, "656000"), "40.00 booked, 20.00 received: entries %d", len(res.Entries))
	f.check(t)
}

// Tryton scenario_account_payment_clearing "Partially pay the line",
// "Succeed payment", "Fail payment", then "Pay the line" and the statement
// clearing it: a supplier payment of 30 on a bill of 50 through the
// outstanding account leaves 20 payable and 30 on the clearing account;
// cancelling it restores 50 and 0; a payment of 50 cleared by a statement
// line of -50 leaves the clearing account at 0 and the bill paid.
// Unlettering the clearing brings it back to in payment.
func TestHrev79TrytonPaymentClearing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	bill := f.post(t, journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: e("-50.00"), DueDate: d(3, 1)},
		{Account: "607000", Balance: e("50.00")},
	}})
	pay := func(amount string) journal.Entry {
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(3, 2), Amount: e(amount), Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		return res.Entries[0]
	}
	p1 := pay("30.00")
	assert.Equal(t, "-20.00", f.balance(t, "401000"))
	assert.Equal(t, "-30.00", f.balance(t, "512200"))
	assert.Equal(t, reconcile.Partial, f.state(t, bill).State)

	_, err := f.rec.CancelPayment(ctx, journal.NoID, p1.ID)
	require.NoError(t, err)
	assert.Equal(t, "-50.00", f.balance(t, "401000"))
	assert.Equal(t, "0.00", f.balance(t, "512200"))
	assert.Equal(t, reconcile.NotPaid, f.state(t, bill).State)

	p2 := pay("50.00")
	assert.Equal(t, "0.00", f.balance(t, "401000"))
	assert.Equal(t, reconcile.InPayment, f.state(t, bill).State)
	res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 1), Amount: e("-50.00")})
	require.NoError(t, err)
	stmt := res.Entries[0]
	assert.Equal(t, "512200", stmt.Lines[0].Account)
	_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: stmt.ID, Payments: []journal.ID{p2.ID}})
	require.NoError(t, err, "a statement dated before the payment it clears (Tryton: statement of yesterday)")
	assert.Equal(t, "0.00", f.balance(t, "512200"))
	assert.Equal(t, reconcile.Paid, f.state(t, bill).State)

	_, err = f.rec.Unletter(ctx, journal.NoID, stmt.LineRef(0))
	require.NoError(t, err)
	assert.Equal(t, reconcile.InPayment, f.state(t, bill).State)
	f.check(t)
}

// Tryton scenario_account_payment_clearing "Payment in a foreign
// currency": a payable of 20.00 EUR carrying 40.00 USD paid with 40.00 USD
// on the same rate: the liquidity line is 20.00 EUR / 40.00 USD, the bill
// closes with no exchange difference.
func TestHrev79TrytonForeignPaymentClearing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	require.NoError(t, f.book.SetRate(ctx, h79usd, d(1, 1), currency.MustParseRate("2")))
	bill := f.post(t, journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Currency: h79usd, Lines: []journal.Line{
		{Account: "401000", Partner: "S1", AmountCurrency: h79u("-40.00"), Balance: e("-20.00")},
		{Account: "607000", AmountCurrency: h79u("40.00"), Balance: e("20.00")},
	}})
	res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
		Date: d(3, 2), Amount: h79u("40.00"), Invoices: []journal.ID{bill.ID}})
	require.NoError(t, err)
	p := res.Entries[0]
	require.Len(t, res.Entries, 1, "no exchange entry")
	assert.Equal(t, "512200", p.Lines[1].Account)
	assert.Equal(t, "-20.00", p.Lines[1].Balance.Plain())
	assert.Equal(t, "-40.00", p.Lines[1].AmountCurrency.Plain())
	assert.Equal(t, reconcile.InPayment, f.state(t, bill).State)
	f.check(t)
}

// Odoo test_account_bank_statement test_statement_line_partial: a
// statement line of 50 on an invoice of 100 leaves it partly paid at 50;
// unlettering it (Odoo's action_undo_reconciliation) restores the
// invoice to not paid with 100 due, the line open for 50.
func TestHrev79OdooStatementLinePartialAndUndo(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv := f.invoice(t, "C1", d(3, 1), "100.00")
	stmt := h79line(t, f, "50.00", "C1", d(3, 10), inv)
	st := f.state(t, inv)
	assert.Equal(t, reconcile.Partial, st.State)
	assert.Equal(t, "50.00", st.Residual.Plain())
	_, err := f.rec.Unletter(ctx, journal.NoID, stmt.LineRef(0))
	require.NoError(t, err)
	st = f.state(t, inv)
	assert.Equal(t, reconcile.NotPaid, st.State)
	assert.Equal(t, "100.00", st.Residual.Plain())
	assert.Equal(t, "-50.00", f.residual(t, stmt.LineRef(0)).Plain())
	f.check(t)
}

// Tryton scenario_account_statement_second_currency_invoice, paid in part:
// 10.00 EUR that the bank converted to 25.00 USD (AgreedRate 2.5) on the
// invoice of 50.00 USD booked at 40.00 EUR. Half the invoice is paid; its
// open half keeps its own rate, 25.00 USD = 20.00 EUR (DESIGN §5: a side
// only partly consumed gets an exchange line so its open residual stays at
// its own rate), and the paid half's 20.00 EUR against 10.00 received is a
// 10.00 exchange loss.
func TestHrev79TrytonSecondCurrencyPartial(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	require.NoError(t, f.book.SetRate(ctx, h79usd, d(1, 1), currency.MustParseRate("1.25")))
	inv := f.foreignSale(t, "C1", d(3, 1), h79usd, "50.00")
	_, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(3, 10), Amount: e("10.00"),
		AgreedRate: currency.MustParseRate("2.5"), Partner: "C1", Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	st := f.state(t, inv)
	assert.Equal(t, reconcile.Partial, st.State)
	assert.Equal(t, "25.00", st.ResidualCurrency.Plain())
	assert.Equal(t, "20.00", st.Residual.Plain())
	assert.Equal(t, "10.00", f.balance(t, "656000"))
	assert.Equal(t, "20.00", f.balance(t, "411000"))
	f.check(t)
}

// Tryton scenario_account_payment_clearing "Unreconcile payment clearing
// to allow reimbursement" and "Create a statement that reimburse the
// payment group": a supplier payment of 50 cleared by a statement line
// of -50 fails; the bank gives the 50 back on a later line. Cancelling the
// payment (Tryton: the payment is failed) takes it off the clearing and
// the bill, which owes 50 again; the two statement lines letter together
// on the outstanding account, which ends at 0.
func TestHrev79TrytonPaymentFailedAfterClearing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	bill := f.bill(t, "S1", d(3, 1), "50.00")
	res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
		Date: d(3, 2), Invoices: []journal.ID{bill.ID}})
	require.NoError(t, err)
	p := res.Entries[0]
	res, err = f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 3), Amount: e("-50.00")})
	require.NoError(t, err)
	out := res.Entries[0]
	_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: out.ID, Payments: []journal.ID{p.ID}})
	require.NoError(t, err)
	require.Equal(t, reconcile.Paid, f.state(t, bill).State)

	_, err = f.rec.CancelPayment(ctx, journal.NoID, p.ID)
	require.NoError(t, err)
	st := f.state(t, bill)
	assert.Equal(t, reconcile.NotPaid, st.State)
	assert.Equal(t, "50.00", st.Residual.Plain())
	assert.Equal(t, "50.00", f.residual(t, out.LineRef(0)).Plain(), "the statement line is open again")

	res, err = f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 5), Amount: e("50.00"), Account: "512200"})
	require.NoError(t, err)
	back := res.Entries[0]
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{out.LineRef(0), back.LineRef(0)}})
	require.NoError(t, err)
	assert.Equal(t, "0.00", f.balance(t, "512200"))
	assert.Equal(t, "0.00", f.balance(t, "512000"))
	assert.Equal(t, "-50.00", f.balance(t, "401000"))
	f.check(t)
}

// Odoo test_account_payment (payment in a foreign currency on a
// company-currency invoice; DESIGN §5, newest Odoo's rule): an invoice of
// 100.00 EUR paid with 125.00 USD booked at 1.25 closes with no exchange
// difference; the same paid with 125.00 USD the bank converted to 98.00
// EUR (CompanyAmount) pays 98.00 of it at the payment's booked rate.
func TestHrev79OdooForeignPaymentOnCompanyInvoice(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	require.NoError(t, f.book.SetRate(ctx, h79usd, d(1, 1), currency.MustParseRate("1.25")))
	inv := f.invoice(t, "C1", d(3, 1), "100.00")
	res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
		Date: d(3, 2), Amount: h79u("125.00"), Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	assert.Len(t, res.Entries, 1, "no exchange entry")
	assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
	assert.Equal(t, "0.00", f.balance(t, "656000"))
	assert.Equal(t, "0.00", f.balance(t, "756000"))

	inv2 := f.invoice(t, "C2", d(3, 1), "100.00")
	_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "BQ",
		Date: d(3, 2), Amount: h79u("125.00"), CompanyAmount: e("98.00"), Invoices: []journal.ID{inv2.ID}})
	require.NoError(t, err)
	st := f.state(t, inv2)
	assert.Equal(t, reconcile.Partial, st.State)
	assert.Equal(t, "2.00", st.Residual.Plain())
	assert.Equal(t, "0.00", f.balance(t, "656000"))
	f.check(t)
}

// Odoo test_account_bank_statement (a journal's currency, the company's
// and the statement line's foreign currency all different): a line of
// 1 200.00 USD on a USD bank account, worth 1 000.00 EUR, pays an invoice
// of 800.00 GBP booked at 1 000.00 EUR. Two foreign currencies letter in
// the company currency (DESIGN §5): 1 000.00 against 1 000.00, the
// invoice is paid with no exchange difference.
func TestHrev79OdooThirdCurrencyStatementLine(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	gbp := currency.MustLookup("GBP")
	require.NoError(t, f.book.SetRate(ctx, h79usd, d(1, 1), currency.MustParseRate("1.20")))
	require.NoError(t, f.book.SetRate(ctx, gbp, d(1, 1), currency.MustParseRate("0.80")))
	a := ledger.NewAccount("512400", "Banque USD", ledger.KindBank)
	a.Currency = h79usd
	require.NoError(t, f.book.AddAccount(ctx, a))
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BQU", Name: "Banque USD", Kind: ledger.JournalBank,
		BankAccount: "512400", IBAN: rvIBAN}))
	inv := f.foreignSale(t, "C1", d(3, 1), gbp, "800.00")
	_, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQU", Date: d(3, 10), Amount: h79u("1200.00"),
		Partner: "C1", Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	st := f.state(t, inv)
	assert.Equal(t, reconcile.Paid, st.State)
	assert.True(t, st.ResidualCurrency.IsZero(), "residual %s", st.ResidualCurrency)
	assert.Equal(t, "0.00", f.balance(t, "411000"))
	assert.Equal(t, "0.00", f.balance(t, "656000"))
	assert.Equal(t, "0.00", f.balance(t, "756000"))
	f.check(t)
}

// Odoo test_account_bank_statement (undoing the reconciliation of a
// statement line with an exchange difference): unlettering the line of
// TestHrev79TrytonSecondCurrencyInvoicePaid reverses the exchange entry;
// the invoice owes 50.00 USD / 40.00 EUR again and 656000 is back to 0.
func TestHrev79OdooUndoStatementLineWithExchange(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	require.NoError(t, f.book.SetRate(ctx, h79usd, d(1, 1), currency.MustParseRate("1.25")))
	inv := f.foreignSale(t, "C1", d(3, 1), h79usd, "50.00")
	res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(3, 10), Amount: e("20.00"),
		AgreedRate: currency.MustParseRate("2.5"), Partner: "C1", Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	stmt := res.Entries[0]
	_, err = f.rec.Unletter(ctx, journal.NoID, stmt.LineRef(0))
	require.NoError(t, err)
	st := f.state(t, inv)
	assert.Equal(t, reconcile.NotPaid, st.State)
	assert.Equal(t, "50.00", st.ResidualCurrency.Plain())
	assert.Equal(t, "40.00", st.Residual.Plain())
	assert.Equal(t, "0.00", f.balance(t, "656000"))
	assert.Equal(t, "-20.00", f.residual(t, stmt.LineRef(0)).Plain())
	f.check(t)
}

// h79RunStatement runs payments to S2 (100.00) and S3 (200.00) on BQO on
// 10 March and imports a statement of one entry of -300.00 booked on day,
// naming the run's message id when named.
func h79RunStatement(t *testing.T, f *fixture, day journal.Date, named bool) (reconcile.PaymentRun, []journal.Entry) {
	t.Helper()
	rrJournal(t, f)
	rrSupplier(t, f, "S2", "Fournisseur 2", "", ledger.Address{})
	rrSupplier(t, f, "S3", "Fournisseur 3", "DE89370400440532013000", ledger.Address{})
	b2 := rrBill(t, f, "S2", d(2, 1), d(3, 1), "100.00", "FA-2")
	b3 := rrBill(t, f, "S3", d(2, 1), d(3, 1), "200.00", "FA-3")
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 2)
	be := reconcile.BankEntry{Ref: "E1", BookingDate: day, Amount: e("-300.00"), Label: "VIREMENTS SEPA"}
	if named {
		be.Batch = reconcile.BankBatch{MsgID: run.ID, Count: 2}
	}
	_, err = f.rec.ImportStatement(ctx, reconcile.BankStatement{Account: rvIBAN, ID: "S1", Currency: eur, Opening: e("0.00"),
		Closing: e("-300.00"), OpeningDate: day, ClosingDate: day, Entries: []reconcile.BankEntry{be}})
	require.NoError(t, err)
	return run, []journal.Entry{b2, b3}
}

// Tryton scenario_account_payment_clearing "Validate Statement with
// processing payment" and the statement line related to the payment
// group: one bank entry of the run's total, booked the day before the
// run's date, clears the whole group; the bills are paid and the
// outstanding payments account is back to 0.
func TestHrev79TrytonStatementClearsPaymentGroup(t *testing.T) {
	t.Parallel()
	for _, named := range []bool{true, false} {
		t.Run(map[bool]string{true: "msgid", false: "total"}[named], func(t *testing.T) {
			f := newFixture(t, stores[0].Open(t))
			_, bills := h79RunStatement(t, f, d(3, 9), named)
			props, err := f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
			require.NoError(t, err)
			require.Len(t, props, 1)
			require.True(t, props[0].Matched, rvDescribe(props[0]))
			outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
			require.NoError(t, err)
			require.NoError(t, outs[0].Err)
			for _, b := range bills {
				assert.Equal(t, reconcile.Paid, f.state(t, b).State)
			}
			assert.Equal(t, "0.00", f.balance(t, "512200"))
			assert.Equal(t, "-300.00", f.balance(t, "512000"))
			f.check(t)
		})
	}
}

// Odoo test_account_bank_statement (a statement line reconciled in two
// steps): a statement line of 150.00 clears a receipt of 100.00, staying
// open for 50.00; a second clearing with the receipt of 50.00 completes
// it and both invoices are paid.
func TestHrev79OdooStatementLineClearedInTwoSteps(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	i1 := f.invoice(t, "C1", d(3, 1), "100.00")
	i2 := f.invoice(t, "C2", d(3, 1), "50.00")
	p1 := f.receive(t, "BQ", "C1", d(3, 5), "100.00", i1)
	p2 := f.receive(t, "BQ", "C2", d(3, 5), "50.00", i2)
	res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 10), Amount: e("150.00")})
	require.NoError(t, err)
	stmt := res.Entries[0]
	_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: stmt.ID, Payments: []journal.ID{p1.ID}})
	require.NoError(t, err)
	assert.Equal(t, reconcile.Paid, f.state(t, i1).State)
	assert.Equal(t, "-50.00", f.residual(t, stmt.LineRef(0)).Plain())
	_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: stmt.ID, Payments: []journal.ID{p2.ID}})
	require.NoError(t, err)
	assert.Equal(t, reconcile.Paid, f.state(t, i2).State)
	assert.Equal(t, "0.00", f.balance(t, "512100"))
	f.check(t)
}

// Odoo test_account_bank_statement (a statement line on the suspense
// account, matched later; DESIGN §12 "lines left unmatched can be posted to
// suspense 471000 explicitly and re-lettered from there later"): a receipt
// of 100.00 nobody can name goes to 471000; once C1 is known a transfer
// 471000 → 411000 is lettered with it on 471000 and with the invoice on
// 411000: the suspense account is back to 0, the invoice paid.
func TestHrev79OdooSuspenseLineRelettered(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv := f.invoice(t, "C1", d(3, 1), "100.00")
	res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(3, 10), Amount: e("100.00"), Account: "471000"})
	require.NoError(t, err)
	stmt := res.Entries[0]
	od := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 12), Lines: []journal.Line{
		{Account: "471000", Balance: e("100.00")},
		{Account: "411000", Partner: "C1", Balance: e("-100.00")},
	}})
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{stmt.LineRef(0), od.LineRef(0)}})
	require.NoError(t, err)
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{od.LineRef(1), inv.LineRef(0)}})
	require.NoError(t, err)
	assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	assert.Equal(t, "0.00", f.balance(t, "471000"))
	f.check(t)
}

// Tryton scenario_account_statement "Cancel statement": cancelling the
// statement line of 180.00 that paid invoice 1 and 80.00 of invoice 2
// gives both back their full amounts and the bank account its balance.
func TestHrev79TrytonCancelStatementLine(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv1 := f.invoice(t, "C1", d(3, 1), "100.00")
	inv2 := f.invoice(t, "C1", d(3, 1), "150.00")
	stmt := h79line(t, f, "180.00", "C1", d(3, 10), inv1, inv2)
	_, err := f.rec.CancelPayment(ctx, journal.NoID, stmt.ID)
	require.NoError(t, err)
	assert.Equal(t, reconcile.NotPaid, f.state(t, inv1).State)
	assert.Equal(t, "100.00", f.state(t, inv1).Residual.Plain())
	assert.Equal(t, reconcile.NotPaid, f.state(t, inv2).State)
	assert.Equal(t, "150.00", f.state(t, inv2).Residual.Plain())
	assert.Equal(t, "0.00", f.balance(t, "512000"))
	assert.Equal(t, "250.00", f.balance(t, "411000"))
	f.check(t)
}

// DESIGN §5 (the foreign invoice faces a company-currency statement line
// valued at the market rate of its own date): an invoice of 50.00 USD
// booked at 1.25 (40.00 EUR) paid on 10 March, when 1 EUR = 1.00 USD, by
// a statement line of 50.00 EUR: the invoice is paid and the 10.00 EUR
// more received is an exchange gain on 756000.
func TestHrev79StatementLineMarketRateGain(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	require.NoError(t, f.book.SetRate(ctx, h79usd, d(1, 1), currency.MustParseRate("1.25")))
	require.NoError(t, f.book.SetRate(ctx, h79usd, d(3, 10), currency.MustParseRate("1.00")))
	inv := f.foreignSale(t, "C1", d(3, 1), h79usd, "50.00")
	h79line(t, f, "50.00", "C1", d(3, 10), inv)
	st := f.state(t, inv)
	assert.Equal(t, reconcile.Paid, st.State)
	assert.Equal(t, "-10.00", f.balance(t, "756000"))
	assert.Equal(t, "0.00", f.balance(t, "411000"))
	f.check(t)
}

// Odoo test_account_payment test_payment_move_sync_create_write (a
// supplier payment of 50.00 in a foreign currency at 2 units per unit of
// the company's): Dr 401000 25.00 EUR / 50.00 USD, Cr the outstanding
// payments account 25.00 EUR / 50.00 USD.
func TestHrev79OdooForeignSupplierPaymentLines(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	require.NoError(t, f.book.SetRate(ctx, h79usd, d(1, 1), currency.MustParseRate("2")))
	res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
		Date: d(3, 2), Amount: h79u("50.00")})
	require.NoError(t, err)
	p := res.Entries[0]
	require.Len(t, p.Lines, 2)
	assert.Equal(t, "401000", p.Lines[0].Account)
	assert.Equal(t, "25.00", p.Lines[0].Balance.Plain())
	assert.Equal(t, "50.00", p.Lines[0].AmountCurrency.Plain())
	assert.Equal(t, "512200", p.Lines[1].Account)
	assert.Equal(t, "-25.00", p.Lines[1].Balance.Plain())
	assert.Equal(t, "-50.00", p.Lines[1].AmountCurrency.Plain())
	f.check(t)
}

// Tryton scenario_account_statement_second_currency_invoice with a
// three-decimal currency (DESIGN §10: test with 0, 2 and 3 decimals): an
// invoice of 100.000 TND booked at 3.333 (30.00 EUR) paid by a statement
// line of 30.00 EUR the bank converted at 3.333 (99.990 TND). The 0.010
// TND left is worth 0.00 EUR: dust that the exchange journal clears
// (DESIGN §5 "Dust"), so the invoice is paid.
func TestHrev79ThreeDecimalsStatementDust(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	tnd := currency.MustLookup("TND")
	require.NoError(t, f.book.SetRate(ctx, tnd, d(1, 1), currency.MustParseRate("3.333")))
	inv := f.foreignSale(t, "C1", d(3, 1), tnd, "100.000")
	require.Equal(t, "30.00", inv.Lines[0].Balance.Plain())
	_, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(3, 10), Amount: e("30.00"),
		AgreedRate: currency.MustParseRate("3.333"), Partner: "C1", Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	st := f.state(t, inv)
	assert.Equal(t, reconcile.Paid, st.State, "residual %s / %s", st.ResidualCurrency, st.Residual)
	assert.Equal(t, "0.00", f.balance(t, "411000"))
	f.check(t)
}

// Tryton scenario_account_statement "Paid 50 to customer" with the
// customer's invoice beside the credit note: a credit note of 150.00 less
// an invoice of 100.00 is refunded by a statement line of -50.00 naming
// both; the credit note is paid, the invoice — settled by the credit note
// alone — reversed (DESIGN §5, Odoo's rule; Tryton says paid).
func TestHrev79TrytonRefundNetOfInvoice(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv := f.invoice(t, "C1", d(3, 1), "100.00")
	cn := f.creditNote(t, "C1", d(3, 2), "150.00")
	h79line(t, f, "-50.00", "C1", d(3, 10), cn, inv)
	assert.Equal(t, reconcile.Paid, f.state(t, cn).State)
	assert.Equal(t, reconcile.Reversed, f.state(t, inv).State)
	assert.Equal(t, "0.00", f.balance(t, "411000"))
	f.check(t)
}

// Tryton scenario_account_statement_second_currency_invoice with a
// currency without minor units (DESIGN §10): an invoice of 10 000 JPY
// booked at 160 (62.50 EUR) paid by a statement line of 62.50 EUR the
// bank converted at 160: paid, no exchange difference.
func TestHrev79ZeroDecimalsStatementSecondCurrency(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	jpy := currency.MustLookup("JPY")
	require.NoError(t, f.book.SetRate(ctx, jpy, d(1, 1), currency.MustParseRate("160")))
	inv := f.foreignSale(t, "C1", d(3, 1), jpy, "10000")
	require.Equal(t, "62.50", inv.Lines[0].Balance.Plain())
	res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(3, 10), Amount: e("62.50"),
		AgreedRate: currency.MustParseRate("160"), Partner: "C1", Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	assert.Len(t, res.Entries, 1, "no exchange entry")
	assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	assert.Equal(t, "0.00", f.balance(t, "656000"))
	assert.Equal(t, "0.00", f.balance(t, "756000"))
	f.check(t)
}

// Odoo test_account_bank_statement (one payment matched by two statement
// lines): a receipt of 100.00 the bank shows as 80.00 then 20.00. After
// the first line the invoice is still in payment (20.00 of the payment
// not cleared); the second completes the clearing and the invoice is paid.
func TestHrev79OdooPaymentClearedByTwoLines(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv := f.invoice(t, "C1", d(3, 1), "100.00")
	p := f.receive(t, "BQ", "C1", d(3, 5), "100.00", inv)
	for i, amount := range []string{"80.00", "20.00"} {
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 10+i), Amount: e(amount)})
		require.NoError(t, err)
		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: res.Entries[0].ID, Payments: []journal.ID{p.ID}})
		require.NoError(t, err, "line %d", i+1)
		if i == 0 {
			assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
			assert.Equal(t, "20.00", f.residual(t, p.LineRef(1)).Plain())
		}
	}
	assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	assert.Equal(t, "0.00", f.balance(t, "512100"))
	f.check(t)
}
