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

// An accrual account outside the French chart (408400, fournisseurs
// d'immobilisations - factures non parvenues; 418800, clients - produits
// non encore facturés) read from an hledger journal is added as the chart
// makes it (ledger.AccountOfCode): a general, lettrable account, whose
// lines need no partner, as account add and chart files add it since
// KindOfCode stopped making 408… payable and 418… receivable.
func TestReview20bReadAccrualAccountAsTheChart(t *testing.T) {
	const journal = `2026-12-31 Factures non parvenues
    218300      EUR 1.000,00
    408400      EUR -1.000,00

2026-12-31 Produits non facturés
    418800      EUR 250,00
    706000      EUR -250,00
`
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b := newBook(t, s)
			_, err := hledger.Read(ctx, strings.NewReader(journal), b, hledger.ReadOptions{})
			require.NoError(t, err, "accrual lines carry no partner")
			for _, code := range []string{"408400", "418800"} {
				a, err := b.Account(ctx, code)
				require.NoError(t, err)
				want := ledger.AccountOfCode(code, a.Name)
				assert.Equal(t, want.Kind, a.Kind, code)
				assert.Equal(t, want.Reconcilable, a.Reconcilable, code)
			}
		})
	}
}
