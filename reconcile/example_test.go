package reconcile_test

import (
	"context"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/tax"
)

// exampleBook is a book with the French chart and customer C1, and its
// Reconciler.
func exampleBook() (*ledger.Book, *reconcile.Reconciler) {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, _ := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur})
	_ = book.AddFiscalYear(ctx, ledger.CalendarYear(2026))
	_ = book.InstallFrenchChart(ctx)
	_ = book.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"})
	r, _ := reconcile.New(ctx, book, reconcile.Config{})
	return book, r
}

func exampleInvoice(book *ledger.Book, date journal.Date, ttc string) journal.Entry {
	eur := currency.MustLookup("EUR")
	res, _ := book.Post(context.Background(), journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice,
		Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: date.AddDays(30), Balance: currency.MustParse(eur, ttc)},
			{Account: "706000", Balance: currency.MustParse(eur, ttc).Neg()},
		}})
	return res.Entry
}

// An invoice paid in two parts: its state after each.
func ExampleReconciler_RegisterPayment() {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, r := exampleBook()
	inv := exampleInvoice(book, journal.MustDate(2026, 3, 1), "300.00")
	for _, day := range []int{10, 20} {
		_, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: journal.MustDate(2026, 3, day), Amount: currency.MustParse(eur, "150.00"),
			Method: reconcile.MethodCheque, Invoices: []journal.ID{inv.ID}})
		if err != nil {
			fmt.Println(err)
			return
		}
		st, _ := r.State(ctx, inv.ID)
		fmt.Println(st.State, "reste dû", st.Residual.French())
	}
	// Output:
	// partial reste dû 150,00 €
	// paid reste dû 0,00 €
}

// The payment summary printed under an invoice.
func ExampleReconciler_Summary() {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, r := exampleBook()
	inv := exampleInvoice(book, journal.MustDate(2026, 3, 1), "5570.40")
	_, _ = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
		Date: journal.MustDate(2026, 3, 15), Amount: currency.MustParse(eur, "2000.00"),
		Method: reconcile.MethodCheque, Invoices: []journal.ID{inv.ID}})
	s, _ := r.Summary(ctx, inv.ID)
	fmt.Print(s)
	// Output:
	// Total TTC                                        5 570,40 €
	// Chèque             15/03/2026 BQD/2026/00001     2 000,00 €
	// Restant dû                                       3 570,40 €
}

// The lettering list: one row per partial; the rows of a fully
// settled invoice sum to its total.
func ExampleReconciler_LetteringList() {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, r := exampleBook()
	a := exampleInvoice(book, journal.MustDate(2026, 3, 1), "300.00")
	b := exampleInvoice(book, journal.MustDate(2026, 3, 2), "120.00")
	_, _ = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
		Date: journal.MustDate(2026, 3, 10), Amount: currency.MustParse(eur, "200.00"),
		Method: reconcile.MethodTransfer, Invoices: []journal.ID{a.ID, b.ID}})
	_, _ = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
		Date: journal.MustDate(2026, 3, 20), Amount: currency.MustParse(eur, "220.00"),
		Method: reconcile.MethodTransfer, Invoices: []journal.ID{a.ID, b.ID}})
	rows, _ := r.LetteringList(ctx, reconcile.LetteringFilter{})
	for _, row := range rows {
		fmt.Printf("%s %-12s %s %s %s %-6s %s %s %s\n", row.Partner, row.PartnerName, row.Payment, row.PaymentDate.French(),
			currency.PadLeft(row.PaymentAmount.Plain(), 7), row.Invoice, row.InvoiceKind, currency.PadLeft(row.InvoiceTotal.Plain(), 7),
			currency.PadLeft(row.Settled.Plain(), 7))
	}
	// Output:
	// C1 Dupont SARL  BQD/2026/00001 10/03/2026  200.00 VT/2026/00001 normal  300.00  200.00
	// C1 Dupont SARL  BQD/2026/00002 20/03/2026  220.00 VT/2026/00001 normal  300.00  100.00
	// C1 Dupont SARL  BQD/2026/00002 20/03/2026  220.00 VT/2026/00002 normal  120.00  120.00
}

// A partner statement: reste dû, reste à utiliser and the open items.
func ExampleReconciler_Statement() {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, r := exampleBook()
	a := exampleInvoice(book, journal.MustDate(2026, 3, 1), "150.00")
	_, _ = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
		Date: journal.MustDate(2026, 3, 5), Amount: currency.MustParse(eur, "500.00"),
		Method: reconcile.MethodTransfer, Invoices: []journal.ID{a.ID}})
	exampleInvoice(book, journal.MustDate(2026, 3, 10), "400.00")
	st, _ := r.Statement(ctx, "411000", "C1")
	fmt.Println("reste dû", st.Due.French(), "· reste à utiliser", st.Unallocated.French())
	for _, it := range st.Open {
		fmt.Println("due", it.Number, "échéance", it.DueDate.French(), it.Residual.French())
	}
	for _, it := range st.Credits {
		fmt.Println("credit", it.Number, it.Residual.Neg().French())
	}
	// Output:
	// reste dû 400,00 € · reste à utiliser 350,00 €
	// due VT/2026/00002 échéance 09/04/2026 400,00 €
	// credit BQD/2026/00001 350,00 €
}

// The VAT report and the payment data of a cash-basis invoice paid in two
// parts (TVA sur encaissements).
func ExampleReconciler_VATReport() {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, r := exampleBook()
	vat := tax.Tax{ID: "E20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
		FinalAccount: "445710", TransitionAccount: "445740"}
	x, _ := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2026, 3, 1), Partner: "C1",
		PartnerAccount: "411000", Lines: []journal.InvoiceLine{
			{Label: "Conseil", UnitPrice: currency.MustParse(eur, "500.00"), Taxes: []tax.Tax{vat}, Account: "706000"}}}.Entry()
	inv, _ := book.Post(ctx, x)
	for _, p := range []struct {
		day    int
		amount string
	}{{10, "200.00"}, {25, "400.00"}} {
		_, _ = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: journal.MustDate(2026, 3, p.day), Amount: currency.MustParse(eur, p.amount), Method: reconcile.MethodTransfer,
			Invoices: []journal.ID{inv.Entry.ID}})
	}
	rows, _ := r.CashBasisPayments(ctx, journal.MustDate(2026, 3, 1), journal.MustDate(2026, 3, 31))
	for _, row := range rows {
		fmt.Println(row.Date, row.Invoice, row.Payment, row.Collected.Plain(), row.VAT.Plain())
	}
	rep, _ := r.VATReport(ctx, journal.MustDate(2026, 3, 1), journal.MustDate(2026, 3, 31))
	for _, l := range rep.Lines {
		fmt.Println(l.Account, l.Rate, l.Exigibility, l.Base.Plain(), l.Tax.Plain())
	}
	// Output:
	// 2026-03-10 VT/2026/00001 BQD/2026/00001 200.00 33.33
	// 2026-03-25 VT/2026/00001 BQD/2026/00002 400.00 66.67
	// 445710 20 on_payment 500.00 100.00
}

// Automatic lettering: a receipt naming its invoice, one of an invoice's
// exact amount, and one nobody can place; the proposals and why.
func ExampleReconciler_Propose() {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, r := exampleBook()
	a := exampleInvoice(book, journal.MustDate(2026, 3, 1), "1200.00")
	exampleInvoice(book, journal.MustDate(2026, 3, 2), "300.00")
	for _, p := range []struct{ amount, ref string }{{"1200.00", a.Name()}, {"300.00", ""}, {"42.00", "?"}} {
		_, _ = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: journal.MustDate(2026, 3, 20), Amount: currency.MustParse(eur, p.amount), Method: reconcile.MethodTransfer, Ref: p.ref})
	}
	props, err := r.Propose(ctx, reconcile.Scope{Accounts: []string{"411000"}}, reconcile.Rules{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range props.Proposals {
		fmt.Printf("%s: %s\n", p.Confidence, p.Reason)
	}
	for _, u := range props.Unmatched {
		fmt.Printf("unmatched %s: %s\n", u.Number, u.Reason)
	}
	applied, _ := r.Apply(ctx, journal.NoID, props.Proposals)
	fmt.Println(len(applied.Outcomes)-applied.Failed(), "applied")
	// Output:
	// exact_reference: payment BQD/2026/00001 reference "VT/2026/00001" = invoice number VT/2026/00001; amount 1 200,00 € equal
	// exact_amount: payment BQD/2026/00002 300,00 € = invoice VT/2026/00002 300,00 €, the only open item of that amount within 120 days
	// unmatched BQD/2026/00003: no document names it, has its amount or sums to it within 120 days
	// 2 applied
}

// The aged balance at the end of April: what is due, by days past due.
func ExampleReconciler_Aged() {
	ctx := context.Background()
	_, r := exampleBook()
	book := r.Book()
	exampleInvoice(book, journal.MustDate(2026, 1, 10), "100.00") // due 9 February
	exampleInvoice(book, journal.MustDate(2026, 3, 20), "250.00") // due 19 April
	exampleInvoice(book, journal.MustDate(2026, 4, 15), "40.00")  // due 15 May
	a, err := r.Aged(ctx, reconcile.AgedQuery{At: journal.MustDate(2026, 4, 30)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(a)
	// Output:
	// Aged balance at 30/04/2026 (days past due date)
	// account  partner          not due         1-30        31-60        61-90         > 90        total
	// 411000   C1                 40,00       250,00         0,00       100,00         0,00       390,00
	// total    EUR                40,00       250,00         0,00       100,00         0,00       390,00
}

// Two invoices paid, then both letterings undone in one call: all or none.
func ExampleReconciler_UnletterLines() {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, r := exampleBook()
	var lines []journal.LineRef
	var invoices []journal.Entry
	for _, ttc := range []string{"100.00", "250.00"} {
		inv := exampleInvoice(book, journal.MustDate(2026, 3, 1), ttc)
		_, _ = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: journal.MustDate(2026, 3, 10), Amount: currency.MustParse(eur, ttc),
			Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
		lines, invoices = append(lines, inv.LineRef(0)), append(invoices, inv)
	}
	res, err := r.UnletterLines(ctx, journal.NoID, lines)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(res.UndoneMatches), "matches undone")
	for _, inv := range invoices {
		st, _ := r.State(ctx, inv.ID)
		fmt.Println(inv.Name(), st.State, st.Residual.French())
	}
	// Output:
	// 2 matches undone
	// VT/2026/00001 not_paid 100,00 €
	// VT/2026/00002 not_paid 250,00 €
}
