package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReviewOdooC13BalanceOnlyCreditOnForeignInvoice ports Odoo's
// test_reconcile_lines_corner_case_5_zero_balance_in_one_line_same_foreign_currency
// (company USD, EUR 2 per USD in 2017): L1 credits 0.06 USD carrying 0.00
// EUR, L2 debits 0.12 USD / 0.24 EUR. Odoo asserts one partial of 0.06
// with 0.00 / 0.00 EUR, L1 reconciled, L2 left 0.06 USD / 0.24 EUR: a line
// with no euro cannot pay euros, so L2's document still owes all its 0.24
// EUR (DESIGN 5: settled and due are decided in the document's currency;
// the reconciliation currency is the foreign currency both lines share).
func TestReviewOdooC13BalanceOnlyCreditOnForeignInvoice(t *testing.T) {
	t.Parallel()
	usd, eurc := currency.MustLookup("USD"), currency.MustLookup("EUR")
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixtureIn(t, s.Open(t), usd)
			require.NoError(t, f.book.SetRate(ctx, eurc, journal.MustDate(2016, 1, 1), currency.MustParseRate("3")))
			require.NoError(t, f.book.SetRate(ctx, eurc, journal.MustDate(2017, 1, 1), currency.MustParseRate("2")))
			day := journal.MustDate(2017, 1, 1)
			l1 := f.miscLine(t, day, currency.MustParse(usd, "-0.06"), currency.MustParse(eurc, "0.00"))
			l2 := f.miscLine(t, day, currency.MustParse(usd, "0.12"), currency.MustParse(eurc, "0.24"))
			res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{l1.LineRef(0), l2.LineRef(0)}})
			require.NoError(t, err)
			require.Len(t, res.Partials, 1)
			p := res.Partials[0]
			assert.Equal(t, "0.06", p.Amount.Plain())
			assert.Equal(t, "0.00", p.DebitAmountCurrency.Plain(), "L2 gives no euro to a line that carries none")
			assert.Empty(t, res.Entries, "no exchange entry")
			r1, r2 := residualOf(t, f, l1.LineRef(0)), residualOf(t, f, l2.LineRef(0))
			assert.Equal(t, "0.00", r1.Balance.Plain())
			assert.Equal(t, "0.06", r2.Balance.Plain())
			assert.Equal(t, "0.24", r2.AmountCurrency.Plain(), "L2 still owes 0.24 EUR")
			f.check(t)
		})
	}
}
