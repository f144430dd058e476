// Command lettrage keeps a double-entry book with lettering in a bbolt
// file or a PostgreSQL database: it creates the book, imports entries and bank statements, posts,
// registers payments, letters and unletters, prints the reports and writes
// the legal exports.
//
//	go install github.com/lettrage/lettrage/cmd/lettrage@latest
//
// # Basics
//
// Every command works on the book file named by --book, or by the
// environment variable LETTRAGE_BOOK, or ./book.db:
//
//	lettrage init --year 2026                      # EUR, French chart and journals
//	lettrage partner add C001 --name "Boulangerie Martin"
//	lettrage import entries entries.csv            # or --skip-bad
//	lettrage post --journal VT --date 2026-03-02 --type invoice --ref FA-1 \
//	    --line 411000:C001=1200.00 --line 706000=-1000.00@TVA20 --line 445710=-200.00@TVA20
//	lettrage pay VT/2026/00001 --amount 500 --date 2026-03-10
//	lettrage pay VT/2026/00002 --journal BQ --cheque 1234567 --date 2026-03-11
//	lettrage deposit add --all --date 2026-03-12 --slip remise.pdf --company "Ma Société SAS"
//	lettrage run --journal BNP --date 2026-04-10 --company "Ma Société SAS" -o virements.xml
//	lettrage partner mandate C001 --iban FR76… --reference RUM-C001-1 --signed 2026-01-15
//	lettrage collect --journal BNP --date 2026-04-10 --creditor-id FR72ZZZ123456 --company "Ma Société SAS" -o prelevements.xml
//	lettrage rate set USD 2026-03-01 1.08          # 1 EUR = 1,08 USD from that day
//	lettrage letter VT/2026/00001:0 BQD/2026/00001:1
//	lettrage auto --account 411000 --dry-run      # the proposals and their reasons, nothing written
//	lettrage auto --account 411000
//	lettrage unletter --code AAB --partner C001
//	lettrage credit list VT/2026/00003               # credit notes, overpayments, advances (419100) that could settle it
//	lettrage credit use VT/2026/00003 BQD/2026/00004 --amount 200
//	lettrage doubtful VT/2026/00003 --date 2026-06-30 --label "Redressement judiciaire"   # moved to 416000
//	lettrage baddebt VT/2026/00003 --date 2026-09-30 --label "Liquidation clôturée"   # lost: 654000, its VAT recovered
//	lettrage dunning list --at 2026-06-30             # who is overdue, and which reminder each is due
//	lettrage dunning send --at 2026-06-30 --company "Ma Société SAS" --dir relances
//	lettrage dunning penalties --date 2026-06-30 --rate 12.15 --post  # late-payment penalties and indemnities, invoiced
//	lettrage state VT/2026/00001
//	lettrage report trial | ledger | balance | aux | journals | lettering | statement C001 | vat | aged
//	lettrage export fec --year 2026 --siren 732829320 --dir out
//	lettrage validate-fec out/732829320FEC20261231.txt
//	lettrage verify
//	lettrage year add                                 # the next fiscal year, 2027
//	lettrage revalue --date 2026-12-31 --rate USD=1.05  # foreign items and cash at the closing rate
//	lettrage impair --date 2026-12-31 C001=1500         # C001's doubtful debts impaired by 1 500,00 (net of VAT)
//	lettrage close --year 2026 --by alice             # once the year has ended: for good
//
// A book in PostgreSQL is named by a DSN, its schema by the schema
// parameter (default lettrage; one database holds as many books as
// schemas); the password, if the DSN holds one, is never printed:
//
//	lettrage init --book 'postgres://app@db/erp?schema=book_acme' --year 2026
//	LETTRAGE_BOOK='postgres://app@db/erp?schema=book_acme' lettrage report trial
//
// The command tree:
//
//	init                       create a book (--currency, --chart, --year, --start/--months, repeatable)
//	partner add CODE | list    customers and suppliers (--consumer: a private individual, owing no late-payment penalties)
//	partner mandate CODE       a SEPA direct debit mandate on its account (--move: to another of its accounts)
//	journal add CODE | list    journals; a bank journal with --iban receives its statements
//	account add CODE | list    the chart of accounts (deactivate CODE, activate CODE: refuse or take again new entries on one)
//	import entries FILE.csv    entries from CSV (format below)
//	import camt053 FILE        ISO 20022 bank statements, into the journal holding the IBAN
//	import cfonb FILE          CFONB 120 bank statements, likewise
//	import hledger FILE        an hledger journal (--map NAME=CODE for its account names)
//	statement open | post      imported statement lines not posted; post one to 471000 or an account, or as a return (--returns)
//	post [-]                   one entry from flags, or JSON on standard input
//	reverse NUMBER             reverse an entry
//	pay [INVOICE...]           register a payment, lettered with the invoices (--rate: the bank's; --cheque NUMBER)
//	deposit list | add         customer cheques waiting; a deposit of them (remise de chèques) and its slip (--slip)
//	run                        a SEPA supplier payment run: the bills due paid, the pain.001 file written (-o, --slip)
//	collect                    a SEPA direct debit run: the customers' invoices due collected, the pain.008 file written (-o)
//	rate set | show            a foreign currency's exchange rate from a date
//	letter [LINE...]           letter lines (or --partner's open items)
//	auto                       automatic lettering (--account, --partner, --all)
//	unletter [LINE...]         undo lettering (or --code)
//	credit list | use          credit notes, overpayments, advances that could settle an invoice; use one
//	doubtful NUMBER            move a customer's debt to doubtful customers (416000) on --date
//	baddebt NUMBER             write off a customer's debt as lost (654000), the VAT of the lost part recovered (--date)
//	dunning list | send        customers with overdue invoices and the reminder due (--at, --partner, --exclude); send writes the letters (PDF) and records them
//	dunning penalties [CUSTOMER] late-payment penalties at --rate and the 40 € recovery indemnity owed at --date; --post invoices them (763100, 758800)
//	state NUMBER...            documents' payment states
//	report KIND                trial, ledger, balance, aux, journals, lettering, statement, vat, aged
//	export KIND                fec (of a year; --opening-journal); the entries as csv, xlsx or hledger
//	year add | list            fiscal years: the next twelve months, or --year, --start/--months
//	revalue                    foreign items and cash at the closing rates (--date, --rate, --provision)
//	impair [CUSTOMER=AMOUNT]   doubtful customers' debts impaired to your estimates at --date (491000)
//	lock                       lock dates: --period, --tax (a VAT return filed)
//	close                      close a fiscal year for good (--year, --by)
//	validate-fec FILE          check a FEC
//	verify                     every invariant and the hash chains
//
// Entries are named by their numbers (VT/2026/00042) and lines by their
// entry's number and 0-based index (VT/2026/00042:0); errors name them so.
// Amounts are read with a decimal point or a decimal comma ("1234.56",
// "1 234,56"); dates as 2026-03-15 or 15/03/2026.
//
// Conventions: every command and subcommand takes --help; every command
// that prints results takes --json; reports print text, or CSV with --csv
// (--french for ';', decimal commas and French dates), or write a workbook
// with --xlsx FILE. The exit code is 0 on success, 1 on an error (printed
// on standard error) and 2 for a command line that cannot be run (an
// unknown command or flag, a missing argument). Long runs (imports,
// automatic lettering, verify) show a progress bar on standard error when
// both standard output and standard error are terminals, and none
// otherwise.
//
// # The CSV entry format
//
// One record per line of an entry, fields separated by ';' (or --sep ','
// or tab), '#' starting a comment line:
//
//	date;journal;ref;label;account;partner;debit;credit[;currency;amount_currency]
//	2026-03-02;VT;FA-1;Facture FA-1;411000;C001;1200,00;;
//	2026-03-02;VT;FA-1;Facture FA-1;706000;;;1000,00
//	2026-03-02;VT;FA-1;Facture FA-1;445710;;;200,00
//
// A first record whose first field is "date" (or "entry", as the export
// writes it) is a header naming the columns, in any order, among entry,
// date, journal, ref, type, label,
// account, partner, due, debit, credit, currency, amount_currency, tax,
// tax_role, discount, discount_until, entry_label, letter, letter_date
// and generated; date, journal,
// account, debit and credit are required. Consecutive
// records with the same entry column (or, without one, the same journal
// and ref) are the lines of one entry, which share its date, journal and
// currency; the entry's label is its first line's entry_label, or without
// that column its first line's label. Debit and credit are
// in the company currency, one of them on a line (a company-currency
// amount_currency beside them must be the same amount). A line in another
// currency gives it and its signed amount_currency (positive on a debit),
// and may leave debit and credit empty to have the book convert it at the
// rate of the date. Without a type column, an entry's type follows its
// journal: in a sale or purchase journal an invoice, or a credit note when
// its partner line is on the other side; in a bank or cash journal a
// payment; otherwise a miscellaneous entry. The tax column names a French
// VAT by its id — TVA20, TVA10, TVA5.5, TVA2.1, EXO, EXPORT, or in
// Guadeloupe, Martinique and La Réunion TVA8.5 and TVA1.05, then -DED on
// purchases, then -ENC when due on payment (TVA20-ENC: a service's VAT,
// due when the invoice is paid), or a reverse charge on a purchase
// (TVA20-AIC, TVA20-AL-SERV, TVA20-AL-BTP: deductible on 445662 or 445660
// and due on 445200) — on the base lines and on the tax lines (the lines
// on the tax's accounts), so that the VAT report and cash-basis VAT see
// them. tax_role, base or tax, says which a line is where its
// account does not: a self-assessed VAT's due side (445200, tax TVA20-DED)
// is a tax line:
//
//	date;journal;ref;label;account;partner;debit;credit;tax
//	2026-03-02;VT;FA-2;Facture FA-2;411000;C001;1200,00;;
//	2026-03-02;VT;FA-2;Facture FA-2;706000;;;1000,00;TVA20-ENC
//	2026-03-02;VT;FA-2;Facture FA-2;445740;;;200,00;TVA20-ENC
//
// An invoice's early-payment discount offer is given by discount (its
// amount, in the entry's currency) and discount_until (its last day), on
// any of its lines; 'lettrage auto' takes it for a payment made in time.
//
// The lettering travels in three columns. letter is a line's letter code:
// upper case (AAA) for a full match, whose lines must add up to zero;
// lower case for a group lettered in part, a code of the file's own that
// the export numbers in order of first appearance (aaaa, aaab…), so that
// the same entries export the same way from any book. letter_date is a
// match's date, generated is "yes" on the entries the lettering posted
// (exchange differences, cash-basis VAT, write-offs, discounts) and on
// bad debts and impairments. Once the
// entries are posted, the import letters together the lines sharing a
// code on one account and partner, in the file's order, and leaves out
// the exchange-difference, cash-basis, write-off and discount entries
// marked generated: that lettering posts them anew, each in its place and dated no earlier than
// the file has it (a lock date may have moved it), so that a fresh book
// numbers and dates them as the file does; each full match takes the
// file's code where the book never gave it. A code whose lettering would not post
// exactly the file's generated entries (other amounts, dates or lines,
// another order: a discount or write-off that letters otherwise, lines
// that pair otherwise) is left unlettered, named in a warning with why
// ("unlettered" in --json): its exchange-difference and cash-basis
// entries are left out all the same, as lettering its lines later (by
// hand, or 'lettrage auto') posts them once, and its other generated
// entries imported as written (a move to doubtful customers imported so
// is not one the book posts the VAT of what is received there by: the
// cash-basis entries of those receipts are imported as written too). A
// cash-basis entry marked generated naming an invoice of the file whose
// lines carry no letter code is imported as written, with a warning:
// lettering that invoice later makes its VAT due again. A bad debt
// marked generated (a write-off naming its invoice in ref) is written
// off anew on that invoice, in its place, and compared with the file's
// as those entries are (an invoice that came in the file of an earlier
// period is the one of the book's lines lettered under the bad debt's
// code: see below); the impairments marked generated are posted anew,
// each run of 'lettrage impair' as one, by bringing the customer's
// impairment to what the file holds after it, as 'lettrage impair' does,
// and imported as written, with a warning, when that posts other
// entries. A write-off marked generated (no ref, the
// difference on 658000 or 758000) is written off anew by the lettering of
// its match, the file saying what was written off (no tolerance is
// needed), and a discount marked generated (naming its invoice in ref)
// is taken anew on that invoice, with its VAT share, before the payment
// is lettered: unlettering then reverses them as in the book the file
// comes from. A statement line's difference settled to another account
// (bank fees) is imported as written. A file without these columns
// imports its entries as written and letters nothing.
//
// An invoice or credit note that runs the wrong way for its type and
// mirrors an earlier entry of the file (same journal, type and lines,
// every amount negated, dated no earlier) is imported as that entry's
// reversal, as 'lettrage reverse' posts it (the export writes a
// cancelled document's reversal so); when the file has no such entry, an
// entry of the book with the same reference that it mirrors and that is
// not reversed yet (its original, in the file of an earlier period
// imported before) is the one it reverses. With the letter columns, it is
// lettered with its original again.
//
// A period's export (--from, --to) writes the code and letter_date of a
// match with lines outside the period on its lines in the file: they do
// not add up to zero, which tells the import that the match's other
// lines are in the files of other periods (an upper-case code whose
// lines do not balance and carry no letter_date is refused, as before).
// Importing the files of a book's periods in date order letters each such
// match again: the first file letters its part (an open group, or lines
// on one side left as they are), and the book keeps the code on those
// lines (reconcile.Reconciler.KeptLines); a later file's lines of the
// same code, account and partner are lettered with them, completing the
// match under the file's code, and its cash-basis and exchange entries
// are posted anew, compared with the file's, as for a whole match. A
// later file whose code the book gave a match on other lines, or whose
// lines would settle more than the book's lines of that code leave open,
// is left unlettered with a warning. A cash-basis entry of a later file
// names its invoice by its number in the book the file comes from, which
// the book imported into may give another entry (its own entries shift
// the numbers): it is tied to the code whose book lines have a document
// of the same journal and fiscal year, with one of its taxes, and whose
// file lines are dated as the entry. A file holding the last lines of
// such a match (dated its letter_date) whose earlier lines the book does
// not hold under that code is lettered with the book's one open group
// that they settle exactly (the earlier lines imported from the file of
// a period when the match was still open, under a lower-case code); when
// there is none it is refused, nothing imported: the files of a later
// period imported before an earlier one would make the VAT due twice.
// Likewise a group lettered in part (lower case) whose lines in the file
// are on one side is the later part of an open group whose other lines
// are in the files of earlier periods: it is lettered with the book's
// one open group of that account and partner that its lines go on with
// (what remains of it is on the other side, and they leave it open).
// In both cases only an open group whose lines the imports of earlier
// files lettered is one: a group the book lettered otherwise (by hand)
// is never lettered with a file's lines. When several open groups of
// the book could take the lines, the import does not guess: it leaves
// them unlettered with a warning and leaves out their cash-basis and
// exchange entries, which lettering them by hand (or 'lettrage auto')
// then posts once. A lower-case group whose book
// part is not lettered is imported unlettered, its generated entries as
// written.
//
// 'lettrage export csv' writes this format with a header.
//
// # Caveats
//
// An import is checked whole before anything is posted: a bad line is
// reported by its line number and nothing is imported, unless --skip-bad,
// which lists the bad lines and posts the other entries in one batch (a
// file whose every entry is bad then fails, exit code 1, nothing posted). An
// imported entry's id is derived from its content, so that importing a
// file again posts nothing twice; one import takes at most
// ledger.BatchEntriesMax entries.
//
// A file that is not a book is refused before anything writes to it: a
// command never creates a book except init, which refuses a file that
// exists. Operations that letter (pay, letter, auto, unletter) get a fresh
// operation id each run, so running one twice does it twice where the book
// allows it; give --id UUID to make a run replayable: the same command with
// the same id (and the same flags: pay's date included, which otherwise is
// the day it runs) is replayed by the book, not done again.
//
// Commands that only read (report, export, verify, state, the lists,
// statement open) open a bbolt book shared: any number run at once. A
// command that writes has the book alone. A command that finds the book
// in use (a writer running, or readers when it writes) waits for it, up to
// 30 seconds or what --wait (or the environment variable LETTRAGE_WAIT)
// says, as a duration such as 2m; it says so once on standard error, and
// past the wait gives up saying the file is locked and what to do. --wait 0
// gives up after a second. A book a program using the library left to be
// indexed (or with a write-behind log to apply) is indexed by the first
// command that reads it, which needs the book alone: a reader that finds
// the book so, and open elsewhere, waits in the same way, reading it as
// soon as it is indexed (another report may index it).
//
// The command lets its heap grow to five times what is live before Go's
// garbage collector runs (GOGC=400), within a soft limit of 4 GiB
// (GOMEMLIMIT), unless GOGC is set: a large run (an import, auto-lettering a whole book) spends less
// time collecting. A GOMEMLIMIT set stands.
package main
