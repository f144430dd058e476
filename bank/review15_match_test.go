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

var reviewEUR = currency.MustLookup("EUR")

func reviewE(v string) currency.Amount { return currency.MustParse(reviewEUR, v) }
func reviewDay(d int) journal.Date     { return journal.MustDate(2026, 3, d) }

func reviewPost(t *testing.T, b *ledger.Book, x journal.Entry) journal.Entry {
	t.Helper()
	res, err := b.Post(ctx, x)
	require.NoError(t, err)
	return res.Entry
}

// reviewStatement is a one-entry statement of the sample account (journal
// BNP of bookWithBankAccount), opening at zero.
func reviewStatement(e reconcile.BankEntry) reconcile.BankStatement {
	e.Ref, e.BookingDate = "E1", reviewDay(10)
	return reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "S1", Currency: reviewEUR,
		Opening: reviewE("0.00"), OpeningDate: reviewDay(1), Closing: e.Amount, ClosingDate: reviewDay(31),
		Entries: []reconcile.BankEntry{e}}
}

// A company that is both customer (C001) and supplier (F001) has one bank
// account: money paid out to it pays the supplier invoice, not the customer.
func TestReviewSharedIBANPicksFirstPartner(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	iban := []ledger.BankAccount{{IBAN: "BE68539007547034"}}
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C001", Name: "Dupont (client)", BankAccounts: iban}))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "F001", Name: "Dupont (fournisseur)", BankAccounts: iban}))
	bill := reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "F001", Balance: reviewE("-500.00")}, {Account: "607000", Balance: reviewE("500.00")}}})
	_, err := r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("-500.00"),
		Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: "BE68539007547034", Counterparty: "Dupont"}}}))
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	require.Len(t, props, 1)
	t.Log(props[0].Reason)
	if props[0].Matched {
		require.Equal(t, reconcile.ImportedTarget{Partner: "F001", Invoices: []journal.ID{bill.ID}}, props[0].Target,
			"the IBAN is two partners': the only open document of -500.00 is F001's bill")
	}
}

// A customer with an open invoice and an open credit note of the same
// amount pays the invoice: money received cannot pay a credit note.
func TestReviewCreditNoteHidesInvoiceByIBAN(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "DUPONT", Name: "Dupont SARL",
		BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
	inv := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "DUPONT", Balance: reviewE("75.50")}, {Account: "706000", Balance: reviewE("-75.50")}}})
	reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(2), Type: journal.TypeCreditNote, Lines: []journal.Line{
		{Account: "411000", Partner: "DUPONT", Balance: reviewE("-75.50")}, {Account: "706000", Balance: reviewE("75.50")}}})
	_, err := r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("75.50"),
		Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: "BE68539007547034"}}}))
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	t.Log(props[0].Reason)
	require.Equal(t, reconcile.ImportedTarget{Partner: "DUPONT", Invoices: []journal.ID{inv.ID}}, props[0].Target)
}

// An invoice whose reference is its own number is named by a remittance
// quoting that number.
func TestReviewInvoiceRefEqualsNumber(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "DUPONT", Name: "Dupont SARL"}))
	inv := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeInvoice, Ref: "VT/2026/00001",
		Lines: []journal.Line{{Account: "411000", Partner: "DUPONT", Balance: reviewE("100.00")}, {Account: "706000", Balance: reviewE("-100.00")}}})
	require.Equal(t, "VT/2026/00001", inv.Name())
	_, err := r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("100.00"),
		Transactions: []reconcile.BankTransaction{{Remittance: "Facture VT/2026/00001"}}}))
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	t.Log(props[0].Reason)
	require.Equal(t, reconcile.ImportedTarget{Partner: "DUPONT", Invoices: []journal.ID{inv.ID}}, props[0].Target)
}

// A customer pays an invoice less a credit note and says so: the proposal
// must be one that applies.
func TestReviewRemittanceNamingCreditNote(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "DUPONT", Name: "Dupont SARL"}))
	inv := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "DUPONT", Balance: reviewE("1200.00")}, {Account: "706000", Balance: reviewE("-1200.00")}}})
	cn := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(2), Type: journal.TypeCreditNote, Lines: []journal.Line{
		{Account: "411000", Partner: "DUPONT", Balance: reviewE("-200.00")}, {Account: "706000", Balance: reviewE("200.00")}}})
	_, err := r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("1000.00"),
		Transactions: []reconcile.BankTransaction{{Remittance: "Facture " + inv.Name() + " moins avoir " + cn.Name()}}}))
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	t.Log(props[0].Reason, props[0].Target)
	require.True(t, props[0].Matched)
	outs, err := r.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	require.NoError(t, outs[0].Err, "a matched proposal applies")
}

// On a bank journal without outstanding accounts a registered payment is
// already on the bank account: its statement line must not be booked a
// second time as another payment.
func TestReviewNoOutstandingDoubleCounts(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "DUPONT", Name: "Dupont SARL",
		BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
	inv := reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: "DUPONT", Balance: reviewE("1200.00")}, {Account: "706000", Balance: reviewE("-1200.00")}}})
	_, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "DUPONT", Journal: "BNP",
		Date: reviewDay(5), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	stmt := reviewStatement(reconcile.BankEntry{Amount: reviewE("1200.00"),
		Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: "BE68539007547034", Remittance: "Facture " + inv.Name()}}})
	_, err = r.ImportStatement(ctx, stmt)
	require.NoError(t, err)
	props, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	t.Log(props[0].Matched, props[0].Reason)
	_, err = r.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "512000"})
	require.NoError(t, err)
	require.Equal(t, stmt.Closing.Plain(), bal.Balance.Plain(), "the bank account agrees with the statement's closing balance")
}

// An imported entry posted to the wrong counterpart is cancelled (its
// statement line reversed): the bank movement is no longer in the books,
// so the entry must be open again to be posted right.
func TestReviewCancelledImportedEntryStaysPosted(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	stmt := reviewStatement(reconcile.BankEntry{Amount: reviewE("12.34"), Label: "VIR INCONNU"})
	_, err := r.ImportStatement(ctx, stmt)
	require.NoError(t, err)
	res, err := r.PostImported(ctx, journal.NoID, "BNP", "S1", "E1", reconcile.ImportedTarget{Account: "471000"})
	require.NoError(t, err)
	_, err = r.CancelPayment(ctx, journal.NoID, res.Entries[0].ID)
	require.NoError(t, err)
	bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "512000"})
	require.NoError(t, err)
	require.Equal(t, "0.00", bal.Balance.Plain(), "the movement is out of the books")
	left, err := r.OpenImported(ctx, "BNP")
	require.NoError(t, err)
	require.Len(t, left, 1, "the entry whose posting was cancelled is open again")
	_, err = r.PostImported(ctx, journal.NoID, "BNP", "S1", "E1", reconcile.ImportedTarget{Account: "471000"})
	require.NoError(t, err)
}
