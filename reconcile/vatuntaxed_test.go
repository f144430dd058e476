package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var vatOnInvoice = tax.Tax{ID: "V20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnInvoice,
	FinalAccount: "445710"}

// A VAT report over a sale posted with its tax, a sale imported without
// its taxes (its 445710 line carries none) and the period's settlement
// (Dr 445710 / Cr 445510, posted by hand): the rate shows the taxed sale
// alone; the lines that carry no tax are listed per account, so that the
// rates and Untaxed together are what the tax accounts moved.
func TestVATReportUntaxedLines(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 2), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{UnitPrice: e("1000.00"), Taxes: []tax.Tax{vatOnInvoice}, Account: "706000"}}}.Entry()
		require.NoError(t, err)
		f.post(t, inv)
		f.post(t, journal.Entry{Journal: "VT", Date: d(3, 5), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("600.00")},
			{Account: "706000", Balance: e("-500.00")},
			{Account: "445710", Balance: e("-100.00")},
		}})
		f.post(t, journal.Entry{Journal: "OD", Date: d(3, 31), Type: journal.TypeMisc, Lines: []journal.Line{
			{Account: "445710", Balance: e("300.00")},
			{Account: "445510", Balance: e("-300.00")},
		}})
		rep, err := f.rec.VATReport(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		require.Len(t, rep.Lines, 1)
		assert.Equal(t, "1000.00", rep.Lines[0].Base.Plain())
		assert.Equal(t, "200.00", rep.Collected.Plain(), "the taxed sale alone")
		var got []string
		for _, u := range rep.Untaxed {
			got = append(got, u.Account+" "+u.Movement.Plain()+" "+string(rune('0'+u.Lines)))
		}
		assert.Equal(t, []string{"445510 -300.00 1", "445710 200.00 2"}, got,
			"445710: −100.00 imported, +300.00 settled; 445510: the VAT to pay")
		assert.Contains(t, rep.String(), "445710 sans taxe sur la ligne (2)")
		april, err := f.rec.VATReport(ctx, d(4, 1), d(4, 30))
		require.NoError(t, err)
		assert.Empty(t, april.Untaxed, "nothing moved in April")
		assert.Equal(t, reconcile.VATReport{From: d(4, 1), To: d(4, 30), Collected: e("0.00"), Deductible: e("0.00")}, april)
	})
}
