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
// The French rates come ready made: FrenchVAT returns a new definition of
// 20 %, 10 %, 5,5 %, 2,1 %, exempt or export, on sales or purchases, due on
// invoice or on payment, with the accounts of the French chart.
//
//	vat := tax.MustFrenchVAT(tax.Reduced, tax.Sales, tax.OnPayment) // "TVA5.5-ENC"
//
// # Caveats
//
// Tax.Amount computes a tax on a base (rounded once), BaseOf takes
// price-included taxes out of an amount, Flatten expands tax groups. Rounding
// per rate per invoice or per line is the invoice builder's choice
// (journal.Invoice). It does no I/O.
package tax
