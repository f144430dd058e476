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
