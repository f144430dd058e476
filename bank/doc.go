// Package bank reads bank statement files into the book's statement values
// (reconcile.BankStatement): ISO 20022 camt.053 (versions .001.02 to
// .001.08) and the French CFONB 120 format. Readers stream the file, check
// each statement (opening balance plus entries equals closing balance),
// and report malformed input with its line.
package bank
