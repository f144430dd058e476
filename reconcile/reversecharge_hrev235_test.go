package reconcile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev235Lines prints an entry's lines as "account partner amount role".
func hrev235Lines(x journal.Entry) string {
	var out []string
	for _, l := range x.Lines {
		id := ""
		if len(l.Taxes) > 0 {
			id = " " + l.TaxRole.String() + ":" + l.Taxes[0].ID
		}
		out = append(out, strings.Join(strings.Fields(fmt.Sprintf("%s %s %s", l.Account, l.Partner, l.Balance.Plain())), " ")+id)
	}
	return strings.Join(out, "; ")
}

// hrev235VAT prints a VAT report's rows and totals.
func hrev235VAT(t *testing.T, f *fixture, from, to journal.Date) string {
	t.Helper()
	rep, err := f.rec.VATReport(ctx, from, to)
	require.NoError(t, err)
	var out []string
	for _, l := range rep.Lines {
		side := "deductible"
		if l.Collected {
			side = "collected"
		}
		out = append(out, fmt.Sprintf("%s %s %s %s %s", l.Account, l.TaxID, side, l.Base.Plain(), l.Tax.Plain()))
	}
	require.Empty(t, rep.Untaxed)
	return strings.Join(append(out, "collected "+rep.Collected.Plain(), "deductible "+rep.Deductible.Plain()), "; ")
}

// hrev235Doc builds a supplier's bill or credit note of the lines given
// (amount on 607000), every line under tx.
func hrev235Doc(t *testing.T, kind journal.InvoiceKind, date journal.Date, ref string, tx tax.Tax, amounts ...string) journal.Entry {
	t.Helper()
	inv := journal.Invoice{Kind: kind, Journal: "AC", Date: date, Partner: "S1", PartnerAccount: "401000", Ref: ref, Label: "Achat UE " + ref,
		Terms: journal.PaymentTerms{Due: journal.DueRule{Kind: journal.NetDays, Days: 30}}}
	for i, a := range amounts {
		inv.Lines = append(inv.Lines, journal.InvoiceLine{Label: fmt.Sprintf("Article %d", i+1), UnitPrice: e(a), Taxes: []tax.Tax{tx}, Account: "607000"})
	}
	x, err := inv.Entry()
	require.NoError(t, err)
	return x
}

// An intra-EU purchase of goods under the reverse charge (TVA20-AIC), built
// by the invoice builder: the supplier is owed the base alone (1 250.55),
// the VAT of 250.11 is booked deductible on 445662 and due on 445200. The
// month's VAT report shows the base and tax on both sides, netting to
// nothing; a credit note of 250.55 takes 50.11 off both; paying what is
// left (1 000.00) letters the bill fully and posts no cash-basis entry.
// The same purchase posted by hand, the older way (the plain deductible
// tax TVA20-DED with a tax line on 445200), reads the same in the report.
func TestHrev235ReverseChargePurchase(t *testing.T) {
	t.Parallel()
	aic := tax.MustFrenchReverseChargeVAT(tax.Standard, tax.IntraEUGoods)
	onStores(t, func(t *testing.T, f *fixture) {
		bill := f.post(t, hrev235Doc(t, journal.SupplierBill, d(3, 2), "EU-1", aic, "1000.00", "250.55"))
		require.Equal(t, "401000 S1 -1250.55; 607000 1000.00 base:TVA20-AIC; 607000 250.55 base:TVA20-AIC; "+
			"445662 250.11 tax:TVA20-AIC; 445200 -250.11 tax:TVA20-AIC", hrev235Lines(bill))
		require.Equal(t, "445200 TVA20-AIC collected 1250.55 250.11; 445662 TVA20-AIC deductible 1250.55 250.11; collected 250.11; deductible 250.11",
			hrev235VAT(t, f, d(3, 1), d(3, 31)))

		// The credit note mirrors the bill: Dr 401000, Cr 445662, Dr 445200.
		cn := f.post(t, hrev235Doc(t, journal.SupplierCreditNote, d(3, 20), "EU-1-AV", aic, "250.55"))
		require.Equal(t, journal.TypeCreditNote, cn.Type)
		require.Equal(t, "401000 S1 250.55; 607000 -250.55 base:TVA20-AIC; 445662 -50.11 tax:TVA20-AIC; 445200 50.11 tax:TVA20-AIC",
			hrev235Lines(cn))
		require.Equal(t, "445200 TVA20-AIC collected 1000.00 200.00; 445662 TVA20-AIC deductible 1000.00 200.00; collected 200.00; deductible 200.00",
			hrev235VAT(t, f, d(3, 1), d(3, 31)))
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		require.Equal(t, "-1000.00", f.residual(t, bill.LineRef(0)).Plain())

		// Paying the base letters the bill fully: one entry, the payment,
		// and no VAT moves.
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD", Date: d(3, 25),
			Method: reconcile.MethodTransfer, Amount: e("1000.00"), Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		require.Equal(t, journal.TypePayment, res.Entries[0].Type)
		require.Len(t, res.Matches, 1)
		assert.Equal(t, "0.00", f.residual(t, bill.LineRef(0)).Plain())
		assert.Equal(t, reconcile.Paid, f.state(t, bill).State)
		assert.Equal(t, "445662 200.00, 445200 -200.00, 445640 0.00, 401000 0.00",
			hrev230Bal(t, f, "445662", "445200", "445640", "401000"))
		assert.Equal(t, "445200 TVA20-AIC collected 1000.00 200.00; 445662 TVA20-AIC deductible 1000.00 200.00; collected 200.00; deductible 200.00",
			hrev235VAT(t, f, d(3, 1), d(3, 31)), "the payment changes no VAT")

		// April: the same purchase posted by hand the older way, and by the
		// builder: the same figures on the same sides.
		ded := tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)
		f.post(t, journal.Entry{Journal: "AC", Date: d(4, 3), Type: journal.TypeInvoice, Ref: "EU-2", Lines: []journal.Line{
			{Account: "401000", Partner: "S1", Balance: e("-1000.00"), DueDate: d(5, 3)},
			{Account: "607000", Balance: e("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{ded}},
			{Account: "445660", Balance: e("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded}},
			{Account: "445200", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded}},
		}})
		require.Equal(t, "445200 TVA20-DED collected 1000.00 200.00; 445660 TVA20-DED deductible 1000.00 200.00; collected 200.00; deductible 200.00",
			hrev235VAT(t, f, d(4, 1), d(4, 30)))
		f.post(t, hrev235Doc(t, journal.SupplierBill, d(4, 3), "EU-3", aic, "1000.00"))
		require.Equal(t, "445200 TVA20-AIC collected 1000.00 200.00; 445200 TVA20-DED collected 1000.00 200.00; "+
			"445660 TVA20-DED deductible 1000.00 200.00; 445662 TVA20-AIC deductible 1000.00 200.00; collected 400.00; deductible 400.00",
			hrev235VAT(t, f, d(4, 1), d(4, 30)))
		f.check(t)
	})
}

// A reverse charge due on payment, posted by hand, is refused by the book
// with the tax's error, and writes nothing.
func TestHrev235ReverseChargeOnPaymentRefused(t *testing.T) {
	t.Parallel()
	st := stores[len(stores)-1]
	f := newFixture(t, st.Open(t))
	rc := tax.MustFrenchReverseChargeVAT(tax.Standard, tax.ForeignServices)
	rc.Exigibility, rc.TransitionAccount = tax.OnPayment, tax.AccountVATDeductibleOnPayment
	before := f.snapshot(t)
	_, err := f.book.Post(ctx, journal.Entry{Journal: "AC", Date: d(3, 2), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: e("-1000.00")},
		{Account: "604000", Balance: e("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{rc}},
		{Account: "445640", Balance: e("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
		{Account: "445200", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{rc}},
	}})
	require.ErrorIs(t, err, tax.ErrReverseChargeOnPayment)
	f.unchanged(t, before)
}
