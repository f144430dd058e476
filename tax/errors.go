package tax

import "errors"

// Errors returned by Validate, ParsePercent, FrenchVAT and FrenchVATByID.
var (
	// ErrNoID is returned for a tax without an identifier.
	ErrNoID = errors.New("tax: tax has no id")
	// ErrRate is returned for a rate below 0 % or at or above 1000 %.
	ErrRate = errors.New("tax: rate must be at least 0 % and below 1000 %")
	// ErrSyntax is returned when a percentage is not a finite decimal.
	ErrSyntax = errors.New("tax: percentage is not a finite decimal")
	// ErrNoFinalAccount is returned for a tax without its final account.
	ErrNoFinalAccount = errors.New("tax: tax has no final account")
	// ErrNoTransitionAccount is returned for an on-payment tax without the
	// transition account its invoices post to, or whose transition account
	// is its final one.
	ErrNoTransitionAccount = errors.New("tax: on-payment tax needs a transition account")
	// ErrExigibility is returned for an unknown exigibility.
	ErrExigibility = errors.New("tax: unknown exigibility")
	// ErrSide is returned by FrenchVAT for a side that is neither sales
	// nor purchases.
	ErrSide = errors.New("tax: unknown side")
	// ErrUnknownID is returned by FrenchVATByID for an id FrenchVAT never
	// gives.
	ErrUnknownID = errors.New("tax: unknown French VAT id")
)
