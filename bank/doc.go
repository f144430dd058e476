// Package bank turns bank files into the book's values and back. It reads
// statements into reconcile.BankStatement — ISO 20022 camt.053 (versions
// .001.02 to .001.13) and the French CFONB 120 format — streaming the file
// (a CFONB 120 file is first read whole to tell its encoding), checking
// each statement (opening balance plus entries equals closing balance,
// entries booked within its period) and reporting malformed input with
// its line; the book imports
// them (reconcile.Reconciler.ImportStatement) and matches their entries
// (ProposeImported, ApplyImported). It writes SEPA credit transfer files
// (pain.001.001.09 as the EPC 2023 guidelines restrict it) from a
// supplier payment run (reconcile.Reconciler.RunPayments, CreditTransfers),
// with names and texts in the EPC character set (EPCText).
package bank
