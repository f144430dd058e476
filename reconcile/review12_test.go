package reconcile_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review of issue 12 (Odoo cases the scenario harness cannot write: lines
// posted as misc entries with any balance and currency amount, as Odoo's
// create_line_for_reconciliation does, and books kept in a unit of
// account).

// miscLine posts a misc entry (Odoo's create_line_for_reconciliation): a
// 411000 line of partner C1 with balance bal and currency amount cur,
// against 706000.
func (f *fixture) miscLine(t *testing.T, date journal.Date, bal, cur currency.Amount) journal.Entry {
	t.Helper()
	x := journal.Entry{Journal: "OD", Date: date, Type: journal.TypeMisc, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: bal, AmountCurrency: cur},
		{Account: "706000", Balance: bal.Neg(), AmountCurrency: cur.Neg()},
	}}
	if cur.Currency() != f.book.Currency() {
		x.Currency = cur.Currency()
	}
	return f.post(t, x)
}

// TestReviewBookInAUnitOfAccount keeps the books in a unit of account of
// 8 decimals (XBT8: 1 XBT8 = 50 000 EUR on 1 March, 52 000 on 10 March)
// and letters a euro cash-basis invoice (1 000.00 + 200.00 EUR on payment:
// 0.024 XBT8, tax 0.004) paid first 0.01 XBT8 (worth 520.00 EUR at its own
// date: the invoice drops 0.0104 for them, so 0.0004 loss keeps it at its
// rate), then the 680.00 EUR left (0.01307692 XBT8: 0.00052308 loss).
// The transition account ends at zero in both units, and every amount is
// exact to the satoshi.
func TestReviewBookInAUnitOfAccount(t *testing.T) {
	t.Parallel()
	unit, err := currency.NewUnit("XBT8", 8)
	require.NoError(t, err)
	eurc := currency.MustLookup("EUR")
	x := func(s string) currency.Amount { return currency.MustParse(unit, s) }
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixtureIn(t, s.Open(t), unit)
			require.NoError(t, f.book.SetRate(ctx, eurc, d(3, 1), currency.MustParseRate("50000")))
			require.NoError(t, f.book.SetRate(ctx, eurc, d(3, 10), currency.MustParseRate("52000")))
			inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
				Lines: []journal.InvoiceLine{{UnitPrice: currency.MustParse(eurc, "1000.00"), Taxes: vat20e(), Account: "706000"}}}
			e0, err := inv.Entry()
			require.NoError(t, err)
			doc := f.post(t, e0)
			assert.Equal(t, "0.02400000", doc.Lines[0].Balance.Plain())
			_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
				Date: d(3, 10), Amount: x("0.01"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{doc.ID}})
			require.NoError(t, err)
			r := residualOf(t, f, doc.LineRef(0))
			assert.Equal(t, "0.01360000", r.Balance.Plain())
			assert.Equal(t, "680.00", r.AmountCurrency.Plain())
			assert.Equal(t, "0.00040000", f.balance(t, "656000"))
			_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
				Date: d(3, 10), Amount: currency.MustParse(eurc, "680.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{doc.ID}})
			require.NoError(t, err)
			st := f.state(t, doc)
			assert.Equal(t, reconcile.Paid, st.State)
			assert.Equal(t, "0.00092308", f.balance(t, "656000"))
			assert.Equal(t, "0.00000000", f.balance(t, "445740"))
			f.check(t)
		})
	}
}

func (f *fixture) balance(t *testing.T, account string) string {
	t.Helper()
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account})
	require.NoError(t, err)
	return b.Balance.Plain()
}

func vat20e() []tax.Tax {
	return []tax.Tax{{ID: "V20E", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
		FinalAccount: "445710", TransitionAccount: "445740"}}
}

// scenarioLines runs scenario commands (testdata/scenarios/README.md) on f
// and returns the scenario, for tests that then read its documents.
func scenarioLines(t *testing.T, f *fixture, lines ...string) *scenario {
	t.Helper()
	s := &scenario{t: t, f: f, docs: map[string]journal.Entry{}, ops: map[string]journal.ID{}, units: map[string]currency.Currency{},
		tol: []currency.Amount{currency.MustParse(f.book.Currency(), "0.05")}}
	for _, l := range lines {
		require.NoError(t, s.do(strings.Fields(l)), l)
		require.NoError(t, f.book.Check(ctx), l)
	}
	return s
}

// TestReviewOdooC04Reports ports what Odoo's "reconciled" widget asserts in
// test_reconcile_special_mexican_workflow_1 (company USD, MXN): each
// document lists what settled it in its own currency. The USD credit note
// lists the USD invoice 839.40, the MXN invoice 540.18 (USD) and the 6.34
// exchange line (sum 1 385.92, its total); the MXN invoice lists the credit
// note 28.46 MXN, the payments 1 907.17 and 0.09 MXN (sum 1 935.72).
func TestReviewOdooC04Reports(t *testing.T) {
	t.Parallel()
	usd := currency.MustLookup("USD")
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			f := newFixtureIn(t, st.Open(t), usd)
			s := scenarioLines(t, f,
				"rate MXN 2019-06-12 0.052072", "rate MXN 2019-06-20 0.052353", "rate MXN 2019-06-24 0.052686",
				"rate MXN 2019-06-28 0.052235", "rate MXN 2019-09-24 0.050800",
				"creditnote R C1 2019-06-12 1385.92", "invoice I1 C1 2019-06-20 839.40",
				"invoice I2 C1 2019-06-24 1935.72 cur=MXN",
				"pay P1 C1 BQD 2019-06-28 1907.17 cur=MXN eur=36511.34", "pay P2 C1 BQD 2019-09-24 0.09 cur=MXN",
				"letter R I1", "letter R I2", "letter I2 P1", "letter I2 P2")
			sum, err := f.rec.Summary(ctx, s.doc("R").ID)
			require.NoError(t, err)
			var got []string
			for _, p := range sum.Payments {
				got = append(got, p.Amount.String())
			}
			assert.ElementsMatch(t, []string{"839.40 USD", "540.18 USD", "6.34 USD"}, got)
			assert.Equal(t, "0.00 USD", sum.Due.String())
			sum, err = f.rec.Summary(ctx, s.doc("I2").ID)
			require.NoError(t, err)
			got = got[:0]
			for _, p := range sum.Payments {
				got = append(got, p.Amount.String())
			}
			assert.ElementsMatch(t, []string{"28.46 MXN", "1907.17 MXN", "0.09 MXN"}, got)
			assert.Equal(t, "1935.72 MXN", sum.Total.String())
			rows, err := f.rec.LetteringList(ctx, reconcile.LetteringFilter{})
			require.NoError(t, err)
			for _, r := range rows {
				if r.InvoiceID == s.doc("I2").ID {
					assert.Equal(t, "MXN", r.Settled.Currency().Code(), "%+v", r)
				}
			}
		})
	}
}
