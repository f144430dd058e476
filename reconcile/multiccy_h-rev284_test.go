package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev284IBAN is a company account held in euros and in dollars.
const hrev284IBAN = "FR7630004000031234567890143"

// hrev284Setup gives hrev284IBAN a journal per currency: SGE in euros
// (512120) and SGU in dollars (512110).
func hrev284Setup(t *testing.T, f *fixture) {
	t.Helper()
	for _, a := range []struct{ code, ccy string }{{"512110", "USD"}, {"512120", "EUR"}} {
		acct := ledger.NewAccount(a.code, "SG "+a.ccy, ledger.KindBank)
		acct.Currency = currency.MustLookup(a.ccy)
		require.NoError(t, f.book.AddAccount(ctx, acct))
	}
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "SGE", Name: "SG EUR", Kind: ledger.JournalBank, BankAccount: "512120", IBAN: hrev284IBAN}))
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "SGU", Name: "SG USD", Kind: ledger.JournalBank, BankAccount: "512110", IBAN: hrev284IBAN}))
}

// Was failing, fixed: a currency conversion inside a multi-currency account (one IBAN,
// SGE in EUR and SGU in USD) shows on each statement with the account's
// own IBAN as counterparty. The euro side (−920.00 EUR) is proposed as
// "a transfer between the company's own accounts (journal SGU)", but the
// dollar side (+1 000.00 USD) is not: the matcher keeps one journal per
// IBAN (importMatcher.own, the last by code, SGU) and ownJournal drops
// it as "this journal's own IBAN". Expected both sides recognised as an
// internal transfer (PCG 580 "virements internes"; Odoo posts a transfer
// between two journals of the company to the internal transfer account
// whatever their currency), the dollar side naming journal SGE; actual:
// its reason says nothing of the company's own accounts, and it is left
// to the partner rules.
func TestHrev284OwnConversionBetweenCurrencyJournals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev284Setup(t, f)
		eurSide := reconcile.BankEntry{Ref: "CONV-E", BookingDate: d(3, 10), Amount: e("-920.00"), Label: "CHANGE EUR/USD",
			Transactions: []reconcile.BankTransaction{{Counterparty: "MA SOCIETE", CounterpartyIBAN: hrev284IBAN}}}
		s := h151Stmt(hrev284IBAN, "SG-EUR-03", "5000.00", d(3, 10), eurSide)
		ps := h154Propose(t, f, "SGE", s)
		require.Len(t, ps, 1)
		assert.Contains(t, ps[0].Reason, "a transfer between the company's own accounts (journal SGU)", h151Desc(ps))

		usdSide := reconcile.BankEntry{Ref: "CONV-U", BookingDate: d(3, 10), Amount: hrev284USD("1000.00"), Label: "CHANGE EUR/USD",
			Transactions: []reconcile.BankTransaction{{Counterparty: "MA SOCIETE", CounterpartyIBAN: hrev284IBAN}}}
		u := reconcile.BankStatement{Account: ident.IBAN(hrev284IBAN), ID: "SG-USD-03", Currency: usd,
			Opening: hrev284USD("0.00"), OpeningDate: d(3, 10), ClosingDate: d(3, 10), Closing: hrev284USD("1000.00"),
			Entries: []reconcile.BankEntry{usdSide}}
		ps = h154Propose(t, f, "SGU", u)
		require.Len(t, ps, 1)
		assert.Contains(t, ps[0].Reason, "a transfer between the company's own accounts (journal SGE)", h151Desc(ps))
	})
}

func hrev284USD(s string) currency.Amount { return currency.MustParse(usd, s) }

// Was failing, fixed: a SEPA payment run (pain.001, in euros) asked of SGU, the dollar
// journal of the multi-currency account hrev284IBAN (its bank account
// 512110 fixed to USD), is accepted: 500.00 EUR of S1's bill registered
// as a payment waiting on SGU. The bank debits the file's euros from the
// account's euro balance, so the line comes back on the euro statement
// (journal SGE), where no payment of the run waits, and SGU's dollar
// balance never moves. Expected ErrRun, as for a book kept in another
// currency ("a SEPA transfer is in euros": EPC SCT Rulebook §1.3, "all
// transactions are in euro") — the run belongs to SGE, the journal of
// the account in euros (as DrawBill picks for a BOR at such an account);
// actual: no error, one payment on SGU.
func TestHrev284PaymentRunFromDollarJournal(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for _, a := range []struct{ code, ccy string }{{"512110", "USD"}, {"512120", "EUR"}} {
			acct := ledger.NewAccount(a.code, "SG "+a.ccy, ledger.KindBank)
			acct.Currency = currency.MustLookup(a.ccy)
			require.NoError(t, f.book.AddAccount(ctx, acct))
		}
		for _, j := range []struct{ code, acct string }{{"SGE", "512120"}, {"SGU", "512110"}} {
			require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: j.code, Name: "SG " + j.code, Kind: ledger.JournalBank,
				BankAccount: j.acct, IBAN: hrev284IBAN, UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"}))
		}
		rrSupplier(t, f, "S9", "Fournisseur S9", "", ledger.Address{})
		rrBill(t, f, "S9", d(3, 1), d(3, 20), "500.00", "F-S9-1")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "SGU", Date: d(3, 15), DueBy: d(3, 31)})
		require.ErrorIs(t, err, reconcile.ErrRun, "a SEPA run in euros from the dollar journal: %+v", run.Payments)
		require.ErrorContains(t, err, "kept in USD: run it from journal SGE")
	})
}

// Was failing, fixed: as TestHrev284PaymentRunFromDollarJournal for direct debits: a
// SEPA collection run (pain.008, in euros: EPC SDD Core Rulebook, "all
// transactions are in euro") asked of SGU, the dollar journal of the
// multi-currency account, is accepted and its receipts wait on SGU,
// while the bank credits the euros to the account's euro balance (the
// euro statement, journal SGE). Expected ErrCollection; actual: no error.
func TestHrev284CollectionRunFromDollarJournal(t *testing.T) {
	t.Parallel()
	f := hrev216Fixture(t)
	for _, a := range []struct{ code, ccy, journal string }{{"512110", "USD", "SGU"}, {"512120", "EUR", "SGE"}} {
		acct := ledger.NewAccount(a.code, "SG "+a.ccy, ledger.KindBank)
		acct.Currency = currency.MustLookup(a.ccy)
		require.NoError(t, f.book.AddAccount(ctx, acct))
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: a.journal, Name: "SG " + a.ccy, Kind: ledger.JournalBank, BankAccount: a.code,
			IBAN: hrev284IBAN, UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"}))
	}
	hrev216Customer(t, f, "C7", "DE89370400440532013000", d(1, 5))
	date := d(3, 16)
	h201Invoice(t, f, "C7", date.AddDays(-20), date.AddDays(-1), "100.00", "FA-C7")
	run, err := f.rec.RunCollections(ctx, reconcile.CollectionRequest{Journal: "SGU", Date: date, DueBy: date,
		Creditor: "Atelier Leveque", CreditorID: h201ICS})
	require.ErrorIs(t, err, reconcile.ErrCollection, "a SEPA collection in euros on the dollar journal: %+v", run)
	require.ErrorContains(t, err, "SEPA direct debits are in euros, and journal SGU's bank account 512110 is kept in USD")
}
