package hledger_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// hrev152Trial is the book's non-zero balances by account code.
func hrev152Trial(t *testing.T, b *ledger.Book) map[string]string {
	t.Helper()
	accs, err := b.Accounts(context.Background())
	require.NoError(t, err)
	out := map[string]string{}
	for _, a := range accs {
		bal, err := b.Balance(context.Background(), ledger.BalanceQuery{Account: a.Code})
		require.NoError(t, err)
		if !bal.Balance.IsZero() {
			out[a.Code] = bal.Balance.Plain()
		}
	}
	return out
}

// hrev152Real is a journal as people keep it in hledger: a byte order
// mark and CRLF line ends, a decimal-mark directive and commodity
// directives, amounts with the commodity before and after and grouped
// thousands, an elided amount, balance assertions (= and ==, one of them
// wrong), a price directive, a periodic and an auto transaction, @ and @@
// costs, comments, tags, a multi-line comment block.
const hrev152Real = "\ufeff; Compta 2026\r\n" +
	"decimal-mark ,\r\n" +
	"commodity 1.000,00 EUR\r\n" +
	"commodity USD 1.000,00\r\n" +
	"\r\n" +
	"account 411000:C1  ; name: Boulangerie Martin\r\n" +
	"account 401000:S1  ; name: Papeterie Durand, type: L\r\n" +
	"\r\n" +
	"P 2026-01-01 USD 0,95 EUR\r\n" +
	"\r\n" +
	"comment\r\n" +
	"2026-01-01 not a transaction\r\n" +
	"    512000  999 EUR\r\n" +
	"end comment\r\n" +
	"\r\n" +
	"~ monthly from 2026-01-01\r\n" +
	"    627000    10,00 EUR\r\n" +
	"    512000\r\n" +
	"\r\n" +
	"= 706000\r\n" +
	"    (445710)   *0.2\r\n" +
	"\r\n" +
	"2026-01-05 * (VT/2026/1) Facture FA-1  ; ref: FA-1, client:Martin\r\n" +
	"    411000:C1       1.234,56 EUR  ; due:2026-02-04\r\n" +
	"    706000         -1.028,80 EUR  ; Ventes pain\r\n" +
	"    445710          EUR -205,76\r\n" +
	"\r\n" +
	"2026/01/20 ! Paiement FA-1\r\n" +
	"    ; payee note\r\n" +
	"    512000          1.234,56 EUR = 1.234,56 EUR\r\n" +
	"    411000:C1      -1.234,56 EUR == 999,00 EUR\r\n" +
	"\r\n" +
	"2026-02-03 Achat USD\r\n" +
	"    607000          USD 1.000,00 @ 0,9 EUR\r\n" +
	"    401000:S1\r\n" +
	"\r\n" +
	"2026.02.10 Achat USD total\r\n" +
	"    607000          45,50 EUR\r\n" +
	"    401000:S1       -50,00 USD @@ 45,50 EUR\r\n"

// A real-life hledger journal is read exactly: every amount as hledger
// balances it at cost (hledger 1.25 "bal -B" on this file: 401000:S1
// -945,50, 445710 -205,76, 512000 1.234,56, 607000 945,50, 706000
// -1.028,80), partners named, the due date and labels kept, the skipped
// directives and the assertions counted; a second Read replays.
func TestHrev152RealJournalExact(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	sum, err := hledger.Read(ctx, strings.NewReader(hrev152Real), b, hledger.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, 4, sum.Transactions)
	assert.Equal(t, 4, sum.Posted)
	assert.Equal(t, 2, sum.Assertions)
	assert.Equal(t, 3, sum.SkippedDirectives) // P, ~, =
	assert.Equal(t, map[string]string{"401000": "-945.50", "445710": "-205.76", "512000": "1234.56",
		"607000": "945.50", "706000": "-1028.80"}, hrev152Trial(t, b))
	require.NoError(t, b.Check(ctx))

	inv, err := b.EntryByNumber(ctx, "VT/2026/00001")
	require.NoError(t, err)
	assert.Equal(t, "FA-1", inv.Ref)
	assert.Equal(t, "2026-01-05", inv.Date.String())
	assert.Equal(t, "C1", inv.Lines[0].Partner)
	assert.Equal(t, "2026-02-04", inv.Lines[0].DueDate.String())
	assert.Equal(t, "Ventes pain", inv.Lines[1].Label)
	p, err := b.Partner(ctx, "S1")
	require.NoError(t, err)
	assert.Equal(t, "Papeterie Durand", p.Name)

	usd, err := b.EntryByNumber(ctx, "OD/2026/00002")
	require.NoError(t, err)
	assert.Equal(t, "USD", usd.Currency.Code())
	assert.Equal(t, "900.00", usd.Lines[0].Balance.Plain())
	assert.Equal(t, "1000.00 USD", usd.Lines[0].AmountCurrency.String())

	again, err := hledger.Read(ctx, strings.NewReader(hrev152Real), b, hledger.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, 0, again.Posted)
	assert.Equal(t, 4, again.Replayed)
	assert.Equal(t, 0, again.PartnersAdded)
}

// hrev152Partners is the codes of b's partners.
func hrev152Partners(t *testing.T, b *ledger.Book) []string {
	t.Helper()
	var out []string
	for _, code := range []string{"C9", "S9"} {
		if _, err := b.Partner(context.Background(), code); err == nil {
			out = append(out, code)
		} else {
			require.True(t, errors.Is(err, ledger.ErrUnknownPartner), "%v", err)
		}
	}
	return out
}

// Was failing, fixed: a journal the book refuses (a dollar invoice without a cost and no USD rate in the book) is reported at its line, yet Read has already added the partner C9 and the account 706100 it names: want nothing written (partners [], no 706100), got partner C9 and account 706100 added
func TestHrev152RefusedForNoRateWritesPartnersAndAccounts(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	j := "account 411000:C9  ; name: Client Neuf\n\n" +
		"2026-01-05 Vente en dollars\n    411000:C9  100.00 USD\n    706100\n"
	_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	var le *hledger.LineError
	require.True(t, errors.As(err, &le), "want a refusal naming the line, got %v", err)
	assert.Equal(t, 3, le.Line)
	assert.Empty(t, hrev152Partners(t, b), "a refused import added partners")
	_, err = b.Account(ctx, "706100")
	assert.True(t, errors.Is(err, ledger.ErrUnknownAccount), "a refused import added account 706100 (err %v)", err)
	require.NoError(t, b.Check(ctx))
}

// Was failing, fixed: a journal dated in a period locked before the import is checked whole ("fiscal years" among Read's checks) only at posting: the refusal comes after the partner S9 was added: want nothing written, got partner S9 added
func TestHrev152RefusedForLockWritesPartners(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	require.NoError(t, b.SetLockDate(ctx, ledger.LockGeneral, day(2026, 1, 31), "janvier clos"))
	j := "2026-01-05 Achat\n    607000  100,00 EUR\n    401000:S9\n"
	_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	var le *hledger.LineError
	require.True(t, errors.As(err, &le), "want a refusal naming the line, got %v", err)
	assert.Equal(t, 1, le.Line)
	assert.Empty(t, hrev152Partners(t, b), "a refused import added partners")
}

// A rate in the book (1 EUR = 1.25 USD): the dollar invoice without a
// cost is converted at it, 100.00 USD = 80.00 EUR, and the import replays.
func TestHrev152NoCostConvertedAtBookRate(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	require.NoError(t, b.SetRate(ctx, usd, day(2026, 1, 1), currency.MustParseRate("1.25")))
	j := "2026-01-05 Vente en dollars\n    411000:C9  100.00 USD\n    706100\n"
	_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"411000": "80.00", "706100": "-80.00"}, hrev152Trial(t, b))
	sum, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Replayed)
}

// Features that change what other lines mean, or that the book cannot
// hold, are refused at their line, nothing written.
func TestHrev152RefusedFeaturesNameTheirLine(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name, j string
		line    int
		want    error
	}{
		{"include", "include autre.journal\n2026-01-05 X\n    512000  1 EUR\n    706000\n", 1, hledger.ErrUnsupported},
		{"virtual", "2026-01-05 X\n    512000  1 EUR\n    (706000)  1 EUR\n    706000\n", 3, hledger.ErrUnsupported},
		{"balanced virtual", "2026-01-05 X\n    512000  1 EUR\n    [706000]  -1 EUR\n    706000\n", 3, hledger.ErrUnsupported},
		{"assignment", "2026-01-05 X\n    512000  = 10 EUR\n    706000  -10 EUR\n", 2, hledger.ErrUnsupported},
		{"unbalanced", "2026-01-05 X\n    512000  10,00 EUR\n    706000  -9,99 EUR\n", 1, hledger.ErrUnbalanced},
		{"two elided", "2026-01-05 X\n    512000  10,00 EUR\n    706000\n    706100\n", 4, hledger.ErrSyntax},
		{"year-less", "Y 2026\n01/05 X\n    512000  1 EUR\n    706000\n", 2, hledger.ErrUnsupported},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := newBook(t, storetest.Backends[0])
			_, err := hledger.Read(ctx, strings.NewReader(c.j), b, hledger.ReadOptions{})
			var le *hledger.LineError
			require.True(t, errors.As(err, &le), "%v", err)
			assert.Equal(t, c.line, le.Line)
			assert.ErrorIs(t, err, c.want)
			assert.Empty(t, hrev152Trial(t, b))
		})
	}
}
