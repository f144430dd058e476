package bank_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

var ctx = context.Background()

// bookWithBankAccount is a book with the French chart and a bank journal
// "BNP" holding the samples' account.
func bookWithBankAccount(t *testing.T, s storetest.Backend) (*ledger.Book, *reconcile.Reconciler) {
	b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: currency.MustLookup("EUR")})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP Paribas", Kind: ledger.JournalBank,
		BankAccount: "512000", IBAN: "fr76 3000 6000 0112 3456 7890 189"}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	return b, r
}

func TestImportStatements(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r := bookWithBankAccount(t, s)
			ss, err := bank.ReadCamt053(strings.NewReader(readFile(t, "camt053-08.xml")), bank.ReadOptions{})
			require.NoError(t, err)
			march, april := ss[0], ss[1]

			// The first statement of an account follows nothing; each next
			// one opens at the last one's closing balance.
			got, err := r.ImportStatement(ctx, march)
			require.NoError(t, err)
			require.Equal(t, reconcile.Imported{Journal: "BNP", Statement: "STMT-2026-03", New: true, Entries: 5}, got)
			// The same file again: nothing written, and said.
			again, err := r.ImportStatement(ctx, march)
			require.NoError(t, err)
			require.False(t, again.New)
			got, err = r.ImportStatement(ctx, april)
			require.NoError(t, err)
			require.True(t, got.New)
			kept, err := r.Statements(ctx, "BNP")
			require.NoError(t, err)
			require.Len(t, kept, 2)
			require.Equal(t, march, kept[0], "a statement reads back as imported")

			// The same id with other content; a statement that does not
			// follow the last one; an account no journal holds.
			other := april
			other.Entries = append([]reconcile.BankEntry(nil), april.Entries...)
			other.Entries[0].Label = "changed"
			_, err = r.ImportStatement(ctx, other)
			require.ErrorIs(t, err, reconcile.ErrStatement)
			require.Contains(t, err.Error(), "other content")
			may := april
			may.ID, may.Opening, may.Closing = "STMT-2026-05", currency.MustParse(march.Currency, "1.00"), currency.MustParse(march.Currency, "11.00")
			_, err = r.ImportStatement(ctx, may)
			require.ErrorIs(t, err, reconcile.ErrStatement)
			require.Contains(t, err.Error(), "opens at 1.00 EUR, the previous one (STMT-2026-04) closed at 1940.00 EUR")
			foreign := april
			foreign.ID, foreign.Account = "X", "DE89370400440532013000"
			_, err = r.ImportStatement(ctx, foreign)
			require.ErrorIs(t, err, reconcile.ErrBankAccount)
			bad := april
			bad.ID, bad.Closing = "STMT-2026-05", currency.MustParse(march.Currency, "1.00")
			_, err = r.ImportStatement(ctx, bad)
			require.ErrorIs(t, err, reconcile.ErrStatement)
			kept, err = r.Statements(ctx, "BNP")
			require.NoError(t, err)
			require.Len(t, kept, 2)
			require.NoError(t, b.Check(ctx))

			// CFONB statements of the same account follow their own chain
			// of balances: a book takes one format per account.
			cf, err := bank.ReadCFONB120(strings.NewReader(readFile(t, "cfonb120.txt")), bank.ReadOptions{})
			require.NoError(t, err)
			_, err = r.ImportStatement(ctx, cf[0])
			require.ErrorIs(t, err, reconcile.ErrStatement)
		})
	}
}

func TestJournalIBAN(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, _ := bookWithBankAccount(t, s)
			j, err := b.Journal(ctx, "BNP")
			require.NoError(t, err)
			require.Equal(t, ident.IBAN("FR7630006000011234567890189"), j.IBAN)
			err = b.AddJournal(ctx, ledger.Journal{Code: "X1", Name: "x", Kind: ledger.JournalBank, BankAccount: "512000", IBAN: "FR7630006000011234567890198"})
			require.ErrorIs(t, err, ident.ErrIBAN)
			err = b.AddJournal(ctx, ledger.Journal{Code: "X2", Name: "x", Kind: ledger.JournalSale, IBAN: "DE89370400440532013000"})
			require.ErrorIs(t, err, ledger.ErrKind)
			err = b.AddJournal(ctx, ledger.Journal{Code: "X3", Name: "x", Kind: ledger.JournalBank, BankAccount: "512000", IBAN: "FR7630006000011234567890189"})
			require.ErrorIs(t, err, ledger.ErrDuplicate)
			require.NoError(t, b.View(ctx, func(tx *ledger.Tx) error {
				j, found, err := tx.JournalByIBAN("FR7630006000011234567890189")
				require.True(t, found)
				require.Equal(t, "BNP", j.Code)
				return err
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}
