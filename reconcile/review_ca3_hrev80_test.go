package reconcile_test

// Review hrev80: the books read by a French expert-comptable preparing the
// monthly CA3 (déclaration de TVA): VAT on debits and on payments, partial
// payments, credit notes, bad debts, reverse charge, mixed rates, foreign
// currencies and tax lock dates, each month checked to the cent.

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev80Caba is reviewCaba on memstore only (the machine is shared).
func hrev80Caba(t *testing.T, steps ...cabaStep) {
	t.Helper()
	st := stores[0]
	t.Run(st.Name, func(t *testing.T) {
		f, tol := cabaFixture(t, st.Open(t), eur)
		s := &scenario{t: t, f: f, docs: map[string]journal.Entry{}, ops: map[string]journal.ID{}, units: map[string]currency.Currency{},
			tol: []currency.Amount{tol}}
		for _, step := range steps {
			switch x := step.(type) {
			case string:
				s.run(t.Name(), strings.NewReader(x))
			case func(*testing.T, *scenario):
				x(t, s)
			}
		}
	})
}

// A small payment difference written off on an invoice with VAT on debits
// (goods, or services with the option pour les débits, CGI art. 269-2-c):
// the VAT of 200.00 was due in January on the invoice (CA3 of January, line
// 08); the 0.02 short paid in February and written off to 658000 changes
// no VAT (no credit note, CGI art. 272-1 needs one): February's report
// reads nothing, 445710 stays at 200.00.
func TestHrev80DebitsSmallWriteOffLeavesVATAlone(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `sale A C1 2026-01-10 1000.00@20
		vat 2026-01-01 2026-01-31 445710 1000.00 200.00
		pay P C1 BQD 2026-02-05 1199.98 A
		letter A writeoff=1
		state A paid 0.00
		balance 658000 0.02
		balance 445710 -200.00
		vat 2026-02-01 2026-02-28 445710 0.00 0.00
		vat 2026-01-01 2026-01-31 445710 1000.00 200.00`)
}

// Services on payment (TVA sur encaissements), half paid, then the rest
// definitively lost: the avoir (facture rectificative) of 500.00 + 100.00
// lettered with the invoice in June makes no VAT due in June — nothing was
// received (CGI art. 269-2-c, BOI-TVA-BASE-20-10): the invoice's remaining
// 100.00 of 445740 and the credit note's 100.00 cancel out. February: base
// 500.00 VAT 100.00 (600.00 received × 20/120). 445740 ends at 0.00,
// 445710 at 100.00.
func TestHrev80CashBasisBadDebtByCreditNoteAfterPartialPayment(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `sale A C1 2026-01-10 1000.00@20e
		pay P C1 BQD 2026-02-05 600.00 A
		vat 2026-02-01 2026-02-28 445710 500.00 100.00
		salecredit N C1 2026-06-10 500.00@20e
		letter A N
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -100.00
		vat 2026-06-01 2026-06-30 445710 0.00 0.00`)
}

// A credit note larger than what remains of a cash-basis invoice: invoice
// 1 200.00 (1 000.00 + 200.00 on payment), 1 000.00 received in February
// (VAT 166.67), a credit note of 300.00 (250.00 + 50.00) in March of which
// 200.00 closes the invoice, the other 100.00 refunded in April. Cash in,
// net: 900.00 → 150.00 of VAT in all. March nets to 0.00 (33.33 on the
// invoice, −33.33 on the credit note), April −16.67 on −83.33 (the refund).
func TestHrev80CashBasisCreditNoteBeyondTheRemainderThenRefund(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `sale A C1 2026-01-10 1000.00@20e
		pay P C1 BQD 2026-02-05 1000.00 A
		vat 2026-02-01 2026-02-28 445710 833.33 166.67
		salecredit N C1 2026-03-10 250.00@20e
		letter A N
		state A paid 0.00
		vat 2026-03-01 2026-03-31 445710 0.00 0.00
		payout R C1 BQD 2026-04-05 - N
		vat 2026-04-01 2026-04-30 445710 -83.33 -16.67
		balance 445740 0.00
		balance 445710 -150.00`)
}

// Mixed rates on one cash-basis invoice: 1 000.00 at 20 % and 500.00 at
// 10 % (1 750.00 TTC); 700.00 received is 40 %: 20 % base 400.00 VAT
// 80.00, 10 % base 200.00 VAT 20.00 (CA3 lines 08 and 9B).
func TestHrev80CashBasisMixedRatesPartialPayment(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `sale A C1 2026-03-01 1000.00@20e 500.00@10e
		pay P C1 BQD 2026-03-10 700.00 A
		vat 2026-03-01 2026-03-31 445710 400.00 80.00 tax=V20E
		vat 2026-03-01 2026-03-31 445710 200.00 20.00 tax=V10E`)
}

// Services bought on payment (deduction when the supplier's VAT becomes
// due, CGI art. 271-I-2): a bill of 1 000.00 + 200.00 on payment, 600.00
// paid in March: 100.00 deductible in March on 500.00 (CA3 line 20).
func TestHrev80CashBasisSupplierPartialPayment(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `purchase B S1 2026-03-01 1000.00@20e
		paysupplier P S1 BQD 2026-03-10 600.00 B
		vat 2026-03-01 2026-03-31 445660 500.00 100.00
		balance 445640 100.00`)
}

// A USD invoice of services on payment: 1 000.00 USD + 200.00 USD VAT,
// booked at 1.20 (1 000.00 EUR). Half received at 1.25, half at 1.15: the
// VAT due is the USD tax at the rate of the day it became due (CGI art.
// 266-1 and BOI-TVA-BASE-10-10-30: the rate known on the date of
// exigibility), 100.00 / 1.25 = 80.00 EUR on 400.00 in March, 100.00 /
// 1.15 = 86.96 on 434.78 in April; 445740 ends at 0.00 (DESIGN §5).
func TestHrev80CashBasisForeignInvoiceTwoRates(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `rate USD 2026-03-01 1.20
		rate USD 2026-03-10 1.25
		rate USD 2026-04-10 1.15
		sale A C1 2026-03-01 1000.00@20e cur=USD
		pay P1 C1 BQD 2026-03-10 600.00 A cur=USD
		vat 2026-03-01 2026-03-31 445710 400.00 80.00
		pay P2 C1 BQD 2026-04-10 600.00 A cur=USD
		vat 2026-04-01 2026-04-30 445710 434.78 86.96
		balance 445740 0.00
		balance 445710 -166.96`)
}

// Reverse charge (autoliquidation, CGI art. 283-2) on services bought from
// an EU supplier: 1 000.00 HT, Dr 604000 1 000.00 / Dr 445660 200.00 / Cr
// 445200 200.00 / Cr 401000 1 000.00. The CA3 has both sides: 445200 due
// on 1 000.00 (line 17 / base line 2A), 445660 deductible 200.00 (line
// 20), netting to nothing.
func TestHrev80ReverseChargeBothSides(t *testing.T) {
	t.Parallel()
	rc := tax.Tax{ID: "AUTOLIQ20", Name: "TVA autoliquidée 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445660"}
	hrev80Caba(t,
		postAs("B", func(s *scenario) journal.Entry {
			return journal.Entry{Journal: "AC", Date: d(3, 5), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-1000.00")},
				{Account: "604000", Balance: e("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{rc}},
				{Account: "445660", Balance: e("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
				{Account: "445200", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
			}}
		}),
		func(t *testing.T, s *scenario) {
			rep, err := s.f.rec.VATReport(ctx, d(3, 1), d(3, 31))
			require.NoError(t, err)
			var got []string
			for _, l := range rep.Lines {
				got = append(got, l.Account+" "+l.Base.Plain()+" "+l.Tax.Plain()+" "+map[bool]string{true: "collected", false: "deductible"}[l.Collected])
			}
			assert.Equal(t, []string{"445200 1000.00 200.00 collected", "445660 1000.00 200.00 deductible"}, got)
			assert.Equal(t, "200.00", rep.Collected.Plain())
			assert.Equal(t, "200.00", rep.Deductible.Plain())
		},
		`paysupplier P S1 BQD 2026-04-10 1000.00 B
		vat 2026-04-01 2026-04-30 445660 0.00 0.00
		vat 2026-04-01 2026-04-30 445200 0.00 0.00`)
}

// The March return is filed and the tax lock set at 31 March. A cheque of
// 20 March entered in April makes its VAT due on the first open day, 1
// April (DESIGN §5 "Dates of generated entries"): March's return stays as
// filed, April's carries it; CashBasisPayments says paid 20 March, due 1
// April. A receipt of 15 March detached in April: its reversal lands on 1
// April too, March unchanged.
func TestHrev80TaxLockMovesCashBasisToTheNextReturn(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `sale A C1 2026-03-01 1000.00@20e
		sale B C2 2026-03-01 500.00@20e
		pay Q C2 BQD 2026-03-15 600.00 B
		vat 2026-03-01 2026-03-31 445710 500.00 100.00`,
		taxLock("2026-03-31"),
		`pay P C1 BQD 2026-03-20 1200.00 A
		vat 2026-03-01 2026-03-31 445710 500.00 100.00
		vat 2026-04-01 2026-04-30 445710 1000.00 200.00
		detach Q
		vat 2026-03-01 2026-03-31 445710 500.00 100.00
		vat 2026-04-01 2026-04-30 445710 500.00 100.00`,
		func(t *testing.T, s *scenario) {
			rows, err := s.f.rec.CashBasisPayments(ctx, d(4, 1), d(4, 30))
			require.NoError(t, err)
			sum := currency.Zero(eur)
			for _, r := range rows {
				sum, _ = sum.Add(r.VAT)
				assert.Equal(t, d(4, 1), r.Date)
			}
			assert.Equal(t, "100.00", sum.Plain())
		})
}

// Was failing, fixed: a cash-basis invoice of services (100.00 + 20.00 VAT on payment,
// 120.00 TTC) paid 114.00 in March, the 6.00 short written off within a
// 6.00 tolerance: the write-off partial posts a cash-basis entry moving
// the last 1.00 from 445740 to 445710, so March's report reads base 100.00
// VAT 20.00. Under VAT on payments the tax is due only on what is received
// (CGI art. 269-2-c; BOI-TVA-BASE-20-10: "à concurrence des encaissements"),
// and a shortfall written off without a credit note is no receipt: due is
// 114.00 × 20/120 = 19.00 on 95.00; the 1.00 left on 445740 belongs with
// the loss (Dr 658000 5.00 / Dr 445740 1.00 / Cr 411000 6.00), never on
// 445710. DESIGN §5 lists write-off among the kinds that post a cash-basis
// entry (Odoo's rule), but the law makes that figure wrong: 1.00 of VAT is
// declared on money never collected.
func TestHrev80CashBasisWriteOffIsNoReceipt(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `tolerance 6.00
		sale A C1 2026-03-01 100.00@20e
		pay P C1 BQD 2026-03-10 114.00 A
		vat 2026-03-01 2026-03-31 445710 95.00 19.00
		letter A writeoff=1
		state A paid 0.00
		balance 445740 0.00
		balance 445710 -19.00
		balance 658000 5.00
		vat 2026-03-01 2026-03-31 445710 95.00 19.00`)
}

// Reverse charge and an early-payment discount (escompte) of 2 % on an EU
// supplier's services bill of 1 000.00 HT (no VAT in what is owed): the
// discount of 20.00 is all tax-excluded and lowers both sides of the
// self-assessed VAT by 4.00: 765000 20.00, 445660 196.00 deductible,
// 445200 196.00 due (CGI art. 267-I-2 and 283-2, the base is the price
// paid).
func TestHrev80ReverseChargeEscompte(t *testing.T) {
	t.Parallel()
	rc := tax.Tax{ID: "AUTOLIQ20", Name: "TVA autoliquidée 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445660"}
	hrev80Caba(t,
		postAs("B", func(s *scenario) journal.Entry {
			return journal.Entry{Journal: "AC", Date: d(3, 5), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-1000.00")},
				{Account: "604000", Balance: e("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{rc}},
				{Account: "445660", Balance: e("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
				{Account: "445200", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
			}}
		}),
		`paysupplier P S1 BQD 2026-03-10 980.00 B discount=1
		state B paid 0.00
		balance 765000 -20.00
		balance 445660 196.00
		balance 445200 -196.00
		vat 2026-03-01 2026-03-31 445660 980.00 196.00
		vat 2026-03-01 2026-03-31 445200 980.00 196.00`)
}

// An escompte on a debits invoice, its payment of 20 March entered after
// March's return was filed and locked: the discount's VAT (4.00 on 20.00)
// is taken back on April's return (DESIGN §5, dates of generated
// entries), March stays as filed.
func TestHrev80DebitsEscompteAfterTaxLock(t *testing.T) {
	t.Parallel()
	hrev80Caba(t, `sale A C1 2026-03-01 1000.00@20`,
		taxLock("2026-03-31"),
		`pay P C1 BQD 2026-03-20 1176.00 A discount=1
		state A paid 0.00
		vat 2026-03-01 2026-03-31 445710 1000.00 200.00
		vat 2026-04-01 2026-04-30 445710 -20.00 -4.00
		balance 445710 -196.00`)
}
