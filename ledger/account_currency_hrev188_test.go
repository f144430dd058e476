package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// Account.Currency's godoc: set to the book's own currency it keeps
// foreign-currency lines off the account (ErrAccountCurrency) and is
// otherwise as if unset: euro lines post on it.
func TestHrev188AccountInOwnCurrency(t *testing.T) {
	b := testBook(t, memstore.New())
	a := NewAccount("512700", "Banque EUR", KindBank)
	a.Currency = eur
	require.NoError(t, b.AddAccount(ctx, a))
	mustPost(t, b, journal.Entry{Journal: "OD", Date: d(3, 1), Type: journal.TypeMisc, Lines: []journal.Line{
		{Account: "512700", Balance: e("10.00")}, {Account: "758000", Balance: e("-10.00")}}})
	_, err := b.Post(ctx, journal.Entry{Journal: "OD", Date: d(3, 2), Type: journal.TypeMisc, Currency: usd, Lines: []journal.Line{
		{Account: "512700", Balance: e("10.00"), AmountCurrency: u("12.00")}, {Account: "758000", Balance: e("-10.00"), AmountCurrency: u("-12.00")}}})
	require.ErrorIs(t, err, ErrAccountCurrency)
	bal, err := b.Balance(ctx, BalanceQuery{Account: "512700"})
	require.NoError(t, err)
	require.Equal(t, "10.00", bal.Debit.Plain())
}
