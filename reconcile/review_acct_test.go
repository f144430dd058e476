package reconcile_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// Review by a chartered accountant of the VAT report as the helper of a
// CA3 return (déclaration de TVA, régime réel normal, monthly).

// March 2026: a sale with goods at 20 % (1 000,00) and 5,5 % (200,00) on
// invoice; a service sale of 1 000,00 at 20 % on payment (TVA sur
// encaissements, CGI art. 269-2-c) paid 600,00 in April; a purchase of
// 500,00 at 20 %; a credit note of 100,00 at 20 % to the first customer.
// CA3 of March: line 08 (20 %) base 900, tax 180; line 09 (5,5 %) base
// 200, tax 11; line 20 (deductible on goods and services) 100. The
// on-payment sale is in April only, on what was cashed: 600 TTC is
// 500 HT and 100 of VAT. Each month's totals agree with the movements of
// 445710 and 445660. Passes (checked).
func TestAcctVATReportCA3(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		scenarioLines(t, f,
			"sale A C1 2026-03-02 1000@20 200@5.5",
			"sale B C2 2026-03-05 1000@20e",
			"purchase P S1 2026-03-10 500@20",
			"salecredit R C1 2026-03-20 100@20",
			"pay Q C2 BQD 2026-04-10 600 B")
		type row struct{ account, rate, ex, base, tax string }
		read := func(m time.Month) ([]row, reconcile.VATReport) {
			rep, err := f.rec.VATReport(ctx, d(m, 1), d(m, 30))
			require.NoError(t, err)
			var out []row
			for _, l := range rep.Lines {
				out = append(out, row{l.Account, l.Rate.String(), l.Exigibility.String(), l.Base.Plain(), l.Tax.Plain()})
			}
			assert.Empty(t, rep.Untaxed)
			return out, rep
		}
		march, rep := read(3)
		assert.ElementsMatch(t, []row{
			{"445660", "20", "on_invoice", "500.00", "100.00"},
			{"445710", "20", "on_invoice", "900.00", "180.00"},
			{"445710", "5.5", "on_invoice", "200.00", "11.00"},
		}, march)
		assert.Equal(t, "191.00", rep.Collected.Plain())
		assert.Equal(t, "100.00", rep.Deductible.Plain())
		for acct, want := range map[string]string{"445710": "-191.00", "445660": "100.00"} {
			b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: acct, At: d(3, 30)})
			require.NoError(t, err)
			assert.Equal(t, want, b.Balance.Plain(), acct)
		}
		april, rep := read(4)
		assert.Equal(t, []row{{"445710", "20", "on_payment", "500.00", "100.00"}}, april)
		assert.Equal(t, "100.00", rep.Collected.Plain())
	})
}

// The balance âgée's text prints its amounts the French way (1 234,56)
// and its date the ISO way (2026-03-31), where every other report prints
// dd/mm/yyyy. FAILS before the fix.
func TestAcctAgedTextDateIsFrench(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "100.00")
		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31)})
		require.NoError(t, err)
		assert.Contains(t, a.String(), "Aged balance at 31/03/2026 (days past due date)")
	})
}
