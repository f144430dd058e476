package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// Odoo's aged partner balance on an invoice built with Odoo's "60 days two
// lines" terms (30 % at 15 days, 70 % at 45 days; test_payment_term.py):
// each instalment ages from its own due date, an unlettered credit note
// from its due date and an unlettered receipt from its date (both as
// credits in their bucket), and at a past date the receipt made later is
// not there. Invoice 1 200.00 of 10 January 2026 (360.00 due 25 January,
// 840.00 due 24 February), credit note 120.00 of 1 February (due at
// once), receipt 300.00 of 10 February, nothing lettered.
// At 1 March: not due 0, 1-30 = 840 - 120 - 300 = 420.00, 31-60 = 360.00.
// At 5 February: not due 840.00, 1-30 = 360 - 120 = 240.00.
func TestHrev78AgedInstalmentsFromTerms(t *testing.T) {
	t.Parallel()
	f := newFixture(t, memstore.New())
	build := func(kind journal.InvoiceKind, date journal.Date, price string, terms journal.PaymentTerms) journal.Entry {
		x, err := journal.Invoice{Kind: kind, Journal: "VT", Date: date, Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{Label: "x", UnitPrice: e(price), Account: "706000"}}, Terms: terms}.Entry()
		require.NoError(t, err)
		return f.post(t, x)
	}
	two := journal.PaymentTerms{Instalments: []journal.Instalment{
		{Percent: tax.MustParsePercent("30"), Due: journal.DueRule{Kind: journal.NetDays, Days: 15}},
		{Percent: tax.MustParsePercent("70"), Due: journal.DueRule{Kind: journal.NetDays, Days: 45}}}}
	inv := build(journal.CustomerInvoice, d(1, 10), "1200.00", two)
	require.Equal(t, d(1, 25), inv.Lines[0].DueDate)
	require.Equal(t, d(2, 24), inv.Lines[1].DueDate)
	build(journal.CustomerCreditNote, d(2, 1), "120.00", journal.PaymentTerms{})
	f.pay(t, "C1", d(2, 10), "300.00", "", "")

	a := rvaAged(t, f, reconcile.AgedQuery{At: d(3, 1)})
	require.Equal(t, []string{"411000 C1 EUR: 0.00/0.00 420.00/420.00 360.00/360.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
	require.Equal(t, 4, a.Rows[0].Items)
	rvaAgree(t, f, a, "411000")
	a = rvaAged(t, f, reconcile.AgedQuery{At: d(2, 5)})
	require.Equal(t, []string{"411000 C1 EUR: 840.00/840.00 240.00/240.00 0.00/0.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
	rvaAgree(t, f, a, "411000")
	a = rvaAged(t, f, reconcile.AgedQuery{At: d(3, 1), ByDocumentDate: true}) // 50, 28 and 19 days
	require.Equal(t, []string{"411000 C1 EUR: 0.00/0.00 -420.00/-420.00 1200.00/1200.00 0.00/0.00 0.00/0.00"}, rvAgedRows(a))
}

// A partner's default terms "45 jours fin de mois" (L441-10 Code de
// commerce) read as ledger.Partner documents them: +45 days, then the end
// of that month (10 January → 24 February → 28 February); with no days,
// the end of the invoice's month; 60 days net otherwise. They survive the
// book's store.
func TestHrev78PartnerTermsFinDeMois(t *testing.T) {
	t.Parallel()
	f := newFixture(t, memstore.New())
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "C45", Name: "Fin de mois", PaymentTermDays: 45, PaymentTermEndOfMonth: true}))
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "CEOM", Name: "Fin de mois seul", PaymentTermEndOfMonth: true}))
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "C60", Name: "Soixante", PaymentTermDays: 60}))
	for code, want := range map[string]journal.Date{"C45": d(2, 28), "CEOM": d(1, 31), "C60": d(3, 11)} {
		var p ledger.Partner
		require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
			var err error
			p, err = tx.Partner(code)
			return err
		}))
		pt := p.Terms()
		dates, _, err := pt.Split(e("100.00"), d(1, 10), 0)
		require.NoError(t, err)
		require.Equal(t, []journal.Date{want}, dates, code)
	}
}
