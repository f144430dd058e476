package fec

import "errors"

// Errors returned when a Row is checked before it is written (Row.Check,
// Writer.Write). Each is wrapped with the column it concerns.
var (
	// ErrRequired is returned when a column the law requires is empty.
	ErrRequired = errors.New("fec: required column is empty")
	// ErrAccount is returned when CompteNum does not start with three
	// digits, the first one a class of the chart of accounts (1 to 8).
	ErrAccount = errors.New("fec: CompteNum must start with three digits, the first 1 to 8")
	// ErrCurrency is returned when Debit or Credit is not in EUR, the
	// currency a FEC is kept in, or Montantdevise is in a unit of account
	// that is not an ISO 4217 currency.
	ErrCurrency = errors.New("fec: Debit and Credit must be EUR amounts, Montantdevise an ISO 4217 currency's")
	// ErrNegative is returned for a negative Debit or Credit: a negative
	// debit is a credit.
	ErrNegative = errors.New("fec: negative amount")
	// ErrBothSides is returned when Debit and Credit are both non-zero.
	ErrBothSides = errors.New("fec: Debit and Credit both non-zero")
	// ErrPair is returned when only one of two columns that go together is
	// given: CompAuxNum and CompAuxLib, EcritureLet and DateLet. (Idevise
	// is Montantdevise's currency: they cannot part.)
	ErrPair = errors.New("fec: columns must be both given or both empty")
)

// Errors returned when reading a file (Reader).
var (
	// ErrLineTooLong is returned for a line longer than the reader's limit;
	// the reader skips the rest of it and goes on with the next line.
	ErrLineTooLong = errors.New("fec: line too long")
	// ErrBinary is returned for a line holding a control character other
	// than tab (a NUL byte, a lone carriage return): not a text line.
	ErrBinary = errors.New("fec: control character in line")
	// ErrFieldCount is returned by Reader.Row for a line without exactly
	// 18 fields.
	ErrFieldCount = errors.New("fec: line does not have 18 fields")
	// ErrHeaderLine is returned by Reader.Row on line 1, the header.
	ErrHeaderLine = errors.New("fec: line 1 is the header, not a row")
	// ErrDate is returned by Reader.Row for a date that is not a valid
	// AAAAMMJJ date.
	ErrDate = errors.New("fec: not an AAAAMMJJ date")
	// ErrAmount is returned by Reader.Row for an amount that is not a
	// decimal number, or has more decimals than its currency.
	ErrAmount = errors.New("fec: not an amount")
)

// ErrSIREN is returned by CheckSIREN for a SIREN that is not nine digits
// with a valid check digit.
var ErrSIREN = errors.New("fec: SIREN must be nine digits with a valid Luhn check digit")
