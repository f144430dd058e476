// Package journal holds the pure values of double-entry bookkeeping: civil
// dates, ids, journal lines, entries (écritures), partials (allocations
// between a debit and a credit line) and matches (fully lettered groups),
// with their validation. It does no I/O.
//
// # Basics
//
// An Entry is what a caller posts and what a book stores. Each Line carries
// its Balance in the company currency (> 0 debit, < 0 credit) and its
// AmountCurrency in the entry's transaction currency, with the same sign when
// both are non-zero. In a posting input a line may omit its Balance (the
// zero currency.Amount): the book converts AmountCurrency at the rate of the
// entry's date. A Balance that is given always wins over the rate.
//
//	e := journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 15), Type: journal.TypeInvoice,
//		Lines: []journal.Line{
//			{Account: "411000", Partner: "C001", Balance: currency.MustParse(eur, "1200.00")},
//			{Account: "706000", Balance: currency.MustParse(eur, "-1000.00")},
//			{Account: "445710", Balance: currency.MustParse(eur, "-200.00")},
//		}}
//	err := e.Validate(eur) // nil, or a *ValidationError listing every problem
//
// # Caveats
//
// Values here are plain structs: the book copies what it stores, so changing
// an Entry after posting changes nothing in the book. Amounts are immutable.
// Validate checks an entry on its own; whether its accounts exist, its date is
// open or its id is new is the ledger's business.
//
// Everything a book stores must read back, so Validate holds values to
// limits: texts to CheckText's rules (valid UTF-8, no control characters —
// tab and line breaks included —, at most TextMax bytes), line amounts to
// AmountMinorUnitsMax minor units, entries to EntryLinesMax lines, dates to
// the years 1 to 9999.
package journal
