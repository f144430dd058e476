package hledger_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/google/uuid"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/memstore"
)

// A book with two accounts, a partner, and a dollar invoice, written as
// an hledger journal.
func ExampleWrite() {
	ctx := context.Background()
	eur, usd := currency.MustLookup("EUR"), currency.MustLookup("USD")
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur,
		Clock: func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		panic(err)
	}
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	must(b.AddAccount(ctx, ledger.NewAccount("411000", "Clients", ledger.KindReceivable)))
	must(b.AddAccount(ctx, ledger.NewAccount("706000", "Prestations de services", ledger.KindIncome)))
	must(b.AddJournal(ctx, ledger.Journal{Code: "VT", Name: "Ventes", Kind: ledger.JournalSale}))
	must(b.AddPartner(ctx, ledger.Partner{Code: "C3", Name: "Acme Inc."}))
	must(b.SetRate(ctx, usd, journal.MustDate(2026, time.January, 1), currency.MustParseRate("1.25")))
	_, err = b.Post(ctx, journal.Entry{ID: uuid.MustParse("01970000-0000-7000-8000-000000000001"), Journal: "VT",
		Date: journal.MustDate(2026, time.June, 1), Type: journal.TypeInvoice, Ref: "FA-003", Label: "Invoice FA-003",
		Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C3", AmountCurrency: currency.MustParse(usd, "250.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-250.00"), Label: "Consulting"}}})
	must(err)
	sum, err := hledger.Write(ctx, b, os.Stdout, hledger.Options{})
	must(err)
	fmt.Println(sum.Entries, "entry,", sum.Postings, "postings, debit", sum.Debit)
	// Output:
	// ; lettrage book in EUR: every entry, in posting order (format 2)
	//
	// commodity 1000.00 EUR
	//
	// account 411000  ; type: A
	//     ; name: Clients
	// account 706000  ; type: R
	//     ; name: Prestations de services
	//
	// commodity 1000.00 USD
	//
	// account 411000:C3
	//     ; name: Acme Inc.
	//
	// 2026-06-01 * (VT/2026/00001) Invoice FA-003
	//     ; id: 01970000-0000-7000-8000-000000000001
	//     ; ref: FA-003
	//     ; type: invoice
	//     411000:C3             250.00 USD @@ 200.00 EUR
	//     706000               -250.00 USD @@ 200.00 EUR  ; Consulting
	//
	// 1 entry, 2 postings, debit 200.00 EUR
}
