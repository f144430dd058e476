package journal_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// Pins: French invoices state VAT per rate on that rate's HT total (CGI
// ann. II art. 242 nonies A, I-13°): by default each tax not included in
// the prices is exactly round(rate × its printed base), TTC = HT + taxes,
// and a credit note built from the same lines is the invoice negated line
// by line to the cent — over random invoices of 1 to 8 lines (negative
// rebate lines among them, quantities up to 5), in EUR, JPY (0 digits)
// and KWD (3 digits), taxes on invoice, on payment and price-included.
func TestHrev263PerRateAndCreditNoteMirror(t *testing.T) {
	rng := rand.New(rand.NewSource(263))
	inc := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	inc.ID, inc.PriceIncluded = "TVA20-TTC", true
	taxes := []tax.Tax{tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice),
		tax.MustFrenchVAT(tax.Reduced, tax.Sales, tax.OnPayment), tax.MustFrenchVAT(tax.SuperReduced, tax.Sales, tax.OnInvoice), inc}
	for _, code := range []string{"EUR", "JPY", "KWD"} {
		cur := currency.MustLookup(code)
		for n := 0; n < 150; n++ {
			var lines []journal.InvoiceLine
			for i := 0; i < 1+rng.Intn(8); i++ {
				lines = append(lines, journal.InvoiceLine{Label: fmt.Sprint("l", i), Quantity: journal.MustQuantity(fmt.Sprint(1 + rng.Intn(5))),
					UnitPrice: currency.FromMinor(cur, int64(rng.Intn(100000)-10000)), Taxes: []tax.Tax{taxes[rng.Intn(len(taxes))]}, Account: "706000"})
			}
			inv := journal.Invoice{Journal: "VT", Partner: "C1", PartnerAccount: "411000", Date: journal.MustDate(2026, 3, 1), Lines: lines}
			a, err := inv.Entry()
			if err != nil {
				continue // a total not positive
			}
			tt, err := inv.Totals()
			if err != nil {
				t.Fatal(err)
			}
			sum := tt.HT
			for _, x := range tt.Taxes {
				sum, _ = sum.Add(x.Amount)
				if x.Tax.PriceIncluded {
					continue
				}
				if want, _ := x.Tax.Amount(x.Base, currency.HalfAwayFromZero); !want.Equal(x.Amount) {
					t.Fatalf("%s %s: base %s, tax %s, want %s", code, x.Tax.ID, x.Base, x.Amount, want)
				}
			}
			if !sum.Equal(tt.TTC) {
				t.Fatalf("%s: HT + taxes %s, TTC %s", code, sum, tt.TTC)
			}
			inv.Kind = journal.CustomerCreditNote
			b, err := inv.Entry()
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Lines) != len(b.Lines) {
				t.Fatalf("%s: %d lines, credit note %d", code, len(a.Lines), len(b.Lines))
			}
			for i := range a.Lines {
				if !a.Lines[i].AmountCurrency.Neg().Equal(b.Lines[i].AmountCurrency) || a.Lines[i].Account != b.Lines[i].Account {
					t.Fatalf("%s line %d: invoice %s %s, credit note %s %s", code, i, a.Lines[i].Account, a.Lines[i].AmountCurrency,
						b.Lines[i].Account, b.Lines[i].AmountCurrency)
				}
			}
		}
	}
}

// Pins: seven lines of 0,33 € HT at 20 %: per rate (the default) the VAT
// is 20 % of 2,31 = 0,46 and TTC 2,77; per line (PerLineRounding, Odoo's
// round_per_line) 7 × 0,07 = 0,49. A French invoice states the VAT per
// rate (CGI ann. II art. 242 nonies A), so the default must be 0,46.
func TestHrev263ManyLinesPerRateNotPerLine(t *testing.T) {
	eur := currency.MustLookup("EUR")
	v20 := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	var lines []journal.InvoiceLine
	for i := 0; i < 7; i++ {
		lines = append(lines, journal.InvoiceLine{Label: "x", UnitPrice: currency.MustParse(eur, "0.33"), Taxes: []tax.Tax{v20}, Account: "706000"})
	}
	for _, c := range []struct {
		perLine  bool
		vat, ttc string
	}{{false, "0.46", "2.77"}, {true, "0.49", "2.80"}} {
		tt, err := journal.Invoice{Lines: lines, PerLineRounding: c.perLine}.Totals()
		if err != nil {
			t.Fatal(err)
		}
		if tt.Taxes[0].Amount.Plain() != c.vat || tt.TTC.Plain() != c.ttc {
			t.Errorf("per line %v: VAT %s TTC %s, want %s %s", c.perLine, tt.Taxes[0].Amount, tt.TTC, c.vat, c.ttc)
		}
	}
}
