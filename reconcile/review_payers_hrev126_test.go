package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev126Batch imports, as the next statement of BNP, one entry of the
// transactions' total whose details are txs, and returns its proposal.
func hrev126Batch(t *testing.T, b *rvBank, on journal.Date, txs ...reconcile.BankTransaction) reconcile.ImportedProposal {
	t.Helper()
	b.n++
	total := currency.Zero(eur)
	for _, tx := range txs {
		total, _ = total.Add(tx.Amount)
	}
	ref := "HR126-" + on.String()
	closing, _ := b.bal.Add(total)
	s := reconcile.BankStatement{Account: rvIBAN, ID: "HR126-" + on.String(), Currency: eur, Opening: b.bal, Closing: closing,
		OpeningDate: on, ClosingDate: on,
		Entries: []reconcile.BankEntry{{Ref: ref, BookingDate: on, Amount: total, Label: "REMISE VIREMENTS", Transactions: txs}}}
	_, err := b.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	b.bal = closing
	for _, p := range b.propose(t, reconcile.Rules{}) {
		if p.Ref == ref {
			return p
		}
	}
	t.Fatalf("no proposal for %s", ref)
	return reconcile.ImportedProposal{}
}

// Was failing, fixed: an entry of 300,00 batching 150,00 from K1's IBAN (no name given) and 150,00 from "CLIENT K2" (no IBAN) is proposed as K1's payment of K1's invoice of 300,00: K1 is credited with K2's 150,00 and K2's invoice of 150,00 stays due; two payers (one by IBAN, one by a name that is another partner's) make the entry no one's, as severalPayers holds when both give a name.
func TestHrev126BatchIBANWithoutNameAndOtherPayersName(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	b := newRvBank(t, f)
	f.invoice(t, "K1", d(3, 1), "300.00")
	f.invoice(t, "K2", d(3, 1), "150.00")
	p := hrev126Batch(t, b, d(3, 10),
		reconcile.BankTransaction{Amount: e("150.00"), CounterpartyIBAN: ident.IBAN(rvK1IBAN), Remittance: "REGLEMENT"},
		reconcile.BankTransaction{Amount: e("150.00"), Counterparty: "CLIENT K2", Remittance: "REGLEMENT"})
	assert.False(t, p.Matched && p.Target.Partner == "K1", "K2's money is not K1's: %s", rvDescribe(p))
}

// Pin: the same payer's batch, one transaction with its IBAN and name
// "SARL Dupont", the other without IBAN as "DUPONT SARL", is that payer's:
// its invoice of 300,00 is proposed.
func TestHrev126BatchSamePayerLegalFormOrder(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	b := newRvBank(t, f)
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: "SARL Dupont",
		BankAccounts: []ledger.BankAccount{{IBAN: "FR7630004000031234567890143"}}}))
	f.invoice(t, "K3", d(3, 1), "300.00")
	p := hrev126Batch(t, b, d(3, 10),
		reconcile.BankTransaction{Amount: e("150.00"), Counterparty: "SARL Dupont", CounterpartyIBAN: "FR7630004000031234567890143", Remittance: "REGLEMENT"},
		reconcile.BankTransaction{Amount: e("150.00"), Counterparty: "DUPONT SARL", Remittance: "REGLEMENT"})
	assert.True(t, p.Matched, rvDescribe(p))
	assert.Equal(t, "K3", p.Target.Partner, rvDescribe(p))
}

// Was failing, fixed: the same payer's batch, 150,00 from "Müller GmbH" with its IBAN and 150,00 from "MUELLER GMBH" without (German spelling without umlaut, which the name matcher itself reads as the same name, partySpellings), is declared "several payers" and its invoice of 300,00 is not proposed; expected: K4's invoice of 300,00 paid.
func TestHrev126BatchSamePayerUmlautSpelling(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	b := newRvBank(t, f)
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K4", Name: "Müller GmbH",
		BankAccounts: []ledger.BankAccount{{IBAN: "FR7630004000031234567890143"}}}))
	f.invoice(t, "K4", d(3, 1), "300.00")
	p := hrev126Batch(t, b, d(3, 10),
		reconcile.BankTransaction{Amount: e("150.00"), Counterparty: "Müller GmbH", CounterpartyIBAN: "FR7630004000031234567890143", Remittance: "REGLEMENT"},
		reconcile.BankTransaction{Amount: e("150.00"), Counterparty: "MUELLER GMBH", Remittance: "REGLEMENT"})
	assert.True(t, p.Matched, rvDescribe(p))
	assert.Equal(t, "K4", p.Target.Partner, rvDescribe(p))
}
