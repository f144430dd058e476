package bank_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

func r15bBal(t *testing.T, b *ledger.Book, acct string) string {
	t.Helper()
	bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: acct})
	require.NoError(t, err)
	return bal.Balance.Plain()
}

// r15bOutstandingJournal adds BNPO, a bank journal through 512100/512200
// holding DE89…, and a supplier FOURN with an IBAN.
func r15bOutstandingJournal(t *testing.T, b *ledger.Book) {
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BNPO", Name: "BNP (en attente)", Kind: ledger.JournalBank,
		BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200",
		IBAN: "DE89370400440532013000"}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "FOURN", Name: "Fournisseur GmbH",
		BankAccounts: []ledger.BankAccount{{IBAN: "NL91ABNA0417164300"}}}))
}

// A supplier payment registered by hand waits on 512200 (the bill is
// in_payment). The bank's debit of that amount shows the supplier's IBAN
// and no end-to-end id: it is the payment, to clear. Matching books it as
// a second payment to the supplier instead (its IBAN rule runs before the
// lone-waiting-payment rule), so the bill never becomes paid, 512200
// keeps -480 and 401000 gets +480 of a supplier "debt" that is not one.
func TestR15bIBANRuleBooksWaitingPaymentTwice(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	r15bOutstandingJournal(t, b)
	bill := reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "FOURN", Balance: reviewE("-480.00")}, {Account: "607000", Balance: reviewE("480.00")}}})
	pay, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "FOURN", Journal: "BNPO",
		Date: reviewDay(4), Method: reconcile.MethodTransfer, Invoices: []journal.ID{bill.ID}})
	require.NoError(t, err)
	st := reviewStatement(reconcile.BankEntry{Amount: reviewE("-480.00"), Label: "VIR SEPA FOURNISSEUR GMBH",
		Transactions: []reconcile.BankTransaction{{Counterparty: "Fournisseur GmbH", CounterpartyIBAN: "NL91ABNA0417164300"}}})
	st.Account = "DE89370400440532013000"
	_, err = r.ImportStatement(ctx, st)
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNPO", reconcile.Rules{})
	require.NoError(t, err)
	require.Len(t, props, 1)
	t.Log(props[0].Reason)
	outs, err := r.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	require.NoError(t, outs[0].Err)
	s, err := r.State(ctx, bill.ID)
	require.NoError(t, err)
	t.Log("bill:", s.State, " 512200:", r15bBal(t, b, "512200"), " 401000:", r15bBal(t, b, "401000"), " 512000:", r15bBal(t, b, "512000"))
	require.Equal(t, reconcile.Paid, s.State, "the bank debit is the payment: the bill is paid")
	require.Equal(t, "0.00", r15bBal(t, b, "512200"), "nothing waits any more")
	require.Equal(t, "0.00", r15bBal(t, b, "401000"))
	require.Equal(t, []journal.ID{pay.Entries[0].ID}, props[0].Target.Payments)
}

// On a journal without outstanding accounts a receipt registered and then
// cancelled leaves the receipt and its reversal on 512000, net zero. A
// bank debit of the receipt's amount (an unrelated card payment) is
// proposed as "the reversal" and recorded as it: nothing is posted, and
// 512000 no longer agrees with the statement.
func TestR15bCancelledReceiptReversalMatchesDebit(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "DUPONT", Name: "Dupont SARL"}))
	inv := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "DUPONT", Balance: reviewE("100.00")}, {Account: "706000", Balance: reviewE("-100.00")}}})
	pay, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "DUPONT", Journal: "BNP",
		Date: reviewDay(5), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	_, err = r.CancelPayment(ctx, journal.NoID, pay.Entries[0].ID)
	require.NoError(t, err)
	require.Equal(t, "0.00", r15bBal(t, b, "512000"))

	_, err = r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("-100.00"), Label: "CB FOURNITURES BUREAU"}))
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	t.Log(props[0].Matched, props[0].Target, props[0].Reason)
	outs, err := r.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	if outs[0].Err == nil && props[0].Matched {
		open, err := r.OpenImported(ctx, "BNP")
		require.NoError(t, err)
		if len(open) == 0 {
			require.Equal(t, "-100.00", r15bBal(t, b, "512000"), "the statement closes at -100.00 and its only entry is posted")
		}
	}
	require.False(t, props[0].Matched, "a cancelled receipt's reversal is no payment the bank shows")
}

// PostImported with the same booked payment twice: one -100 payment is
// recorded as a -200 bank debit.
func TestR15bRecordBookedTwice(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "FOURN", Name: "Fournisseur"}))
	bill := reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "FOURN", Balance: reviewE("-100.00")}, {Account: "607000", Balance: reviewE("100.00")}}})
	pay, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "FOURN", Journal: "BNP",
		Date: reviewDay(5), Method: reconcile.MethodTransfer, Invoices: []journal.ID{bill.ID}})
	require.NoError(t, err)
	_, err = r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("-200.00"), Label: "VIR"}))
	require.NoError(t, err)
	p := pay.Entries[0].ID
	_, err = r.PostImported(ctx, journal.NoID, "BNP", "S1", "E1", reconcile.ImportedTarget{Booked: []journal.ID{p, p}})
	require.Error(t, err, "one payment of -100.00 named twice is not a -200.00 bank debit")
	// Refused, nothing written: the entry stays open, 512000 holds the payment only.
	require.Equal(t, "-100.00", r15bBal(t, b, "512000"))
}

// The same: a batch entry whose two transactions quote one end-to-end id
// (the file sent twice) is proposed as that payment twice.
func TestR15bDuplicateEndToEndIdInOneEntry(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "FOURN", Name: "Fournisseur"}))
	bill := reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "FOURN", Balance: reviewE("-100.00")}, {Account: "607000", Balance: reviewE("100.00")}}})
	_, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "FOURN", Journal: "BNP",
		Date: reviewDay(5), Method: reconcile.MethodSEPATransfer, Ref: "E2E-1", Invoices: []journal.ID{bill.ID}})
	require.NoError(t, err)
	_, err = r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("-200.00"), Label: "VIR SEPA LOT",
		Transactions: []reconcile.BankTransaction{{EndToEndID: "E2E-1", Amount: reviewE("-100.00")}, {EndToEndID: "E2E-1", Amount: reviewE("-100.00")}}}))
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	t.Log(props[0].Target, props[0].Reason)
	outs, err := r.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	if outs[0].Err == nil && props[0].Matched {
		require.Equal(t, "-200.00", r15bBal(t, b, "512000"), "512000 agrees with the statement")
	}
}

// A customer pays invoice FA-2026-042 (naming it, from its own IBAN) the
// week another customer's LCR of the same amount matures: matching pays
// the other customer's bill (amount and date only) before reading the
// remittance.
func TestR15bBillAtMaturityBeatsNamedInvoice(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client 1"}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C2", Name: "Client 2", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
	inv1 := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: reviewE("500.00")}, {Account: "706000", Balance: reviewE("-500.00")}}})
	inv2 := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeInvoice, Ref: "FA-2026-042", Lines: []journal.Line{
		{Account: "411000", Partner: "C2", Balance: reviewE("500.00")}, {Account: "706000", Balance: reviewE("-500.00")}}})
	_, err := r.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: reviewDay(2),
		DueDate: reviewDay(10), Invoices: []journal.ID{inv1.ID}, Ref: "LCR-1"})
	require.NoError(t, err)
	_, err = r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("500.00"), Label: "VIR SEPA CLIENT 2",
		Transactions: []reconcile.BankTransaction{{Counterparty: "Client 2", CounterpartyIBAN: "BE68539007547034", Remittance: "Facture FA-2026-042"}}}))
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	t.Log(props[0].Reason)
	require.Equal(t, reconcile.ImportedTarget{Partner: "C2", Invoices: []journal.ID{inv2.ID}}, props[0].Target)
}

// On a journal booking payments straight to the bank, a receipt naming
// DUPONT's invoice (from DUPONT's IBAN) is recorded as another customer's
// booked receipt of the same amount, before the remittance is read.
func TestR15bBookedPaymentBeatsNamedInvoice(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "DUPONT", Name: "Dupont", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "MARTIN", Name: "Martin"}))
	inv := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeInvoice, Ref: "FA-2026-042", Lines: []journal.Line{
		{Account: "411000", Partner: "DUPONT", Balance: reviewE("75.50")}, {Account: "706000", Balance: reviewE("-75.50")}}})
	_, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "MARTIN", Journal: "BNP",
		Date: reviewDay(9), Method: reconcile.MethodCheque, Amount: reviewE("75.50")})
	require.NoError(t, err)
	_, err = r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("75.50"), Label: "VIR SEPA DUPONT",
		Transactions: []reconcile.BankTransaction{{Counterparty: "Dupont", CounterpartyIBAN: "BE68539007547034", Remittance: "Facture FA-2026-042"}}}))
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	t.Log(props[0].Reason)
	require.Equal(t, reconcile.ImportedTarget{Partner: "DUPONT", Invoices: []journal.ID{inv.ID}}, props[0].Target)
}

// Posting an imported entry "to" the journal's own bank account writes an
// entry whose two lines are both on 512000: the movement vanishes from the
// bank balance, yet the entry is recorded posted.
func TestR15bPostImportedToBankAccount(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	_, err := r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("12.34"), Label: "VIR INCONNU"}))
	require.NoError(t, err)
	_, err = r.PostImported(ctx, journal.NoID, "BNP", "S1", "E1", reconcile.ImportedTarget{Account: "512000"})
	require.Error(t, err, "the counterpart of a bank line cannot be the bank account itself")
	// Refused, nothing written.
	require.Equal(t, "0.00", r15bBal(t, b, "512000"))
}
