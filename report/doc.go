// Package report reads a ledger.Book into the books an accountant prints
// and hands over: the journal listing, the general ledger (grand livre),
// the partner ledger (grand livre auxiliaire), the balance générale and
// the balance auxiliaire; and writes them as text, CSV or XLSX.
//
// # Basics
//
//	p := report.Period{From: journal.MustDate(2026, 1, 1), To: journal.MustDate(2026, 12, 31)}
//	gl, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: p, ByPartner: true})
//	fmt.Print(gl) // a text table: "1 234,56", dates dd/mm/yyyy
//
//	// A large book: stream instead of holding the rows.
//	err = report.WriteGeneralLedgerCSV(ctx, book, report.LedgerQuery{Period: p}, w, report.CSVFrench)
//	t, err := report.AuxiliaryBalanceTable(ctx, book, report.BalanceQuery{Period: p})
//	err = report.WriteXLSX(w, t)
//
// Each report comes in three forms. Read… returns a value holding every
// row and the totals, with String and Table methods: for small books and
// tests. …Rows returns the typed rows as an iterator, and …Table the same
// rows as a Table of cells, both streamed from the book: lines are read
// through the book's indexes in pages of short read transactions (the
// general ledger of an account reads its lines by the account's index; the
// balance auxiliaire reads the partners of an account a page at a time),
// so memory does not grow with the book. The balance générale, a row per
// account of the chart, only comes as a value (ReadGeneralBalance and its
// Table method). WriteText, WriteCSV and WriteXLSX write any Table.
//
// A query is checked before anything is read: an unknown account, partner
// or journal returns ErrUnknownAccount, ErrUnknownPartner or
// ErrUnknownJournal, and a period without both dates, with From after To
// or outside every fiscal year returns a *PeriodError (ErrPeriod,
// ErrNoFiscalYear). The ledgers and balances take a period within one
// fiscal year; the journal listing may span several.
//
// Balances follow the book's trial balance: income and expense accounts
// (classes 6 and 7) open at their sum since the start of the period's
// fiscal year, balance-sheet accounts at everything before the period, and
// the result of earlier years not yet carried forward shows on the result
// accounts (120000 for a profit, 129000 for a loss; a row of its own in a
// book without them), so that a balance of every account sums to zero.
// Running balances and balances are debit − credit. A line shows the
// letter code of the match lettering it when that match is dated (by its
// latest line) on or before the period's end.
//
// Amounts are exact throughout. Text prints them the French way, "1 234,56"
// with a narrow no-break space between thousands. CSV writes them from
// their decimal with every minor digit and no thousands separator, with a
// decimal point by default or a decimal comma (CSVFrench: ';' between
// fields, as a French spreadsheet expects). XLSX writes number cells shown
// with their currency's decimals; see WriteXLSX for how exactness is kept.
//
// # Caveats
//
// A streamed report reads the book in several transactions: entries posted
// while it is read may or may not be in it, and a total then need not
// match a balance read later. Produce reports of a closed period, or
// between posts.
//
// The journal listing reads the posting sequence once per journal listed,
// since entries are grouped by journal but logged in posting order: its
// cost grows with the number of journals times the book's entries.
//
// A line without a label shows its entry's label, read from the entry:
// one more read per such line.
//
// Amounts are in the company currency; foreign-currency amounts of lines
// are not shown.
//
// XLSX sheets are built by excelize, which keeps a sheet's rows in a
// temporary file while it streams and reads the workbook back into memory
// to zip it: an XLSX of a very large report costs more than its CSV.
package report
