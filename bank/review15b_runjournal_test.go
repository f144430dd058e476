package bank_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// RunPayments checks the journal has an outstanding payments account, not
// that it uses it: on a journal holding 512200 but booking payments
// straight to 512000, the run's bills are paid at once, never in_payment.
func TestR15bRunOnJournalNotUsingOutstanding(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BNPX", Name: "BNP", Kind: ledger.JournalBank,
		BankAccount: "512000", OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: "DE89370400440532013000"}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "FOURN", Name: "Fournisseur", BankAccounts: []ledger.BankAccount{{IBAN: "NL91ABNA0417164300"}}}))
	bill := reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "FOURN", Balance: reviewE("-480.00")}, {Account: "607000", Balance: reviewE("480.00")}}})
	_, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "BNPX", Date: reviewDay(5), DueBy: reviewDay(5)})
	if err == nil {
		s, err := r.State(ctx, bill.ID)
		require.NoError(t, err)
		require.Equal(t, reconcile.InPayment, s.State, "512000 %s before the bank executed the run", r15bBal(t, b, "512000"))
	}
}
