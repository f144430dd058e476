package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// A French IBAN whose RIB key is wrong (its own check digits right) is
// refused when a journal is added, but one stored by a release that did
// not check the key is not damage: Check and Verify pass the book.
func TestJournalIBANWrongRIBKeyStoredBefore(t *testing.T) {
	const old = "FR5430006000011234567890100" // RIB key 00, the account's is 89
	_, err := ident.ParseIBAN(old)
	require.ErrorIs(t, err, ident.ErrRIBKey)
	require.ErrorIs(t, err, ident.ErrIBAN)
	b := testBook(t, memstore.New())
	require.ErrorIs(t, b.AddJournal(ctx, Journal{Code: "BQ2", Name: "Banque", Kind: JournalBank, IBAN: old}), ident.ErrIBAN)
	b.strict = false
	require.NoError(t, b.Update(ctx, func(t *Tx) error {
		return putNew(t.st, bJournal, "BQ2", journalRec{Code: "BQ2", Name: "Banque", Kind: uint8(JournalBank), IBAN: old})
	}))
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.Verify(ctx))
	// Still refused when it is not a bank journal's.
	require.NoError(t, b.Update(ctx, func(t *Tx) error {
		return putNew(t.st, bJournal, "OD2", journalRec{Code: "OD2", Name: "Divers", Kind: uint8(JournalGeneral), IBAN: old})
	}))
	require.Error(t, b.Check(ctx))
}
