package report

import (
	"errors"
	"fmt"
)

// Errors of the query, returned before anything is read or written.
var (
	// ErrUnknownAccount is returned for an account code the book does not
	// have. It wraps ledger.ErrUnknownAccount too.
	ErrUnknownAccount = errors.New("report: unknown account")
	// ErrUnknownPartner is returned for a partner code the book does not
	// have.
	ErrUnknownPartner = errors.New("report: unknown partner")
	// ErrUnknownJournal is returned for a journal code the book does not
	// have.
	ErrUnknownJournal = errors.New("report: unknown journal")
	// ErrPeriod is returned, inside a *PeriodError, for a period without
	// both dates, with From after To, or (for the ledgers and balances)
	// spanning two fiscal years.
	ErrPeriod = errors.New("report: bad period")
	// ErrNoFiscalYear is returned, inside a *PeriodError, for a period
	// that starts or ends outside every fiscal year of the book.
	ErrNoFiscalYear = errors.New("report: period outside every fiscal year")
)

// Errors of the writers.
var (
	// ErrColumns is returned for a row whose cell count differs from the
	// table's columns: a programming error in a Table built by hand.
	ErrColumns = errors.New("report: row and columns differ in count")
)

// PeriodError is a rejected period: the period asked for and why (Err is
// ErrPeriod or ErrNoFiscalYear, which errors.Is finds through it).
type PeriodError struct {
	Period Period // the period asked for
	Reason string // why it was refused, for people
	Err    error  // ErrPeriod or ErrNoFiscalYear
}

// Error returns "report: bad period: 01/03/2026 – 01/02/2026: From is
// after To".
func (e *PeriodError) Error() string {
	return fmt.Sprintf("%v: %s: %s", e.Err, e.Period, e.Reason)
}

// Unwrap returns ErrPeriod or ErrNoFiscalYear.
func (e *PeriodError) Unwrap() error { return e.Err }
