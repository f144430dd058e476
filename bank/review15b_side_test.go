package bank_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// DUPONT, a customer, holds a 300.00 credit note on 411000. We refund
// 100.00 of it to DUPONT's IBAN. Matching knows the IBAN and proposes
// DUPONT's "unallocated payment": posted on 401000 (payables, because the
// money goes out) under the customer, leaving the credit note open on
// 411000 and a stray 100.00 debit on the supplier ledger.
func TestR15bIBANRefundToCustomerOnPayables(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "DUPONT", Name: "Dupont SARL",
		BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
	reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeCreditNote, Lines: []journal.Line{
		{Account: "411000", Partner: "DUPONT", Balance: reviewE("-300.00")}, {Account: "706000", Balance: reviewE("300.00")}}})
	_, err := r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("-100.00"), Label: "VIR REMBOURSEMENT DUPONT",
		Transactions: []reconcile.BankTransaction{{Counterparty: "Dupont SARL", CounterpartyIBAN: "BE68539007547034"}}}))
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	t.Log(props[0].Matched, props[0].Reason)
	outs, err := r.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	require.NoError(t, outs[0].Err)
	require.Equal(t, "0.00", r15bBal(t, b, "401000"), "DUPONT is no supplier")
	require.Equal(t, "-200.00", r15bBal(t, b, "411000"), "the refund reduces DUPONT's credit")
}
