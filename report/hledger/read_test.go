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
	"github.com/lettrage/lettrage/tax"
)

// A journal kept by hand: slashes in dates, status marks, commodity
// before the quantity, an inferred posting, a unit cost, a balance
// assertion, a decimal comma declared by a commodity directive, skipped
// directives, a block comment.
const handJournal = `; kept by hand
commodity 1.000,00 EUR
P 2026/01/01 USD 0,80 EUR
payee Boulangerie

account 411000:C9
    ; name: Client neuf
account 622700  ; type: X

comment
this is not read
end comment

2026/01/05 ! (X-1) Honoraires  ; a same-line comment
    622700      EUR 1.500,00
    ; an expense
    401000:S9   EUR -1.500,00 = EUR -1.500,00

2026-02-01 * Vente
    411000:C9   EUR 360,00
    706000
    ; inferred

2026-02-03 Vente en dollars
    411000:C9   100 USD @ 0,80 EUR
    706000     -100 USD @@ 80,00 EUR
`

func TestReadHandJournal(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b := newBook(t, s)
			sum, err := hledger.Read(ctx, strings.NewReader(handJournal), b, hledger.ReadOptions{})
			require.NoError(t, err)
			assert.Equal(t, hledger.ReadSummary{Transactions: 3, Posted: 3, AccountsAdded: 1, PartnersAdded: 2,
				SkippedDirectives: 2, Assertions: 1}, sum)
			a, err := b.Account(ctx, "622700")
			require.NoError(t, err)
			assert.Equal(t, ledger.KindExpense, a.Kind)
			p, err := b.Partner(ctx, "C9")
			require.NoError(t, err)
			assert.Equal(t, "Client neuf", p.Name)
			for _, c := range []struct{ account, partner, want string }{{"622700", "", "1500.00 EUR"},
				{"401000", "S9", "-1500.00 EUR"}, {"411000", "C9", "440.00 EUR"}, {"706000", "", "-440.00 EUR"}} {
				bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: c.account, Partner: c.partner})
				require.NoError(t, err)
				assert.Equal(t, c.want, bal.Balance.String(), c.account)
			}
			e, err := b.EntryByNumber(ctx, "OD/2026/00001")
			require.NoError(t, err)
			assert.Equal(t, "Honoraires", e.Label)
			again, err := hledger.Read(ctx, strings.NewReader(handJournal), b, hledger.ReadOptions{})
			require.NoError(t, err)
			assert.Equal(t, 3, again.Replayed, "ids derive from the text: a second read replays")
		})
	}
}

// Bad input: every error names its line, and nothing is posted.
func TestReadBadInput(t *testing.T) {
	const ok = "2026-01-02 ok\n    627000  1.00 EUR\n    512000  -1.00 EUR\n\n"
	cases := []struct {
		name  string
		input string
		err   error
		line  int
	}{
		{"malformed date", ok + "2026-13-01 x\n    627000  1.00 EUR\n    512000\n", hledger.ErrSyntax, 5},
		{"date without year", ok + "01/02 x\n    627000  1.00 EUR\n    512000\n", hledger.ErrUnsupported, 5},
		{"unbalanced", ok + "2026-01-03 x\n    627000  1.00 EUR\n    512000  -0.99 EUR\n", hledger.ErrUnbalanced, 5},
		{"too many decimals", ok + "2026-01-03 x\n    627000  1.001 EUR\n    512000\n", currency.ErrPrecision, 6},
		{"decimals of yen", ok + "2026-01-03 x\n    627000  1.5 JPY @@ 1.00 EUR\n    512000  -1.00 EUR\n", currency.ErrPrecision, 6},
		{"two inferred", ok + "2026-01-03 x\n    627000  1.00 EUR\n    512000\n    530000\n", hledger.ErrSyntax, 8},
		{"bad amount", ok + "2026-01-03 x\n    627000  1.00 EUR EUR\n    512000\n", hledger.ErrSyntax, 6},
		{"unknown commodity", ok + "2026-01-03 x\n    627000  1.00 ZZZ\n    512000  -1.00 ZZZ\n", hledger.ErrCommodity, 6},
		{"account name", ok + "2026-01-03 x\n    expenses:food  1.00 EUR\n    512000\n", hledger.ErrAccount, 6},
		{"virtual posting", ok + "2026-01-03 x\n    (627000)  1.00 EUR\n", hledger.ErrUnsupported, 6},
		{"no partner", ok + "2026-01-03 x\n    411000  1.00 EUR\n    706000\n", ledger.ErrPartnerRequired, 6},
		{"outside the fiscal years", ok + "2031-01-03 x\n    627000  1.00 EUR\n    512000\n", ledger.ErrNoFiscalYear, 5},
		{"include", "include other.journal\n" + ok, hledger.ErrUnsupported, 1},
		{"indented orphan", "    627000  1.00 EUR\n" + ok, hledger.ErrSyntax, 1},
		{"one posting", ok + "2026-01-03 x\n    627000  0.00 EUR\n", nil, 5},
		{"unknown tax", ok + "2026-01-03 x\n    627000  1.00 EUR\n        ; tax: TVA99\n    512000\n", tax.ErrUnknownID, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			b := newBook(t, storetest.Backends[0])
			_, err := hledger.Read(ctx, strings.NewReader(c.input), b, hledger.ReadOptions{})
			require.Error(t, err)
			if c.err != nil {
				assert.ErrorIs(t, err, c.err)
			}
			var le *hledger.LineError
			require.True(t, errors.As(err, &le), "%v", err)
			assert.Equal(t, c.line, le.Line, "%v", err)
			assert.Contains(t, err.Error(), "line ")
			last, err := b.LastSeq(ctx)
			require.NoError(t, err)
			assert.Zero(t, last, "nothing posted")
		})
	}
}

// Input without a transaction, an empty file first, is refused; unknown
// directives are counted, not refused.
func TestReadEmptyAndDirectives(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[0])
	for _, in := range []string{"", "; only a comment\n", "commodity 1000.00 EUR\n"} {
		_, err := hledger.Read(ctx, strings.NewReader(in), b, hledger.ReadOptions{})
		assert.ErrorIs(t, err, hledger.ErrEmpty, "%q", in)
	}
	in := "tag project\nY 2026\nfrobnicate the ledger\n  with an indented line\n2026-01-02 ok\n    627000  1.00 EUR\n    512000  -1.00 EUR\n"
	sum, err := hledger.Read(ctx, strings.NewReader(in), b, hledger.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, 3, sum.SkippedDirectives)
	assert.Equal(t, 1, sum.Posted)
}

// Accounts and commodities of another naming map onto the book's.
func TestReadMappings(t *testing.T) {
	ctx := context.Background()
	b := newBook(t, storetest.Backends[1])
	in := "2026-01-02 Groceries\n    expenses:food  $12.50\n    assets:bank\n"
	_, err := hledger.Read(ctx, strings.NewReader(in), b, hledger.ReadOptions{
		Accounts:    map[string]string{"expenses:food": "607000", "assets:bank": "512000"},
		Commodities: map[string]currency.Currency{"$": eur}, Journal: "BQD"})
	require.NoError(t, err)
	bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "512000"})
	require.NoError(t, err)
	assert.Equal(t, "-12.50 EUR", bal.Balance.String())
	e, err := b.EntryByNumber(ctx, "BQD/2026/00001")
	require.NoError(t, err)
	assert.Equal(t, "Groceries", e.Label)
}
