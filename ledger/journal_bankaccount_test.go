package ledger

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A journal's bank account holds money: an expense, income or partner
// account is refused with ErrKind and nothing is written; a bank account
// is taken.
func TestAddJournalBankAccountHoldsMoney(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			for _, code := range []string{"627000", "706000", "411000"} {
				before := dump(t, st)
				err := b.AddJournal(ctx, Journal{Code: "X" + code[:1], Name: "Banque", Kind: JournalBank, BankAccount: code})
				require.ErrorIs(t, err, ErrKind, code)
				assert.Contains(t, err.Error(), code)
				assert.Equal(t, before, dump(t, st), "%s: nothing written", code)
			}
			require.NoError(t, b.AddJournal(ctx, Journal{Code: "BQ2", Name: "Banque 2", Kind: JournalBank, BankAccount: "512000"}))
		})
	}
}

// A journal that uses outstanding accounts may not name its bank account as
// one of them: receipts waiting for the bank would sit on the account the
// statement clears them to (ErrKind, nothing written). Without outstanding
// accounts the same names are not read, and the journal is taken.
func TestAddJournalOutstandingNotItsBankAccount(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			for _, j := range []Journal{
				{Code: "BN2", Name: "Banque 2", Kind: JournalBank, BankAccount: "512100", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"},
				{Code: "BN3", Name: "Banque 3", Kind: JournalBank, BankAccount: "512200", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"},
			} {
				before := dump(t, st)
				err := b.AddJournal(ctx, j)
				require.ErrorIs(t, err, ErrKind, j.Code)
				assert.Contains(t, err.Error(), "is its bank account", j.Code)
				assert.Equal(t, before, dump(t, st), "%s: nothing written", j.Code)
			}
			// Only a bank or cash journal's payments wait for a statement.
			before := dump(t, st)
			err := b.AddJournal(ctx, Journal{Code: "OD3", Name: "Divers", Kind: JournalGeneral,
				UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"})
			require.ErrorIs(t, err, ErrKind)
			assert.Contains(t, err.Error(), "only a bank or cash journal uses outstanding accounts")
			assert.Equal(t, before, dump(t, st))
			require.NoError(t, b.AddJournal(ctx, Journal{Code: "BN4", Name: "Banque 4", Kind: JournalBank, BankAccount: "512000",
				UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"}))
			require.NoError(t, b.Check(ctx))
		})
	}
}
