package hledger_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/lettrage/lettrage/tax"
)

// Review 26: the French VAT of a line exported as a "; tax: ID" comment.

// roundTripVAT posts es into a fresh book, exports it, imports the export
// into another fresh book and returns both VAT reports of 2026 and the
// export.
func r26RoundTripWithPartner(t *testing.T, s storetest.Backend, partner string, es ...journal.Entry) (want, got reconcile.VATReport, out []byte) {
	t.Helper()
	ctx := context.Background()
	src := newBook(t, s)
	require.NoError(t, src.AddPartner(ctx, ledger.Partner{Code: partner, Name: partner}))
	require.NoError(t, src.SetRate(ctx, usd, day(2026, 1, 1), currency.MustParseRate("1.25")))
	for _, e := range es {
		_, err := src.Post(ctx, e)
		require.NoError(t, err)
	}
	out, _ = export(t, src, hledger.Options{})
	dst := newBook(t, s)
	require.NoError(t, dst.SetRate(ctx, usd, day(2026, 1, 1), currency.MustParseRate("1.25")))
	_, err := hledger.Read(ctx, bytes.NewReader(out), dst, hledger.ReadOptions{})
	require.NoError(t, err, "%s", out)
	rs, err := reconcile.New(ctx, src, reconcile.Config{})
	require.NoError(t, err)
	rd, err := reconcile.New(ctx, dst, reconcile.Config{})
	require.NoError(t, err)
	want, err = rs.VATReport(ctx, day(2026, 1, 1), day(2026, 12, 31))
	require.NoError(t, err)
	got, err = rd.VATReport(ctx, day(2026, 1, 1), day(2026, 12, 31))
	require.NoError(t, err)
	return want, got, out
}

func r26HledgerBal(t *testing.T, out []byte) {
	t.Helper()
	p, err := exec.LookPath("hledger")
	if err != nil {
		return
	}
	file := filepath.Join(t.TempDir(), "x.journal")
	require.NoError(t, os.WriteFile(file, out, 0o644))
	b, err := exec.Command(p, "-f", file, "bal").CombinedOutput()
	require.NoError(t, err, "hledger bal: %s\n%s", b, out)
}

// A purchase from another EU country, VAT self-assessed (autoliquidation):
// the deductible side on 445660 and the due side on 445200 are both tax
// lines of TVA20-DED. The export tags both; the import must bring back
// 445200 as a tax line (the other side), not as a base: the VAT report is
// the same.
func TestReview26HledgerRoundTripReverseCharge(t *testing.T) {
	ded := tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)
	e := journal.Entry{Journal: "AC", Date: day(2026, 4, 3), Type: journal.TypeInvoice, Ref: "UE-1", Label: "Achat intracommunautaire",
		Lines: []journal.Line{
			{Account: "401000", Partner: "S1", Balance: amt("-1000.00")},
			{Account: "607000", Balance: amt("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{ded}},
			{Account: "445660", Balance: amt("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded}},
			{Account: "445200", Balance: amt("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded}},
		}}
	want, got, out := r26RoundTripWithPartner(t, storetest.Backends[0], "S1", e)
	require.NotEmpty(t, want.Lines)
	assert.Equal(t, want.String(), got.String(), "%s", out)
	r26HledgerBal(t, out)
}

// A dollar invoice with VAT: the tax: tag follows a posting written at
// cost (@@); read back, the VAT report is the same and hledger reads it.
func TestReview26HledgerRoundTripForeignVAT(t *testing.T) {
	vat := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	e := journal.Entry{Journal: "VT", Date: day(2026, 6, 1), Type: journal.TypeInvoice, Ref: "FA-US", Label: "Invoice FA-US",
		Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C3", AmountCurrency: currency.MustParse(usd, "300.00"), DueDate: day(2026, 7, 1)},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-250.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{vat}},
			{Account: "445710", AmountCurrency: currency.MustParse(usd, "-50.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{vat}},
		}}
	want, got, out := r26RoundTripWithPartner(t, storetest.Backends[0], "C3", e)
	require.NotEmpty(t, want.Lines)
	assert.Equal(t, want.String(), got.String(), "%s", out)
	assert.Contains(t, string(out), "; tax: TVA20")
	r26HledgerBal(t, out)
}

// A line carrying a tax that is not one of FrenchVAT's (a rate of its own)
// is exported without a tag, and the export still reads back.
func TestReview26HledgerOtherTaxNotTagged(t *testing.T) {
	own := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice)
	own.ID, own.Name = "TVA-X", "TVA maison"
	e := journal.Entry{Journal: "VT", Date: day(2026, 6, 1), Type: journal.TypeInvoice, Ref: "FA-X", Label: "Facture FA-X",
		Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: amt("120.00")},
			{Account: "706000", Balance: amt("-100.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{own}},
			{Account: "445710", Balance: amt("-20.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{own}},
		}}
	_, _, out := r26RoundTripWithPartner(t, storetest.Backends[0], "C1", e)
	assert.NotContains(t, string(out), "tax:")
	r26HledgerBal(t, out)
}

// hledger's tag syntax takes "tax:TVA20" (no space) as the tag tax with
// value TVA20, and "tax: TVA20, checked:" as two tags: a journal kept by
// hand writes them so. Read must not drop the VAT silently: it takes the
// tax or refuses the line.
func TestReview26HledgerReadTaxTagForms(t *testing.T) {
	for _, c := range []struct{ name, comment string }{
		{"no space", "; tax:TVA20"},
		{"second tag", "; tax: TVA20, checked: yes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			b := newBook(t, storetest.Backends[0])
			j := "2026-03-02 Facture\n    706000  -100.00 EUR\n        " + c.comment + "\n    445710  -20.00 EUR\n        " + c.comment + "\n    512000  120.00 EUR\n"
			_, err := hledger.Read(ctx, strings.NewReader(j), b, hledger.ReadOptions{})
			if err != nil {
				return // refused: not silent
			}
			r, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)
			rep, err := r.VATReport(ctx, day(2026, 1, 1), day(2026, 12, 31))
			require.NoError(t, err)
			assert.Equal(t, "20.00", rep.Collected.Plain(), "the VAT of %q is lost: %+v", c.comment, rep)
		})
	}
}
