package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// A BOR domiciled by its IBAN at a company account held in dollars and in
// euros, a journal for each, is settled by the euro journal whatever the
// codes' order (a bill is in the company currency); an account with only a
// dollar journal is refused with ErrConfig, nothing written. It took the
// first journal by code, the dollar one, and the euro statement line that
// paid it was refused.
func TestBORAtMultiCurrencyAccount(t *testing.T) {
	t.Parallel()
	const iban = "FR7630004000031234567890143"
	onStores(t, func(t *testing.T, f *fixture) {
		for _, a := range []struct{ code, ccy string }{{"512110", "USD"}, {"512120", "EUR"}} {
			acct := ledger.NewAccount(a.code, "SG "+a.ccy, ledger.KindBank)
			acct.Currency = currency.MustLookup(a.ccy)
			require.NoError(t, f.book.AddAccount(ctx, acct))
		}
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "AUS", Name: "SG USD", Kind: ledger.JournalBank, BankAccount: "512110", IBAN: iban}))
		bl := f.bill(t, "S1", d(4, 1), "800.00")
		before := f.snapshot(t)
		_, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: d(4, 5),
			DueDate: d(5, 31), Invoices: []journal.ID{bl.ID}, Ref: "BOR-9", IBAN: iban})
		require.ErrorIs(t, err, reconcile.ErrConfig)
		assert.ErrorContains(t, err, "AUS")
		f.unchanged(t, before)

		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BEU", Name: "SG EUR", Kind: ledger.JournalBank, BankAccount: "512120", IBAN: iban}))
		res, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: d(4, 5),
			DueDate: d(5, 31), Invoices: []journal.ID{bl.ID}, Ref: "BOR-9", IBAN: iban})
		require.NoError(t, err)
		_, err = f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BEU", Date: d(5, 31), Amount: e("-800.00"),
			Partner: "S1", Invoices: []journal.ID{res.Entries[0].ID}, Ref: "BOR-9"})
		require.NoError(t, err)
		assert.Equal(t, "-800.00", f.balance(t, "512120"))
		assert.Equal(t, reconcile.Paid, f.state(t, bl).State)
		f.check(t)
	})
}
