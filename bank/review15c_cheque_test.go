package bank_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

func r15cRunBook(t *testing.T) (*ledger.Book, *reconcile.Reconciler, journal.ID, journal.ID) {
	b, _ := bookWithBankAccount(t, storetest.Backends[0])
	eur := currency.MustLookup("EUR")
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "SG", Kind: ledger.JournalBank, BankAccount: "512000",
		UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: "DE89370400440532013000"}))
	iban := []ledger.BankAccount{{IBAN: "BE68539007547034"}}
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "S1", BankAccounts: iban}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "S2", Name: "S2", BankAccounts: iban}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	bill := func(p string) journal.ID {
		res, err := b.Post(ctx, journal.Entry{Journal: "AC", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "401000", Partner: p, Balance: currency.MustParse(eur, "-90.00"), DueDate: journal.MustDate(2026, 3, 10)},
			{Account: "607000", Balance: currency.MustParse(eur, "90.00")}}})
		require.NoError(t, err)
		return res.Entry.ID
	}
	return b, r, bill("S1"), bill("S2")
}

// A cheque payment scheduled (with its cheque's number, as Payment.Cheque
// allows) on the run's journal: the run forces it to a SEPA transfer,
// registerPayment refuses cheque details on a SEPA payment, and the whole
// run fails — S2's due bill cannot be paid by any run while it waits.
func TestR15cRunWithScheduledCheque(t *testing.T) {
	_, r, b1, _ := r15cRunBook(t)
	require.NoError(t, r.Schedule(ctx, journal.NewID(), reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "SG",
		Date: journal.MustDate(2026, 3, 20), Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: "0001234", Bank: "BNP"},
		Invoices: []journal.ID{b1}}))
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "SG", Date: journal.MustDate(2026, 3, 25), DueBy: journal.MustDate(2026, 3, 31)})
	require.NoError(t, err)
	require.NotEmpty(t, run.Payments)
}

// A cheque payment scheduled without details is executed by the run as a
// SEPA transfer, with an end-to-end id, into the credit transfer file.
func TestR15cRunTurnsScheduledChequeIntoTransfer(t *testing.T) {
	_, r, b1, _ := r15cRunBook(t)
	require.NoError(t, r.Schedule(ctx, journal.NewID(), reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "SG",
		Date: journal.MustDate(2026, 3, 20), Method: reconcile.MethodCheque, Invoices: []journal.ID{b1}}))
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "SG", Date: journal.MustDate(2026, 3, 25), DueBy: journal.MustDate(2026, 3, 31)})
	require.NoError(t, err)
	for _, p := range run.Payments {
		require.NotEqual(t, "S1", p.Partner, "S1 is to be paid by cheque, not in the SEPA run (end-to-end id %s)", p.EndToEndID)
	}
}
