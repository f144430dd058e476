package reconcile_test

// Review h-rev70: Tryton's published scenario tests about reconciliation
// (tryton/tryton, modules/*/tests/scenario_*.rst) ported to lettrage, for
// the scenarios and the parts of scenarios review_tryton_test.go does not
// cover yet. French chart instead of Tryton's test chart: receivable
// 411000, payable 401000, revenue 706000, expense 607000, taxes 445710 /
// 445660 (transition 445740 / 445640 for cash-basis taxes), write-offs
// 658000 / 758000, exchange 656000 / 756000. Company currency EUR, second
// currency USD (Tryton: USD and EUR; same rate convention). Each test
// names its Tryton file; where DESIGN.md and Tryton differ on purpose the
// test asserts DESIGN's figure and says so.

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

// hrev70Tax is a 10 % VAT (Tryton's create_tax(Decimal('.10'))), on
// invoice, or on payment when cash is set (Tryton's tax group on cash
// basis), for sales or for purchases.
func hrev70Tax(cash, sales bool) tax.Tax {
	t := tax.Tax{ID: "V10", Name: "TVA 10 %", Rate: tax.MustParsePercent("10"), FinalAccount: "445710"}
	if !sales {
		t.FinalAccount = "445660"
	}
	if cash {
		t.ID, t.Exigibility, t.TransitionAccount = "V10E", tax.OnPayment, "445740"
		if !sales {
			t.TransitionAccount = "445640"
		}
	}
	return t
}

// hrev70Post builds an invoice with the journal's builder and posts it
// under a scenario name.
func hrev70Post(t *testing.T, s *scenario, name string, inv journal.Invoice) journal.Entry {
	t.Helper()
	x, err := inv.Entry()
	require.NoError(t, err)
	s.docs[name] = s.f.post(t, x)
	return s.docs[name]
}

// hrev70Run runs scenario lines on an existing scenario, Check after each.
func hrev70Run(t *testing.T, s *scenario, lines ...string) {
	t.Helper()
	for _, l := range lines {
		require.NoError(t, s.do(strings.Fields(l)), l)
		require.NoError(t, s.f.book.Check(ctx), l)
	}
}

// hrev70VAT is the VAT report's base and tax for one tax ID on a final
// account over a period.
func hrev70VAT(t *testing.T, f *fixture, from, to journal.Date, account, taxID string) (string, string) {
	t.Helper()
	rep, err := f.rec.VATReport(ctx, from, to)
	require.NoError(t, err)
	base, vat := currency.Zero(eur), currency.Zero(eur)
	for _, l := range rep.Lines {
		if l.Account == account && l.TaxID == taxID {
			base, _ = base.Add(l.Base)
			vat, _ = vat.Add(l.Tax)
		}
	}
	return base.Plain(), vat.Plain()
}

// account_tax_cash/tests/scenario_account_tax_cash_supplier.rst: a
// supplier invoice of 100 with a 10 % tax whose group the party has "on
// cash basis" for suppliers: total 110.00, and both tax lines (base and
// tax) are on cash basis, so nothing is deductible before payment.
//
// Here: a supplier bill built with a 10 % tax on payment (445640 →
// 445660). Before payment the VAT report shows nothing deductible on
// 445660 and the cash-basis report no row; a payment of 44.00 makes 4.00
// deductible on a base of 40.00 (DESIGN §5 cumulative share
// round(10 × 44 / 110)); the rest (66.00) makes the remaining 6.00 due and
// 445640 ends at 0.00 (invariant 9).
// Passes: the figures above hold on every store.
func TestHrev70TaxCashSupplier(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f)
		hrev70Post(t, s, "F", journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, 1), Partner: "S1",
			PartnerAccount: "401000", Lines: []journal.InvoiceLine{{Label: "product", Quantity: journal.MustQuantity("1"),
				UnitPrice: e("100.00"), Taxes: []tax.Tax{hrev70Tax(true, false)}, Account: "607000"}}})
		hrev70Run(t, s, "line F.0 401000 -110.00", "balance 445640 10.00", "balance 445660 0.00",
			"vat 2026-03-01 2026-03-31 445660 0.00 0.00")
		rows, err := f.rec.CashBasisPayments(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		assert.Empty(t, rows, "no cash-basis row before payment")
		hrev70Run(t, s, "paysupplier P S1 BQD 2026-03-10 44.00 F", "state F partial 66.00",
			"balance 445640 6.00", "balance 445660 4.00", "vat 2026-03-01 2026-03-31 445660 40.00 4.00",
			"paysupplier Q S1 BQD 2026-03-20 - F", "state F paid 0.00",
			"balance 445640 0.00", "balance 445660 10.00", "vat 2026-03-01 2026-03-31 445660 100.00 10.00")
		f.check(t)
	})
}

// account_invoice/tests/scenario_invoice_with_credit.rst: an invoice
// with a line of 5 × 10.00 and a line of −2 × 5.00, both taxed 10 %:
// untaxed 40.00, tax 4.00, total 44.00; the tax account moves 5.00
// credit and 1.00 debit (two tax lines, invoice and credit-note codes 50 /
// 5 and 10 / 1).
//
// DESIGN §2 (the builder rounds once per tax on the sum of its bases) and
// §10 ("test negative base lines"): the totals agree, 44.00 on 411000,
// −4.00 on 445710 net, and the VAT report nets the negative base: base
// 40.00, tax 4.00. Tryton's split into invoice and credit-note codes is
// not DESIGN's (one report line per account, tax and rate): we assert the
// net. The same invoice with the tax on payment, paid 22.00: share
// round(4 × 22 / 44) = 2.00 on a base of 20.00, then the rest: 4.00, and
// 445740 ends at 0.00.
// Passes: the figures above hold on every store.
func TestHrev70InvoiceWithCreditLine(t *testing.T) {
	t.Parallel()
	for _, cash := range []bool{false, true} {
		onStores(t, func(t *testing.T, f *fixture) {
			s := scenarioLines(t, f)
			vat := hrev70Tax(cash, true)
			inv := hrev70Post(t, s, "A", journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1",
				PartnerAccount: "411000", Lines: []journal.InvoiceLine{
					{Label: "a", Quantity: journal.MustQuantity("5"), UnitPrice: e("10.00"), Taxes: []tax.Tax{vat}, Account: "706000"},
					{Label: "b", Quantity: journal.MustQuantity("-2"), UnitPrice: e("5.00"), Taxes: []tax.Tax{vat}, Account: "706000"},
				}})
			hrev70Run(t, s, "line A.0 411000 44.00", "balance 706000 -40.00")
			if !cash {
				hrev70Run(t, s, "balance 445710 -4.00", "vat 2026-03-01 2026-03-31 445710 40.00 4.00")
				return
			}
			hrev70Run(t, s, "balance 445740 -4.00", "vat 2026-03-01 2026-03-31 445710 0.00 0.00",
				"pay P C1 BQD 2026-03-10 22.00 A", "state A partial 22.00",
				"balance 445740 -2.00", "vat 2026-03-01 2026-03-31 445710 20.00 2.00",
				"pay Q C1 BQD 2026-03-20 - A", "state A paid 0.00",
				"balance 445740 0.00", "balance 445710 -4.00", "vat 2026-03-01 2026-03-31 445710 40.00 4.00")
			assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		})
	}
}

// account_invoice/tests/scenario_invoice.rst, with the invoice built as
// Tryton builds it: 5 × 40.00 taxed 10 % and 1 × 20.00 untaxed (untaxed
// 220.00, tax 20.00, total 240.00), payment term 50 % at 20 days and the
// remainder at 40 days. Paid 120.00, then 20.00 (partial), then 99.00
// with a write-off of 1.00: paid, the reconciliation lines carry 1.00,
// 20.00, 99.00 and 120.00. Deleting a reconciliation puts the invoice
// back to posted.
//
// DESIGN §5: a payment naming an invoice allocates to the earliest due
// date first; a match is per connected group, so the first term and the
// 120.00 receipt make one match (AAA) and the second term with the 20.00,
// the 99.00 and the write-off (658000, dated at the 99.00 receipt) make
// another (AAB). Unlettering AAB leaves the first term paid: the invoice
// is partial (120.00 due), not Tryton's "posted" with nothing allocated,
// since only that group's partials are removed.
// Passes: the figures above hold on every store.
func TestHrev70InvoiceTermsTwoInstalments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f, "tolerance 1.00")
		vat := hrev70Tax(false, true)
		hrev70Post(t, s, "A", journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1",
			PartnerAccount: "411000", Lines: []journal.InvoiceLine{
				{Label: "product", Quantity: journal.MustQuantity("5"), UnitPrice: e("40.00"), Taxes: []tax.Tax{vat}, Account: "706000"},
				{Label: "Test", Quantity: journal.MustQuantity("1"), UnitPrice: e("20.00"), Account: "706000"},
			},
			Terms: journal.PaymentTerms{Instalments: []journal.Instalment{
				{Percent: tax.MustParsePercent("50"), Due: journal.DueRule{Kind: journal.NetDays, Days: 20}},
				{Percent: tax.MustParsePercent("50"), Due: journal.DueRule{Kind: journal.NetDays, Days: 40}},
			}}})
		inv := s.doc("A")
		var recv []journal.Line
		for _, l := range inv.Lines {
			if l.Account == "411000" {
				recv = append(recv, l)
			}
		}
		require.Len(t, recv, 2)
		assert.Equal(t, "120.00", recv[0].Balance.Plain())
		assert.Equal(t, "120.00", recv[1].Balance.Plain())
		assert.Equal(t, d(3, 21), recv[0].DueDate)
		assert.Equal(t, d(4, 10), recv[1].DueDate)
		hrev70Run(t, s, "balance 411000 240.00", "balance 706000 -220.00", "balance 445710 -20.00",
			"pay P1 C1 BQD 2026-03-05 120.00 A", "state A partial 120.00", "residual A.0 0.00", "residual A.1 120.00",
			"code A.0 AAA", "code P1 AAA",
			"pay P2 C1 BQD 2026-03-06 20.00 A", "state A partial 100.00", "residual A.1 100.00",
			"pay P3 C1 BQD 2026-03-07 99.00", "letter A.1 P3 writeoff=1 name=W",
			"line W.0 411000 -1.00 date=2026-03-07", "line W.1 658000 1.00",
			"state A paid 0.00", "code A.1 AAB", "code P2 AAB", "code P3 AAB", "code W AAB",
			"unlettercode 411000 C1 AAB", "state A partial 120.00", "balance 658000 0.00",
			"residual A.1 120.00", "code A.0 AAA")
	})
}

// account_invoice/tests/scenario_invoice.rst, "Create empty invoice": an
// invoice with no line is posted and immediately "paid".
//
// DESIGN §2: a line carries a balance or a currency amount, never neither,
// and an entry needs lines: an invoice of 0.00 has nothing to post. The
// builder refuses it (journal.ErrInvoice) and nothing is written;
// there is no document to be "paid".
// Passes: the figures above hold on every store.
func TestHrev70EmptyInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		before := f.snapshot(t)
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1",
			PartnerAccount: "411000"}.Entry()
		if err == nil {
			_, err = f.book.Post(ctx, x)
		}
		require.ErrorIs(t, err, journal.ErrInvoice, "an invoice without lines is refused")
		f.unchanged(t, before)
	})
}

// account_payment/tests/scenario_account_payment_credit_note_in.rst: a
// supplier credit note of 100.00 (a supplier invoice of −1 × 100): amount
// to pay −100.00; a payment of 20.00 received from the supplier leaves
// −80.00 to pay.
//
// Here: a supplier credit note, money received from the supplier naming
// it: partial, 80.00 still due to us (residual 80.00 on 401000, a debit).
// The rest received: paid.
// Passes: the figures above hold on every store.
func TestHrev70SupplierCreditNotePartlyReceived(t *testing.T) {
	t.Parallel()
	trytonScenario(t, "billcredit N S1 2026-03-01 100.00", "line N.0 401000 100.00",
		"pay R S1 BQD 2026-03-05 20.00 N", "line R.0 401000 -20.00",
		"state N partial 80.00", "residual N 80.00",
		"pay R2 S1 BQD 2026-03-06 - N", "line R2.0 401000 -80.00", "state N paid 0.00", "code N AAA")
}

// account_payment/tests/scenario_account_payment_overpay.rst: a payable
// of 100.00 and a cash move paying 50.00 to the supplier, not reconciled;
// asking to pay the payable line warns of an overpayment (the party's
// payments already cover part of it); after a second 50.00, again.
//
// DESIGN §5 Payments: unlettered payments are outstanding items, listed
// on the supplier's open documents and usable there; the partner
// statement shows 100.00 due and 50.00, then 100.00, unallocated. Using
// both closes the bill; a further payment naming the settled bill is
// refused and writes nothing (Tryton only warns).
// Passes: the figures above hold on every store.
func TestHrev70PaymentOverpay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f, "bill F S1 2026-03-01 100.00", "paysupplier P1 S1 BQD 2026-03-02 50.00",
			"due S1 100.00 account=401000", "unallocated S1 50.00 account=401000",
			"paysupplier P2 S1 BQD 2026-03-03 50.00", "unallocated S1 100.00 account=401000",
			"listed S1 F open account=401000",
			"use F P1", "state F partial 50.00", "use F P2", "state F paid 0.00",
			"due S1 0.00 account=401000", "unallocated S1 0.00 account=401000", "balance 401000 0.00")
		before := f.snapshot(t)
		err := s.do(strings.Fields("paysupplier P3 S1 BQD 2026-03-04 10.00 F"))
		require.ErrorIs(t, err, reconcile.ErrMatched, "paying a settled bill again")
		f.unchanged(t, before)
	})
}

// account_invoice/tests/scenario_invoice_supplier_post_paid.rst: a
// supplier invoice (5 × 20.00) validated, a cash move paying 100.00 dated
// at the start of the period reconciled with its payable line; posted,
// the invoice is "paid" at once.
//
// Here the bill is posted (lettrage has no draft documents) after a
// payment dated before it; lettering the two is allowed (DESIGN §5: the
// partial is dated at the later of the two lines, the bill's), and the
// bill is paid.
// Passes: the figures above hold on every store.
func TestHrev70SupplierPaidBeforeBill(t *testing.T) {
	t.Parallel()
	trytonScenario(t, "paysupplier P S1 BQD 2026-03-01 100.00", "bill F S1 2026-03-10 100.00",
		"letter F P", "state F paid 0.00", "code F AAA", "code P AAA", "balance 401000 0.00")
}

// account_tax_cash/tests/scenario_account_tax_cash_period_close.rst: with
// a tax group on cash basis, a period holding an unreconciled receipt on
// a receivable cannot be closed (ClosePeriodWarning); reconciled, it can.
//
// DESIGN has no period close: the analogue is the tax lock date (§4), and
// "a lock date never blocks lettering or unlettering" (§5), the
// cash-basis entry moving to the first open date. An invoice of 100.00 +
// 10 % on payment and a receipt of 110.00, both in March, not lettered;
// March is tax-locked; lettering them then is allowed and its cash-basis
// entry is dated 2026-04-01: the VAT report shows nothing collected in
// March and 100.00 / 10.00 in April. Detaching the receipt reverses it at
// that same open date.
// Passes: the figures above hold on every store.
func TestHrev70TaxCashPeriodClose(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f)
		hrev70Post(t, s, "A", journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1",
			PartnerAccount: "411000", Lines: []journal.InvoiceLine{{Label: "x", UnitPrice: e("100.00"),
				Taxes: []tax.Tax{hrev70Tax(true, true)}, Account: "706000"}}})
		hrev70Run(t, s, "pay P C1 BQD 2026-03-01 110.00")
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockTax, d(3, 31), "period close"))
		hrev70Run(t, s, "letter A P name=X", "entries 1", "line X.0 445740 10.00 date=2026-04-01",
			"state A paid 0.00", "balance 445740 0.00",
			"vat 2026-03-01 2026-03-31 445710 0.00 0.00", "vat 2026-04-01 2026-04-30 445710 100.00 10.00",
			"detach P name=U", "entries 1", "line U.0 445740 -10.00 date=2026-04-01", "balance 445740 -10.00",
			"state A not_paid 110.00")
	})
}

// account_tax_cash/tests/scenario_account_tax_cash.rst, continued past
// what Tryton asserts (the brief asks for refunds and cancellation): the
// invoice of 100.00 with a 10 % tax on payment and a 5 % tax on invoice
// (115.00), partly paid 60.00 (cash-basis 5.22 on a base of 52.17). The
// payment is then cancelled (DESIGN §4: unletter, reverse, letter with its
// reversal): its cash-basis entry is reversed, 445740 back to −10.00, the
// cash-basis tax nets to nothing in the period. A credit note of the whole
// invoice (100.00 + both taxes) lettered with it: the cash-basis share
// of the credit note partial moves the whole 10.00 (and the credit note's
// own 10.00 back), both transition accounts end at zero, the invoice is
// "reversed" (settled only by a credit note and a reversal, §5).
// Passes: the figures above hold on every store.
func TestHrev70TaxCashCancelAndRefund(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		s := scenarioLines(t, f)
		onInvoice := tax.Tax{ID: "V5", Name: "TVA 5 %", Rate: tax.MustParsePercent("5"), FinalAccount: "445710"}
		lines := []journal.InvoiceLine{{Label: "x", UnitPrice: e("100.00"), Taxes: []tax.Tax{hrev70Tax(true, true), onInvoice}, Account: "706000"}}
		hrev70Post(t, s, "A", journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1",
			PartnerAccount: "411000", Lines: lines})
		hrev70Run(t, s, "line A.0 411000 115.00",
			"pay P C1 BQD 2026-03-01 60.00 A", "state A partial 55.00", "balance 445740 -4.78",
			"cancel P", "state A not_paid 115.00", "balance 445740 -10.00", "balance 411000 115.00")
		base, vat := hrev70VAT(t, f, d(3, 1), d(3, 31), "445710", "V10E")
		assert.Equal(t, "0.00", base)
		assert.Equal(t, "0.00", vat)
		hrev70Post(t, s, "CN", journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: d(3, 15), Partner: "C1",
			PartnerAccount: "411000", Lines: lines})
		hrev70Run(t, s, "line CN.0 411000 -115.00", "letter A CN", "state A reversed 0.00", "state CN paid 0.00",
			"balance 445740 0.00", "balance 445710 0.00", "balance 411000 0.00")
	})
}

// account_invoice/tests/scenario_invoice_alternate_currency.rst, first
// part: an invoice in the second currency, 5 × 80.00 taxed 10 % and 20.00
// untaxed: untaxed 420.00, tax 40.00, total 460.00.
//
// Here in USD at 1.25 (company EUR): 460.00 USD = 368.00 EUR (tax 40.00
// USD = 32.00 EUR on 445710), paid 460.00 USD the same day: paid, no
// exchange entry.
// Passes: the figures above hold on every store.
func TestHrev70AlternateCurrencyInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(v string) currency.Amount { return currency.MustParse(usd, v) }
		s := scenarioLines(t, f, "rate USD 2026-03-01 1.25")
		vat := hrev70Tax(false, true)
		hrev70Post(t, s, "A", journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1",
			PartnerAccount: "411000", Lines: []journal.InvoiceLine{
				{Label: "product", Quantity: journal.MustQuantity("5"), UnitPrice: u("80.00"), Taxes: []tax.Tax{vat}, Account: "706000"},
				{Label: "Test", UnitPrice: u("20.00"), Account: "706000"},
			}})
		hrev70Run(t, s, "line A.0 411000 368.00 cur=460.00", "balance 445710 -32.00",
			"pay P C1 BQD 2026-03-01 460.00 cur=USD A", "entries 1", "state A paid 0.00 cur=0.00",
			"balance 656000 0.00", "balance 756000 0.00")
	})
}

// account_invoice/tests/scenario_invoice_alternate_currency.rst, second
// part: an invoice of 5 × 80.00 with a tax of −10 %: untaxed 400.00, tax
// −40.00, total 360.00; posting raises InvoiceTaxesWarning, and once the
// warning is accepted the invoice is posted with those amounts.
//
// DESIGN.md says nothing of negative tax rates (§2 only asks that tax
// definitions be values carried on lines). The test asserts Tryton's
// figures: 360.00 USD (288.00 EUR at 1.25), −40.00 USD of tax, paid by
// 360.00 USD.
// Skipped (a documented difference from Tryton): Expected: the builder makes a 360.00 USD invoice with a −40.00 USD
// tax line (Tryton's figure). Observed: journal.Invoice.Entry refuses it,
// "tax: rate must be at least 0 % and below 1000 %: -10 %" (tax.ErrRate,
// from tax.Tax.Validate). Why: the tax package bounds rates to [0, 1000)
// by its own documented rule, which DESIGN does not state; it may well be
// deliberate (French VAT has no negative rate), in which case this test
// documents the difference from Tryton rather than a bug.
func TestHrev70AlternateCurrencyNegativeTax(t *testing.T) {
	t.Parallel()
	t.Skip("Skipped: tax rates are 0 % or more by tax.Tax's documented bound (French VAT has no negative rate); " +
		"a deduction is a negative invoice line, not a negative rate")
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(v string) currency.Amount { return currency.MustParse(usd, v) }
		s := scenarioLines(t, f, "rate USD 2026-03-01 1.25")
		neg := tax.Tax{ID: "VNEG", Name: "TVA -10 %", Rate: tax.MustParsePercent("-10"), FinalAccount: "445710"}
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 2), Partner: "C2", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{Label: "product", Quantity: journal.MustQuantity("5"), UnitPrice: u("80.00"),
				Taxes: []tax.Tax{neg}, Account: "706000"}}}.Entry()
		require.NoError(t, err, "a −10 %% tax")
		s.docs["B"] = f.post(t, x)
		hrev70Run(t, s, "line B.0 411000 288.00 cur=360.00", "balance 445710 32.00",
			"pay Q C2 BQD 2026-03-02 360.00 cur=USD B", "state B paid 0.00 cur=0.00")
	})
}
