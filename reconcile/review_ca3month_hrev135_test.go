package reconcile_test

// Review hrev135: a French expert-comptable's monthly CA3 over two months
// that mix goods and services, cash-basis VAT paid across months, a
// credit note, an escompte, an overpayment and its refund, purchases of
// goods, services and a fixed asset, an intra-EU acquisition, an export,
// the DOM rates, then a March payment unlettered in April after March's
// return was filed (tax lock date).

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev135Invoice posts an invoice built by the journal's builder with the
// given lines (price, tax, account).
func hrev135Invoice(name string, kind journal.InvoiceKind, partner string, day journal.Date, lines ...journal.InvoiceLine) func(*testing.T, *scenario) {
	return func(t *testing.T, s *scenario) {
		inv := journal.Invoice{Kind: kind, Journal: "VT", Date: day, Partner: partner, PartnerAccount: "411000", Lines: lines}
		if kind == journal.SupplierBill || kind == journal.SupplierCreditNote {
			inv.Journal, inv.PartnerAccount = "AC", "401000"
		}
		x, err := inv.Entry()
		require.NoError(t, err)
		s.docs[name] = s.f.post(t, x)
	}
}

func hrev135Line(price string, account string, x tax.Tax) journal.InvoiceLine {
	return journal.InvoiceLine{Label: account, UnitPrice: e(price), Taxes: []tax.Tax{x}, Account: account}
}

// hrev135Rows reads the VAT report of a period as "ACCOUNT TAXID BASE TAX
// side" rows, and its totals.
func hrev135Rows(t *testing.T, s *scenario, from, to journal.Date) ([]string, string, string) {
	t.Helper()
	rep, err := s.f.rec.VATReport(ctx, from, to)
	require.NoError(t, err)
	var got []string
	for _, l := range rep.Lines {
		side := "deductible"
		if l.Collected {
			side = "collected"
		}
		got = append(got, fmt.Sprintf("%s %s %s %s %s", l.Account, l.TaxID, l.Base.Plain(), l.Tax.Plain(), side))
	}
	for _, u := range rep.Untaxed {
		got = append(got, fmt.Sprintf("untaxed %s %d %s", u.Account, u.Lines, u.Movement.Plain()))
	}
	return got, rep.Collected.Plain(), rep.Deductible.Plain()
}

// The March return, by hand (company EUR, all amounts HT / TVA):
//
//	445200 AUTOLIQ20  base 1 000.00  TVA 200.00  collected (intra-EU goods, self-assessed)
//	445620 IMMO20     base 2 000.00  TVA 400.00  deductible (a computer, 218300)
//	445660 AUTOLIQ20  base 1 000.00  TVA 200.00  deductible
//	445660 TVA20-DED  base   500.00  TVA 100.00  deductible (goods bought)
//	445660 TVA20-DED-ENC base 300.00 TVA  60.00  deductible (services bought, paid 360.00 in March)
//	445710 EXPORT     base 2 000.00  TVA   0.00  collected (export, exempt)
//	445710 TVA2.1     base   100.00  TVA   2.10  collected (DOM)
//	445710 TVA5.5     base   200.00  TVA  11.00  collected (goods)
//	445710 TVA8.5     base   100.00  TVA   8.50  collected (DOM)
//	445710 TVA20      base 1 000.00  TVA 200.00  collected (goods)
//	445710 TVA20-ENC  base 1 863.34  TVA 372.67  collected: S1 700.01 received
//	       (583.34 / 116.67), S2 240.00 received (200.00 / 40.00) and its
//	       credit note 120.00 lettered (net 0.00), S3 1 176.00 received
//	       with a 2 % escompte (980.00 / 196.00), S4 150.00 received on
//	       120.00 (100.00 / 20.00; the 30.00 over is refunded)
//
// Collected 794.27, deductible 760.00, net due 34.27.
//
// April, after March's return is filed (tax lock 31 March): S1's
// remaining 499.99 (416.66 / 83.33: 116.67 + 83.33 = 200.00 exactly), S2's
// remaining 240.00 (200.00 / 40.00), S4's March receipt unlettered
// (−100.00 / −20.00) and S3's March receipt with its escompte unlettered
// (−980.00 / −196.00): TVA20-ENC base −463.34 TVA −92.67, and March's
// figures do not move. The reversals land on 1 April.
func TestHrev135TwoMonthCA3(t *testing.T) {
	t.Parallel()
	sales := func(r tax.FrenchRate, e tax.Exigibility) tax.Tax { return tax.MustFrenchVAT(r, tax.Sales, e) }
	buys := func(r tax.FrenchRate, e tax.Exigibility) tax.Tax { return tax.MustFrenchVAT(r, tax.Purchases, e) }
	immo := tax.Tax{ID: "IMMO20", Name: "TVA 20 % sur immobilisations", Rate: tax.MustParsePercent("20"), FinalAccount: "445620"}
	rc := tax.Tax{ID: "AUTOLIQ20", Name: "TVA autoliquidée 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445660"}
	march, april := func() (journal.Date, journal.Date) { return d(3, 1), d(3, 31) }, func() (journal.Date, journal.Date) { return d(4, 1), d(4, 30) }
	marchWant := []string{
		"445200 AUTOLIQ20 1000.00 200.00 collected",
		"445620 IMMO20 2000.00 400.00 deductible",
		"445660 AUTOLIQ20 1000.00 200.00 deductible",
		"445660 TVA20-DED 500.00 100.00 deductible",
		"445660 TVA20-DED-ENC 300.00 60.00 deductible",
		"445710 EXPORT 2000.00 0.00 collected",
		"445710 TVA2.1 100.00 2.10 collected",
		"445710 TVA5.5 200.00 11.00 collected",
		"445710 TVA8.5 100.00 8.50 collected",
		"445710 TVA20 1000.00 200.00 collected",
		"445710 TVA20-ENC 1863.34 372.67 collected",
	}
	checkMarch := func(t *testing.T, s *scenario) {
		t.Helper()
		from, to := march()
		got, col, ded := hrev135Rows(t, s, from, to)
		assert.Equal(t, marchWant, got, "March")
		assert.Equal(t, "794.27", col, "March collected")
		assert.Equal(t, "760.00", ded, "March deductible")
	}
	hrev80Caba(t,
		func(t *testing.T, s *scenario) {
			require.NoError(t, s.f.book.AddPartner(ctx, ledger.Partner{Code: "C4", Name: "Partner C4"}))
			require.NoError(t, s.f.book.AddPartner(ctx, ledger.Partner{Code: "S2", Name: "Partner S2"}))
		},
		// Goods at 20 % and 5,5 %, an export, DOM rates: due on invoice.
		hrev135Invoice("G", journal.CustomerInvoice, "C1", d(3, 2),
			hrev135Line("1000.00", "707000", sales(tax.Standard, tax.OnInvoice)),
			hrev135Line("200.00", "707000", sales(tax.Reduced, tax.OnInvoice))),
		hrev135Invoice("X", journal.CustomerInvoice, "C2", d(3, 3),
			hrev135Line("2000.00", "707000", sales(tax.Export, tax.OnInvoice))),
		hrev135Invoice("D", journal.CustomerInvoice, "C3", d(3, 4),
			hrev135Line("100.00", "707000", sales(tax.DOMStandard, tax.OnInvoice)),
			hrev135Line("100.00", "707000", sales(tax.SuperReduced, tax.OnInvoice))),
		// Services on payment.
		hrev135Invoice("S1", journal.CustomerInvoice, "C1", d(3, 5), hrev135Line("1000.00", "706000", sales(tax.Standard, tax.OnPayment))),
		hrev135Invoice("S2", journal.CustomerInvoice, "C2", d(3, 5), hrev135Line("500.00", "706000", sales(tax.Standard, tax.OnPayment))),
		hrev135Invoice("N2", journal.CustomerCreditNote, "C2", d(3, 6), hrev135Line("100.00", "706000", sales(tax.Standard, tax.OnPayment))),
		hrev135Invoice("S3", journal.CustomerInvoice, "C3", d(3, 5), hrev135Line("1000.00", "706000", sales(tax.Standard, tax.OnPayment))),
		hrev135Invoice("S4", journal.CustomerInvoice, "C4", d(3, 5), hrev135Line("100.00", "706000", sales(tax.Standard, tax.OnPayment))),
		// Purchases: goods, services on payment, a fixed asset.
		hrev135Invoice("B1", journal.SupplierBill, "S1", d(3, 7), hrev135Line("500.00", "607000", buys(tax.Standard, tax.OnInvoice))),
		hrev135Invoice("B2", journal.SupplierBill, "S2", d(3, 7), hrev135Line("300.00", "604000", buys(tax.Standard, tax.OnPayment))),
		hrev135Invoice("B3", journal.SupplierBill, "S1", d(3, 8), hrev135Line("2000.00", "218300", immo)),
		// Intra-EU acquisition, self-assessed.
		postAs("B4", func(s *scenario) journal.Entry {
			return journal.Entry{Journal: "AC", Date: d(3, 9), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S2", Balance: e("-1000.00")},
				{Account: "607000", Balance: e("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{rc}},
				{Account: "445660", Balance: e("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
				{Account: "445200", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
			}}
		}),
		`pay P1 C1 BQD 2026-03-10 700.01 S1
		pay P2 C2 BQD 2026-03-10 240.00 S2
		letter S2 N2
		pay P3 C3 BQD 2026-03-12 1176.00 S3 discount=1
		state S3 paid 0.00
		pay P4 C4 BQD 2026-03-12 150.00 S4
		payout R4 C4 BQD 2026-03-20 30.00 P4
		paysupplier Q2 S2 BQD 2026-03-15 360.00 B2
		balance 445740 -123.33
		balance 445640 0.00`,
		checkMarch,
		taxLock("2026-03-31"),
		`pay P1b C1 BQD 2026-04-10 499.99 S1
		state S1 paid 0.00
		pay P2b C2 BQD 2026-04-10 240.00 S2
		state S2 paid 0.00
		unletter P4
		unletter P3
		state S3 not_paid 1200.00
		balance 445740 -220.00`,
		checkMarch,
		func(t *testing.T, s *scenario) {
			from, to := april()
			got, col, ded := hrev135Rows(t, s, from, to)
			// 416.66 + 200.00 − 100.00 − 980.00 = −463.34; 83.33 + 40.00 − 20.00 − 196.00 = −92.67.
			assert.Equal(t, []string{"445710 TVA20-ENC -463.34 -92.67 collected"}, got, "April")
			assert.Equal(t, "-92.67", col, "April collected")
			assert.Equal(t, "0.00", ded, "April deductible")
		},
	)
}

// Cash-basis services sold in March, exports and exempt services on
// payment (a 0 % tax: no tax line, only the base moves), a supplier's
// services bill paid with an escompte (1 176.00 on 1 200.00: 196.00
// deductible on 980.00), then after March's tax lock: an invoice of goods
// cancelled, the credit note's group unlettered, the supplier payment and
// the export's receipt unlettered. March stays as filed; April carries
// each reversal, and CashBasisPayments agrees with the report.
func TestHrev135LockedMarchReversalsGoToApril(t *testing.T) {
	t.Parallel()
	sales := func(r tax.FrenchRate, e tax.Exigibility) tax.Tax { return tax.MustFrenchVAT(r, tax.Sales, e) }
	buys := func(r tax.FrenchRate, e tax.Exigibility) tax.Tax { return tax.MustFrenchVAT(r, tax.Purchases, e) }
	marchWant := []string{
		"445660 TVA20-DED-ENC 980.00 196.00 deductible",
		"445710 EXO-ENC 500.00 0.00 collected",
		"445710 EXPORT-ENC 1000.00 0.00 collected",
		"445710 TVA20 1000.00 200.00 collected",
		"445710 TVA20-ENC 500.00 100.00 collected",
	}
	check := func(from, to journal.Date, want []string, col, ded, cb string) func(*testing.T, *scenario) {
		return func(t *testing.T, s *scenario) {
			t.Helper()
			got, c, dd := hrev135Rows(t, s, from, to)
			assert.Equal(t, want, got)
			assert.Equal(t, col, c, "collected")
			assert.Equal(t, ded, dd, "deductible")
			rows, err := s.f.rec.CashBasisPayments(ctx, from, to)
			require.NoError(t, err)
			sum := e("0.00")
			for _, r := range rows {
				sum, _ = sum.Add(r.VAT)
			}
			assert.Equal(t, cb, sum.Plain(), "CashBasisPayments")
		}
	}
	hrev80Caba(t,
		hrev135Invoice("G", journal.CustomerInvoice, "C1", d(3, 2), hrev135Line("1000.00", "707000", sales(tax.Standard, tax.OnInvoice))),
		hrev135Invoice("XE", journal.CustomerInvoice, "C2", d(3, 3), hrev135Line("1000.00", "706000", sales(tax.Export, tax.OnPayment))),
		hrev135Invoice("EE", journal.CustomerInvoice, "C2", d(3, 3), hrev135Line("500.00", "706000", sales(tax.Exempt, tax.OnPayment))),
		hrev135Invoice("S", journal.CustomerInvoice, "C3", d(3, 5), hrev135Line("1000.00", "706000", sales(tax.Standard, tax.OnPayment))),
		hrev135Invoice("N", journal.CustomerCreditNote, "C3", d(3, 6), hrev135Line("100.00", "706000", sales(tax.Standard, tax.OnPayment))),
		hrev135Invoice("B", journal.SupplierBill, "S1", d(3, 7), hrev135Line("1000.00", "604000", buys(tax.Standard, tax.OnPayment))),
		`pay PX C2 BQD 2026-03-10 1000.00 XE
		pay PE C2 BQD 2026-03-10 500.00 EE
		pay PS C3 BQD 2026-03-10 600.00 S
		letter S N
		paysupplier Q S1 BQD 2026-03-12 1176.00 B discount=1
		state B paid 0.00
		balance 445640 0.00`,
		check(d(3, 1), d(3, 31), marchWant, "300.00", "196.00", "100.00"),
		taxLock("2026-03-31"),
		`reverse G
		unletter N
		unletter Q
		unletter PX
		balance 445640 200.00`,
		check(d(4, 1), d(4, 30), []string{
			"445660 TVA20-DED-ENC -980.00 -196.00 deductible",
			"445710 EXPORT-ENC -1000.00 0.00 collected",
			"445710 TVA20 -1000.00 -200.00 collected",
			"445710 TVA20-ENC -500.00 -100.00 collected",
		}, "-300.00", "-196.00", "-100.00"),
		check(d(3, 1), d(3, 31), marchWant, "300.00", "196.00", "100.00"),
	)
}

// Was failing, fixed: a fixed asset bought at 20 % (218300 2 000.00, Dr 445620 400.00 "TVA déductible sur immobilisations", tax TVA20-DED with the tax role) is reported as collected −400.00 on 445620 plus a 445660 deductible row of base 2 000.00 and tax 0.00, where the CA3 wants 400.00 deductible on 445620 (line 19) on base 2 000.00, collected 0.00, deductible 400.00.
func TestHrev135FixedAssetVATIsDeductible(t *testing.T) {
	t.Parallel()
	ded := tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)
	hrev80Caba(t,
		postAs("IMMO", func(s *scenario) journal.Entry {
			return journal.Entry{Journal: "AC", Date: d(3, 8), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-2400.00")},
				{Account: "218300", Balance: e("2000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{ded}},
				{Account: "445620", Balance: e("400.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded}},
			}}
		}),
		func(t *testing.T, s *scenario) {
			got, col, dd := hrev135Rows(t, s, d(3, 1), d(3, 31))
			assert.Equal(t, []string{"445620 TVA20-DED 2000.00 400.00 deductible"}, got)
			assert.Equal(t, "0.00", col, "collected")
			assert.Equal(t, "400.00", dd, "deductible")
		})
}
