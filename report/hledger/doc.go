// Package hledger writes a book as an hledger journal and reads hledger
// journals into a book, for a migration.
//
// # Basics
//
// Write exports the entries of a book (all, a fiscal year, or a date
// range) in posting order. Every entry becomes a cleared transaction
// whose code is the entry's number, with the entry's id, reference and
// type in comment lines; every line a posting on its account code, with
// the partner as a subaccount ("411000:C1"). Amounts are plain decimals
// with a decimal point and the commodity after them ("1200.00 EUR"), and
// each commodity is declared with that style ("commodity 1000.00 EUR",
// "commodity 1000. JPY"), so that hledger never has to guess whether a
// point groups digits. A foreign line is its currency amount at the total
// cost of its company balance ("250.00 USD @@ 200.00 EUR"): hledger's
// balance at cost,
//
//	hledger -f book.journal balance -B
//
// is the book's balance of every account, to the cent.
//
// Read parses such a journal, or a simple hand-kept one, checks it whole,
// adds the accounts and partners it names that the book lacks, and posts
// its transactions in batches. Transactions keep the ids the export wrote;
// others get ids derived from their place and text, so that a second Read
// of the same file replays rather than posts again.
//
// # Caveats
//
// hledger gives a meaning to some characters in free text. Write escapes
// them as %XX: ';' in descriptions, spaces (a no-break one too) at either
// end of a text, '[', ']' and the colon of a "date:" or "date2:" word in
// comments (which would otherwise move a posting's date) or of a word Read
// takes for a tag of its own ("due:", "tax:", "ref:"…), a comma a tag
// would follow in a reference or a partner's name (hledger ends a tag's
// value at a comma), and '%' when two hex
// digits follow. Read decodes every %XX, in any journal. The export's
// first line ends with "(format 2)": an export of an earlier version,
// whose texts were not escaped so, is read as it was written (a
// posting's own comment all its label, a comment line one tag).
//
// The export keeps what hledger can show: lettering (partials, matches,
// letter codes), tax snapshots, reversal links, document links of
// generated entries and posting timestamps are left out, so a book read
// back from an export has the same entries and balances but no lettering;
// entries the lettering layer generated come back as ordinary entries.
// A selection by date has no opening balances.
//
// Read takes the subset of the journal format described at Read. It holds
// the whole file in memory (at most TransactionsMax transactions). It
// writes nothing until every transaction passed its checks, but the book
// may still refuse a batch (a lock date set meanwhile): the batches before
// it stay posted, and reading the fixed file again replays them. Balance
// assertions are not checked: compare the book's balances after the
// import instead.
//
// Write and Read may run while others use the book; Write reads in short
// transactions and sees entries posted during the export when they come
// after its current page.
package hledger
