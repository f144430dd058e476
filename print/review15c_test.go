package print_test

import (
	"context"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// A cheque registered with its drawee bank only (number unknown, the
// payment's reference "CHQ-778" holding it): the slip prints the entry's
// name instead of the reference DepositOf promises when no number is given.
func TestR15cDepositOfChequeBankOnly(t *testing.T) {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "CHQ", Name: "Banque", Kind: ledger.JournalBank,
		BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200",
		IBAN: "DE89370400440532013000"}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client"}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	amt := currency.MustParse(eur, "100.00")
	inv, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: amt}, {Account: "706000", Balance: amt.Neg()}}})
	require.NoError(t, err)
	pay, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "CHQ",
		Date: journal.MustDate(2026, 3, 5), Method: reconcile.MethodCheque, Ref: "CHQ-778", Invoices: []journal.ID{inv.Entry.ID},
		Cheque: &reconcile.Cheque{Bank: "Crédit Agricole"}})
	require.NoError(t, err)
	dep, err := r.DepositCheques(ctx, reconcile.Deposit{Journal: "CHQ", Date: journal.MustDate(2026, 3, 6), Payments: []journal.ID{pay.Entries[0].ID}})
	require.NoError(t, err)
	slip, err := print.DepositOf(ctx, r, dep, "Atelier")
	require.NoError(t, err)
	require.Equal(t, "CHQ-778", slip.Cheques[0].Number)
}
