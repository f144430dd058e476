package ledger

import (
	"errors"
	"fmt"
	"strings"
)

// Errors of creating and opening a book.
var (
	// ErrBookExists is returned by Create on a store that already holds a book.
	ErrBookExists = errors.New("ledger: the store already holds a book; use Open")
	// ErrNotABook is returned by Open on a store that holds no book.
	ErrNotABook = errors.New("ledger: the store holds no book; use Create")
	// ErrBookMismatch is returned by Open when the options differ from what
	// the book was created with (company currency, rounding, auxiliary
	// account codes).
	ErrBookMismatch = errors.New("ledger: options differ from the book's")
	// ErrFormat is returned when stored data has an unknown format version or
	// cannot be decoded.
	ErrFormat = errors.New("ledger: stored data has an unknown format")
	// ErrClock is returned by every write when the book's clock gives a
	// time outside 1678–2261, which the book cannot store.
	ErrClock = errors.New("ledger: the book's clock gives a time the book cannot store")
	// ErrOptions is returned for invalid options (no company currency,
	// unknown rounding, a label that is not acceptable text).
	ErrOptions = errors.New("ledger: invalid options")
)

// Errors of configuration: fiscal years, accounts, partners, journals, rates.
var (
	// ErrFiscalYear is returned for a fiscal year that is empty, longer than
	// 24 months, or not contiguous with the last one, or whose label is used
	// or not 1 to 32 letters, digits, '-', '_' or '.'.
	ErrFiscalYear = errors.New("ledger: invalid fiscal year")
	// ErrNoFiscalYear is returned for a date outside every fiscal year.
	ErrNoFiscalYear = errors.New("ledger: date is outside every fiscal year")
	// ErrAccountCode is returned for an account code that is not 3 to 12
	// digits starting with a PCG class (1-8), nor, in a book created with
	// Options.AuxiliaryCodes, an auxiliary code (411MARTIN).
	ErrAccountCode = errors.New("ledger: account code must be 3 to 12 digits starting with a PCG class 1-8")
	// ErrAuxiliaryCode is returned, with ErrAccountCode, for an auxiliary
	// account code (411MARTIN) in a book created without
	// Options.AuxiliaryCodes.
	ErrAuxiliaryCode = errors.New("ledger: auxiliary account codes are not enabled in this book")
	// ErrChartCSV is returned, in a *ChartError, for a chart of accounts
	// too long for InstallChart, and by readers of chart files (package
	// chart) for a file they cannot read: a malformed line, a wrong number
	// of columns, an unknown header, an account without a name.
	ErrChartCSV = errors.New("ledger: chart of accounts file is malformed")
	// ErrCode is returned for a partner or journal code that is empty, too
	// long, or has characters other than ASCII letters, digits, '-', '_'
	// and '.'.
	ErrCode = errors.New("ledger: code must be 1 to 32 ASCII letters, digits, '-', '_' or '.'")
	// ErrDuplicate is returned when an account, partner or journal code is
	// already used.
	ErrDuplicate = errors.New("ledger: code already exists")
	// ErrUnknownAccount is returned for an account code the book does not have.
	ErrUnknownAccount = errors.New("ledger: unknown account")
	// ErrFilter is returned for a query filter that selects nothing the
	// book can read: Lines with neither an account nor a partner.
	ErrFilter = errors.New("ledger: invalid filter")
	// ErrInactiveAccount is returned when posting a user entry to an inactive
	// account.
	ErrInactiveAccount = errors.New("ledger: account is inactive")
	// ErrUnknownPartner is returned for a partner code the book does not have.
	ErrUnknownPartner = errors.New("ledger: unknown partner")
	// ErrUnknownJournal is returned for a journal code the book does not have.
	ErrUnknownJournal = errors.New("ledger: unknown journal")
	// ErrKind is returned for an unknown account or journal kind.
	ErrKind = errors.New("ledger: unknown kind")
	// ErrUnit is returned by AddUnit for an ISO 4217 currency or an invalid
	// unit, and when an entry, rate or account uses a unit of account the
	// book does not record (add it with AddUnit first).
	ErrUnit = errors.New("ledger: not a unit of account of this book")
	// ErrRate is returned when setting a rate for the company currency.
	ErrRate = errors.New("ledger: no exchange rate is needed for the company currency")
)

// Errors of posting.
var (
	// ErrNoRate is returned when a line omits its company amount and no rate
	// of its currency exists on or before the entry's date.
	ErrNoRate = errors.New("ledger: no exchange rate on or before the date")
	// ErrPartnerRequired is returned for a receivable or payable line
	// without a partner.
	ErrPartnerRequired = errors.New("ledger: receivable and payable lines need a partner")
	// ErrDocumentDirection is returned, inside a *journal.ValidationError,
	// for an invoice or a credit note that runs the wrong way on its
	// customers' or suppliers' account: an invoice debits 411 and credits
	// 401, a credit note credits 411 and debits 401. Post the document as
	// the other type.
	ErrDocumentDirection = errors.New("ledger: the document runs the wrong way for its type")
	// ErrDocumentAmount is returned, inside a *journal.ValidationError,
	// for a line of a foreign-currency invoice or credit note on its
	// customers' or suppliers' account that gives a balance and no amount
	// (or a zero one) in the document's currency. Such a line would owe nothing in that
	// currency, so the document would be settled from the start: a balance
	// alone is an exchange difference. Give the line's AmountCurrency.
	ErrDocumentAmount = errors.New("ledger: a foreign-currency document's customer or supplier line needs its amount in the document's currency")
	// ErrTaxWithoutBase is returned, inside a *journal.ValidationError, for
	// a tax line (tax.RoleTax) of an entry a caller posts whose tax none of
	// the entry's base lines (tax.RoleBase) carries: 445710 tagged with the
	// 10 % tax in an entry whose sales are tagged 20 %. The VAT return
	// would report a tax without its base, and a base without its tax.
	// Tag the tax line with the tax of its base lines, or the base lines
	// with the tax; an entry without base lines (a VAT adjustment) may
	// carry tax lines of any tax.
	ErrTaxWithoutBase = errors.New("ledger: a tax line's tax is on none of the entry's base lines")
	// ErrAccountCurrency is returned when a line in one currency goes to an
	// account fixed to another.
	ErrAccountCurrency = errors.New("ledger: account is fixed to another currency")
	// ErrLocked is returned for a date on or before the lock date (the tax
	// lock date for entries touching tax accounts).
	ErrLocked = errors.New("ledger: date is in a locked period")
	// ErrIdempotencyConflict is returned when an id is reused with other
	// content.
	ErrIdempotencyConflict = errors.New("ledger: id already used with other content")
	// ErrAlreadyReversed is returned when reversing an entry a second time.
	ErrAlreadyReversed = errors.New("ledger: entry is already reversed")
	// ErrReverseReversal is returned when reversing a reversal.
	ErrReverseReversal = errors.New("ledger: a reversal cannot be reversed")
	// ErrLettered is returned when reversing an entry with live partials,
	// or an entry a live partial generated: unletter it first.
	ErrLettered = errors.New("ledger: entry is lettered; unletter it first")
	// ErrNotMirror is returned for a reversal entry that does not mirror
	// its original: same journal, currency, type, document kind and
	// origin, and line for line the same account, partner, due date and
	// tax snapshot with every amount negated. Only its id, date, label and
	// reference are the caller's.
	ErrNotMirror = errors.New("ledger: a reversal must mirror its original line for line")
	// ErrReversalDate is returned for a reversal dated before its
	// original: between the two dates the books would show the correction
	// of an entry not yet made. Date it on or after the original.
	ErrReversalDate = errors.New("ledger: a reversal cannot be dated before its original")
	// ErrOrigin is returned by Book.Post and Book.PostBatch for an entry
	// whose Origin or Document is set: generated entries (exchange differences,
	// cash-basis VAT, write-offs, discounts, and the reversals of those)
	// are posted by the book and the lettering layer only, inside
	// Book.Update. A reversal of a generated entry is Book.Reverse's.
	ErrOrigin = errors.New("ledger: only the book and the lettering layer post an entry with an Origin")
	// ErrDuplicateReference is returned, as a *DuplicateReferenceError
	// naming the entry already posted, for a supplier bill or supplier
	// credit note whose supplier already has a live document of the same
	// type under the same reference: the same bill entered twice, which
	// would be paid twice. Check the bill; when the supplier really reused
	// its number, post it with BatchOptions.AllowDuplicateRef (or
	// Tx.AllowDuplicateRefs).
	ErrDuplicateReference = errors.New("ledger: the supplier already has a document under this reference")
	// ErrBookFull is returned for an entry past the book's BookEntriesMax
	// entries.
	ErrBookFull = fmt.Errorf("ledger: a book holds at most %d entries", BookEntriesMax)
	// ErrBatchTooLarge is returned for a batch over BatchEntriesMax entries.
	ErrBatchTooLarge = fmt.Errorf("ledger: a batch has at most %d entries", BatchEntriesMax)
	// ErrBatchAborted marks batch results that were not posted because another
	// entry failed (all-or-nothing) or the store failed.
	ErrBatchAborted = errors.New("ledger: not posted: the batch was aborted")
)

// ErrYearClosed is returned for a date on or before the end of a closed
// fiscal year: by Post, PostBatch and Tx.Post for an entry dated there, and
// by SetLockDate for a lock date before it. errors.Is(err, ErrLocked) holds
// too: a closed year is locked, for good.
var ErrYearClosed error = yearClosedError{}

type yearClosedError struct{}

func (yearClosedError) Error() string { return "ledger: date is in a closed fiscal year" }

// Is reports whether target is ErrLocked, so that callers that refuse
// locked dates refuse closed years alike.
func (yearClosedError) Is(target error) bool { return target == ErrLocked }

// Errors of closing a fiscal year (Book.CloseFiscalYear).
var (
	// ErrClosingBy is returned for a closing that does not say who closes
	// the year.
	ErrClosingBy = errors.New("ledger: a closing must name who closes the year")
	// ErrAlreadyClosed is returned for a year someone else already closed
	// (the same person closing it again gets the stored closing).
	ErrAlreadyClosed = errors.New("ledger: fiscal year already closed")
	// ErrEarlierYearOpen is returned for a year whose previous year is not
	// closed: years close in order.
	ErrEarlierYearOpen = errors.New("ledger: an earlier fiscal year is still open")
	// ErrYearNotEnded is returned for a year that has not ended by the
	// book's clock: its last days could no longer be posted.
	ErrYearNotEnded = errors.New("ledger: the fiscal year has not ended yet")
	// ErrSuspense is returned for a year at whose end an account of kind
	// suspense (471000) has a balance: unexplained amounts must be
	// cleared before the year is closed.
	ErrSuspense = errors.New("ledger: a suspense account has a balance at the year's end")
)

// Errors of lettering records (partials, matches) written through Tx.
var (
	// ErrNotReconcilable is returned for a partial on a non-reconcilable account.
	ErrNotReconcilable = errors.New("ledger: account is not reconcilable")
	// ErrPartial is returned for a partial whose lines or amounts are wrong:
	// not a debit and a credit line, different accounts or partners, an
	// amount that is not positive or would flip a residual's sign.
	ErrPartial = errors.New("ledger: invalid partial")
	// ErrMatch is returned for a match whose lines are not all at zero
	// residual, or whose code is already used.
	ErrMatch = errors.New("ledger: invalid match")
	// ErrUndone is returned when tombstoning a partial or match twice.
	ErrUndone = errors.New("ledger: already undone")
)

// Errors of integrity: stored data that is not what the book wrote.
var (
	// ErrIntegrity is returned when a read finds stored data that the hash
	// chains or the book's own counters contradict: an operation record the
	// lettering chain holds and the store lacks, lock-date changes missing
	// from their history, a greatest-entry-id counter below the greatest id
	// of the id index or the newest entry's. The book was damaged or
	// tampered with: run Check and Verify.
	ErrIntegrity = errors.New("ledger: stored data fails an integrity check")
	// ErrAnchor is returned (as an *AnchorError) by Verify with WithAnchor
	// when the book does not extend the sealed state.
	ErrAnchor = errors.New("ledger: the book does not extend its seal")
	// ErrSeal is returned by ParseSeal for text that is not a seal, or whose
	// digest does not match its heads.
	ErrSeal = errors.New("ledger: malformed seal")
)

// Errors of queries.
var (
	// ErrNotFound is returned for an entry, partial, match or number the book
	// does not have.
	ErrNotFound = errors.New("ledger: not found")
)

// CheckError lists the invariant violations Check found: every one, up to
// CheckProblemsMax; Omitted counts those beyond.
type CheckError struct {
	// Problems are the violations found, in the order Check found them, at
	// most CheckProblemsMax.
	Problems []Problem
	// Omitted counts the violations found beyond CheckProblemsMax, 0 when
	// none was left out.
	Omitted int
}

// Problem is one invariant violation: the invariant's number as Check's
// documentation lists them, where it was found, and what is wrong.
type Problem struct {
	Invariant int    // the invariant's number in Check's list
	Where     string // what it was found on: "account 411000", an entry…
	What      string // what is wrong
}

// String returns the problem as "invariant N: where: what".
func (p Problem) String() string {
	return fmt.Sprintf("invariant %d: %s: %s", p.Invariant, p.Where, p.What)
}

// Error counts the problems and lists those kept, one a line.
func (e *CheckError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ledger: check found %d problem(s)", len(e.Problems))
	if e.Omitted > 0 {
		fmt.Fprintf(&b, " and %d more", e.Omitted)
	}
	for i, p := range e.Problems {
		if i == 10 {
			fmt.Fprintf(&b, "; …")
			break
		}
		b.WriteString("; ")
		b.WriteString(p.String())
	}
	return b.String()
}

// VerifyError names the first broken link of a hash chain.
type VerifyError struct {
	// Chain is the chain broken: "journal/" and a journal code, ChainConfig
	// or ChainLettering ("log" and "chain index" for records that belong
	// to no chain yet).
	Chain string
	// For a journal's chain: the journal, the entry's id and its printed
	// number (when the entry could be decoded).
	Journal string
	// Entry is the entry's id (or where it lies in the log, for a record
	// that does not decode).
	Entry string
	// Number is the entry's printed number: "VT/2026/00042".
	Number string
	// For the configuration and lettering chains: the chain record's
	// sequence number (0 when no record explains the problem) and the
	// record concerned ("account \"411000\"", "operation record …").
	Record uint64
	// Key is the record concerned, described for people.
	Key string
	// Reason says what is broken.
	Reason string
}

// Error names the chain, and the journal and entry or the record where it broke.
func (e *VerifyError) Error() string {
	if e.Journal != "" || e.Entry != "" {
		return fmt.Sprintf("ledger: hash chain of journal %s broken at entry %s %s: %s", e.Journal, e.Number, e.Entry, e.Reason)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ledger: %s chain broken", e.Chain)
	if e.Record > 0 {
		fmt.Fprintf(&b, " at record %d", e.Record)
	}
	if e.Key != "" {
		fmt.Fprintf(&b, ": %s", e.Key)
	}
	fmt.Fprintf(&b, ": %s", e.Reason)
	return b.String()
}

// AnchorError reports a chain that does not extend its sealed head: it is
// shorter than sealed, or its record at the sealed position has another
// hash. errors.Is(err, ErrAnchor) holds.
type AnchorError struct {
	Chain  string // as in ChainHead
	Length uint64 // the sealed length
	Reason string // what differs from the seal
}

// Error names the chain, the seal's length and why the chain does not extend it.
func (e *AnchorError) Error() string {
	return fmt.Sprintf("ledger: %s chain does not extend its seal (length %d): %s", e.Chain, e.Length, e.Reason)
}

// Is reports whether target is ErrAnchor.
func (e *AnchorError) Is(target error) bool { return target == ErrAnchor }
