package journal_test

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev235Bill is a supplier's bill of the lines given, each under taxes.
func hrev235Bill(kind journal.InvoiceKind, perLine bool, taxes []tax.Tax, prices ...string) journal.Invoice {
	inv := journal.Invoice{Kind: kind, Journal: "AC", Date: journal.MustDate(2026, 3, 2), Partner: "S1", PartnerAccount: "401000",
		Ref: "EU-1", Label: "Achat UE", PerLineRounding: perLine}
	for i, p := range prices {
		inv.Lines = append(inv.Lines, journal.InvoiceLine{Label: fmt.Sprint("l", i+1), UnitPrice: eurAmount(p), Taxes: taxes, Account: "607000"})
	}
	return inv
}

// hrev235Lines prints the entry's lines: account, amount, role and tax.
func hrev235Lines(e journal.Entry) []string {
	var out []string
	for _, l := range e.Lines {
		s := l.Account + " " + l.AmountCurrency.Plain()
		if len(l.Taxes) > 0 {
			s += " " + l.TaxRole.String() + ":" + l.Taxes[0].ID
		}
		out = append(out, s)
	}
	return out
}

// A reverse charge rounds as a plain tax does, per rate on the sum of the
// bases or per line, and adds nothing to what the supplier is owed: three
// lines of 0.10 at 5,5 % make 0.02 on the total (0.0165) and 0.03 per line
// (0.0055 × 3 rounded each), booked on both sides. A credit note mirrors
// the bill. Beside a plain tax, only the plain one is in the TTC.
func TestHrev235ReverseChargeInvoice(t *testing.T) {
	aic := tax.MustFrenchReverseChargeVAT(tax.Reduced, tax.IntraEUGoods)
	for _, c := range []struct {
		name    string
		kind    journal.InvoiceKind
		perLine bool
		want    []string
	}{
		{"bill on the total", journal.SupplierBill, false,
			[]string{"401000 -0.30", "607000 0.10 base:TVA5.5-AIC", "607000 0.10 base:TVA5.5-AIC", "607000 0.10 base:TVA5.5-AIC",
				"445662 0.02 tax:TVA5.5-AIC", "445200 -0.02 tax:TVA5.5-AIC"}},
		{"bill per line", journal.SupplierBill, true,
			[]string{"401000 -0.30", "607000 0.10 base:TVA5.5-AIC", "607000 0.10 base:TVA5.5-AIC", "607000 0.10 base:TVA5.5-AIC",
				"445662 0.03 tax:TVA5.5-AIC", "445200 -0.03 tax:TVA5.5-AIC"}},
		{"credit note", journal.SupplierCreditNote, false,
			[]string{"401000 0.30", "607000 -0.10 base:TVA5.5-AIC", "607000 -0.10 base:TVA5.5-AIC", "607000 -0.10 base:TVA5.5-AIC",
				"445662 -0.02 tax:TVA5.5-AIC", "445200 0.02 tax:TVA5.5-AIC"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			inv := hrev235Bill(c.kind, c.perLine, []tax.Tax{aic}, "0.10", "0.10", "0.10")
			tot, err := inv.Totals()
			require.NoError(t, err)
			assert.Equal(t, "0.30", tot.TTC.Plain())
			e, err := inv.Entry()
			require.NoError(t, err)
			assert.Equal(t, c.want, hrev235Lines(e))
		})
	}
	// With a plain tax beside it (a French levy, say), only that one is owed
	// to the supplier.
	levy := tax.Tax{ID: "TAXE1", Name: "Taxe 1 %", Rate: tax.MustParsePercent("1"), FinalAccount: "445660"}
	tot, err := hrev235Bill(journal.SupplierBill, false, []tax.Tax{aic, levy}, "1000.00").Totals()
	require.NoError(t, err)
	assert.Equal(t, "1010.00", tot.TTC.Plain())
	assert.Equal(t, "55.00", tot.Taxes[0].Amount.Plain())
}

// On a customer's document, a reverse charge is refused: a sale to a
// business that self-assesses the VAT carries none. So are a bad
// definition's (due on payment).
func TestHrev235ReverseChargeRefused(t *testing.T) {
	aic := tax.MustFrenchReverseChargeVAT(tax.Standard, tax.IntraEUGoods)
	for _, k := range []journal.InvoiceKind{journal.CustomerInvoice, journal.CustomerCreditNote} {
		inv := hrev235Bill(k, false, []tax.Tax{aic}, "100.00")
		inv.Journal, inv.PartnerAccount = "VT", "411000"
		_, err := inv.Entry()
		require.ErrorIs(t, err, journal.ErrInvoice)
		require.ErrorIs(t, err, tax.ErrReverseChargeSales)
	}
	enc := aic
	enc.Exigibility, enc.TransitionAccount = tax.OnPayment, "445640"
	_, err := hrev235Bill(journal.SupplierBill, false, []tax.Tax{enc}, "100.00").Entry()
	require.ErrorIs(t, err, tax.ErrReverseChargeOnPayment)
}

// An intra-EU purchase of goods: the supplier is owed the base alone, the
// VAT is both deductible and due.
func ExampleInvoice_Entry_reverseCharge() {
	inv := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: journal.MustDate(2026, 3, 2),
		Partner: "S1", PartnerAccount: "401000", Ref: "DE-2026-118", Label: "Achat Allemagne",
		Lines: []journal.InvoiceLine{{Label: "Machine", UnitPrice: eurAmount("1250.55"),
			Taxes: []tax.Tax{tax.MustFrenchReverseChargeVAT(tax.Standard, tax.IntraEUGoods)}, Account: "607000"}}}
	e, _ := inv.Entry()
	for _, l := range e.Lines {
		fmt.Printf("%s %9s %s\n", l.Account, l.AmountCurrency.Plain(), l.Label)
	}
	// Output:
	// 401000  -1250.55 Achat Allemagne
	// 607000   1250.55 Machine
	// 445662    250.11 TVA 20 % autoliquidée, acquisition intracommunautaire
	// 445200   -250.11 TVA 20 % autoliquidée, acquisition intracommunautaire
}
