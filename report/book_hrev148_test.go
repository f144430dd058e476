package report_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

const hrev148Label = `Facture "spéciale"; réf|A 'été'`

// hrev148Book: FY 2025 and 2026, journals VT, AC, BQ, OD; partners C1, C2, S1.
//
//	31/12/2025 VT C1 1 200,00 (706000 1 000,00, 445710 200,00)      — paid 15/01/2026 (lettered)
//	01/01/2026 VT C1   600,00 label hrev148Label                     — open
//	20/01/2026 VT C2 USD 1 000,00 at 1.10 = 909,09 (706000)          — half paid USD 500,00 on 10/02 at 1.25 (partly lettered)
//	31/01/2026 AC S1 360,00 (607000 300,00, 445660 60,00)            — paid 28/02 (lettered)
//	15/02/2026 OD 627000/512000 50,00 and its reversal on 01/03/2026
func hrev148Book(t *testing.T) *ledger.Book {
	book := must(ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur, Clock: fixedClock()}))
	check(book.AddFiscalYear(ctx, ledger.CalendarYear(2025)))
	check(book.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	check(book.InstallFrenchChart(ctx))
	check(book.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont; \"Frères\" SARL"}))
	check(book.AddPartner(ctx, ledger.Partner{Code: "C2", Name: "Müller GmbH"}))
	check(book.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "Fournil"}))
	usd := currency.MustLookup("USD")
	check(book.SetRate(ctx, usd, date(2026, 1, 1), currency.MustParseRate("1.10")))
	check(book.SetRate(ctx, usd, date(2026, 2, 1), currency.MustParseRate("1.25")))
	r := must(reconcile.New(ctx, book, reconcile.Config{}))
	sale := func(d journal.Date, p, ttc, ht, vat, label string) journal.Entry {
		return must(book.Post(ctx, journal.Entry{Journal: "VT", Date: d, Type: journal.TypeInvoice, Label: label, Lines: []journal.Line{
			{Account: "411000", Partner: p, DueDate: d.AddDays(30), Balance: e(ttc)},
			{Account: "706000", Balance: e(ht).Neg()},
			{Account: "445710", Balance: e(vat).Neg()},
		}})).Entry
	}
	old := sale(date(2025, 12, 31), "C1", "1200.00", "1000.00", "200.00", "Facture F25-31")
	sale(date(2026, 1, 1), "C1", "600.00", "500.00", "100.00", hrev148Label)
	a := currency.MustParse(usd, "1000.00")
	fx := must(book.Post(ctx, journal.Entry{Journal: "VT", Date: date(2026, 1, 20), Type: journal.TypeInvoice, Currency: usd, Label: "Invoice US-1", Lines: []journal.Line{
		{Account: "411000", Partner: "C2", AmountCurrency: a}, {Account: "706000", AmountCurrency: a.Neg()}}})).Entry
	bill := must(book.Post(ctx, journal.Entry{Journal: "AC", Date: date(2026, 1, 31), Type: journal.TypeInvoice, Label: "Farine", Lines: []journal.Line{
		{Account: "607000", Balance: e("300.00")},
		{Account: "445660", Balance: e("60.00")},
		{Account: "401000", Partner: "S1", DueDate: date(2026, 3, 5), Balance: e("-360.00")},
	}})).Entry
	must(r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: date(2026, 1, 15),
		Amount: e("1200.00"), Method: reconcile.MethodTransfer, Label: "Virement C1", Invoices: []journal.ID{old.ID}}))
	must(r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "BQ", Date: date(2026, 2, 10),
		Amount: currency.MustParse(usd, "500.00"), Invoices: []journal.ID{fx.ID}}))
	must(r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ", Date: date(2026, 2, 28),
		Amount: e("360.00"), Method: reconcile.MethodTransfer, Label: "Virement S1", Invoices: []journal.ID{bill.ID}}))
	od := must(book.Post(ctx, journal.Entry{Journal: "OD", Date: date(2026, 2, 15), Label: "Frais", Lines: []journal.Line{
		{Account: "627000", Balance: e("50.00")}, {Account: "512000", Balance: e("-50.00")}}})).Entry
	must(book.Reverse(ctx, od.ID, ledger.ReverseOptions{Date: date(2026, 3, 1)}))
	require.NoError(t, book.Check(ctx))
	return book
}
