package hledger_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// Review 21: accounts outside the French chart read from an hledger
// journal (Read adds them as ledger.AccountOfCode makes them, else of the
// kind their hledger type says).

// An account the journal declares with hledger's Cash type ("type: C",
// hledger manual, "Account types": "C or Cash — liquid assets, a subtype
// of Asset") under a PCG class KindOfCode does not know: 514000 Chèques
// postaux. Read maps only E, R and X to kinds, so the account is added
// KindOther though both its class (51, banks) and its hledger type say it
// holds cash: no bank journal can book it. Expected: a bank (or cash)
// account. FAILS.
func TestReview21ReadCashTypedAccount(t *testing.T) {
	const journal = `account 514000  ; type: C
    ; name: Chèques postaux

2026-03-02 Apport
    514000      EUR 500,00
    101300      EUR -500,00
`
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b := newBook(t, s)
			_, err := hledger.Read(ctx, strings.NewReader(journal), b, hledger.ReadOptions{})
			require.NoError(t, err)
			a, err := b.Account(ctx, "514000")
			require.NoError(t, err)
			assert.Contains(t, []ledger.AccountKind{ledger.KindBank, ledger.KindCash}, a.Kind, "514000 is %s", a.Kind)
		})
	}
}

// Accounts outside the chart under classes KindOfCode knows keep the
// chart's kind whatever the hledger type says (411900 declared as a
// liability stays receivable, with its partner; 622700 declared as an
// asset stays an expense), and an unknown class takes the hledger type
// (E, R, X). PASSES.
func TestReview21ReadOutsideTheChartKinds(t *testing.T) {
	const journal = `account 411900  ; type: L
account 622700  ; type: A
account 791500  ; type: R
account 109500  ; type: E

2026-03-02 Facture
    411900:C1   EUR 120,00
    791500      EUR -120,00

2026-03-03 Frais
    622700      EUR 80,00
    109500      EUR -80,00
`
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b := newBook(t, s)
			_, err := hledger.Read(ctx, strings.NewReader(journal), b, hledger.ReadOptions{})
			require.NoError(t, err)
			for code, want := range map[string]ledger.AccountKind{"411900": ledger.KindReceivable, "622700": ledger.KindExpense,
				"791500": ledger.KindIncome, "109500": ledger.KindEquity} {
				a, err := b.Account(ctx, code)
				require.NoError(t, err)
				assert.Equal(t, want, a.Kind, code)
			}
		})
	}
}
