package bank_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// Two banks, each its own bank account, sharing the chart's outstanding
// accounts 512100/512200 (the French chart has only those). A cheque
// received on SG waits on 512100; a receipt of the same amount on the BNP
// statement is proposed as that SG cheque and clears it, so the SG
// statement's line for the cheque later finds nothing.
func TestR15bOtherJournalsPaymentCleared(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	r15bOutstandingJournal(t, b)
	require.NoError(t, b.AddAccount(ctx, ledger.NewAccount("512010", "Société Générale", ledger.KindBank)))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "Société Générale", Kind: ledger.JournalBank,
		BankAccount: "512010", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200",
		IBAN: "FR1420041010050500013M02606"}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "C1"}))
	inv := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: reviewE("77.70")}, {Account: "706000", Balance: reviewE("-77.70")}}})
	cheque, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "SG",
		Date: reviewDay(2), Method: reconcile.MethodCheque, Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	st := reviewStatement(reconcile.BankEntry{Amount: reviewE("77.70"), Label: "VIR RECU"})
	st.Account = "DE89370400440532013000"
	_, err = r.ImportStatement(ctx, st)
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNPO", reconcile.Rules{})
	require.NoError(t, err)
	t.Log(props[0].Reason)
	require.NotContains(t, props[0].Target.Payments, cheque.Entries[0].ID, "a cheque received on SG is not on the BNP statement")
}
