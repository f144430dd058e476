package tax

import "errors"

// Errors returned by Validate, ParsePercent, FrenchVAT,
// FrenchReverseChargeVAT and FrenchVATByID.
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
	// ErrReverseChargeOnPayment is returned for a reverse charge due on
	// payment: the buyer owes it, and deducts it, on the operation.
	ErrReverseChargeOnPayment = errors.New("tax: a reverse charge is due on invoice, never on payment")
	// ErrReverseChargeIncluded is returned for a price-included reverse
	// charge: the supplier's price holds no VAT.
	ErrReverseChargeIncluded = errors.New("tax: a reverse charge is never included in the price")
	// ErrReverseChargeAccount is returned for a reverse charge due on its
	// final or transition account: its two lines would cancel on one
	// account and the return would show neither.
	ErrReverseChargeAccount = errors.New("tax: a reverse charge is due on an account of its own")
	// ErrReverseChargeSales is returned by the invoice builder
	// (journal.Invoice) for a reverse charge on a customer's invoice or
	// credit note: a sale to a business that self-assesses the VAT
	// carries no tax line, it is exempt or outside French VAT.
	ErrReverseChargeSales = errors.New("tax: a reverse charge applies to purchases only")
	// ErrReverseChargeKind is returned by FrenchReverseChargeVAT for an
	// unknown kind.
	ErrReverseChargeKind = errors.New("tax: unknown kind of reverse charge")
)
