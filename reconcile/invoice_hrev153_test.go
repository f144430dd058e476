package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hrev153L(label, qty, price, acc string, taxes ...tax.Tax) journal.InvoiceLine {
	l := journal.InvoiceLine{Label: label, UnitPrice: e(price), Taxes: taxes, Account: acc}
	if qty != "" {
		l.Quantity = journal.MustQuantity(qty)
	}
	return l
}

func hrev153Rows(rep reconcile.VATReport) map[string][2]string {
	out := map[string][2]string{}
	for _, l := range rep.Lines {
		out[l.Account+" "+l.TaxID] = [2]string{l.Base.Plain(), l.Tax.Plain()}
	}
	return out
}

func hrev153Balance(t *testing.T, f *fixture, account string) string {
	t.Helper()
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account})
	require.NoError(t, err)
	return b.Balance.Plain()
}

// Built invoices posted to a memstore book: the multi-rate invoice of
// January, a services invoice on payment (1 000.00 HT at 20 %, 30 % at
// order and 70 % at 30 days: 360.00 and 840.00) whose first instalment is
// paid in February (60.00 of VAT moves from 445740 to 445710), a credit
// note of 0.39 HT at 20 %, and a reverse-charge purchase of services
// (1 000.00, 200.00 due on 445200 and deductible on 445660). Check passes
// and the VAT report reads what was computed by hand.
func TestHrev153PostedInvoicesVATReport(t *testing.T) {
	t.Parallel()
	f := newFixture(t, memstore.New())
	v := func(r tax.FrenchRate) tax.Tax { return tax.MustFrenchVAT(r, tax.Sales, tax.OnInvoice) }
	multi, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(1, 31), Partner: "C1",
		PartnerAccount: "411000", Ref: "F-1", Label: "Facture F-1", Lines: []journal.InvoiceLine{
			hrev153L("a", "3", "12.35", "707000", v(tax.Standard)),
			hrev153L("b", "2.5", "19.99", "707000", v(tax.Intermediate)),
			hrev153L("c", "1.333", "7.50", "707000", v(tax.Reduced)),
			hrev153L("d", "4", "3.15", "707000", v(tax.SuperReduced)),
			hrev153L("e", "", "100.00", "707000", v(tax.Exempt)),
			hrev153L("f", "1", "250.00", "707000", v(tax.DOMStandard)),
			hrev153L("g", "1", "80.00", "707000", v(tax.DOMParticular)),
			hrev153L("return a", "-1", "12.35", "707000", v(tax.Standard)),
		}, Terms: journal.PaymentTerms{Due: journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 45},
			Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}}}.Entry()
	require.NoError(t, err)
	multi = f.post(t, multi)
	require.NotNil(t, multi.DiscountOffer)
	assert.Equal(t, "11.20", multi.DiscountOffer.Amount.Plain())
	assert.Equal(t, "2026-02-10", multi.DiscountOffer.Until.String())
	assert.Equal(t, "2026-03-31", multi.Lines[0].DueDate.String()) // 31 Jan + 45 = 17 Mar → 31 Mar
	assert.Equal(t, "560.12", multi.Lines[0].Balance.Plain())

	cn, err := journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: d(1, 31), Partner: "C1",
		PartnerAccount: "411000", Label: "Avoir", Lines: []journal.InvoiceLine{
			hrev153L("a", "", "0.13", "707000", v(tax.Standard)), hrev153L("a", "", "0.13", "707000", v(tax.Standard)),
			hrev153L("a", "", "0.13", "707000", v(tax.Standard))}}.Entry()
	require.NoError(t, err)
	f.post(t, cn)

	enc := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnPayment)
	svc, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(1, 15), Partner: "C2",
		PartnerAccount: "411000", Label: "Services", Lines: []journal.InvoiceLine{hrev153L("conseil", "", "1000.00", "706000", enc)},
		Terms: journal.PaymentTerms{Instalments: []journal.Instalment{{Percent: tax.MustParsePercent("30")},
			{Percent: tax.MustParsePercent("70"), Due: journal.DueRule{Kind: journal.NetDays, Days: 30}}}}}.Entry()
	require.NoError(t, err)
	svc = f.post(t, svc)
	assert.Equal(t, "360.00", svc.Lines[0].Balance.Plain())
	assert.Equal(t, "2026-01-15", svc.Lines[0].DueDate.String())
	assert.Equal(t, "840.00", svc.Lines[1].Balance.Plain())
	assert.Equal(t, "2026-02-14", svc.Lines[1].DueDate.String())

	ded := tax.MustFrenchVAT(tax.Standard, tax.Purchases, tax.OnInvoice)
	f.post(t, journal.Entry{Journal: "AC", Date: d(1, 20), Type: journal.TypeInvoice, Label: "Services UE", Lines: []journal.Line{
		{Account: "401000", Partner: "S1", Balance: e("-1000.00")},
		{Account: "604000", Balance: e("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{ded}},
		{Account: "445660", Balance: e("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded}},
		{Account: "445200", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{ded}},
	}})
	f.check(t)

	jan, err := f.rec.VATReport(ctx, d(1, 1), d(1, 31))
	require.NoError(t, err)
	assert.Equal(t, map[string][2]string{
		"445710 TVA20": {"24.31", "4.86"}, "445710 TVA10": {"49.98", "5.00"}, "445710 TVA5.5": {"10.00", "0.55"},
		"445710 TVA2.1": {"12.60", "0.26"}, "445710 EXO": {"100.00", "0.00"}, "445710 TVA8.5": {"250.00", "21.25"},
		"445710 TVA1.05":   {"80.00", "0.84"},
		"445660 TVA20-DED": {"1000.00", "200.00"}, "445200 TVA20-DED": {"1000.00", "200.00"},
	}, hrev153Rows(jan))
	assert.Equal(t, "232.76", jan.Collected.Plain()) // 32.84 − 0.08 + 200.00
	assert.Equal(t, "200.00", jan.Deductible.Plain())
	assert.Equal(t, "-200.00", hrev153Balance(t, f, "445740"))

	f.receive(t, "BQ", "C2", d(2, 3), "360.00", svc)
	f.check(t)
	feb, err := f.rec.VATReport(ctx, d(2, 1), d(2, 28))
	require.NoError(t, err)
	assert.Equal(t, map[string][2]string{"445710 TVA20-ENC": {"300.00", "60.00"}}, hrev153Rows(feb))
	assert.Equal(t, "60.00", feb.Collected.Plain())
	assert.Equal(t, "-140.00", hrev153Balance(t, f, "445740"))
	assert.Equal(t, "-92.76", hrev153Balance(t, f, "445710")) // 32.76 + 60.00
	_ = currency.Zero
}

// The 50 % offer on 0.01 the builder made (see journal's
// TestHrev153DiscountOfferEqualToTotal) was refused by the book, so the
// built entry could not be posted. The builder now makes no such offer:
// the entry posts, offering nothing; an offer of the whole total given by
// hand is still refused.
func TestHrev153BookRefusesBuiltOfferOfTheWholeTotal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, memstore.New())
	x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(1, 10), Partner: "C1",
		PartnerAccount: "411000", Label: "F", Lines: []journal.InvoiceLine{hrev153L("a", "", "0.01", "707000")},
		Terms: journal.PaymentTerms{Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("50"), Days: 10}}}.Entry()
	require.NoError(t, err)
	require.Nil(t, x.DiscountOffer)
	posted, err := f.book.Post(ctx, x)
	require.NoError(t, err)
	assert.Nil(t, posted.Entry.DiscountOffer)
	x.ID, x.DiscountOffer = journal.NoID, &journal.DiscountOffer{Amount: e("0.01"), Until: d(1, 20)}
	_, err = f.book.Post(ctx, x)
	assert.ErrorIs(t, err, journal.ErrDiscountOffer)
	f.check(t)
}

// A partner's default terms: 45 days end of month from 10 January 2028
// is 29 February (leap year); end of month with no days is the invoice's
// month end; a term over PaymentTermDaysMax is refused.
func TestHrev153PartnerTerms(t *testing.T) {
	t.Parallel()
	p := ledger.Partner{Code: "C9", Name: "C9", PaymentTermDays: 45, PaymentTermEndOfMonth: true}
	assert.Equal(t, "2028-02-29", p.Terms().Due.Due(journal.MustDate(2028, 1, 10)).String())
	p.PaymentTermDays = 0
	assert.Equal(t, "2028-02-29", p.Terms().Due.Due(journal.MustDate(2028, 2, 1)).String())
	p = ledger.Partner{Code: "C9", Name: "C9", PaymentTermDays: 30}
	assert.Equal(t, "2028-03-01", p.Terms().Due.Due(journal.MustDate(2028, 1, 31)).String())
	f := newFixture(t, memstore.New())
	for _, days := range []int{-1, ledger.PaymentTermDaysMax + 1} {
		err := f.book.AddPartner(ctx, ledger.Partner{Code: "C9", Name: "C9", PaymentTermDays: days})
		assert.ErrorIs(t, err, ledger.ErrPartnerData, "%d days", days)
	}
}
