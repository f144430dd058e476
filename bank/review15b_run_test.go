package bank_test

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// The doc of RunPayments: "Suppliers whose open credit notes leave nothing
// to pay are skipped". A supplier with a 480.00 bill and an open 480.00
// credit note owes nothing, yet the run pays it 480.00.
func TestR15bRunIgnoresCreditNotes(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	r15bOutstandingJournal(t, b)
	reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "FOURN", Balance: reviewE("-480.00")}, {Account: "607000", Balance: reviewE("480.00")}}})
	reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(2), Type: journal.TypeCreditNote, Lines: []journal.Line{
		{Account: "401000", Partner: "FOURN", Balance: reviewE("480.00")}, {Account: "607000", Balance: reviewE("-480.00")}}})
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5)})
	if err == nil {
		require.Empty(t, run.Payments, "nothing is owed to FOURN; the run pays %s", run.Payments[0].Amount)
	}
	require.ErrorIs(t, err, reconcile.ErrRun)
}

// DueBy "takes the bills due on or before it": a bill in two instalments,
// one due 5 March and one due 30 April, is paid in full by a run due by
// 5 March.
func TestR15bRunPaysInstalmentsNotDue(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	r15bOutstandingJournal(t, b)
	reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "FOURN", Balance: reviewE("-500.00"), DueDate: reviewDay(5)},
		{Account: "401000", Partner: "FOURN", Balance: reviewE("-500.00"), DueDate: journal.MustDate(2026, 4, 30)},
		{Account: "607000", Balance: reviewE("1000.00")}}})
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5)})
	require.NoError(t, err)
	require.Equal(t, "500.00", run.Payments[0].Amount.Plain(), "only the instalment due by 5 March")
}

// A retried run returns the first run and writes the same SEPA file.
func TestR15bRunRetry(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	r15bOutstandingJournal(t, b)
	reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Ref: "FA-1", Lines: []journal.Line{
		{Account: "401000", Partner: "FOURN", Balance: reviewE("-480.00")}, {Account: "607000", Balance: reviewE("480.00")}}})
	req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5)}
	first, err := r.RunPayments(ctx, req)
	require.NoError(t, err)
	again, err := r.RunPayments(ctx, req)
	require.NoError(t, err)
	require.Equal(t, first.ID, again.ID)
	require.Equal(t, len(first.Payments), len(again.Payments))
	require.Equal(t, first.Payments[0].Bills, again.Payments[0].Bills)
	var f1, f2 bytes.Buffer
	s1, err := bank.CreditTransfers(ctx, b, first, "Atelier")
	require.NoError(t, err)
	s2, err := bank.CreditTransfers(ctx, b, again, "Atelier")
	require.NoError(t, err)
	require.NoError(t, bank.WritePain001(&f1, s1))
	require.NoError(t, bank.WritePain001(&f2, s2))
	require.Equal(t, f1.String(), f2.String())
	bs, err := r.Batches(ctx, "BNPO")
	require.NoError(t, err)
	require.Len(t, bs, 1)
	_ = ledger.Journal{}
}

// A bill scheduled for payment on 15 April is taken by a run: paid twice
// in intent; the scheduled payment stays listed to execute.
func TestR15bRunTakesScheduledBill(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	r15bOutstandingJournal(t, b)
	bill := reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "FOURN", Balance: reviewE("-480.00")}, {Account: "607000", Balance: reviewE("480.00")}}})
	id := journal.NewID()
	require.NoError(t, r.Schedule(ctx, id, reconcile.Payment{Direction: reconcile.Outbound, Partner: "FOURN", Journal: "BNPO",
		Date: journal.MustDate(2026, 4, 15), Method: reconcile.MethodSEPATransfer, Invoices: []journal.ID{bill.ID}}))
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(31)})
	if err == nil {
		list, err := r.ScheduledPayments(ctx, journal.Date{})
		require.NoError(t, err)
		require.Empty(t, list, "run %s paid the bill (%d payments); the scheduled payment is still listed to execute", run.ID, len(run.Payments))
	}
}

// Bad input of the issue: "a creditor without IBAN" — typed error, nothing
// written. RunPayments registers the payment of a supplier without a bank
// account (its bill goes in_payment, 512200 is credited); only
// CreditTransfers refuses it afterwards, so the run can never be sent.
func TestR15bRunCreditorWithoutIBANWrites(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	r15bOutstandingJournal(t, b)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "NOIBAN", Name: "Sans banque"}))
	bill := reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "NOIBAN", Balance: reviewE("-480.00")}, {Account: "607000", Balance: reviewE("480.00")}}})
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5)})
	if err == nil {
		_, terr := bank.CreditTransfers(ctx, b, run, "Atelier")
		s, _ := r.State(ctx, bill.ID)
		t.Logf("CreditTransfers: %v; bill %s; 512200 %s", terr, s.State, r15bBal(t, b, "512200"))
	}
	require.Error(t, err, "a SEPA run for a creditor without IBAN is refused before anything is written")
	require.Equal(t, "0.00", r15bBal(t, b, "512200"))
}
