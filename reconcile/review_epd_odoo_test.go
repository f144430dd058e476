package reconcile_test

// A review of early-payment discounts (escompte) against DESIGN §5
// "Settling differences", worked examples 9 and 10 and §7 invariant 9, and
// against Odoo's published tests in addons/account/tests/
// test_early_payment_discount.py (odoo/odoo, 17.0/18.0 line). Odoo knows
// three computations (early_pay_discount_computation): "included" (the
// discount taken on the total, its VAT share taken back at payment — the
// French escompte), "excluded" (the discount on the untaxed amount, the
// VAT left whole) and "mixed" (the VAT computed on the discounted base at
// invoice time, Belgian style). DESIGN has one rule, "included"'s: the
// payment entry's discount is a credit-note-type entry with the tax's
// share, so where Odoo's figures come from another mode the tests assert
// DESIGN's and say so. Odoo books the discount lines inside the payment
// entry; DESIGN books a separate discount entry lettered to the invoice
// (§10 "escompte as a credit-note-type entry"): the figures compare line
// for line, not the entry they sit in.
//
// The tests run scripts in the scenario language
// (testdata/scenarios/README.md) through reviewCaba (review_caba_odoo_test.go),
// on every store with Check after every command.

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// epdVAT is a French VAT on invoice on sales (445710), named as the
// scenario language names it so that `vat … tax=ID` finds it.
func epdVAT(rate string) tax.Tax {
	return tax.Tax{ID: "V" + rate, Name: "TVA " + rate + " %", Rate: tax.MustParsePercent(rate), FinalAccount: "445710"}
}

// epdTerms are payment terms at 30 days with pct % off within days.
func epdTerms(pct string, days int) journal.PaymentTerms {
	return journal.PaymentTerms{Due: journal.DueRule{Kind: journal.NetDays, Days: 30},
		Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent(pct), Days: days}}
}

// Odoo test_register_discounted_payment_on_single_out_invoice_with_tax
// ("included": 1 500.00 + 15 % = 1 725.00, 10 % off, payment entry
// −1 725.00 / 22.50 / 150.00 / 1 552.50) and test_early_payment_end_date
// (invoice 2019-01-01, 10 days → discount date 2019-01-11), with two
// rates and figures that do not divide evenly. Invoice of 333.33 at 20 %
// and 123.45 at 5.5 % on invoice (VAT 66.67 + 6.79, TTC 530.24), terms 2 %
// within 10 days: deadline 2026-03-11, discount round(530.24 × 2 %) =
// 10.60, paid 519.64 on the deadline. DESIGN §5: VAT share rounded once,
// round(10.60 × 73.46 / 530.24) = 1.47, prorated over the taxes by largest
// remainder: 1.33 (V20) + 0.14 (V5.5); tax-excluded 9.13 over the bases:
// 6.66 + 2.47. Discount entry Dr 665000 6.66 / Dr 445710 1.33 / Dr 665000
// 2.47 / Dr 445710 0.14 / Cr 411000 10.60; the VAT report nets the
// discount: V20 326.67 / 65.34, V5.5 120.98 / 6.65.
// Passes.
func TestReviewEPDTwoRatesTwoPercent(t *testing.T) {
	t.Parallel()
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{
			{Label: "Conseil", UnitPrice: e("333.33"), Taxes: []tax.Tax{epdVAT("20")}, Account: "706000"},
			{Label: "Livres", UnitPrice: e("123.45"), Taxes: []tax.Tax{epdVAT("5.5")}, Account: "706000"},
		},
		Terms: epdTerms("2", 10)}
	reviewCaba(t, eur,
		func(t *testing.T, s *scenario) {
			tot, err := inv.Totals()
			require.NoError(t, err)
			require.Equal(t, "530.24", tot.TTC.Plain())
			last, ok := inv.Terms.DiscountDeadline(inv.Date)
			require.True(t, ok)
			require.Equal(t, d(3, 11), last)
			disc, ok, err := inv.Terms.DiscountOn(tot.TTC, currency.HalfAwayFromZero)
			require.NoError(t, err)
			require.True(t, ok)
			require.Equal(t, "10.60", disc.Plain())
		},
		postAs("A", func(s *scenario) journal.Entry {
			x, err := inv.Entry()
			require.NoError(s.t, err)
			return x
		}),
		`line A.0 411000 530.24
		pay P C1 BQD 2026-03-11 519.64 A discount=1
		entries 2
		line P+1.0 411000 -10.60 date=2026-03-11
		line P+1.1 665000 6.66
		line P+1.2 445710 1.33
		line P+1.3 665000 2.47
		line P+1.4 445710 0.14
		state A paid 0.00
		balance 665000 9.13
		balance 445710 -71.99
		vat 2026-03-01 2026-03-31 445710 326.67 65.34 tax=V20
		vat 2026-03-01 2026-03-31 445710 120.98 6.65 tax=V5.5`)
}

// Odoo test_register_discounted_payment_multi_line_discount ("included",
// supplier): a bill of 1 000.00 at 15 % and 2 000.00 without tax
// (3 150.00), 10 % off = 315.00, paid 2 835.00; Odoo's payment entry:
// −2 835.00 bank, −200.00 discount (untaxed line), −100.00 discount (base
// of the tax), −15.00 tax, 3 150.00 payable. DESIGN §5 and example 9 give
// the same figures on 765000: VAT share 315 × 150 / 3 150 = 15.00 (Cr
// 445660), tax-excluded 300.00 prorated over the untaxed line and the
// tax's base, 200.00 + 100.00; Dr 401000 315.00. The deductible VAT
// report: base 900.00, VAT 135.00.
// Passes.
func TestReviewEPDSupplierUntaxedLine(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `purchase B S1 2026-03-01 1000.00@15 2000.00
		line B.0 401000 -3150.00
		paysupplier P S1 BQD 2026-03-05 2835.00 B discount=1
		entries 2
		line P+1.0 401000 315.00
		line P+1.1 765000 -200.00
		line P+1.2 765000 -100.00
		line P+1.3 445660 -15.00
		state B paid 0.00
		balance 765000 -300.00
		balance 445660 135.00
		vat 2026-03-01 2026-03-31 445660 900.00 135.00 tax=V15`)
}

// Odoo test_register_discounted_payment_on_single_out_invoice_with_tax's
// figures on a cash-basis invoice (DESIGN example 10 scaled): 1 500.00 +
// 15 % on payment (225.00 on 445740), paid 1 552.50 with 172.50 off. DESIGN
// §5: the discount's VAT share, 22.50, comes off 445740 first (Dr 665000
// 150.00 / Dr 445740 22.50 / Cr 411000 172.50) and the receipt's
// cash-basis entry moves what remains, 202.50, to 445710; 445740 ends at
// 0.00 (invariant 9: 202.50 + 22.50 = 225.00); VAT collected 202.50 on
// 1 350.00. Odoo's "included" computation puts the tax line on the
// payment itself; the amounts agree.
// Passes.
func TestReviewEPDCashBasis(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `sale A C1 2026-03-01 1500.00@15e
		line A.0 411000 1725.00
		pay P C1 BQD 2026-03-10 1552.50 A discount=1
		entries 3
		line P+1.0 411000 -172.50
		line P+1.1 665000 150.00
		line P+1.2 445740 22.50
		line P+2.0 445740 202.50
		line P+2.1 445710 -202.50
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -202.50
		vat 2026-03-01 2026-03-31 445710 1350.00 202.50 tax=V15E`)
}

// Odoo's discount is only for an invoice still "not_paid"
// (_is_eligible_for_early_payment_discount); DESIGN §5 says the same:
// "only on the first payment of an invoice". 1 000.00 + 20 % on invoice,
// a first receipt of 600.00, then 588.00 asked with a discount (2 % of
// the 1 200.00 off the rest): refused with ErrDiscount, nothing written;
// the rest of 600.00 is still owed and a receipt of 600.00 pays it. A
// receipt of the whole 1 200.00 with a discount is refused too (0 < paid <
// total).
// Passes.
func TestReviewEPDPartialPaymentThenDiscountRefused(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `sale A C1 2026-03-01 1000.00@20
		! ErrDiscount pay Q C1 BQD 2026-03-04 1200.00 A discount=1
		pay P1 C1 BQD 2026-03-05 600.00 A
		state A partial 600.00
		! ErrDiscount pay P2 C1 BQD 2026-03-08 576.00 A discount=1
		state A partial 600.00
		balance 665000 0.00
		pay P3 C1 BQD 2026-03-20 600.00 A
		state A paid 0.00`)
}

// Odoo test_register_discounted_payment_on_single_invoice (an invoice in
// another currency, 10 % off: payment −1 000.00 / 100.00 / 900.00 in the
// invoice's currency) with a rate that moves, so an exchange difference
// comes on top. USD invoice 1 000.00 + 20 % on invoice at 1 EUR = 1.20 USD
// (1 200.00 USD, 1 000.00 EUR), paid 1 176.00 USD at 1.25 (940.80 EUR) with
// 24.00 USD off. DESIGN §5: the discount entry is in the invoice's
// currency at its rate: 665000 20.00 USD = 16.67 EUR, 445710 4.00 USD =
// 3.33 EUR, 411000 −24.00 USD = −20.00 EUR. The invoice then owes 1 176.00
// USD = 980.00 EUR, the receipt brings 940.80 EUR: exchange loss 39.20 on
// 656000 (example 5's rule), the match complete. Odoo offers the
// discount only to a payment in the invoice's currency
// (_is_eligible_for_early_payment_discount); so does Payment.EarlyDiscount
// ("in its currency"): 940.80 EUR asked with a discount is refused.
// Passes.
func TestReviewEPDForeignWithExchangeDifference(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-01-01 1.20
		rate USD 2026-03-10 1.25
		sale U C3 2026-03-01 1000.00@20 cur=USD
		! ErrDiscount pay Q C3 BQD 2026-03-12 940.80 U discount=1
		pay P C3 BQD 2026-03-12 1176.00 U cur=USD discount=1
		entries 3
		line P+1.0 411000 -20.00 cur=-24.00
		line P+1.1 665000 16.67 cur=20.00
		line P+1.2 445710 3.33 cur=4.00
		state U paid 0.00
		balance 656000 39.20
		balance 445710 -163.34
		balance 411000 0.00`,
		balanceIn("445710", "USD", "-163.34", "-196.00"))
}

// DESIGN §5 (a discount belongs to its match: detaching any line reverses
// it) and §7 invariants 8-10. Odoo keeps its discount lines inside the
// payment entry, so un-reconciling leaves them with the payment; DESIGN
// wins: the separate discount entry is reversed. Cash-basis 1 000.00 + 20 %
// (1 200.00), receipt 1 176.00 with 24.00 off; detaching the receipt
// reverses its cash-basis entry and the discount entry: 445740 back to
// −200.00, 445710 and 665000 to 0.00, the invoice not paid for 1 200.00;
// a new receipt of 1 200.00 without discount pays it and 445740 ends at
// 0.00. The supplier side by code (délettrage of AAA): example 9's bill,
// 765000 and 445660 back to their invoice amounts.
// Passes.
func TestReviewEPDUnletteringReversesDiscount(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `sale A C1 2026-03-01 1000.00@20e
		pay P C1 BQD 2026-03-10 1176.00 A discount=1
		balance 445740 0.00
		detach P name=U
		entries 2
		balance 445740 -200.00
		balance 445710 0.00
		balance 665000 0.00
		state A not_paid 1200.00
		vat 2026-03-01 2026-03-31 445710 0.00 0.00
		pay R C1 BQD 2026-03-20 1200.00 A
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -200.00
		purchase F S1 2026-03-01 1000.00@20
		paysupplier Q S1 BQD 2026-03-10 1176.00 F discount=1
		code F AAA
		unlettercode 401000 S1 AAA
		balance 765000 0.00
		balance 445660 200.00
		state F not_paid 1200.00
		code F -`)
}

// Odoo test_mixed_epd_with_tax_refund puts discount lines on a refund
// ("mixed" computes them on every document); DESIGN §5: "never on a
// credit note" — a refund asked with a discount is refused. A credit note
// lettered before the payment is no payment (firstPayment), so the
// invoice still takes its discount: 1 500.00 + 15 % (1 725.00), credit note
// 100.00 + 15 % (115.00) lettered, owed 1 610.00, paid 1 449.00 with 161.00
// off: VAT share 161 × 225 / 1 725 = 21.00, tax-excluded 140.00. VAT
// report: 1 500 − 100 − 140 = 1 260.00, 225 − 15 − 21 = 189.00.
// Passes.
func TestReviewEPDCreditNote(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `sale A C1 2026-03-01 1500.00@15
		salecredit N C1 2026-03-02 100.00@15
		! ErrDiscount payout R C1 BQD 2026-03-03 100.00 N discount=1
		letter A N
		state A partial 1610.00
		pay P C1 BQD 2026-03-10 1449.00 A discount=1
		line P+1.0 411000 -161.00
		line P+1.1 665000 140.00
		line P+1.2 445710 21.00
		state A paid 0.00
		vat 2026-03-01 2026-03-31 445710 1260.00 189.00 tax=V15`)
}

// Odoo test_register_payment_batch_excluded: "excluded" takes 10 % off the
// untaxed amount only and leaves the VAT whole — 1 000.00 + 15 % (1 150.00)
// paid 1 050.00, a discount line of 100.00 with no tax. French law wants
// the VAT of the price actually paid (CGI art. 267: escomptes reduce the
// taxable base), and DESIGN §5 has one rule: the VAT share is the
// discount's part of the invoice's taxes. DESIGN wins: the same 1 050.00
// with 100.00 off gives a VAT share of round(100 × 150 / 1 150) = 13.04
// and 86.96 tax-excluded; VAT report 913.04 / 136.96.
// Passes.
func TestReviewEPDExcludedModeFollowsDesign(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `sale A C1 2026-03-01 1000.00@15
		pay P C1 BQD 2026-03-10 1050.00 A discount=1
		line P+1.0 411000 -100.00
		line P+1.1 665000 86.96
		line P+1.2 445710 13.04
		state A paid 0.00
		vat 2026-03-01 2026-03-31 445710 913.04 136.96 tax=V15`)
}

// Odoo test_register_payment_batch_included: two invoices (1 000.00 and
// 2 000.00) paid by one grouped payment of 2 700.00 with 10 % off each.
// DESIGN §5 "at most one per invoice" and Payment.EarlyDiscount ("the one
// invoice named"): a discount names one invoice, so the grouped payment
// is refused with ErrDiscount and nothing is written; one payment per
// invoice takes each discount.
// Passes.
func TestReviewEPDOneInvoicePerDiscount(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `invoice A C1 2026-03-01 1000.00
		invoice B C1 2026-03-01 2000.00
		! ErrDiscount pay P C1 BQD 2026-03-02 2700.00 A B discount=1
		pay P1 C1 BQD 2026-03-02 900.00 A discount=1
		pay P2 C1 BQD 2026-03-02 1800.00 B discount=1
		state A paid 0.00
		state B paid 0.00
		balance 665000 300.00`)
}

// Odoo test_mixed_epd_with_tax_included: 121.00 with 21 % included, 2 %
// off; "mixed" lowers the invoice itself to 120.58 (VAT 20.58 on 98.00).
// DESIGN §5 keeps the invoice at 121.00 (base 100.00, VAT 21.00) and takes
// the discount at payment: 2.42 off, VAT share round(2.42 × 21 / 121) =
// 0.42, tax-excluded 2.00; paid 118.58. The net figures are Odoo's: the
// VAT report shows 98.00 / 20.58.
// Passes.
func TestReviewEPDPriceIncludedTax(t *testing.T) {
	t.Parallel()
	v := epdVAT("21")
	v.PriceIncluded = true
	reviewCaba(t, eur,
		postAs("A", func(s *scenario) journal.Entry {
			x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
				Lines: []journal.InvoiceLine{{Label: "Produit", UnitPrice: e("121.00"), Taxes: []tax.Tax{v}, Account: "706000"}},
				Terms: epdTerms("2", 10)}.Entry()
			require.NoError(s.t, err)
			return x
		}),
		`line A.0 411000 121.00
		pay P C1 BQD 2026-03-05 118.58 A discount=1
		line P+1.0 411000 -2.42
		line P+1.1 665000 2.00
		line P+1.2 445710 0.42
		state A paid 0.00
		vat 2026-03-01 2026-03-31 445710 98.00 20.58 tax=V21`)
}

// Odoo test_intracomm_bill_with_early_payment_included: a reverse-charge
// bill (autoliquidation) of 1 000.00 whose 20 % tax is booked both ways
// (deductible 445660 Dr 200.00, due 445200 Cr 200.00), the partner owing
// 1 000.00; 2 % off = 20.00, paid 980.00. Odoo: −20.00 base and −4.00 /
// +4.00 on the two tax sides. DESIGN §5 prorates the VAT share over the
// taxes' amounts: here they net to zero, so the share is 0.00 and the whole
// 20.00 goes to 765000 as the tax's base. This test asserted until now
// that the two tax accounts keep 200.00 each; French law lowers the
// self-assessed VAT with the price actually paid (CGI art. 267 and 283-2),
// as Odoo does: 445660 and 445200 end at 196.00, the discount entry
// lowering each side by 4.00 (they still net to zero).
func TestReviewEPDReverseChargeBill(t *testing.T) {
	t.Parallel()
	rc := tax.Tax{ID: "VIC20", Name: "TVA intracom 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445660"}
	reviewCaba(t, eur,
		postAs("F", func(s *scenario) journal.Entry {
			return journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-1000.00")},
				{Account: "607000", Balance: e("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{rc}},
				{Account: "445660", Balance: e("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
				{Account: "445200", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
			}}
		}),
		`paysupplier P S1 BQD 2026-03-05 980.00 F discount=1
		entries 2
		line P+1.0 401000 20.00
		line P+1.1 765000 -20.00
		line P+1.2 445660 -4.00
		line P+1.3 445200 4.00
		state F paid 0.00
		balance 445660 196.00
		balance 445200 -196.00
		vat 2026-03-01 2026-03-31 445200 980.00 196.00`)
}

// The reverse-charge discount split and undone: the deductible side booked
// on two lines (100.00 and 100.00), the due side on one; 3 % off 333.33
// (10.00 of a 333.33 bill, 66.67 VAT each way) lowers each side by its
// share prorated over its lines — the two sides still net to zero — and
// unlettering the payment reverses the discount, both sides back whole.
func TestSelfAssessedDiscountSplitAndUndone(t *testing.T) {
	t.Parallel()
	rc := tax.Tax{ID: "VIC20", Name: "TVA intracom 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445660"}
	reviewCaba(t, eur,
		postAs("F", func(s *scenario) journal.Entry {
			return journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-333.33")},
				{Account: "607000", Balance: e("333.33"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{rc}},
				{Account: "445660", Balance: e("33.33"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
				{Account: "445660", Balance: e("33.34"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
				{Account: "445200", Balance: e("-66.67"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
			}}
		}),
		`paysupplier P S1 BQD 2026-03-05 323.33 F discount=1
		line P+1.0 401000 10.00
		line P+1.1 765000 -10.00
		line P+1.2 445660 -1.00
		line P+1.3 445660 -1.00
		line P+1.4 445200 2.00
		state F paid 0.00
		balance 445660 64.67
		balance 445200 -64.67
		vat 2026-03-01 2026-03-31 445660 323.33 64.67
		vat 2026-03-01 2026-03-31 445200 323.33 64.67
		unletter P
		state F not_paid 333.33
		balance 445660 66.67
		balance 445200 -66.67
		vat 2026-03-01 2026-03-31 445660 333.33 66.67`)
}

// The VAT report of the reverse-charge bill above. French law lowers the
// self-assessed VAT with the price actually paid (CGI art. 267 and 283-2):
// base 980.00, 196.00 deductible and 196.00 due, which is what Odoo's
// −4.00 / +4.00 lines give. Skipped until now: the discount entry posted
// a base line of 20.00 with the tax but no tax line (the tax's lines net
// to zero, so its weight in the proration is zero), and the report on
// 445660 read base 980.00 with tax 200.00; the report listed nothing on
// 445200, the due side of a self-assessed tax not being the tax's final
// account. The discount now lowers each side by its share, and the report
// lists the due side on its own row (checked in the test above).
func TestReviewEPDReverseChargeVATReport(t *testing.T) {
	t.Parallel()
	rc := tax.Tax{ID: "VIC20", Name: "TVA intracom 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445660"}
	reviewCaba(t, eur,
		postAs("F", func(s *scenario) journal.Entry {
			return journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-1000.00")},
				{Account: "607000", Balance: e("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{rc}},
				{Account: "445660", Balance: e("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
				{Account: "445200", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
			}}
		}),
		`paysupplier P S1 BQD 2026-03-05 980.00 F discount=1
		balance 445660 196.00
		balance 445200 -196.00
		vat 2026-03-01 2026-03-31 445660 980.00 196.00`)
}

// DESIGN §5 "a discount belongs to its match: detaching any line from that
// match reverses it", from the discount's own side: example 10's receipt
// (1 176.00 with 24.00 off, 196.00 due on payment) and then the discount
// entry's receivable line detached. Its reversal gives 4.00 back to
// 445740; the receipt stays lettered, the invoice owes 24.00 (partial) and
// 445740 holds 4.00; a receipt of 24.00 then moves those 4.00 (its
// cash-basis share: 200.00 − 196.00) and 445740 ends at 0.00 (invariant 9).
// Passes.
func TestReviewEPDDetachDiscountLine(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `sale A C1 2026-03-01 1000.00@20e
		pay P C1 BQD 2026-03-10 1176.00 A discount=1
		line P+1.0 411000 -24.00
		detach P+1.0
		balance 665000 0.00
		balance 445740 -4.00
		balance 445710 -196.00
		state A partial 24.00
		pay R C1 BQD 2026-03-20 24.00 A
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -200.00`)
}

// The foreign case on cash basis (DESIGN §5 cash-basis VAT and §7
// invariant 9 "in both currencies"): 1 000.00 + 200.00 USD on payment at
// 1.20 (445740 −166.67 EUR), paid 1 176.00 USD at 1.25 with 24.00 off. The
// discount takes 4.00 USD = 3.33 EUR (the invoice's rate) off 445740; the
// receipt's cash-basis entry clears the rest at the invoice's amounts,
// 196.00 USD = 163.34 EUR, and books 445710 at the payment's rate, 156.80
// EUR, the 6.54 between them an exchange difference. 445740 ends at zero
// in EUR and USD.
// Passes.
func TestReviewEPDForeignCashBasis(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-01-01 1.20
		rate USD 2026-03-10 1.25
		sale U C3 2026-03-01 1000.00@20e cur=USD
		pay P C3 BQD 2026-03-12 1176.00 U cur=USD discount=1
		line P+1.2 445740 3.33 cur=4.00
		state U paid 0.00
		balance 445740 0.00
		balance 445710 -156.80`,
		balanceIn("445740", "USD", "0.00", "0.00"),
		balanceIn("445710", "USD", "-156.80", "-196.00"))
}

// Odoo test_register_discounted_payment_on_single_invoice_with_tax
// ("included", supplier: 1 500.00 + 15 %, payment −1 552.50 / −150.00 /
// −22.50 / 1 725.00) on a cash-basis bill, with DESIGN example 9's
// figures: 1 000.00 + 20 % on payment (445640), paid 1 176.00 with 24.00
// obtained: Dr 401000 24.00 / Cr 765000 20.00 / Cr 445640 4.00, the
// cash-basis entry moves 196.00 to 445660, 445640 ends at 0.00, deductible
// VAT 196.00 on 980.00. The payment retried with its operation id posts
// nothing more; unlettering code AAA puts 200.00 back on 445640 and empties
// the report.
// Passes.
func TestReviewEPDSupplierCashBasisRetryAndUnletter(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `purchase F S1 2026-03-01 1000.00@20e
		paysupplier P S1 BQD 2026-03-10 1176.00 F discount=1 op=K
		entries 3
		line P+1.0 401000 24.00
		line P+1.1 765000 -20.00
		line P+1.2 445640 -4.00
		balance 445640 0.00
		balance 445660 196.00
		vat 2026-03-01 2026-03-31 445660 980.00 196.00
		paysupplier P2 S1 BQD 2026-03-10 1176.00 F discount=1 op=K
		balance 445640 0.00
		balance 765000 -20.00
		state F paid 0.00
		replay
		unlettercode 401000 S1 AAA
		balance 445640 200.00
		balance 445660 0.00
		vat 2026-03-01 2026-03-31 445660 0.00 0.00`)
}

// Odoo books the discount's tax lines on the payment, so they fall in the
// payment's tax period; DESIGN §5 dates the discount entry at the payment
// too. An invoice of 2026-03-25 (1 000.00 + 20 % on invoice) paid on
// 2026-04-02 with 24.00 off: March reports 1 000.00 / 200.00, April
// −20.00 / −4.00. A cash-basis one (B) paid the same way adds 980.00 /
// 196.00 to April (960.00 / 192.00 in all); detaching its receipt leaves
// April at A's −20.00 / −4.00.
// Passes.
func TestReviewEPDNextMonthVATReport(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `sale A C1 2026-03-25 1000.00@20
		pay P C1 BQD 2026-04-02 1176.00 A discount=1
		vat 2026-03-01 2026-03-31 445710 1000.00 200.00
		vat 2026-04-01 2026-04-30 445710 -20.00 -4.00
		sale B C1 2026-03-25 1000.00@20e
		pay Q C1 BQD 2026-04-02 1176.00 B discount=1
		vat 2026-03-01 2026-03-31 445710 1000.00 200.00
		vat 2026-04-01 2026-04-30 445710 960.00 192.00
		detach Q
		vat 2026-04-01 2026-04-30 445710 -20.00 -4.00`)
}
