package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Pins: a service bought in USD from a supplier outside the EU under the
// reverse charge (TVA20-AL-SERV): 3 lines of 333.33 USD at 1.0837 USD per
// EUR. The due (445200) and deductible (445662) sides have the same
// company amount, the supplier is owed the base alone, paying it at
// another rate posts an exchange difference on 401000 only and moves no
// VAT, and the quarter's VAT report shows the same base and tax on both
// rows, netting to nothing (CGI art. 283-2 and 271-I-2).
func TestHrev242ReverseChargeForeignServiceUSD(t *testing.T) {
	t.Parallel()
	st := stores[len(stores)-1]
	f := newFixture(t, st.Open(t))
	usd := currency.MustLookup("USD")
	u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
	require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.0837")))
	serv := tax.MustFrenchReverseChargeVAT(tax.Standard, tax.ForeignServices)
	inv := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(2, 10), Partner: "S1", PartnerAccount: "401000",
		Ref: "US-7", Label: "Conseil US", Terms: journal.PaymentTerms{Due: journal.DueRule{Kind: journal.NetDays, Days: 30}}}
	for range 3 {
		inv.Lines = append(inv.Lines, journal.InvoiceLine{Label: "Conseil", UnitPrice: u("333.33"), Taxes: []tax.Tax{serv}, Account: "622600"})
	}
	x, err := inv.Entry()
	require.NoError(t, err)
	bill := f.post(t, x)
	var ded, due currency.Amount
	for _, l := range bill.Lines {
		switch l.Account {
		case "445662":
			ded = l.Balance
		case "445200":
			due = l.Balance
		}
	}
	require.True(t, ded.IsSet() && due.IsSet(), hrev235Lines(bill))
	assert.Equal(t, ded.Plain(), due.Neg().Plain(), "due and deductible alike: %s", hrev235Lines(bill))
	require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.12")))
	_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD", Date: d(3, 5),
		Method: reconcile.MethodTransfer, Amount: u("999.99"), Invoices: []journal.ID{bill.ID}})
	require.NoError(t, err)
	assert.Equal(t, "0.00", f.residual(t, bill.LineRef(0)).Plain())
	assert.Equal(t, "445662 "+ded.Plain()+", 445200 "+due.Plain()+", 401000 0.00", hrev230Bal(t, f, "445662", "445200", "401000"))
	rep, err := f.rec.VATReport(ctx, d(1, 1), d(3, 31))
	require.NoError(t, err)
	require.Len(t, rep.Lines, 2)
	assert.Equal(t, rep.Lines[0].Base.Plain(), rep.Lines[1].Base.Plain())
	assert.Equal(t, rep.Lines[0].Tax.Plain(), rep.Lines[1].Tax.Plain())
	assert.Equal(t, rep.Collected.Plain(), rep.Deductible.Plain())
	f.check(t)
}

// A supplier's bill of goods at 20 % (TVA20-DED, 1 000.00) beside a
// reverse charge at 5,5 % (TVA5.5-AIC, 500.00) offering 2 % off within
// 10 days.
func hrev242MixedBill(t *testing.T, f *fixture) journal.Entry {
	t.Helper()
	ded := tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)
	aic := tax.MustFrenchReverseChargeVAT(tax.Reduced, tax.IntraEUGoods)
	inv := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, 2), Partner: "S1", PartnerAccount: "401000",
		Ref: "MIX-1", Label: "Achat mixte", Terms: epdTerms("2", 10), Lines: []journal.InvoiceLine{
			{Label: "Fournitures", UnitPrice: e("1000.00"), Taxes: []tax.Tax{ded}, Account: "607000"},
			{Label: "Pièces UE", UnitPrice: e("500.00"), Taxes: []tax.Tax{aic}, Account: "607000"}}}
	x, err := inv.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

// Pins: the mixed bill owes 1 700.00 (1 000.00 + 200.00 + 500.00: the
// reverse charge's 27.50 is owed to the state, not the supplier); its
// early-payment discount is 2 % of that, 34.00.
func TestHrev242ReverseChargeMixedBillTotals(t *testing.T) {
	t.Parallel()
	st := stores[len(stores)-1]
	f := newFixture(t, st.Open(t))
	bill := hrev242MixedBill(t, f)
	require.Equal(t, "401000 S1 -1700.00; 607000 1000.00 base:TVA20-DED; 607000 500.00 base:TVA5.5-AIC; "+
		"445660 200.00 tax:TVA20-DED; 445662 27.50 tax:TVA5.5-AIC; 445200 -27.50 tax:TVA5.5-AIC", hrev235Lines(bill))
	require.NotNil(t, bill.DiscountOffer)
	assert.Equal(t, "34.00", bill.DiscountOffer.Amount.Plain())
}

// Pins: the mixed bill paid 1 666.00 within the discount's days:
// the discount of 34.00 splits over the two bases and the 20 % VAT by
// their weights in what the supplier is owed (1 000.00, 200.00 and
// 500.00: 20.00, 4.00, 10.00), and lowers the reverse charge on both
// sides by 5,5 % of its base's share (0.55), so that the quarter's VAT
// report still nets the reverse charge to nothing and 445200 equals
// 445662 (CGI art. 267-II-1: the taxable amount is net of the discount
// granted).
func TestHrev242ReverseChargeMixedBillDiscount(t *testing.T) {
	t.Parallel()
	st := stores[len(stores)-1]
	f := newFixture(t, st.Open(t))
	bill := hrev242MixedBill(t, f)
	_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD", Date: d(3, 10),
		Method: reconcile.MethodTransfer, Amount: e("1666.00"), Invoices: []journal.ID{bill.ID}, EarlyDiscount: true})
	require.NoError(t, err)
	assert.Equal(t, "0.00", f.residual(t, bill.LineRef(0)).Plain())
	assert.Equal(t, "445660 196.00, 445662 26.95, 445200 -26.95, 607000 1500.00, 765000 -30.00",
		hrev230Bal(t, f, "445660", "445662", "445200", "607000", "765000"))
	assert.Equal(t, "445200 TVA5.5-AIC collected 490.00 26.95; 445660 TVA20-DED deductible 980.00 196.00; "+
		"445662 TVA5.5-AIC deductible 490.00 26.95; collected 26.95; deductible 222.95",
		hrev235VAT(t, f, d(3, 1), d(3, 31)))
	f.check(t)
}
