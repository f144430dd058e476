package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// rvBank is a fixture with a bank journal BNP that imports statements and
// books payments on the outstanding accounts (512100 / 512200), and
// customers K1, K2 known by their IBANs.
type rvBank struct {
	*fixture
	n   int
	bal currency.Amount
}

const (
	rvIBAN   = "FR7630006000011234567890189"
	rvK1IBAN = "BE68539007547034"
	rvK2IBAN = "DE89370400440532013000"
)

func newRvBank(t *testing.T, f *fixture) *rvBank {
	t.Helper()
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP Paribas", Kind: ledger.JournalBank,
		BankAccount: "512000", IBAN: rvIBAN, UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"}))
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K1", Name: "Client K1", BankAccounts: []ledger.BankAccount{{IBAN: rvK1IBAN}}}))
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K2", Name: "Client K2", BankAccounts: []ledger.BankAccount{{IBAN: rvK2IBAN}}}))
	return &rvBank{fixture: f, bal: e("0.00")}
}

// rvEntry is one statement entry: amount, counterparty IBAN, remittance,
// creditor reference, end-to-end id.
type rvEntry struct {
	amount, iban, remittance, creditorRef, e2e string
}

// statement builds the next statement of BNP, on one day.
func (b *rvBank) statement(on journal.Date, entries ...rvEntry) reconcile.BankStatement {
	b.n++
	s := reconcile.BankStatement{Account: rvIBAN, ID: fmt.Sprintf("RV%d", b.n), Currency: eur, Opening: b.bal, OpeningDate: on, ClosingDate: on}
	closing := b.bal
	for i, x := range entries {
		closing, _ = closing.Add(e(x.amount))
		s.Entries = append(s.Entries, reconcile.BankEntry{Ref: fmt.Sprintf("RV%d-%d", b.n, i+1), BookingDate: on, Amount: e(x.amount), Label: "VIR",
			Transactions: []reconcile.BankTransaction{{Counterparty: "someone", CounterpartyIBAN: ident.IBAN(x.iban), Remittance: x.remittance,
				CreditorRef: x.creditorRef, EndToEndID: x.e2e}}})
	}
	s.Closing = closing
	return s
}

// imports imports the next statement and returns the proposals for its
// open entries under rules.
func (b *rvBank) imports(t *testing.T, on journal.Date, rules reconcile.Rules, entries ...rvEntry) []reconcile.ImportedProposal {
	t.Helper()
	s := b.statement(on, entries...)
	_, err := b.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	b.bal = s.Closing
	return b.propose(t, rules)
}

func (b *rvBank) propose(t *testing.T, rules reconcile.Rules) []reconcile.ImportedProposal {
	t.Helper()
	props, err := b.rec.ProposeImported(ctx, "BNP", rules)
	require.NoError(t, err)
	return props
}

// receiveRef registers a receipt of p through BNP with a reference.
func (b *rvBank) receiveRef(t *testing.T, p string, date journal.Date, amount, ref string, invoices ...journal.Entry) journal.Entry {
	t.Helper()
	pay := reconcile.Payment{Direction: reconcile.Inbound, Partner: p, Journal: "BNP", Date: date, Method: reconcile.MethodTransfer, Amount: e(amount), Ref: ref}
	for _, inv := range invoices {
		pay.Invoices = append(pay.Invoices, inv.ID)
	}
	res, err := b.rec.RegisterPayment(ctx, pay)
	require.NoError(t, err)
	return res.Entries[0]
}

func rvDescribe(p reconcile.ImportedProposal) string {
	return fmt.Sprintf("matched=%v conf=%v target=%+v reason=%q", p.Matched, p.Confidence, p.Target, p.Reason)
}
