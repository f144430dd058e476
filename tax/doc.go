// Package tax holds tax definitions as values: the rate, whether prices
// include it, when it becomes due (on invoice or on payment) and the accounts
// it posts to.
//
// # Basics
//
// A Tax is both the definition a book configures and the snapshot each
// journal line keeps, so that cash-basis VAT computed years later follows the
// invoice as it was issued, not today's configuration.
//
//	vat := tax.Tax{ID: "FR-20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"),
//		Exigibility: tax.OnInvoice, FinalAccount: "445710"}
//	err := vat.Validate()
//
// # Caveats
//
// This package only describes taxes; computing tax from a base, tax groups and
// rounding policies arrive with the invoice builder. It does no I/O.
package tax
