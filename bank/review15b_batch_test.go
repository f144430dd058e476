package bank_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// Cheques of 100.00 and 50.00 are deposited together: the bank will show
// one line of 150.00, never the cheques one by one. An unrelated receipt of
// 100.00 without detail is proposed as "the only payment waiting of 100"
// — the deposited cheque — which breaks the deposit: its 150.00 line
// then matches nothing.
func TestR15bLoneWaitingTakesDepositedCheque(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	r15bOutstandingJournal(t, b)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "C1"}))
	var cheques []journal.ID
	for _, amt := range []string{"100.00", "50.00"} {
		inv := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: reviewE(amt)}, {Account: "706000", Balance: reviewE(amt).Neg()}}})
		pay, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BNPO",
			Date: reviewDay(2), Method: reconcile.MethodCheque, Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		cheques = append(cheques, pay.Entries[0].ID)
	}
	_, err := r.DepositCheques(ctx, reconcile.Deposit{Journal: "BNPO", Date: reviewDay(3), Payments: cheques})
	require.NoError(t, err)
	st := reviewStatement(reconcile.BankEntry{Amount: reviewE("100.00"), Label: "VIR RECU"})
	st.Account = "DE89370400440532013000"
	st.Entries = append(st.Entries, reconcile.BankEntry{Ref: "E2", BookingDate: reviewDay(11), Amount: reviewE("150.00"), Label: "REMISE CHEQUES"})
	st.Closing = reviewE("250.00")
	_, err = r.ImportStatement(ctx, st)
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNPO", reconcile.Rules{})
	require.NoError(t, err)
	for _, p := range props {
		t.Log(p.Ref, p.Matched, p.Reason)
	}
	require.False(t, props[0].Matched, "a deposited cheque never comes back alone")
	require.Equal(t, cheques, props[1].Target.Payments, "the deposit's line clears the deposit")
}

// The outstanding-account variant of one end-to-end id quoted twice.
func TestR15bDuplicateEndToEndIdOutstanding(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	r15bOutstandingJournal(t, b)
	bill := reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "FOURN", Balance: reviewE("-100.00")}, {Account: "607000", Balance: reviewE("100.00")}}})
	_, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "FOURN", Journal: "BNPO",
		Date: reviewDay(5), Method: reconcile.MethodSEPATransfer, Ref: "E2E-1", Invoices: []journal.ID{bill.ID}})
	require.NoError(t, err)
	st := reviewStatement(reconcile.BankEntry{Amount: reviewE("-200.00"), Label: "VIR SEPA LOT",
		Transactions: []reconcile.BankTransaction{{EndToEndID: "E2E-1"}, {EndToEndID: "E2E-1"}}})
	st.Account = "DE89370400440532013000"
	_, err = r.ImportStatement(ctx, st)
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNPO", reconcile.Rules{})
	require.NoError(t, err)
	t.Log(props[0].Matched, props[0].Target, props[0].Reason)
	outs, err := r.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	t.Log("apply:", outs[0].Err)
	t.Log("512000", r15bBal(t, b, "512000"), "512200", r15bBal(t, b, "512200"))
	require.NoError(t, b.Check(ctx))
	require.False(t, props[0].Matched, "one payment of -100.00 is not a -200.00 debit")
}

// Drawing an LCR: the invoice is settled by a bill the bank has not
// collected yet.
func TestR15bBillInvoiceState(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client 1"}))
	inv := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: reviewE("500.00")}, {Account: "706000", Balance: reviewE("-500.00")}}})
	_, err := r.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: reviewDay(2),
		DueDate: reviewDay(30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-1"})
	require.NoError(t, err)
	s, err := r.State(ctx, inv.ID)
	require.NoError(t, err)
	require.Equal(t, reconcile.InPayment, s.State, "the bank collects the bill on 30/03")
}
