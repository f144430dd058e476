// Package ledger is a double-entry book on a store.Store: chart of accounts,
// partners, journals, fiscal years, exchange rates, lock dates, posting with
// gapless numbering, reversal, balances, open items, and the lettering
// records (partials, matches) that package reconcile writes.
//
// # Basics
//
//	st, _ := boltstore.Open("book.db", boltstore.Options{})
//	book, _ := ledger.Create(ctx, st, ledger.Options{Currency: currency.MustLookup("EUR")})
//	_ = book.AddFiscalYear(ctx, ledger.CalendarYear(2026))
//	_ = book.InstallFrenchChart(ctx)
//	res, err := book.Post(ctx, entry)   // res.Entry.Name() == "VT/2026/00001"
//	_, err = book.Reverse(ctx, res.Entry.ID, ledger.ReverseOptions{})
//	tb, _ := book.TrialBalance(ctx, journal.MustDate(2026, 12, 31))
//
// Beside the built-in French chart, a book installs a chart given as a
// list (InstallChart; package chart reads one from a CSV file of code,
// name and kind). A book created with
// Options.AuxiliaryCodes also takes auxiliary codes, one account per
// customer or supplier (411MARTIN), whose kind follows their class. The
// book labels the reversals it makes in French ("Extourne de
// VT/2026/00042") unless Options.Labels says otherwise (EnglishLabels).
//
// Posting validates an entry against the book (accounts, partners, fiscal
// year, lock dates, rates), converts omitted company amounts at the rate of
// its date, numbers it and appends it to the book's log with a SHA-256 hash
// chained to the previous entry of its journal, in one transaction. Its
// indexes (lines by account and partner, year, month and day aggregates,
// open items, the id and number indexes) are derived from the log: Update
// writes them with the entry; Post may leave them up to IndexLagMax entries
// behind, so that a single post commits a few pages instead of one per
// index, and PostBatch up to BatchIndexLagMax, so that the indexes keyed by
// partner, whose keys land all over their pages, are written for many
// batches at once, each page once. No read ever sees the lag: a query that
// finds one commits the indexing first (Book.Index does it on demand). A
// batch of IndexLagMax entries or more encodes its records on a second
// goroutine while its transaction writes those of the entries before. A
// line is stored once, in its entry's log record: the line indexes hold
// keys, in blocks of the lines of an account on a day, and point into the
// log, which keeps each record after the book's 64th compressed with a
// dictionary made of its first 64 (the hash covers the plain record).
// Day aggregates are kept per account; a partner's balance inside a month
// adds the partner's lines of its days. A line's residual is stored once a
// partial touches it; until then it
// is the line's own amounts. A Book keeps the accounts, partners, journals
// and fiscal years it has read for its next transactions, each of which
// first reads the head of the configuration's hash chain: a change made
// since, by this Book or another process sharing the store, moves the head,
// and the kept records are read again. Check reads the store, and has the
// Book read again afterwards what it kept (after a repair made outside the
// book, which moves no head).
// Entries are never changed: corrections are reversals. A fiscal year is
// closed for good with CloseFiscalYear (who and when are kept, chained with
// the configuration): no entry is dated in it again, no lock date moves back
// before its end, and TrialBalance shows its result on 120000 (profit) or
// 129000 (loss) until an entry of a later year allocates it. Every write may
// carry a caller id: the same id with the same input replays the stored
// result; with other input it fails with ErrIdempotencyConflict.
//
// Book.Update runs a function with a Tx in which it posts and reverses
// entries and reads everything the book holds, atomically. The lettering
// records — partials, matches, their letter-code counters, operation
// records, events — and the entries lettering generates are written by this
// module's reconcile package only, through a writer a program embedding the
// module cannot reach: made by hand they could break the invariants Check
// verifies. The ledger checks what it can without lettering policy (a
// partial links a debit and a credit line of one reconcilable account,
// residuals never change sign) and refuses to reverse an entry that still
// has live partials, or that a live partial generated (ErrLettered).
//
// Check verifies every stored invariant, rebuilding the indexes and
// aggregates from the log in bounded memory; Verify walks the hash chains:
// each journal's, and those of the configuration (accounts, partners,
// journals, fiscal years, rates, lock dates, company currency) and of the
// lettering records (partials, matches, operation records, events,
// counters). Book.Seal returns the chains' heads: kept outside the book,
// they let Verify (WithAnchor) detect even a chain rewritten and re-hashed
// to its end. Tests open books with Options.Strict to check after every
// write.
//
// # Caveats
//
// Update functions may run more than once (see store.Store): keep side
// effects out of them. Iterators (Lines) page through short read
// transactions: a bbolt writer that must grow the file waits for open
// readers, so no read transaction is held while your loop body runs. Check
// reads the whole book in one transaction. The first read after a run of
// single posts pays for indexing them (at most IndexLagMax entries, a few
// milliseconds), after a run of batches up to BatchIndexLagMax entries (a
// fraction of a second); call Book.Index after the run to choose when. The
// Book does not close its store.
//
// A closing cannot be undone, by the API or otherwise: a closing record
// removed behind the book's back makes every posting fail with ErrIntegrity
// until the book is restored. Entries the lettering generates for a date in
// a closed year, and reversals of its entries, are dated on the next year's
// first day, which must then be in a fiscal year. The result of earlier
// years is computed, never posted: it shows on the first account of class
// 120 or 129 the chart has, and on a row with Account "" in a book with
// neither.
//
// Back up with Book.Backup: it copies the book as of one committed
// transaction while writers go on, on a store that can (boltstore can,
// memstore cannot: errors.ErrUnsupported). The copy is a file of the same
// backend; open it as any book. A copy holds what the book held, damage
// included: run Check and Verify on it, and keep several. On bbolt a backup
// is one long read transaction, so a writer that must grow the file waits
// for it, as for Check. A store that finds its data damaged fails reads,
// Check and writes with an error matching store.ErrCorrupt (boltstore
// refuses to open a truncated file or one whose newest commit it cannot
// read): restore a backup.
package ledger
