package bank_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
)

// An account's first journal, on a bank account fixed to no currency
// (512000, as a book is set up), keeps its IBAN when the account is
// opened in dollars too: a journal on a bank account fixed to USD is
// added beside it; the file's euro statement goes to the first journal,
// the dollar one to the new. A second journal fixed to the company
// currency, or to no currency, beside the unfixed one is still refused:
// euro statements would have two journals to go to.
func TestImportMultiCurrencyBesideUnfixedJournal(t *testing.T) {
	t.Parallel()
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: currency.MustLookup("EUR")})
			require.NoError(t, err)
			require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "SG", Kind: ledger.JournalBank, BankAccount: "512000", IBAN: rev281IBAN}))
			for _, a := range []struct{ code, ccy string }{{"512010", "EUR"}, {"512020", "USD"}} {
				acct := ledger.NewAccount(a.code, "SG "+a.ccy, ledger.KindBank)
				acct.Currency = currency.MustLookup(a.ccy)
				require.NoError(t, b.AddAccount(ctx, acct))
			}
			require.ErrorIs(t, b.AddJournal(ctx, ledger.Journal{Code: "SGE", Name: "SG EUR", Kind: ledger.JournalBank, BankAccount: "512010", IBAN: rev281IBAN}), ledger.ErrDuplicate)
			require.ErrorIs(t, b.AddJournal(ctx, ledger.Journal{Code: "SGX", Name: "SG any", Kind: ledger.JournalBank, BankAccount: "512000", IBAN: rev281IBAN}), ledger.ErrDuplicate)
			require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SGU", Name: "SG USD", Kind: ledger.JournalBank, BankAccount: "512020", IBAN: rev281IBAN}))
			r, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)

			ss, err := bank.ReadCamt053(strings.NewReader(rev281Camt(
				rev281Stmt("SG-EUR-03", "EUR", "1000.00", "250.00", "1250.00"),
				rev281Stmt("SG-USD-03", "USD", "500.00", "120.00", "620.00"))), bank.ReadOptions{})
			require.NoError(t, err)
			got, err := r.ImportStatements(ctx, ss)
			require.NoError(t, err)
			require.Equal(t, []reconcile.Imported{
				{Journal: "SG", Statement: "SG-EUR-03", New: true, Entries: 1},
				{Journal: "SGU", Statement: "SG-USD-03", New: true, Entries: 1},
			}, got)
			require.NoError(t, b.Check(ctx))
		})
	}
}
