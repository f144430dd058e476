package journal

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lettrage/lettrage/currency"
)

// Problems Validate reports about an entry as a whole.
var (
	// ErrTooFewLines is returned for an entry with fewer than two lines.
	ErrTooFewLines = errors.New("journal: an entry needs at least two lines")
	// ErrTooManyLines is returned for an entry over EntryLinesMax lines.
	ErrTooManyLines = fmt.Errorf("journal: an entry has at most %d lines", EntryLinesMax)
	// ErrNoJournal is returned for an entry without a journal code.
	ErrNoJournal = errors.New("journal: entry has no journal")
	// ErrNoDate is returned for an entry without an accounting date.
	ErrNoDate = errors.New("journal: entry has no date")
	// ErrEntryType is returned for an unknown entry type or document kind.
	ErrEntryType = errors.New("journal: unknown entry type or document kind")
	// ErrAmountTooLarge is returned for a line amount of more than
	// AmountMinorUnitsMax minor units, and for lines whose balances cannot
	// even be summed.
	ErrAmountTooLarge = fmt.Errorf("journal: amount over %d minor units", AmountMinorUnitsMax)
)

// Problems CheckText reports (in a *TextError), inside an entry or in any
// other text a book stores.
var (
	// ErrText is returned, inside a *TextError, for every text CheckText
	// refuses, whatever the problem: errors.Is matches both.
	ErrText = errors.New("journal: invalid text")
	// ErrTextTooLong is returned for a text over TextMax bytes.
	ErrTextTooLong = fmt.Errorf("journal: text longer than %d bytes", TextMax)
	// ErrTextEncoding is returned for a text that is not valid UTF-8.
	ErrTextEncoding = errors.New("journal: text is not valid UTF-8")
	// ErrTextControl is returned for a text holding a control character
	// (see CheckText).
	ErrTextControl = errors.New("journal: text holds a control character")
)

// Problems Validate reports about one line (wrapped in a *LineError).
var (
	// ErrNoAccount is returned for a line without an account.
	ErrNoAccount = errors.New("journal: line has no account")
	// ErrNoAmount is returned for a line with neither a balance nor a
	// currency amount.
	ErrNoAmount = errors.New("journal: line has neither balance nor currency amount")
	// ErrOppositeSigns is returned when a line's balance and currency amount
	// have opposite signs.
	ErrOppositeSigns = errors.New("journal: balance and currency amount have opposite signs")
	// ErrLineCurrency is returned when a line's balance is not in the
	// company currency, its currency amount not in the entry's currency, or,
	// in a company-currency entry, the two differ.
	ErrLineCurrency = errors.New("journal: line amount in the wrong currency")
	// ErrTaxSnapshot is returned when a line's tax role and taxes disagree
	// (a tax line carries exactly one tax, a base line at least one, a line
	// without role none) or a line carries more than LineTaxesMax taxes.
	ErrTaxSnapshot = errors.New("journal: tax snapshot does not match the line's tax role")
	// ErrDiscountOffer is returned for an early-payment discount offer on
	// an entry other than an invoice a caller posts, not in the entry's
	// currency, not positive, not less than what the partner lines owe,
	// or ending before the invoice's date.
	ErrDiscountOffer = errors.New("journal: invalid early-payment discount offer")
)

// Errors of the invoice builder.
var (
	// ErrTerms is returned for payment terms whose percentages are not
	// positive or do not sum to 100, whose due rule is unknown or out of
	// range (DueRule), whose due date falls past year 9999, or whose
	// early-payment discount is not between 0 and 100 % (excluded) or has
	// a negative number of days.
	ErrTerms = errors.New("journal: invalid payment terms")
	// ErrInvoice is returned for an invoice without lines, partner, partner
	// account or journal, of an unknown kind or document kind, with a line
	// without account, or whose amounts overflow. A negative quantity (a
	// return) is a line like any other; the total must be positive.
	ErrInvoice = errors.New("journal: invalid invoice")
)

// Errors of dates.
var (
	// ErrDate is returned for an impossible or malformed civil date, or one
	// outside the years 1 to 9999.
	ErrDate = errors.New("journal: invalid date")
)

// UnbalancedError is returned when an entry's balances do not sum to zero.
type UnbalancedError struct {
	// Difference is Σ Balance: positive when debits exceed credits.
	Difference currency.Amount
}

// Error says which side exceeds the other, and by how much.
func (e *UnbalancedError) Error() string {
	if e.Difference.Sign() < 0 {
		return fmt.Sprintf("journal: entry does not balance: credits exceed debits by %s", e.Difference.Neg())
	}
	return fmt.Sprintf("journal: entry does not balance: debits exceed credits by %s", e.Difference)
}

// LineError is a problem of one line of an entry. Its message numbers
// lines from 1, as a person counts them.
type LineError struct {
	Index int // 0-based position of the line in the entry
	// Err is the line's problem, one of the line sentinels or a *TextError.
	Err error
}

// Error names the line, counted from 1, and its problem.
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Index+1, e.Err) }

// Unwrap returns the line's problem, so that errors.Is finds its sentinel.
func (e *LineError) Unwrap() error { return e.Err }

// ValidationError lists every problem found in an entry. errors.Is and
// errors.As look into each problem.
type ValidationError struct {
	// Problems are every problem found, in the order Validate met them;
	// never empty.
	Problems []error
}

// Error lists every problem, separated by semicolons.
func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return "journal: invalid entry: " + strings.Join(msgs, "; ")
}

// Unwrap returns the problems, so that errors.Is and errors.As look into each.
func (e *ValidationError) Unwrap() []error { return e.Problems }
