package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// Pins: a mixed invoice — goods 1 000,00 at 5,5 % on invoice, services
// 333,33 at 20 % on payment, a 17,01 disbursement without VAT; TTC
// 1 472,01 — paid 1 427,85 in time with its 3 % escompte (44,16). The
// discount's VAT, 44,16 × 121,67 / 1 472,01 = 3,65, splits 1,65 (off
// 445710) and 2,00 (off 445740), its HT 40,51 over 17,01 / 1 000 / 333,33
// as 0,51 / 30,00 / 10,00 (DESIGN §5); the payment's cash-basis entry
// moves what remains, 66,67 − 2,00 = 64,67. The VAT report then reads
// 5,5 % on 970,00 = 53,35 and 20 % on 323,33 = 64,67 (each the rate of
// its base to the cent, as BOI-TVA-BASE-10-20-10 wants the escompte to
// lower base and VAT alike), 118,02 collected = 445710's balance, 445740
// at zero.
func TestHrev263MixedInvoiceEscompteVATReport(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 2), Partner: "C1", PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{
			{Label: "goods", UnitPrice: e("1000.00"), Taxes: []tax.Tax{tax.MustFrenchVAT(tax.Reduced, tax.Sales, tax.OnInvoice)}, Account: "707000"},
			{Label: "services", UnitPrice: e("333.33"), Taxes: []tax.Tax{tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnPayment)}, Account: "706000"},
			{Label: "débours", UnitPrice: e("17.01"), Account: "708000"},
		},
		Terms: journal.PaymentTerms{Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("3"), Days: 10}}}
	x, err := inv.Entry()
	require.NoError(t, err)
	doc := f.post(t, x)
	require.Equal(t, "44.16", doc.DiscountOffer.Amount.Plain())
	_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 5),
		Method: reconcile.MethodTransfer, Amount: e("1427.85"), Invoices: []journal.ID{doc.ID}, EarlyDiscount: true})
	require.NoError(t, err)
	rep, err := f.rec.VATReport(ctx, d(3, 1), d(3, 31))
	require.NoError(t, err)
	got := map[string][2]string{}
	for _, l := range rep.Lines {
		got[l.TaxID] = [2]string{l.Base.Plain(), l.Tax.Plain()}
	}
	require.Equal(t, map[string][2]string{"TVA5.5": {"970.00", "53.35"}, "TVA20-ENC": {"323.33", "64.67"}}, got)
	require.Equal(t, "118.02", rep.Collected.Plain())
	for account, want := range map[string]string{"445710": "-118.02", "445740": "0.00", "665000": "40.51"} {
		b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account})
		require.NoError(t, err)
		require.Equal(t, want, b.Balance.Plain(), account)
	}
	require.NoError(t, f.book.Check(ctx))
}

// Pins: services 1 000,00 + 20 % on payment; 600,00 received, then a
// credit note of the unpaid half (500,00 + 100,00) lettered with it. VAT
// on payments is due on what was received (CGI art. 269-2-c): 100,00 on a
// base of 500,00, whatever closed the rest; the credit note's share moves
// back what its lettering made due, 445740 ends at zero. And a two-rate
// invoice (10,00 at 20 % and 10,00 at 5,5 %, on payment) paid 10,00 +
// 10,00 + 2,55: each tax ends exactly on its total, 2,00 and 0,55.
func TestHrev263CashBasisCreditNoteAfterPartialPayment(t *testing.T) {
	t.Parallel()
	fxScenario(t,
		"sale I C1 2026-03-02 1000.00@20e", "pay P1 C1 BQD 2026-03-10 600.00 I",
		"salecredit A C1 2026-03-20 500.00@20e", "letter I A", "residual I 0.00",
		"vat 2026-03-01 2026-03-31 445710 500.00 100.00", "balance 445710 -100.00", "balance 445740 0.00",
		"sale J C2 2026-04-02 10.00@20e 10.00@5.5e",
		"pay Q1 C2 BQD 2026-04-10 10.00 J", "pay Q2 C2 BQD 2026-04-11 10.00 J", "pay Q3 C2 BQD 2026-04-12 2.55 J",
		"residual J 0.00", "balance 445740 0.00",
		"vat 2026-04-01 2026-04-30 445710 10.00 2.00 tax=V20E", "vat 2026-04-01 2026-04-30 445710 10.00 0.55 tax=V5.5E")
}
