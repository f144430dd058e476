package reconcile_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// A bank entry from an account no partner holds, whose counterparty's
// name is one partner's, is matched as an entry from that partner's
// known account would be.

// nameEntry imports a statement of one entry from counterparty name
// (no IBAN known, no remittance) and returns the proposals under rules.
func (b *rvBank) nameEntry(t *testing.T, on journal.Date, amount, name, iban string, rules reconcile.Rules) []reconcile.ImportedProposal {
	t.Helper()
	s := b.statement(on, rvEntry{amount: amount, iban: iban})
	s.Entries[0].Transactions[0].Counterparty = name
	_, err := b.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	b.bal = s.Closing
	return b.propose(t, rules)
}

func TestProposeImportedByCounterpartyName(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: "Dupont et Fils SARL"}))
		f.invoice(t, "K3", d(3, 1), "300.00")
		inv := f.invoice(t, "K3", d(3, 2), "500.00")
		props := b.nameEntry(t, d(3, 20), "500.00", "SARL DUPONT & FILS", "", reconcile.Rules{NoCounterpartyNames: true})
		require.Len(t, props, 1)
		require.False(t, props[0].Matched, "names turned off: %s", props[0].Reason)

		props = b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		pr := props[0]
		require.True(t, pr.Matched, pr.Reason)
		require.Equal(t, "K3", pr.Target.Partner)
		require.Equal(t, []journal.ID{inv.ID}, pr.Target.Invoices)
		require.Equal(t, `"SARL DUPONT & FILS" is K3's name; `+inv.Name()+" is its only open document of 500,00\u00a0€", pr.Reason)
		_, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		f.check(t)
	})
}

// The partner found by its name is matched by the amount rules of a
// partner known by its IBAN: a combination of its documents here.
func TestProposeImportedByCounterpartyNameCombination(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: "Boulangerie Lefèvre"}))
		i1 := f.invoice(t, "K3", d(3, 1), "120.00")
		i2 := f.invoice(t, "K3", d(3, 2), "80.00")
		f.invoice(t, "K3", d(3, 3), "1000.00")
		props := b.nameEntry(t, d(3, 20), "200.00", "BOULANGERIE LEFEVRE", "FR7630004000031234567890143", reconcile.Rules{})
		require.Len(t, props, 1)
		pr := props[0]
		require.True(t, pr.Matched, pr.Reason)
		require.Equal(t, reconcile.Combination, pr.Confidence, pr.Reason)
		require.ElementsMatch(t, []journal.ID{i1.ID, i2.ID}, pr.Target.Invoices)
		require.Contains(t, pr.Reason, `"BOULANGERIE LEFEVRE" is K3's name`)
	})
}

// Two partners of one name: neither, and the reason says so. A name is
// not taken over a known IBAN: the account says whose the money is.
func TestProposeImportedByCounterpartyNameAmbiguousOrIBAN(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: "Martin SAS"}))
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K4", Name: "MARTIN"}))
		f.invoice(t, "K3", d(3, 1), "500.00")
		f.invoice(t, "K4", d(3, 1), "700.00")
		props := b.nameEntry(t, d(3, 20), "500.00", "MARTIN", "", reconcile.Rules{})
		require.Len(t, props, 1)
		require.False(t, props[0].Matched, props[0].Reason)
		require.Contains(t, props[0].Reason, `ambiguous: "MARTIN" is the name of K3, K4`)

		// K1's IBAN, the name of K3's company: K1's money.
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K5", Name: "Lefèvre Frères"}))
		f.invoice(t, "K5", d(3, 1), "900.00")
		k1 := f.invoice(t, "K1", d(3, 1), "900.00")
		props = b.nameEntry(t, d(3, 21), "900.00", "LEFEVRE FRERES", rvK1IBAN, reconcile.Rules{})
		var got *reconcile.ImportedProposal
		for i := range props {
			if props[i].Amount.Equal(e("900.00")) {
				got = &props[i]
			}
		}
		require.NotNil(t, got)
		require.Equal(t, "K1", got.Target.Partner, got.Reason)
		require.Equal(t, []journal.ID{k1.ID}, got.Target.Invoices)
	})
}

// A partner known by its IBAN or its name who has a payment registered
// of the amount, waiting for the bank, beside an open invoice of the
// amount: the bank line is that payment. Paying the invoice with it
// would count the money twice and leave the payment waiting for ever.
func TestProposeImportedFromPartnerClearsItsWaitingPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: "Boulangerie Lefèvre"}))
		for _, c := range []struct {
			partner, name, iban string
		}{{"K1", "someone", rvK1IBAN}, {"K3", "BOULANGERIE LEFEVRE", ""}} {
			f.invoice(t, c.partner, d(3, 1), "500.00")
			pay := b.receiveRef(t, c.partner, d(3, 10), "500.00", "") // on account, no invoice named
			props := b.nameEntry(t, d(3, 20), "500.00", c.name, c.iban, reconcile.Rules{})
			var got *reconcile.ImportedProposal
			for i := range props {
				if props[i].Matched || props[i].Reason != "" && strings.Contains(props[i].Reason, c.partner) {
					got = &props[i]
				}
			}
			require.NotNil(t, got, "%v", props)
			require.Equal(t, []journal.ID{pay.ID}, got.Target.Payments, rvDescribe(*got))
			require.Contains(t, got.Reason, "its payment "+pay.Name()+" waits of 500,00")
			_, err := f.rec.ApplyImported(ctx, journal.NoID, []reconcile.ImportedProposal{*got})
			require.NoError(t, err)
			f.check(t)
		}
	})
}

// An entry grouping the transfers of two partners known by their IBANs
// is neither's: the first's invoice of the total is not paid with the
// second's money.
func TestProposeImportedSeveralPartnersIBANs(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "800.00")
		f.invoice(t, "K2", d(3, 1), "300.00")
		s := b.statement(d(3, 20), rvEntry{amount: "800.00", iban: rvK1IBAN})
		s.Entries[0].Transactions = append(s.Entries[0].Transactions, reconcile.BankTransaction{Counterparty: "other", CounterpartyIBAN: rvK2IBAN})
		_, err := b.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		b.bal = s.Closing
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		require.False(t, props[0].Matched, rvDescribe(props[0]))
		require.Contains(t, props[0].Reason, "its transactions come from the accounts of K1 and K2")
	})
}

// Three payers in one entry are all named: the reason says whose money it
// holds, not the first two payers only.
func TestProposeImportedThreePayersNamed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "800.00")
		s := b.statement(d(3, 20), rvEntry{amount: "800.00", iban: rvK1IBAN})
		s.Entries[0].Transactions = append(s.Entries[0].Transactions,
			reconcile.BankTransaction{Counterparty: "other", CounterpartyIBAN: rvK2IBAN},
			reconcile.BankTransaction{Counterparty: "third", CounterpartyIBAN: hrev26CICIBAN})
		_, err := b.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		b.bal = s.Closing
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		require.False(t, props[0].Matched, rvDescribe(props[0]))
		require.Contains(t, props[0].Reason, "its transactions come from the accounts of K1, K2 and FR14 2004 1010 0505 0001 3M02 606")
	})
}
