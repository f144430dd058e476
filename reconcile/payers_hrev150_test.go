package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev150K3IBAN2 is a second IBAN of K3, who holds hrev150K3IBAN too.
const (
	hrev150K3IBAN  = "FR7630004000031234567890143"
	hrev150K3IBAN2 = "NL91ABNA0417164300"
)

// hrev150Reason imports one entry of 900,00 made of txs and returns the
// reason of its only proposal, which must be matched or not as matched says.
func hrev150Reason(t *testing.T, b *rvBank, matched bool, txs ...reconcile.BankTransaction) string {
	t.Helper()
	s := b.statement(d(3, 20), rvEntry{amount: "900.00"})
	s.Entries[0].Transactions = txs
	_, err := b.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	b.bal = s.Closing
	props := b.propose(t, reconcile.Rules{})
	require.Len(t, props, 1)
	require.Equal(t, matched, props[0].Matched, rvDescribe(props[0]))
	return props[0].Reason
}

func hrev150Bank(t *testing.T, f *fixture) *rvBank {
	b := newRvBank(t, f)
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: "Boulangerie Martin",
		BankAccounts: []ledger.BankAccount{{IBAN: hrev150K3IBAN}, {IBAN: hrev150K3IBAN2}}}))
	f.invoice(t, "K1", d(3, 1), "900.00")
	return b
}

// Four transactions by IBAN only: K3's two accounts, an account of no
// partner, K3's first account again. Two payers: K3 and the unknown one,
// each named once.
func TestHrev150SeveralPayersFourIBANs(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := hrev150Bank(t, f)
		reason := hrev150Reason(t, b, false,
			reconcile.BankTransaction{Counterparty: "x", CounterpartyIBAN: hrev150K3IBAN},
			reconcile.BankTransaction{Counterparty: "x", CounterpartyIBAN: hrev150K3IBAN2},
			reconcile.BankTransaction{Counterparty: "x", CounterpartyIBAN: hrev26CICIBAN},
			reconcile.BankTransaction{Counterparty: "x", CounterpartyIBAN: hrev150K3IBAN})
		require.Contains(t, reason, "its transactions come from the accounts of K3 and FR14 2004 1010 0505 0001 3M02 606; ")
	})
}

// Two transactions from K3's two accounts are one payer: not several,
// as before the change.
func TestHrev150SeveralPayersOnePartnersTwoIBANs(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := hrev150Bank(t, f)
		reason := hrev150Reason(t, b, true,
			reconcile.BankTransaction{Counterparty: "x", CounterpartyIBAN: hrev150K3IBAN},
			reconcile.BankTransaction{Counterparty: "x", CounterpartyIBAN: ident.IBAN(hrev150K3IBAN2)})
		require.NotContains(t, reason, "come from")
	})
}

// Three accounts of no partner: all three named, in order.
func TestHrev150SeveralPayersThreeUnknownIBANs(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := hrev150Bank(t, f)
		reason := hrev150Reason(t, b, false,
			reconcile.BankTransaction{CounterpartyIBAN: hrev26CICIBAN},
			reconcile.BankTransaction{CounterpartyIBAN: "GB29NWBK60161331926819"},
			reconcile.BankTransaction{CounterpartyIBAN: hrev26CICIBAN},
			reconcile.BankTransaction{CounterpartyIBAN: "ES9121000418450200051332"})
		require.Contains(t, reason, "its transactions come from the accounts of FR14 2004 1010 0505 0001 3M02 606, GB29 NWBK 6016 1331 9268 19 and ES91 2100 0418 4502 0005 1332; ")
	})
}

// Names only, mixed with an IBAN of a partner and no name: each payer
// named once, a name repeated in another spelling is one payer.
func TestHrev150SeveralPayersByName(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := hrev150Bank(t, f)
		reason := hrev150Reason(t, b, false,
			reconcile.BankTransaction{CounterpartyIBAN: rvK1IBAN},
			reconcile.BankTransaction{Counterparty: "CLIENT K2"},
			reconcile.BankTransaction{Counterparty: "Client K2"},
			reconcile.BankTransaction{Counterparty: "EPICERIE DURAND"})
		require.Contains(t, reason, "its transactions come from several payers, K1, CLIENT K2 and EPICERIE DURAND; ")
	})
}

// Two transactions, one by K1's IBAN and no name, one named as K1 without
// an IBAN: one payer, as before.
func TestHrev150SeveralPayersSameByNameAndIBAN(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := hrev150Bank(t, f)
		reason := hrev150Reason(t, b, true,
			reconcile.BankTransaction{CounterpartyIBAN: rvK1IBAN},
			reconcile.BankTransaction{Counterparty: "CLIENT K1"})
		require.NotContains(t, reason, "come from")
	})
}
