package reconcile_test

import (
	"context"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// examplePay registers a receipt of amount from C1 on journal BQD paying
// the invoices named, and returns its entry.
func examplePay(r *reconcile.Reconciler, day int, amount string, invoices ...journal.ID) journal.Entry {
	res, err := r.RegisterPayment(context.Background(), reconcile.Payment{Direction: reconcile.Inbound,
		Partner: "C1", Journal: "BQD", Date: journal.MustDate(2026, 3, day),
		Amount: currency.MustParse(currency.MustLookup("EUR"), amount), Method: reconcile.MethodTransfer,
		Invoices: invoices})
	if err != nil {
		panic(err)
	}
	return res.Entries[0]
}

// exampleShow prints a document's payment state, what it still owes and
// the letter code of its receivable line, or "open" while its group is
// open (such a group has only a provisional code).
func exampleShow(r *reconcile.Reconciler, doc journal.Entry) {
	ctx := context.Background()
	st, _ := r.State(ctx, doc.ID)
	code, provisional, _ := r.Code(ctx, doc.LineRef(0))
	if provisional {
		code = "open"
	}
	fmt.Printf("%s %s, reste dû %s, letter %q\n", doc.Name(), st.State, st.Residual.French(), code)
}

// Two invoices and a receipt posted by hand, then lettered together: the
// group sums to zero, so it becomes a match under the account's next
// letter code.
func ExampleReconciler_Reconcile() {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, r := exampleBook()
	a := exampleInvoice(book, journal.MustDate(2026, 3, 1), "300.00")
	b := exampleInvoice(book, journal.MustDate(2026, 3, 2), "120.00")
	pay, _ := book.Post(ctx, journal.Entry{Journal: "BQD", Date: journal.MustDate(2026, 3, 20), Type: journal.TypePayment,
		Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: currency.MustParse(eur, "-420.00")},
			{Account: "512000", Balance: currency.MustParse(eur, "420.00")},
		}})
	res, err := r.Reconcile(ctx, reconcile.Request{
		Lines: []journal.LineRef{a.LineRef(0), b.LineRef(0), pay.Entry.LineRef(0)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(res.Partials), "partials,", len(res.Matches), "match:", res.Matches[0].Code, res.Matches[0].Date)
	exampleShow(r, a)
	exampleShow(r, b)
	// Output:
	// 2 partials, 1 match: AAA 2026-03-20
	// VT/2026/00001 paid, reste dû 0,00 €, letter "AAA"
	// VT/2026/00002 paid, reste dû 0,00 €, letter "AAA"
}

// An invoice paid in two receipts; the second is taken off again: the
// invoice owes its amount again and that receipt is an outstanding credit.
func ExampleReconciler_Detach() {
	ctx := context.Background()
	book, r := exampleBook()
	inv := exampleInvoice(book, journal.MustDate(2026, 3, 1), "300.00")
	examplePay(r, 10, "150.00", inv.ID)
	second := examplePay(r, 20, "150.00", inv.ID)
	exampleShow(r, inv)

	res, err := r.Detach(ctx, journal.NoID, second.LineRef(0))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(res.UndonePartial), "partial undone")
	exampleShow(r, inv)
	credits, _ := r.OutstandingCredits(ctx, inv.ID)
	for _, c := range credits {
		fmt.Println("credit", c.Number, c.Residual.Neg().French())
	}
	// Output:
	// VT/2026/00001 paid, reste dû 0,00 €, letter "AAA"
	// 1 partial undone
	// VT/2026/00001 partial, reste dû 150,00 €, letter "open"
	// credit BQD/2026/00002 150,00 €
}

// Unlettering a code undoes its whole group; lettering the same lines
// again gives a new code: a code is never reused.
func ExampleReconciler_Unletter() {
	ctx := context.Background()
	book, r := exampleBook()
	inv := exampleInvoice(book, journal.MustDate(2026, 3, 1), "300.00")
	first := examplePay(r, 10, "100.00", inv.ID)
	second := examplePay(r, 20, "200.00", inv.ID)
	exampleShow(r, inv)

	res, err := r.Unletter(ctx, journal.NoID, inv.LineRef(0))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(res.UndonePartial), "partials and", len(res.UndoneMatches), "match undone")
	exampleShow(r, inv)

	_, err = r.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), first.LineRef(0), second.LineRef(0)}})
	fmt.Println(err)
	exampleShow(r, inv)
	// Output:
	// VT/2026/00001 paid, reste dû 0,00 €, letter "AAA"
	// 2 partials and 1 match undone
	// VT/2026/00001 not_paid, reste dû 300,00 €, letter ""
	// <nil>
	// VT/2026/00001 paid, reste dû 0,00 €, letter "AAB"
}

// A receipt registered on a bank journal with outstanding accounts leaves
// its invoice in payment until the bank statement shows the money: the
// statement line, posted to the outstanding receipts account, clears it.
func ExampleReconciler_Clear() {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, r := exampleBook()
	inv := exampleInvoice(book, journal.MustDate(2026, 3, 1), "300.00")
	pay, _ := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
		Date: journal.MustDate(2026, 3, 10), Amount: currency.MustParse(eur, "300.00"),
		Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
	exampleShow(r, inv)

	stmt, _ := r.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: journal.MustDate(2026, 3, 12),
		Amount: currency.MustParse(eur, "300.00"), Ref: "VIR DUPONT"})
	_, err := r.Clear(ctx, reconcile.Clearing{Statement: stmt.Entries[0].ID, Payments: []journal.ID{pay.Entries[0].ID}})
	fmt.Println(err)
	exampleShow(r, inv)
	// Output:
	// VT/2026/00001 in_payment, reste dû 0,00 €, letter "AAA"
	// <nil>
	// VT/2026/00001 paid, reste dû 0,00 €, letter "AAA"
}

// A customer overpaid an invoice: the rest of the receipt is an
// outstanding credit, used on the next invoice.
func ExampleReconciler_UseCredit() {
	ctx := context.Background()
	book, r := exampleBook()
	a := exampleInvoice(book, journal.MustDate(2026, 3, 1), "150.00")
	examplePay(r, 5, "500.00", a.ID)
	b := exampleInvoice(book, journal.MustDate(2026, 3, 10), "400.00")

	credits, _ := r.OutstandingCredits(ctx, b.ID)
	fmt.Println("credit", credits[0].Number, credits[0].Residual.Neg().French())
	_, err := r.UseCredit(ctx, reconcile.UseCredit{Document: b.ID, Credit: credits[0].Ref})
	fmt.Println(err)
	exampleShow(r, b)
	// Output:
	// credit BQD/2026/00001 350,00 €
	// <nil>
	// VT/2026/00002 partial, reste dû 50,00 €, letter "open"
}

// A dollar invoice still open at the year end, booked at 1 EUR = 1.20 USD
// and worth more at the closing rate of 1.10: the revaluation moves the
// unrealised gain to 477000 and is reversed on the next day.
func ExampleReconciler_Revalue() {
	ctx := context.Background()
	usd := currency.MustLookup("USD")
	book, r := exampleBook()
	_ = book.AddFiscalYear(ctx, ledger.CalendarYear(2027))
	_ = book.SetRate(ctx, usd, journal.MustDate(2026, 3, 1), currency.MustParseRate("1.20"))
	inv, _ := book.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice,
		Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(usd, "1200.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-1200.00")},
		}})
	fmt.Println(inv.Entry.Name(), inv.Entry.Lines[0].AmountCurrency, "booked at", inv.Entry.Lines[0].Balance)

	res, err := r.Revalue(ctx, reconcile.Revaluation{Date: journal.MustDate(2026, 12, 31),
		Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.10")}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range res.Entries {
		fmt.Println(e.Name(), e.Date, e.Type)
		for _, l := range e.Lines {
			fmt.Printf("  %s %-2s %8s\n", l.Account, l.Partner, l.Balance.Plain())
		}
	}
	// Output:
	// VT/2026/00001 1200.00 USD booked at 1000.00 EUR
	// OD/2026/00001 2026-12-31 revaluation
	//   411000 C1    90.91
	//   477000      -90.91
	// OD/2027/00001 2027-01-01 revaluation
	//   411000 C1   -90.91
	//   477000       90.91
}

// A customer owing 2 400,00 is doubtful at the closing of 2026: its debts
// are impaired by half of what it owes net of VAT. At the closing of 2027
// it is estimated at 400,00: 600,00 are taken back, income of 2027.
func ExampleReconciler_Impair() {
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	book, r := exampleBook()
	_ = book.AddFiscalYear(ctx, ledger.CalendarYear(2027))
	_, _ = book.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 9, 1), Type: journal.TypeInvoice,
		Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: currency.MustParse(eur, "2400.00")},
			{Account: "706000", Balance: currency.MustParse(eur, "-2000.00")},
			{Account: "445710", Balance: currency.MustParse(eur, "-400.00")},
		}})
	for _, x := range []struct {
		date   journal.Date
		amount string
	}{{journal.MustDate(2026, 12, 31), "1000.00"}, {journal.MustDate(2027, 12, 31), "400.00"}} {
		res, err := r.Impair(ctx, reconcile.Impairment{Date: x.date,
			Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: currency.MustParse(eur, x.amount)}}})
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, e := range res.Entries {
			fmt.Println(e.Name(), e.Date, e.Label)
			for _, l := range e.Lines {
				fmt.Printf("  %s %-2s %8s\n", l.Account, l.Partner, l.Balance.Plain())
			}
		}
	}
	// Output:
	// OD/2026/00001 2026-12-31 Dépréciation créance douteuse Dupont SARL
	//   681740     1000.00
	//   491000 C1 -1000.00
	// OD/2027/00001 2027-12-31 Reprise de dépréciation créance Dupont SARL
	//   491000 C1   600.00
	//   781740     -600.00
}
