package reconcile

import (
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Errors returned when a request is refused. Nothing is written when an
// operation returns one of them.
var (
	// ErrConfig is returned by New when the configuration names an unknown
	// account or journal, or a tolerance is negative.
	ErrConfig = errors.New("reconcile: invalid configuration")

	// ErrNotPosted is returned when a line or entry named by the caller is
	// not posted in the book.
	ErrNotPosted = errors.New("reconcile: not posted")
	// ErrAccount is returned when the lines to letter are on different
	// accounts.
	ErrAccount = errors.New("reconcile: lines are on different accounts")
	// ErrPartner is returned when lines of a receivable or payable account
	// belong to different partners, or a document belongs to another
	// partner than the payment.
	ErrPartner = errors.New("reconcile: lines belong to different partners")
	// ErrNotReconcilable is ledger.ErrNotReconcilable: the account is not
	// reconcilable.
	ErrNotReconcilable = ledger.ErrNotReconcilable
	// ErrMatched is returned when a line is already in a full match: unletter
	// it first.
	ErrMatched = errors.New("reconcile: line is already in a match")
	// ErrSettled is returned when a payment names a document that has
	// nothing left to pay (its residual is zero, the group still open).
	ErrSettled = errors.New("reconcile: document is already settled")
	// ErrNothingToLetter is returned when the lines hold no debit and credit
	// residuals to pair.
	ErrNothingToLetter = errors.New("reconcile: nothing to letter: needs open debit and credit lines")
	// ErrDuplicateLine is returned when a request names a line twice.
	ErrDuplicateLine = errors.New("reconcile: line named twice")
	// ErrOverAllocation is returned when an amount to allocate exceeds what
	// the lines can take.
	ErrOverAllocation = errors.New("reconcile: amount exceeds the residual")
	// ErrAmount is returned for a payment or allocation amount that is not
	// positive, or in the wrong currency (a limit in another currency than
	// the lines letter in; a company amount for a company-currency payment).
	ErrAmount = errors.New("reconcile: amount must be positive, in the right currency")
	// ErrNotLettered is returned when unlettering a line that has no live
	// partial.
	ErrNotLettered = errors.New("reconcile: line is not lettered")
	// ErrReversalPair is returned when unlettering would separate an entry
	// from its own reversal (a cancelled payment, a reversed write-off):
	// they stay lettered together so that no cancelled line reopens.
	ErrReversalPair = errors.New("reconcile: an entry lettered with its own reversal stays lettered")
	// ErrTolerance is returned when the difference to write off exceeds the
	// configured tolerance for its currency.
	ErrTolerance = errors.New("reconcile: difference exceeds the write-off tolerance")
	// ErrNotFee is returned when a difference posted as bank fees is in
	// the book's favour (the bank received more, or paid out less, than the
	// payments): no fee explains it.
	ErrNotFee = errors.New("reconcile: the difference is not a bank fee")
	// ErrDuplicateCheque is returned when a payment carries a cheque
	// number registered already for the same customer (or drawn on the
	// same journal), by a payment not cancelled.
	ErrDuplicateCheque = errors.New("reconcile: cheque registered already")
	// ErrCleared is returned when a statement line is already cleared, or
	// a payment waiting on an outstanding account is cleared already or in
	// a deposit.
	ErrCleared = errors.New("reconcile: already cleared")
	// ErrNotDocument is returned when an entry is not of the kind an
	// operation needs: not an invoice, credit note or payment where one is
	// required, without a receivable or payable line, not a cheque
	// received for a deposit. The error's text says which.
	ErrNotDocument = errors.New("reconcile: not the kind of entry needed")
	// ErrMarkPaid is returned when marking paid a document whose residual is
	// zero or that is already marked, or unmarking one that is not marked.
	ErrMarkPaid = errors.New("reconcile: cannot change the paid mark")
	// ErrJournal is returned when a payment or statement line names a
	// journal that is not a bank or cash journal with the accounts it needs.
	ErrJournal = errors.New("reconcile: not a bank or cash journal with its accounts")
	// ErrDirection is returned for an unknown payment direction or method.
	ErrDirection = errors.New("reconcile: unknown payment direction or method")
	// ErrDiscount is returned for an early-payment discount that is not on
	// the first payment of an invoice, is on a credit note, is not positive,
	// or is not less than what the invoice owes.
	ErrDiscount = errors.New("reconcile: invalid early-payment discount")
	// ErrNotFound is returned when a letter code or payment is unknown.
	ErrNotFound = errors.New("reconcile: not found")
	// ErrIdempotencyConflict is ledger.ErrIdempotencyConflict: the
	// operation id was already used with other content, or is the id of a
	// partial or match.
	ErrIdempotencyConflict = ledger.ErrIdempotencyConflict
	// ErrRevalued is returned when a lettering or an unlettering dated on
	// or before a closing date would change what a revaluation (Revalue)
	// still standing for that date revalued: the partner's foreign items
	// it counted open, or a foreign item of a revalued account that it
	// found settled and that is not at the closing rate. Date the lettering after the closing, or take the
	// revaluation back first (Revalue with Undo), letter, and run Revalue
	// for the closing again.
	ErrRevalued = errors.New("reconcile: the lettering changes what a closing revalued")
	// ErrNotRevaluable is returned when Revalue names an account that is
	// not a receivable or payable account (a foreign balance on a cash,
	// outstanding or suspense account is no open item to revalue), or
	// RevalueCash one that is not a bank or cash account.
	ErrNotRevaluable = errors.New("reconcile: the account is not one this revaluation revalues")
	// ErrTooManyLines is returned when a request names more than
	// RequestLinesMax lines, or a payment more than RequestLinesMax
	// invoices.
	ErrTooManyLines = errors.New("reconcile: too many lines in one request")
	// ErrLetterCode is returned when a PostLetterStep's Code is not a
	// letter code: three to thirteen capital letters.
	ErrLetterCode = errors.New("reconcile: not a letter code")
	// ErrStep is returned, in a *StepError, for a PostLetterStep that
	// posts an entry and letters lines, or does neither, or gives Code or
	// NotBefore to an entry.
	ErrStep = errors.New("reconcile: a step posts one entry or letters lines")
)

// Errors of automatic lettering.
var (
	// ErrScope is returned when a proposal scope names nothing (no account
	// and no partner) without All, names an account that is not
	// reconcilable or that the book does not know (wrapping
	// ledger.ErrUnknownAccount), an empty partner code or one the book
	// does not know (wrapping ledger.ErrUnknownPartner), or has a date
	// range that ends before it starts.
	ErrScope = errors.New("reconcile: invalid lettering scope")
	// ErrRules is returned for rules out of range: a combination size
	// below 0 or above CombinationMax, a negative date window, work limit
	// or tolerance, or a tolerance above the configured one.
	ErrRules = errors.New("reconcile: invalid lettering rules")
	// ErrStale is returned, for one proposal, when one of its lines changed
	// since the proposal was computed (lettered meanwhile, its residual
	// moved, its entry reversed by an entry still open to go with it):
	// compute the proposals again.
	ErrStale = errors.New("reconcile: proposal is stale")
	// ErrDomiciled is returned when a bank line would settle a bill of
	// exchange where it is not payable: another bank journal than its
	// own, or (a customer's bill) another account than the one it is
	// domiciled at.
	ErrDomiciled = errors.New("reconcile: the bill of exchange is payable elsewhere")
	// ErrLaterImpairment is returned by Impair for a customer whose
	// impairment account has lines dated after the closing asked for: an
	// estimate at an earlier date would be added to the later one.
	// Estimate the customer at or after that date.
	ErrLaterImpairment = errors.New("reconcile: the customer's debts were impaired at a later date")
)

// Errors of dunning (Reconciler.Dunning, Reconciler.RecordReminder,
// Reconciler.LatePenalties, Reconciler.InvoicePenalties).
var (
	// ErrDunningLevels is returned for a dunning ladder whose days are not
	// positive and strictly ascending, with a level without a name or with
	// more than DunningLevelsMax levels, and for a reminder whose level is
	// not one of its ladder's.
	ErrDunningLevels = errors.New("reconcile: invalid dunning levels")
	// ErrReminderDate is returned for a reminder dated before one of the
	// documents it reminds of.
	ErrReminderDate = errors.New("reconcile: reminder dated before its document")
	// ErrNotOverdue is returned for a reminder claiming a line that is not
	// overdue at the reminder's date: not yet due, or due that very day.
	ErrNotOverdue = errors.New("reconcile: not overdue at the reminder's date")
	// ErrPenaltyRate is returned for late-payment penalties asked without
	// a rate, or at a rate negative or above PenaltyRateMax percent.
	ErrPenaltyRate = errors.New("reconcile: invalid late-payment penalty rate")
)

// Errors of closing a fiscal year (Reconciler.CloseFiscalYear).
var (
	// ErrUnpostedStatements is returned, as an *UnpostedStatementsError,
	// when imported bank statement entries booked in the year to close are
	// not posted yet.
	ErrUnpostedStatements = errors.New("reconcile: imported statement entries of the year are not posted")
)

// UnpostedStatementsError is returned by CloseFiscalYear when imported bank
// statement entries booked in the year are not posted yet. errors.Is
// matches it with ErrUnpostedStatements.
type UnpostedStatementsError struct {
	Year  string        // the label of the fiscal year refused
	Count int           // how many entries of the year are not posted, > 0
	First ImportedEntry // the earliest booked of them
}

// Error names the year, the count and the first entry.
func (e *UnpostedStatementsError) Error() string {
	return fmt.Sprintf("%v: fiscal year %s: %d not posted, the first %s of statement %s on journal %s, booked on %s (%s)",
		ErrUnpostedStatements, e.Year, e.Count, e.First.Ref, e.First.Statement, e.First.Journal, e.First.BookingDate, e.First.Amount.Plain())
}

// Is reports whether target is ErrUnpostedStatements.
func (e *UnpostedStatementsError) Is(target error) bool { return target == ErrUnpostedStatements }

// ErrStaleRevaluation is returned, as a *StaleRevaluationError, by
// CloseFiscalYear when the revaluation of the year's last day no longer
// holds: foreign items posted since, dated on or before it, are not
// revalued (or some revalued are gone), and the balance sheet would show
// them at their historical rate. Run Revalue for that day again: it posts
// only what is missing.
var ErrStaleRevaluation = errors.New("reconcile: the closing revaluation is out of date")

// StaleRevaluationError names the first group of items (account, partner,
// currency) whose revaluation on the year's last day is out of date.
type StaleRevaluationError struct {
	Year     string            // the label of the fiscal year refused
	Date     journal.Date      // the revaluation's date, the year's last day
	Account  string            // the receivable or payable account
	Partner  string            // the partner whose items are out of date
	Currency currency.Currency // their currency
	// Rate is the closing rate the items are to be revalued at: the one
	// the last revaluation of the account was given, else the book's on
	// Date; zero when there is neither (give Revalue one).
	Rate currency.Rate
	// Missing is what Revalue run again at Rate would move on Account for
	// the partner: + raises the items' company value, − lowers it; zero
	// when only the split between unrealised losses and gains moved, or
	// when no rate is known.
	Missing currency.Amount
	Groups  int // how many such groups there are, ≥ 1
	// Rates are the closing rates the last revaluation of Account was
	// given, by currency code: to run it again as it was.
	Rates map[string]currency.Rate
	// Provision is whether that revaluation also provided for the
	// unrealised losses (Revaluation.Provision).
	Provision bool
}

// Error names the year, the first group and what to do.
func (e *StaleRevaluationError) Error() string {
	if e.Rate.IsZero() {
		return fmt.Sprintf("%v: fiscal year %s: the items in %s of %s on %s, open on %s, are not revalued and no closing rate of %s is known (%d group(s) in all): run Revalue for %s again with a rate for %s",
			ErrStaleRevaluation, e.Year, e.Currency.Code(), e.Partner, e.Account, e.Date, e.Currency.Code(), e.Groups, e.Date, e.Currency.Code())
	}
	return fmt.Sprintf("%v: fiscal year %s: the items in %s of %s on %s, open on %s, are not all revalued at %s (%s missing; %d group(s) in all): run Revalue for %s again",
		ErrStaleRevaluation, e.Year, e.Currency.Code(), e.Partner, e.Account, e.Date, e.Rate, e.Missing.Plain(), e.Groups, e.Date)
}

// Is reports whether target is ErrStaleRevaluation.
func (e *StaleRevaluationError) Is(target error) bool { return target == ErrStaleRevaluation }

// StepError is returned by PostAndLetter when one of its steps fails:
// Step is its index in the request's Steps, Err why (ledger.Tx.Post's or
// Reconcile's error). A caller that builds the steps tells by it which
// lines could not be lettered as it asked.
type StepError struct {
	Step int   // the step's index in the request, from 0
	Err  error // why it failed
}

// Error names the step from 1: "step 3: …".
func (e *StepError) Error() string { return fmt.Sprintf("step %d: %v", e.Step+1, e.Err) }

// Unwrap returns Err.
func (e *StepError) Unwrap() error { return e.Err }
