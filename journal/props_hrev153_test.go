package journal_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// Random invoices (HT and TTC prices, several rates, decimal quantities,
// returns): HT = Σ bases, TTC = HT + Σ taxes, each tax's base is the sum
// of its lines' bases and its amount within a unit of its rate on that
// base, the order of the lines changes no total, and the entry balances
// with instalments summing to TTC.
func TestHrev153RandomInvoiceProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(153))
	rates := []tax.FrenchRate{tax.Standard, tax.Intermediate, tax.Reduced, tax.SuperReduced, tax.Exempt, tax.DOMStandard, tax.DOMParticular}
	fails := 0
	for it := 0; it < 3000 && fails < 5; it++ {
		code := []string{"EUR", "JPY", "KWD"}[rng.Intn(3)]
		cur := currency.MustLookup(code)
		n := 1 + rng.Intn(5)
		included := rng.Intn(2) == 0
		perLine := rng.Intn(3) == 0
		mixed := rng.Intn(2) == 0
		var lines []journal.InvoiceLine
		for i := 0; i < n; i++ {
			r := rates[rng.Intn(len(rates))]
			x := tax.MustFrenchVAT(r, tax.Sales, tax.OnInvoice)
			x.PriceIncluded = included
			if mixed && rng.Intn(2) == 0 {
				x.ID += "-TTC"
				x.PriceIncluded = !included
			}
			taxes := []tax.Tax{x}
			if mixed && rng.Intn(2) == 0 {
				levy := tax.Tax{ID: "LEVY", Name: "levy", Rate: tax.MustParsePercent("0.5"), FinalAccount: "447000", PriceIncluded: rng.Intn(2) == 0}
				if levy.PriceIncluded {
					levy.ID = "LEVY-TTC"
				}
				taxes = append(taxes, levy)
			}
			units := int64(1 + rng.Intn(100000))
			price := currency.FromMinor(cur, units)
			q := fmt.Sprintf("%d.%d", rng.Intn(5), rng.Intn(1000))
			if rng.Intn(5) == 0 {
				q = "-" + q
			}
			lines = append(lines, journal.InvoiceLine{Label: fmt.Sprint("l", i), Quantity: journal.MustQuantity(q), UnitPrice: price,
				Taxes: taxes, Account: "707000"})
		}
		inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2028, 2, 29), Partner: "C1",
			PartnerAccount: "411000", Label: "F", Lines: lines, PerLineRounding: perLine,
			Terms: journal.PaymentTerms{Instalments: []journal.Instalment{{Percent: tax.MustParsePercent("30")},
				{Percent: tax.MustParsePercent("70"), Due: journal.DueRule{Kind: journal.NetDays, Days: 30}}}}}
		tot, err := inv.Totals()
		if err != nil {
			t.Fatalf("%d: %v", it, err)
		}
		fail := func(format string, a ...any) {
			fails++
			t.Errorf("it %d (%s, included %v, per line %v): "+format, append([]any{it, code, included, perLine}, a...)...)
			for _, l := range lines {
				q := l.Quantity
				var ids []string
				for _, x := range l.Taxes {
					ids = append(ids, fmt.Sprint(x.ID, "/", x.PriceIncluded))
				}
				t.Logf("  %v × %s %v", q, l.UnitPrice.Plain(), ids)
			}
		}
		sum := currency.Zero(cur)
		for _, b := range tot.Bases {
			sum, _ = sum.Add(b)
		}
		if !sum.Equal(tot.HT) {
			fail("Σ bases %s != HT %s", sum, tot.HT)
		}
		ttc := tot.HT
		for _, tt := range tot.Taxes {
			ttc, _ = ttc.Add(tt.Amount)
			b := currency.Zero(cur)
			for i, l := range lines {
				for _, x := range l.Taxes {
					if x.ID == tt.Tax.ID {
						b, _ = b.Add(tot.Bases[i])
					}
				}
			}
			if !b.Equal(tt.Base) {
				fail("tax %s base %s != Σ its lines %s", tt.Tax.ID, tt.Base, b)
			}
			if !perLine {
				var p, q apd.Decimal
				apd.BaseContext.WithPrecision(50).Mul(&p, tt.Base.Decimal(), tt.Tax.Rate.Decimal())
				apd.BaseContext.WithPrecision(50).Quo(&p, &p, apd.New(100, 0))
				apd.BaseContext.WithPrecision(50).Sub(&q, &p, tt.Amount.Decimal())
				q.Abs(&q)
				unit := currency.FromMinor(cur, 1).Decimal()
				if q.Cmp(unit) > 0 {
					fail("tax %s %s not within a unit of %s%% of %s (%s)", tt.Tax.ID, tt.Amount, tt.Tax.Rate, tt.Base, p.String())
				}
			}
		}
		if !ttc.Equal(tot.TTC) {
			fail("HT + taxes %s != TTC %s", ttc, tot.TTC)
		}
		// reversed order
		rev := inv
		rev.Lines = make([]journal.InvoiceLine, n)
		for i := range lines {
			rev.Lines[n-1-i] = lines[i]
		}
		tr, err := rev.Totals()
		if err != nil {
			t.Fatal(err)
		}
		if !tr.TTC.Equal(tot.TTC) || !tr.HT.Equal(tot.HT) {
			fail("order changes totals: %s/%s vs %s/%s", tot.HT, tot.TTC, tr.HT, tr.TTC)
		}
		if tot.TTC.Sign() <= 0 {
			continue
		}
		e, err := inv.Entry()
		if err != nil {
			fail("entry: %v", err)
			continue
		}
		bal := currency.Zero(cur)
		partner := currency.Zero(cur)
		for _, l := range e.Lines {
			bal, _ = bal.Add(l.AmountCurrency)
			if l.Account == "411000" {
				partner, _ = partner.Add(l.AmountCurrency)
				if l.AmountCurrency.Sign() <= 0 {
					fail("instalment %s not positive", l.AmountCurrency)
				}
			}
		}
		if !bal.IsZero() || !partner.Equal(tot.TTC) {
			fail("entry unbalanced %s, partner %s vs TTC %s", bal, partner, tot.TTC)
		}
	}
}
