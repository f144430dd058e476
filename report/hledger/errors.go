package hledger

import (
	"errors"
	"fmt"
	"strings"
)

// Errors returned by Write before anything is written.
var (
	// ErrOptions is returned for options that contradict each other: a
	// fiscal year together with a date range, or From after To.
	ErrOptions = errors.New("hledger: invalid options")
)

// Errors returned by Read, wrapped in a *LineError naming the line
// unless said otherwise. Nothing is posted when Read returns one of them.
var (
	// ErrEmpty is returned (without a line) for input holding no
	// transaction, a file of 0 bytes included: a migration that imports
	// nothing is almost always the wrong file.
	ErrEmpty = errors.New("hledger: no transaction in the journal")
	// ErrSyntax is returned for a line the reader cannot parse: a
	// malformed date, amount, posting or directive.
	ErrSyntax = errors.New("hledger: syntax error")
	// ErrUnsupported is returned for journal features the reader does
	// not import: virtual postings, year-less dates, include, alias and
	// apply directives, more than one foreign commodity in a transaction,
	// a cost in another currency than the book's.
	ErrUnsupported = errors.New("hledger: unsupported journal feature")
	// ErrUnbalanced is returned for a transaction whose postings do not
	// sum to zero (at cost), or that mixes commodities without costs.
	ErrUnbalanced = errors.New("hledger: transaction does not balance")
	// ErrAccount is returned for an account name that is not an account
	// code ("411000") or a code and a partner code ("411000:C1"), and that
	// ReadOptions.Accounts does not map.
	ErrAccount = errors.New("hledger: account name is not a book account")
	// ErrCommodity is returned for a commodity symbol that is neither an
	// ISO 4217 code, a unit of the book, nor one ReadOptions.Commodities
	// maps.
	ErrCommodity = errors.New("hledger: unknown commodity")
	// ErrLineTooLong is returned for a line longer than LineBytesMax.
	ErrLineTooLong = fmt.Errorf("hledger: line longer than %d bytes", LineBytesMax)
	// ErrTooManyTransactions is returned for a journal of more than
	// TransactionsMax transactions.
	ErrTooManyTransactions = fmt.Errorf("hledger: more than %d transactions", TransactionsMax)
)

// LineError is a Read error tied to a line of the input: the line of the
// transaction, posting or directive at fault. Err is one of the package's
// errors, or the book's when it refused a transaction
// (*journal.ValidationError, ledger.ErrNoFiscalYear, ledger.ErrLocked…).
type LineError struct {
	Line int   // 1-based
	Err  error // the problem, which errors.Is and errors.As find through it
}

// Error names the line and the problem.
func (e *LineError) Error() string {
	return fmt.Sprintf("hledger: line %d: %s", e.Line, strings.TrimPrefix(e.Err.Error(), "hledger: "))
}

// Unwrap returns the cause.
func (e *LineError) Unwrap() error { return e.Err }

// lineErr wraps err (formatted with args) at line n.
func lineErr(n int, err error, format string, args ...any) error {
	return &LineError{Line: n, Err: fmt.Errorf("%w: "+format, append([]any{err}, args...)...)}
}

// errorf wraps err with a formatted detail.
func errorf(err error, format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{err}, args...)...)
}
