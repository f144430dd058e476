package reconcile_test

// Review 27 pins: combinations that follow DESIGN today, kept so that they
// stay so. Each passes (checked on every store).

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// Focus 1. A USD invoice of 1 000.00 + 20 % on payment (1 200.00 USD at
// 1.20 = 1 000.00 EUR, tax 166.67 EUR) paid by two receipts of 600.00 USD
// at 1.25 and 1.15 (DESIGN §6 example 6 with example 7's cash basis):
//   - P1 (480.00 EUR): the invoice drops 500.00, loss 20.00 on it; cash
//     basis 100.00 USD: 445740 cleared at the invoice's company amounts,
//     round(166.67 × 600 / 1 200) = 83.34, 445710 at the receipt's rate
//     80.00, gain 3.34; base 500.00 USD at 0.80 = 400.00;
//   - P2 (521.74 EUR): the invoice is consumed (500.00), P2 keeps 21.74,
//     gain on P2; cash basis completes: 445740 166.67 − 83.34 = 83.33,
//     445710 100.00 USD at 521.74 / 600 = 86.96, loss 3.63; base 434.78.
//
// Odoo books the tax account at the invoice's rate and puts the tax's
// part in the exchange difference at full reconcile
// (test_reconcile_cash_basis_exchange_difference_transfer_account_check_entries_1:
// tax_account_1 ends at -33.33, the invoice's); DESIGN §5 keeps the final
// account at the payment's rate ("the final account takes the payment's
// rate, and the difference is an exchange difference"), per partial.
// Detaching P1 reverses exactly P1's exchange line and cash-basis entry, at
// their date (April's VAT goes back to zero, May's stays); a third receipt
// of 600.00 USD at 1.25 completes the invoice again at 83.34 / 80.00.
func TestReview27USDInvoiceTwoReceiptsCashBasisDetachFirst(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-04-01 1.25
		rate USD 2026-05-01 1.15
		sale A C1 2026-03-01 1000.00@20e cur=USD
		line A.0 411000 1000.00 cur=1200.00
		line A.2 445740 -166.67 cur=-200.00
		pay P1 C1 BQD 2026-04-10 600.00 A cur=USD
		line P1.0 411000 -480.00 cur=-600.00
		line P1+1.0 411000 -20.00 cur=0.00
		line P1+1.1 656000 20.00
		line P1+2.0 445740 83.34 cur=100.00
		line P1+2.1 445710 -80.00 cur=-100.00
		line P1+2.2 756000 -3.34 cur=0.00
		line P1+2.3 706000 400.00 cur=500.00
		state A partial 500.00 cur=600.00
		pay P2 C1 BQD 2026-05-10 600.00 A cur=USD
		line P2.0 411000 -521.74 cur=-600.00
		line P2+1.0 411000 21.74 cur=0.00
		line P2+1.1 756000 -21.74
		line P2+2.0 445740 83.33 cur=100.00
		line P2+2.1 445710 -86.96 cur=-100.00
		line P2+2.2 656000 3.63 cur=0.00
		line P2+2.3 706000 434.78 cur=500.00
		state A paid 0.00 cur=0.00
		balance 445740 0.00
		balance 445710 -166.96
		vat 2026-04-01 2026-04-30 445710 400.00 80.00
		vat 2026-05-01 2026-05-31 445710 434.78 86.96
		detach P1 name=U
		entries 2
		line U.0 411000 20.00 cur=0.00 date=2026-04-10
		line U+1.0 445740 -83.34 cur=-100.00 date=2026-04-10
		state A partial 500.00 cur=600.00
		residual P2 0.00 cur=0.00
		balance 445740 -83.34
		balance 445710 -86.96
		balance 656000 3.63
		balance 756000 -21.74
		vat 2026-04-01 2026-04-30 445710 0.00 0.00
		vat 2026-05-01 2026-05-31 445710 434.78 86.96
		pay P3 C1 BQD 2026-04-20 600.00 A cur=USD
		line P3+2.0 445740 83.34 cur=100.00
		line P3+2.1 445710 -80.00 cur=-100.00
		state A paid 0.00 cur=0.00
		balance 445740 0.00`)
}

// Focus 2. An invoice at three rates — 1 000.00 at 20 % and 500.00 at
// 5.5 % on payment, 200.00 at 10 % on invoice (TTC 1 947.50) — paid
// 1 900.00 with an escompte of 47.50 (DESIGN §5, §6 examples 9–10): VAT
// share round(47.50 × 247.50 / 1 947.50) = 6.04, prorated by largest
// remainder 4.88 / 0.67 / 0.49 (each = its HT share × its rate, to the
// cent: 24.39 × 20 %, 12.19 × 5.5 %, 4.88 × 10 %), HT 41.46 as 24.39 /
// 12.19 / 4.88; cash basis 195.12 and 26.83 on 975.61 and 487.81. The
// receipt detached, the discount goes with it; paid again 1 000.00 then
// 947.50, each rate is due in full (200.00 + 27.50) and the report is the
// invoice's; unlettered and lettered again in one call, the same.
func TestReview27EscompteThreeRatesDetachPayTwiceRelettered(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `sale A C1 2026-03-01 1000.00@20e 500.00@5.5e 200.00@10
		pay P C1 BQD 2026-03-10 1900.00 A discount=1
		line P+1.0 411000 -47.50
		line P+1.1 665000 24.39
		line P+1.2 445740 4.88
		line P+1.3 665000 12.19
		line P+1.4 445740 0.67
		line P+1.5 665000 4.88
		line P+1.6 445710 0.49
		line P+2.0 445740 195.12
		line P+2.2 706000 975.61
		line P+2.4 445740 26.83
		line P+2.6 706000 487.81
		state A paid 0.00
		balance 445740 0.00
		vat 2026-03-01 2026-03-31 445710 975.61 195.12 tax=V20E
		vat 2026-03-01 2026-03-31 445710 487.81 26.83 tax=V5.5E
		vat 2026-03-01 2026-03-31 445710 195.12 19.51 tax=V10
		detach P
		state A not_paid 1947.50
		balance 445740 -227.50
		balance 665000 0.00
		vat 2026-03-01 2026-03-31 445710 200.00 20.00
		pay Q1 C1 BQD 2026-03-20 1000.00 A
		line Q1+1.0 445740 102.70
		line Q1+1.4 445740 14.12
		pay Q2 C1 BQD 2026-04-20 947.50 A
		line Q2+1.0 445740 97.30
		line Q2+1.4 445740 13.38
		balance 445740 0.00
		vat 2026-01-01 2026-12-31 445710 1000.00 200.00 tax=V20E
		vat 2026-01-01 2026-12-31 445710 500.00 27.50 tax=V5.5E
		vat 2026-01-01 2026-12-31 445710 200.00 20.00 tax=V10
		unletter A
		balance 445740 -227.50
		letter A Q1 Q2
		state A paid 0.00
		balance 445740 0.00
		vat 2026-01-01 2026-12-31 445710 1700.00 247.50`)
}

// Focus 2 in USD with instalments: the same three rates on a USD invoice
// (1.20) split 40 % / 60 % (779.00 + 1 168.50 USD), paid 1 900.00 USD with
// the escompte (taken on the last instalment, DESIGN doc Caveats): the
// discount entry is valued at the invoice's rate (its partner line takes
// the rounding: 39.60 EUR); 445740 ends at zero in both currencies; the
// VAT due per rate in USD is the tax less the discount's share (195.12,
// 26.83). Detached, then paid by instalment at 1.25: each instalment's
// shares are cumulative and the second completes them.
func TestReview27EscompteUSDInstalmentsThreeRates(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-04-01 1.25`,
		postAs("A", func(s *scenario) journal.Entry {
			inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
				Terms: journal.PaymentTerms{Instalments: []journal.Instalment{
					{Percent: tax.MustParsePercent("40"), Due: journal.DueRule{Kind: journal.NetDays, Days: 30}},
					{Percent: tax.MustParsePercent("60"), Due: journal.DueRule{Kind: journal.NetDays, Days: 60}}}},
				Lines: []journal.InvoiceLine{
					{UnitPrice: u("1000.00"), Taxes: []tax.Tax{cabaTax("V20E", "20")}, Account: "706000"},
					{UnitPrice: u("500.00"), Taxes: []tax.Tax{cabaTax("V5.5E", "5.5")}, Account: "706000"},
					{UnitPrice: u("200.00"), Taxes: []tax.Tax{epdVAT("10")}, Account: "706000"},
				}}
			x, err := inv.Entry()
			require.NoError(t, err)
			return x
		}),
		`line A.0 411000 649.17 cur=779.00
		line A.1 411000 973.76 cur=1168.50
		pay P C1 BQD 2026-03-10 1900.00 A cur=USD discount=1
		line P+1.0 411000 -39.60 cur=-47.50
		line P+1.2 445740 4.07 cur=4.88
		line P+1.4 445740 0.56 cur=0.67
		line P+1.6 445710 0.41 cur=0.49
		line P+2.0 445740 66.66 cur=80.00
		line P+3.0 445740 95.94 cur=115.12
		state A paid 0.00 cur=0.00`,
		balanceIn("445740", "USD", "0.00", "0.00"),
		`detach P
		pay Q1 C1 BQD 2026-04-10 779.00 A cur=USD
		line Q1+2.0 445740 66.67 cur=80.00
		line Q1+2.1 445710 -64.00 cur=-80.00
		pay Q2 C1 BQD 2026-04-20 1168.50 A cur=USD
		line Q2+2.0 445740 100.00 cur=120.00
		line Q2+2.1 445710 -96.00 cur=-120.00
		state A paid 0.00 cur=0.00`,
		balanceIn("445740", "USD", "0.00", "0.00"))
}

// Focus 3. A USD invoice at two rates on payment (100.00 at 20 %, 50.00 at
// 5.5 %: 172.75 USD at 1.20 = 143.96 EUR), a receipt of 100.00 USD at 1.25,
// then 72.71 USD at 1.15 lettered with a write-off of the 0.04 USD left
// (tolerance 0.05 USD): written off at the rate of its date, 0.03 EUR, the
// invoice's other cent an exchange difference; the cumulative tax shares
// reached the whole tax with the second receipt (round(20.00 × 172.71 /
// 172.75) = 20.00). Changed: the write-off makes no cash-basis entry — it
// used to move bases only (0.02 and 0.01 USD), and the 0.04 USD written
// off was not received, so their base is not reported: May's base is
// 54.91, not 54.94. The 20 % tax: P1 80.00 EUR and P2 63.23 EUR
// received, the final account round(20 × 80.00 / 172.75) = 9.26, then
// round(20 × 143.23 / 172.75) = round(16.5824) = 16.58 less 9.26, 7.32;
// once the write-off completes the invoice the final account holds all
// 20.00 USD of the tax, worth round(16.5824 + 20 × 0.03 / 172.75) =
// round(16.5859) = 16.59 (the 0.04 USD at what the write-off took off,
// 0.03 EUR): the write-off's cash-basis entry moves no USD and books the
// last 0.01 EUR on 445710 against 656000, and May's VAT is 8.34 (was
// 8.33, no entry: 16.58 for the whole tax, the VAT of the 0.04 USD the
// final account took at no value). The 5.5 % tax: 1.27 + 1.01 = 2.28 =
// round(2.75 × 143.26 / 172.75), nothing more. 445740 ends at zero in
// both currencies. Detaching
// the first receipt reverses the write-off, its exchange line and its
// cash-basis entry too (DESIGN §5: a write-off belongs to its match).
func TestReview27USDWriteOffAfterTwoReceiptsCashBasis(t *testing.T) {
	t.Parallel()
	reviewCaba(t, eur, `rate USD 2026-03-01 1.20
		rate USD 2026-04-01 1.25
		rate USD 2026-05-01 1.15
		tolerance 0.05 cur=USD
		sale A C1 2026-03-01 100.00@20e 50.00@5.5e cur=USD
		line A.0 411000 143.96 cur=172.75
		pay P1 C1 BQD 2026-04-10 100.00 A cur=USD
		line P1+2.0 445740 9.65 cur=11.58
		line P1+2.1 445710 -9.26 cur=-11.58
		line P1+2.5 445740 1.33 cur=1.59
		line P1+2.6 445710 -1.27 cur=-1.59
		pay P2 C1 BQD 2026-05-10 72.71 cur=USD
		letter A P2 writeoff=1 name=W
		line W.0 411000 2.64 cur=0.00
		line W+1.0 445740 7.02 cur=8.42
		line W+1.1 445710 -7.32 cur=-8.42
		line W+1.5 445740 0.96 cur=1.16
		line W+1.6 445710 -1.01 cur=-1.16
		line W+2.0 411000 -0.03 cur=-0.04
		line W+2.1 658000 0.03 cur=0.04
		line W+3.0 411000 -0.01 cur=0.00
		line W+4.0 445710 -0.01 cur=0.00
		line W+4.1 656000 0.01
		entries 5
		state A paid 0.00 cur=0.00
		balance 445740 0.00
		balance 445710 -18.87
		vat 2026-05-01 2026-05-31 445710 54.91 8.34
		detach P1
		balance 658000 0.00
		balance 445740 -10.98
		state A partial 83.37 cur=100.04`,
		balanceIn("445740", "USD", "-10.98", "-13.17"))
}
