// Package ident validates the identifiers a book keeps about companies and
// their banks: IBAN (ISO 13616, also rebuilt from a French RIB), BIC (ISO
// 9362), SIREN and SIRET (the French company and establishment numbers),
// VAT numbers (the French key checked, other EU numbers by form), and ISO
// 11649 creditor references (RF…) that name an invoice in a transfer,
// and what SEPA direct debits carry: the creditor identifier (ICS) and
// the unique mandate reference. Each is a string type whose
// values are canonical (upper case, no spaces) once parsed; Parse
// functions return a typed error saying what is wrong.
package ident
