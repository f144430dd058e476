package reconcile_test

// Review 20: invoices built by journal.Invoice, posted, and read back by
// the VAT report: the French rule (the VAT of each rate on the sum of its
// bases), the DOM rates, a foreign-currency invoice against Odoo's test,
// and a price-included 0 % tax against Odoo's.

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vatRow is a VAT report line as the test reads it.
type vatRow struct{ id, base, tax string }

func vatRows(rep []reconcile.VATLine) []vatRow {
	out := make([]vatRow, 0, len(rep))
	for _, l := range rep {
		out = append(out, vatRow{l.TaxID, l.Base.Plain(), l.Tax.Plain()})
	}
	return out
}

// taxLines returns the entry's tax lines as id → amount (company
// currency, credit positive).
func taxLines(x journal.Entry) map[string]string {
	out := map[string]string{}
	for _, l := range x.Lines {
		if l.TaxRole == tax.RoleTax {
			out[l.Taxes[0].ID] = l.Balance.Neg().Plain()
		}
	}
	return out
}

// The French rule: an invoice states, per rate, the sum of the HT bases at
// that rate and the VAT on that sum (CGI annexe II art. 242 nonies A, I-9°
// and 10°; DESIGN §2 and journal.Invoice: "rounds once per tax on the sum
// of its bases"). Twelve lines at 20, 10, 5.5, 2.1 and the DOM rates 8.5
// and 2.1 % (Guadeloupe, Martinique, La Réunion, CGI art. 296),
// interleaved, each rate chosen so that per-line rounding would differ:
//
//	20 %  0.03 ×3           base   0.09  VAT 0.018   → 0.02 (per line 0.03)
//	10 %  12.35 + 7.45      base  19.80  VAT 1.98    → 1.98 (per line 1.99)
//	5.5 % 10.10 ×2          base  20.20  VAT 1.111   → 1.11 (per line 1.12)
//	2.1 % 99.99 + 0.24      base 100.23  VAT 2.10483 → 2.10 (per line 2.11)
//	8.5 % 11.11 ×2          base  22.22  VAT 1.8887  → 1.89 (per line 1.88)
//
// HT 162.54, VAT 7.10, TTC 169.64; per line 7.13 and 169.67.
func TestFrenchInvoiceVATPerRateOnTheSumOfItsBases(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		v20 := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
		v10 := tax.MustFrenchVAT(tax.Intermediate, tax.Sales, tax.OnInvoice)
		v55 := tax.MustFrenchVAT(tax.Reduced, tax.Sales, tax.OnInvoice)
		v21 := tax.MustFrenchVAT(tax.SuperReduced, tax.Sales, tax.OnInvoice)
		v85 := tax.Tax{ID: "TVA8.5", Name: "TVA 8,5 % DOM", Rate: tax.MustParsePercent("8.5"), FinalAccount: tax.AccountVATCollected}
		line := func(price string, x tax.Tax) journal.InvoiceLine {
			return journal.InvoiceLine{Label: "article", UnitPrice: e(price), Taxes: []tax.Tax{x}, Account: "707000"}
		}
		lines := []journal.InvoiceLine{
			line("0.03", v20), line("12.35", v10), line("10.10", v55), line("99.99", v21), line("11.11", v85),
			line("0.03", v20), line("7.45", v10), line("10.10", v55), line("0.24", v21), line("11.11", v85),
			line("0.03", v20),
		}
		inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 2), Partner: "C1",
			PartnerAccount: "411000", Label: "Facture multi-taux", Lines: lines}
		want := []vatRow{{"TVA2.1", "100.23", "2.10"}, {"TVA5.5", "20.20", "1.11"}, {"TVA8.5", "22.22", "1.89"},
			{"TVA10", "19.80", "1.98"}, {"TVA20", "0.09", "0.02"}}

		tot, err := inv.Totals()
		require.NoError(t, err)
		assert.Equal(t, "162.54", tot.HT.Plain())
		assert.Equal(t, "169.64", tot.TTC.Plain())
		perLine := inv
		perLine.PerLineRounding = true
		ptot, err := perLine.Totals()
		require.NoError(t, err)
		assert.Equal(t, "169.67", ptot.TTC.Plain(), "per-line rounding: 0.03 + 1.99 + 1.12 + 2.11 + 1.88")

		x, err := inv.Entry()
		require.NoError(t, err)
		posted := f.post(t, x)
		assert.Equal(t, map[string]string{"TVA20": "0.02", "TVA10": "1.98", "TVA5.5": "1.11", "TVA2.1": "2.10", "TVA8.5": "1.89"},
			taxLines(posted))
		assert.Equal(t, "169.64", posted.Lines[0].Balance.Plain())
		rep, err := f.rec.VATReport(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		assert.ElementsMatch(t, want, vatRows(rep.Lines))
		assert.Equal(t, "7.10", rep.Collected.Plain())
		f.check(t)
	})
}

// The same invoice as a credit note (avoir): the same amounts, on the
// other sides, and a VAT report that nets the two to nothing.
func TestFrenchCreditNoteMirrorsTheInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		v55 := tax.MustFrenchVAT(tax.Reduced, tax.Sales, tax.OnInvoice)
		v85 := tax.Tax{ID: "TVA8.5", Name: "TVA 8,5 % DOM", Rate: tax.MustParsePercent("8.5"), FinalAccount: tax.AccountVATCollected}
		lines := []journal.InvoiceLine{
			{Label: "a", Quantity: journal.MustQuantity("2.5"), UnitPrice: e("4.04"), Taxes: []tax.Tax{v55}, Account: "707000"},
			{Label: "b", Quantity: journal.MustQuantity("0.333"), UnitPrice: e("33.37"), Taxes: []tax.Tax{v85}, Account: "707000"},
			{Label: "c", UnitPrice: e("10.10"), Taxes: []tax.Tax{v55}, Account: "707000"},
		}
		// 2.5 × 4.04 = 10.10; 0.333 × 33.37 = 11.11221 → 11.11; 5.5 % of
		// 20.20 = 1.111 → 1.11; 8.5 % of 11.11 = 0.94435 → 0.94.
		inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 2), Partner: "C1",
			PartnerAccount: "411000", Label: "Facture", Lines: lines}
		x, err := inv.Entry()
		require.NoError(t, err)
		posted := f.post(t, x)
		assert.Equal(t, map[string]string{"TVA5.5": "1.11", "TVA8.5": "0.94"}, taxLines(posted))
		assert.Equal(t, "33.36", posted.Lines[0].Balance.Plain())
		inv.Kind = journal.CustomerCreditNote
		x, err = inv.Entry()
		require.NoError(t, err)
		avoir := f.post(t, x)
		assert.Equal(t, map[string]string{"TVA5.5": "-1.11", "TVA8.5": "-0.94"}, taxLines(avoir))
		assert.Equal(t, "-33.36", avoir.Lines[0].Balance.Plain())
		rep, err := f.rec.VATReport(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		assert.ElementsMatch(t, []vatRow{{"TVA5.5", "0.00", "0.00"}, {"TVA8.5", "0.00", "0.00"}}, vatRows(rep.Lines))
		f.check(t)
	})
}

// Odoo test_tax_calculation_foreign_currency_large_quantity: 20000 × 2.82
// in a foreign currency at 1.1726 to the company's, 21 % excluded: the tax
// line's base is 48098.24 ("20000 * 2.82 / 1.1726") and its credit
// 10100.63 ("tax_base_amount * 0.21").
func TestOdooForeignCurrencyLargeQuantity(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.1726")))
		t21 := tax.Tax{ID: "T21", Name: "21 %", Rate: tax.MustParsePercent("21"), FinalAccount: tax.AccountVATCollected}
		inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(1, 1), Partner: "C1",
			PartnerAccount: "411000", Label: "xxxx", Lines: []journal.InvoiceLine{{Label: "xxxx",
				Quantity: journal.MustQuantity("20000"), UnitPrice: currency.MustParse(usd, "2.82"), Taxes: []tax.Tax{t21}, Account: "707000"}}}
		x, err := inv.Entry()
		require.NoError(t, err)
		posted := f.post(t, x)
		assert.Equal(t, map[string]string{"T21": "10100.63"}, taxLines(posted))
		for _, l := range posted.Lines {
			if l.TaxRole == tax.RoleBase {
				assert.Equal(t, "-48098.24", l.Balance.Plain())
				assert.Equal(t, "-56400.00", l.AmountCurrency.Plain())
			}
		}
		rep, err := f.rec.VATReport(ctx, d(1, 1), d(1, 31))
		require.NoError(t, err)
		assert.Equal(t, []vatRow{{"T21", "48098.24", "10100.63"}}, vatRows(rep.Lines))
		f.check(t)
	})
}

// Odoo test_tax.py test_rounding_tax_included_round_per_line_03: 8 ×
// 15.55 under an 8 % and a 0 % tax, both price included, in that order:
// 115.19 HT, 9.21 of 8 %, 0.00 of 0 %. The posted invoice must book
// 9.21 on 445710 for the 8 % and no tax line for the 0 % one, and the VAT
// report must show no VAT at 0 % (a row of 0 % with its base, or none).
func TestOdooIncludedZeroPercentBooksNoTax(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		t8 := tax.Tax{ID: "T8", Name: "8 %", Rate: tax.MustParsePercent("8"), PriceIncluded: true, FinalAccount: tax.AccountVATCollected}
		t0 := tax.Tax{ID: "T0", Name: "0 %", Rate: tax.MustParsePercent("0"), PriceIncluded: true, FinalAccount: tax.AccountVATCollected}
		inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 2), Partner: "C1",
			PartnerAccount: "411000", Label: "Facture", Lines: []journal.InvoiceLine{{Label: "x",
				Quantity: journal.MustQuantity("8"), UnitPrice: e("15.55"), Taxes: []tax.Tax{t8, t0}, Account: "707000"}}}
		x, err := inv.Entry()
		require.NoError(t, err)
		posted := f.post(t, x)
		assert.Equal(t, map[string]string{"T8": "9.21"}, taxLines(posted))
		rep, err := f.rec.VATReport(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		for _, r := range vatRows(rep.Lines) {
			switch r.id {
			case "T8":
				assert.Equal(t, vatRow{"T8", "115.19", "9.21"}, r)
			case "T0":
				assert.Equal(t, "0.00", r.tax, "no VAT at 0 %")
			}
		}
		assert.Equal(t, "9.21", rep.Collected.Plain())
		f.check(t)
	})
}
