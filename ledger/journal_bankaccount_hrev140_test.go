package ledger

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Pin: legitimate journals are still taken: a cash journal on 531000 (a
// second cash box, kind from its prefix), a bank journal on 512100 (the
// chart's outstanding receipts), on 580000 and on a 455000 partners'
// current account (no kind).
func TestHrev140AddJournalLegitimateBankAccounts(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			require.NoError(t, b.AddAccount(ctx, AccountOfCode("531000", "Caisse 2")))
			require.NoError(t, b.AddJournal(ctx, Journal{Code: "CA2", Name: "Caisse 2", Kind: JournalCash, BankAccount: "531000"}))
			require.NoError(t, b.AddJournal(ctx, Journal{Code: "BQ3", Name: "Remises", Kind: JournalBank, BankAccount: "512100"}))
			require.NoError(t, b.AddJournal(ctx, Journal{Code: "VI", Name: "Virements", Kind: JournalBank, BankAccount: "580000"}))
			require.NoError(t, b.AddJournal(ctx, Journal{Code: "CCA", Name: "Compte courant", Kind: JournalBank, BankAccount: "455000"}))
		})
	}
}
