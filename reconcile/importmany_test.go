package reconcile_test

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A file's statements are imported together or not at all: the third of
// three opening at another balance than the second closed refuses the
// file, and the first two are not kept either; the file fixed imports
// the three, each following the one before in the same transaction, and
// importing it again is nothing new.
func TestImportStatementsAllOrNothing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		const iban = "FR7630006000011234567890189"
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP Paribas", Kind: ledger.JournalBank,
			BankAccount: "512000", IBAN: iban}))
		stmt := func(id string, day int, opening, amount, closing string) reconcile.BankStatement {
			date := journal.MustDate(2026, time.March, day)
			return reconcile.BankStatement{Account: iban, ID: id, Currency: eur, Opening: e(opening), Closing: e(closing),
				OpeningDate: date, ClosingDate: date,
				Entries: []reconcile.BankEntry{{Ref: id + "-1", BookingDate: date, Amount: e(amount), Label: "VIR " + id}}}
		}
		before := f.snapshot(t)
		_, err := f.rec.ImportStatements(ctx, []reconcile.BankStatement{
			stmt("S1", 2, "0.00", "10.00", "10.00"), stmt("S2", 3, "10.00", "5.00", "15.00"), stmt("S3", 4, "99.00", "1.00", "100.00")})
		require.ErrorIs(t, err, reconcile.ErrStatement)
		assert.Contains(t, err.Error(), "statement 3 of 3 (S3)")
		f.unchanged(t, before)
		imps, err := f.rec.ImportStatements(ctx, []reconcile.BankStatement{
			stmt("S1", 2, "0.00", "10.00", "10.00"), stmt("S2", 3, "10.00", "5.00", "15.00"), stmt("S3", 4, "15.00", "1.00", "16.00")})
		require.NoError(t, err)
		require.Len(t, imps, 3)
		for _, imp := range imps {
			assert.True(t, imp.New)
			assert.Equal(t, "BNP", imp.Journal)
		}
		open, err := f.rec.OpenImported(ctx, "BNP")
		require.NoError(t, err)
		assert.Len(t, open, 3)
		imps, err = f.rec.ImportStatements(ctx, []reconcile.BankStatement{stmt("S3", 4, "15.00", "1.00", "16.00")})
		require.NoError(t, err)
		assert.False(t, imps[0].New)
		f.check(t)
	})
}
