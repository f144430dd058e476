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

var h151usd = currency.MustLookup("USD")

// A transfer of 920.00 EUR from BNP that arrives as 1 000.00 USD on the
// USD account (book rate 1.08: 925.93 EUR). Both sides on 580000: the
// lettering consumes the EUR side (920.00 EUR = 993.60 USD at the USD
// line's rate), leaves 6.40 USD / 5.93 EUR open on the USD side, and an
// OD of 5.93 to 766000 closes the group (AAA), 580000 at 0.00.
func TestHrev151FXTransferClearedOnTransferAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		require.NoError(t, f.book.SetRate(ctx, h151usd, d(1, 1), currency.MustParseRate("1.08")))
		a := ledger.NewAccount("512400", "Banque USD", ledger.KindBank)
		a.Currency = h151usd
		require.NoError(t, f.book.AddAccount(ctx, a))
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BQU", Name: "Banque USD", Kind: ledger.JournalBank,
			BankAccount: "512400", IBAN: h151USDI}))
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-920.00"), Label: "VIR INTERNE USD",
			Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: h151USDI}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		in := reconcile.BankStatement{Account: h151USDI, ID: "USD-03", Currency: h151usd, Opening: currency.MustParse(h151usd, "0.00"),
			Closing: currency.MustParse(h151usd, "1000.00"), OpeningDate: d(3, 11), ClosingDate: d(3, 11),
			Entries: []reconcile.BankEntry{{Ref: "U1", BookingDate: d(3, 11), Amount: currency.MustParse(h151usd, "1000.00"),
				Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: h151BNP}}}}}
		_, err = f.rec.ImportStatement(ctx, in)
		require.NoError(t, err)
		pu, err := f.rec.ProposeImported(ctx, "BQU", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, pu, 1)
		assert.False(t, pu[0].Matched, h151Desc(pu))
		rb, err := f.rec.PostImported(ctx, journal.NoID, "BNP", "BNP-03", "B1", reconcile.ImportedTarget{Account: "580000"})
		require.NoError(t, err)
		ru, err := f.rec.PostImported(ctx, journal.NoID, "BQU", "USD-03", "U1", reconcile.ImportedTarget{Account: "580000"})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, ru.Entries, 1)
		assert.Equal(t, "-925.93", ru.Entries[0].Lines[0].Balance.Plain())
		assert.Equal(t, "-1000.00", ru.Entries[0].Lines[0].AmountCurrency.Plain())
		assert.Equal(t, "-5.93", h151Bal(t, f, "580000", ""))

		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{rb.Entries[0].LineRef(0), ru.Entries[0].LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Partials, 1)
		assert.Equal(t, "920.00", res.Partials[0].Amount.Plain())
		assert.Equal(t, "993.60", res.Partials[0].CreditAmountCurrency.Plain())
		assert.Empty(t, res.Matches)

		od := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 11), Lines: []journal.Line{
			{Account: "580000", Balance: e("5.93")}, {Account: "766000", Balance: e("-5.93")}}})
		res2, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{od.LineRef(0), ru.Entries[0].LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res2.Matches, 1)
		assert.Equal(t, "AAA", res2.Matches[0].Code)
		assert.Equal(t, "6.40", res2.Partials[0].CreditAmountCurrency.Plain())
		assert.Equal(t, "0.00", h151Bal(t, f, "580000", ""))
		assert.Equal(t, "-5.93", h151Bal(t, f, "766000", ""))
	})
}
