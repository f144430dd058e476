package reconcile_test

// Review 31: a bank account in a foreign currency (USD) in a EUR book.
// The French chart's 512100 is the outstanding receipts account, so the
// USD bank account here is 512400 (Currency USD), booked by journal BQU
// (straight to the bank, its IBAN set). Rates: 1 EUR = 1.10 USD from
// 2026-01-01, 1.25 USD from 2026-03-10.

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const review31IBAN = "FR7630006000011234567890189"

var r31usd = currency.MustLookup("USD")

func u31(s string) currency.Amount { return currency.MustParse(r31usd, s) }

type r31 struct {
	f              *fixture
	usdInv, eurInv journal.Entry
}

func review31Setup(t *testing.T, f *fixture) *r31 {
	t.Helper()
	require.NoError(t, f.book.SetRate(ctx, r31usd, d(1, 1), currency.MustParseRate("1.10")))
	require.NoError(t, f.book.SetRate(ctx, r31usd, d(3, 10), currency.MustParseRate("1.25")))
	a := ledger.NewAccount("512400", "Banque USD", ledger.KindBank)
	a.Currency = r31usd
	require.NoError(t, f.book.AddAccount(ctx, a))
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BQU", Name: "Banque USD", Kind: ledger.JournalBank,
		BankAccount: "512400", IBAN: review31IBAN}))
	x := &r31{f: f}
	// 1 100.00 USD at 1.10 = 1 000.00 EUR.
	x.usdInv = f.post(t, journal.Entry{Journal: "VT", Date: d(1, 15), Type: journal.TypeInvoice, Currency: r31usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", AmountCurrency: u31("1100.00"), Balance: e("1000.00"), DueDate: d(2, 15)},
		{Account: "706000", AmountCurrency: u31("-1100.00"), Balance: e("-1000.00")},
	}})
	x.eurInv = f.invoice(t, "C2", d(2, 1), "400.00")
	return x
}

// The statement of 2026-03-10: 1 100.00 USD from C1 (the USD invoice,
// worth 880.00 EUR at 1.25: a 120.00 exchange loss), 500.00 USD from C2
// (the EUR invoice of 400.00: 500/1.25 = 400.00 EUR, no difference), a
// 12.50 USD fee (10.00 EUR).
func review31Statement(id, opening, closing string) reconcile.BankStatement {
	day := d(3, 10)
	return reconcile.BankStatement{Account: review31IBAN, ID: id, Currency: r31usd, Opening: u31(opening), Closing: u31(closing),
		OpeningDate: day, ClosingDate: day, Entries: []reconcile.BankEntry{
			{Ref: id + "-R1", BookingDate: day, Amount: u31("1100.00"), Label: "VIR C1",
				Transactions: []reconcile.BankTransaction{{Counterparty: "Partner C1", Remittance: "payment"}}},
			{Ref: id + "-R2", BookingDate: day, Amount: u31("500.00"), Label: "VIR C2"},
			{Ref: id + "-F1", BookingDate: day, Amount: u31("-12.50"), Label: "FRAIS"},
		}}
}

func (x *r31) bal(t *testing.T, acct string, cur currency.Currency) ledger.Balance {
	t.Helper()
	b, err := x.f.book.Balance(ctx, ledger.BalanceQuery{Account: acct, Currency: cur})
	require.NoError(t, err)
	return b
}

func (x *r31) postAll(t *testing.T, id string) {
	t.Helper()
	f := x.f
	_, err := f.rec.PostImported(ctx, journal.NoID, "BQU", id, id+"-R1", reconcile.ImportedTarget{Partner: "C1", Invoices: []journal.ID{x.usdInv.ID}})
	require.NoError(t, err)
	_, err = f.rec.PostImported(ctx, journal.NoID, "BQU", id, id+"-R2", reconcile.ImportedTarget{Partner: "C2", Invoices: []journal.ID{x.eurInv.ID}})
	require.NoError(t, err)
	_, err = f.rec.PostImported(ctx, journal.NoID, "BQU", id, id+"-F1", reconcile.ImportedTarget{Account: "627000"})
	require.NoError(t, err)
}

// Posting the USD statement by hand: the bank account holds the closing
// balance in USD and its EUR value at the booking date's rate; both
// invoices are paid; the USD invoice's 120.00 loss is posted; Check passes.
func TestReview31USDStatementPosted(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := review31Setup(t, f)
		imp, err := f.rec.ImportStatement(ctx, review31Statement("U1", "0.00", "1587.50"))
		require.NoError(t, err)
		assert.True(t, imp.New)
		assert.Equal(t, "BQU", imp.Journal)
		x.postAll(t, "U1")
		b := x.bal(t, "512400", r31usd)
		assert.True(t, b.AmountCurrency.Equal(u31("1587.50")), "512400 in USD: %s", b.AmountCurrency)
		assert.True(t, b.Balance.Equal(e("1270.00")), "512400 in EUR: %s (880.00 + 400.00 − 10.00)", b.Balance)
		assert.True(t, x.bal(t, "627000", currency.Currency{}).Balance.Equal(e("10.00")), "627000: %s", x.bal(t, "627000", currency.Currency{}).Balance)
		assert.True(t, x.bal(t, "656000", currency.Currency{}).Balance.Equal(e("120.00")), "656000 loss: %s", x.bal(t, "656000", currency.Currency{}).Balance)
		assert.True(t, x.bal(t, "756000", currency.Currency{}).Balance.IsZero(), "756000: %s", x.bal(t, "756000", currency.Currency{}).Balance)
		assert.Equal(t, reconcile.Paid, f.state(t, x.usdInv).State)
		assert.Equal(t, reconcile.Paid, f.state(t, x.eurInv).State)
		assert.True(t, f.residual(t, x.usdInv.LineRef(0)).IsZero())
		assert.True(t, f.residual(t, x.eurInv.LineRef(0)).IsZero())
		assert.True(t, x.bal(t, "411000", currency.Currency{}).Balance.IsZero(), "411000: %s", x.bal(t, "411000", currency.Currency{}).Balance)
		open, err := f.rec.OpenImported(ctx, "BQU")
		require.NoError(t, err)
		assert.Empty(t, open)
		f.check(t)

		// Unlettering the USD invoice reverses the exchange loss exactly.
		_, err = f.rec.Unletter(ctx, journal.NoID, x.usdInv.LineRef(0))
		require.NoError(t, err)
		assert.True(t, x.bal(t, "656000", currency.Currency{}).Balance.IsZero(), "656000 after unletter: %s", x.bal(t, "656000", currency.Currency{}).Balance)
		assert.True(t, x.bal(t, "756000", currency.Currency{}).Balance.IsZero(), "756000 after unletter: %s", x.bal(t, "756000", currency.Currency{}).Balance)
		assert.Equal(t, reconcile.NotPaid, f.state(t, x.usdInv).State)
		assert.True(t, f.residual(t, x.usdInv.LineRef(0)).Equal(e("1000.00")), "residual %s", f.residual(t, x.usdInv.LineRef(0)))
		b = x.bal(t, "512400", r31usd)
		assert.True(t, b.AmountCurrency.Equal(u31("1587.50")) && b.Balance.Equal(e("1270.00")), "512400 %s / %s", b.AmountCurrency, b.Balance)
		f.check(t)
	})
}

// Importing the same statement twice is nothing new, before and after it
// is posted; posting an entry twice is refused.
func TestReview31USDStatementTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := review31Setup(t, f)
		_, err := f.rec.ImportStatement(ctx, review31Statement("U1", "0.00", "1587.50"))
		require.NoError(t, err)
		imp, err := f.rec.ImportStatement(ctx, review31Statement("U1", "0.00", "1587.50"))
		require.NoError(t, err)
		assert.False(t, imp.New)
		open, err := f.rec.OpenImported(ctx, "BQU")
		require.NoError(t, err)
		assert.Len(t, open, 3)
		x.postAll(t, "U1")
		imp, err = f.rec.ImportStatement(ctx, review31Statement("U1", "0.00", "1587.50"))
		require.NoError(t, err)
		assert.False(t, imp.New)
		open, err = f.rec.OpenImported(ctx, "BQU")
		require.NoError(t, err)
		assert.Empty(t, open)
		_, err = f.rec.PostImported(ctx, journal.NoID, "BQU", "U1", "U1-F1", reconcile.ImportedTarget{Account: "627000"})
		assert.ErrorIs(t, err, reconcile.ErrPosted)
		b := x.bal(t, "512400", r31usd)
		assert.True(t, b.AmountCurrency.Equal(u31("1587.50")), "512400 in USD: %s", b.AmountCurrency)
		f.check(t)
	})
}

// A second statement opening at another balance than the first closed is
// refused, and writes nothing.
func TestReview31USDWrongOpening(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		review31Setup(t, f)
		_, err := f.rec.ImportStatement(ctx, review31Statement("U1", "0.00", "1587.50"))
		require.NoError(t, err)
		before := f.snapshot(t)
		_, err = f.rec.ImportStatement(ctx, review31Statement("U2", "1500.00", "3087.50"))
		require.ErrorIs(t, err, reconcile.ErrStatement)
		f.unchanged(t, before)
		f.check(t)
	})
}

// A statement in EUR for the IBAN of the USD account is refused at import:
// ErrStatement says "an entry in another currency than the account's".
func TestReview31StatementCurrencyNotAccounts(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		review31Setup(t, f)
		day := d(3, 10)
		before := f.snapshot(t)
		_, err := f.rec.ImportStatement(ctx, reconcile.BankStatement{Account: review31IBAN, ID: "E1", Currency: eur,
			Opening: e("0.00"), Closing: e("10.00"), OpeningDate: day, ClosingDate: day,
			Entries: []reconcile.BankEntry{{Ref: "E1-1", BookingDate: day, Amount: e("10.00"), Label: "VIR"}}})
		assert.Error(t, err, "a EUR statement imported into the USD account's journal")
		f.unchanged(t, before)
	})
}

// Proposing and applying: the remittance names each invoice; the USD
// invoice is matched for 1 100.00 USD, the EUR invoice for its 500.00 USD.
func TestReview31USDProposeApply(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := review31Setup(t, f)
		s := review31Statement("U1", "0.00", "1587.50")
		s.Entries[0].Transactions = []reconcile.BankTransaction{{Counterparty: "Partner C1", Remittance: "Facture " + x.usdInv.Name()}}
		s.Entries[1].Transactions = []reconcile.BankTransaction{{Counterparty: "Partner C2", Remittance: "Facture " + x.eurInv.Name()}}
		_, err := f.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		props, err := f.rec.ProposeImported(ctx, "BQU", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, props, 3)
		for i, want := range []journal.Entry{x.usdInv, x.eurInv} {
			p := props[i]
			assert.True(t, p.Matched, "%s: %s", p.Ref, p.Reason)
			assert.Equal(t, []journal.ID{want.ID}, p.Target.Invoices, "%s: %s", p.Ref, p.Reason)
		}
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		for i, o := range outs {
			if props[i].Matched {
				assert.NoError(t, o.Err, props[i].Ref)
			}
		}
		_, err = f.rec.PostImported(ctx, journal.NoID, "BQU", "U1", "U1-F1", reconcile.ImportedTarget{Account: "627000"})
		require.NoError(t, err)
		b := x.bal(t, "512400", r31usd)
		assert.True(t, b.AmountCurrency.Equal(u31("1587.50")), "512400 in USD: %s", b.AmountCurrency)
		assert.True(t, b.Balance.Equal(e("1270.00")), "512400 in EUR: %s", b.Balance)
		assert.Equal(t, reconcile.Paid, f.state(t, x.usdInv).State)
		assert.Equal(t, reconcile.Paid, f.state(t, x.eurInv).State)
		assert.True(t, x.bal(t, "656000", currency.Currency{}).Balance.Equal(e("120.00")), "656000: %s", x.bal(t, "656000", currency.Currency{}).Balance)
		f.check(t)
	})
}

// Once a EUR statement is in the USD account's journal, its entry can be
// posted nowhere: the import must have refused it (see above).
func TestReview31EURStatementEntryUnpostable(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		review31Setup(t, f)
		day := d(3, 10)
		_, err := f.rec.ImportStatement(ctx, reconcile.BankStatement{Account: review31IBAN, ID: "E1", Currency: eur,
			Opening: e("0.00"), Closing: e("10.00"), OpeningDate: day, ClosingDate: day,
			Entries: []reconcile.BankEntry{{Ref: "E1-1", BookingDate: day, Amount: e("10.00"), Label: "VIR"}}})
		if err != nil {
			return // refused at import: right
		}
		_, err = f.rec.PostImported(ctx, journal.NoID, "BQU", "E1", "E1-1", reconcile.ImportedTarget{Account: "471000"})
		assert.NoError(t, err, "the imported entry cannot be posted")
		// And the journal takes no USD statement after it: it must open in EUR.
		_, err = f.rec.ImportStatement(ctx, review31Statement("U1", "0.00", "1587.50"))
		assert.NoError(t, err, "the account's own USD statement is refused after the EUR one")
		b, _ := f.book.Balance(ctx, ledger.BalanceQuery{Account: "512400", Currency: eur})
		t.Logf("512400 EUR-currency amount %s, EUR %s", b.AmountCurrency, b.Balance)
		f.check(t)
	})
}
