package bank_test

import (
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// A payment scheduled for a supplier without a bank account is executed by
// a SEPA run: the run is written (payment posted, scheduled payment marked
// executed) and only CreditTransfers refuses it afterwards. The issue
// wants "a creditor without IBAN" refused with nothing written, as the run
// does for the suppliers of its bills.
func TestR15cRunScheduledForSupplierWithoutIBAN(t *testing.T) {
	s := storetest.Backends[0]
	b, _ := bookWithBankAccount(t, s)
	eur := currency.MustLookup("EUR")
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "SG", Kind: ledger.JournalBank, BankAccount: "512000",
		UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: "DE89370400440532013000"}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "NOBANK", Name: "Sans banque"}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	res, err := b.Post(ctx, journal.Entry{Journal: "AC", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "NOBANK", Balance: currency.MustParse(eur, "-90.00"), DueDate: journal.MustDate(2026, 6, 1)},
		{Account: "607000", Balance: currency.MustParse(eur, "90.00")}}})
	require.NoError(t, err)
	id := journal.NewID()
	require.NoError(t, r.Schedule(ctx, id, reconcile.Payment{Direction: reconcile.Outbound, Partner: "NOBANK", Journal: "SG",
		Date: journal.MustDate(2026, 3, 20), Method: reconcile.MethodTransfer, Invoices: []journal.ID{res.Entry.ID}}))
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "SG", Date: journal.MustDate(2026, 3, 25), DueBy: journal.MustDate(2026, 3, 31)})
	if err == nil {
		_, terr := bank.CreditTransfers(ctx, b, run, "Atelier")
		left, _ := r.ScheduledPayments(ctx, journal.Date{})
		bal, _ := b.Balance(ctx, ledger.BalanceQuery{Account: "512200"})
		t.Logf("run %s written with %d payment(s); CreditTransfers: %v; scheduled left %d; 512200 %s",
			run.ID, len(run.Payments), terr, len(left), bal.Balance.Plain())
	}
	require.ErrorIs(t, err, reconcile.ErrRun, "a SEPA run paying a creditor without a bank account is refused before writing")
}
