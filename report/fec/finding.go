package fec

import (
	"fmt"

	"github.com/cockroachdb/apd/v3"
)

// Severity tells whether a finding makes a file non-compliant (Error) or is
// worth a look (Warning).
type Severity uint8

// The severities of a finding.
const (
	Error   Severity = iota + 1 // the file is not compliant
	Warning                     // the file is compliant, but worth a look
)

// String returns "error" or "warning".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// Code names the check a finding comes from. Codes are stable: programs may
// match on them.
type Code string

// The checks of Validate. Each is an error unless marked as a warning.
const (
	// File and line structure.
	CodeEmptyFile   Code = "empty-file"    // no line at all
	CodeNoHeader    Code = "no-header"     // line 1 is not a header of FEC column names
	CodeHeaderName  Code = "header-name"   // a header name is unknown or missing
	CodeHeaderOrder Code = "header-order"  // the header names are not in the law's order
	CodeHeaderCase  Code = "header-case"   // warning: a header name differs only in case
	CodeFieldCount  Code = "field-count"   // a line has not 18 fields
	CodeLineTooLong Code = "line-too-long" // a line exceeds the reader's limit
	CodeBinary      Code = "binary"        // a control character (NUL, lone CR…) in a line
	CodeEmptyLine   Code = "empty-line"    // an empty line
	CodeEncoding    Code = "encoding"      // warning, once: text is not UTF-8 (ISO 8859-15?)
	CodeNoRows      Code = "no-rows"       // warning: a header and no line

	// Columns of one line.
	CodeRequired    Code = "required"      // a required column is empty
	CodeDate        Code = "date"          // not a valid AAAAMMJJ date
	CodeAmount      Code = "amount"        // not a decimal number (thousands separator, letters…)
	CodeDecimalMark Code = "decimal-point" // warning: a decimal point instead of a comma
	CodeCents       Code = "cents"         // warning: Debit or Credit with more than 2 decimals
	CodeNegative    Code = "negative"      // a negative Debit or Credit
	CodeBothSides   Code = "both-sides"    // Debit and Credit both non-zero
	CodeZeroLine    Code = "zero-line"     // warning: Debit and Credit both zero
	CodeAccount     Code = "account"       // CompteNum does not start with 3 digits, class 1 to 8
	CodeAuxPair     Code = "aux-pair"      // CompAuxNum without CompAuxLib, or the reverse
	CodeLetPair     Code = "let-pair"      // EcritureLet without DateLet, or the reverse
	CodeLetDate     Code = "let-date"      // warning: DateLet before the line's EcritureDate
	CodeDevisePair  Code = "devise-pair"   // a Montantdevise other than zero without Idevise
	CodeDevise      Code = "devise"        // Idevise is not three upper-case letters
	CodeOutsideYear Code = "outside-year"  // EcritureDate outside the fiscal year given
	CodeFileName    Code = "file-name"     // warning: the file is not named SirenFECAAAAMMJJ
	CodeSIREN       Code = "siren"         // warning: the file name's SIREN fails its check digit

	// Entries and journals.
	CodeUnbalanced    Code = "unbalanced"     // an entry's debits and credits differ
	CodeEntryDate     Code = "entry-date"     // lines of one entry with different EcritureDate
	CodeNotContiguous Code = "not-contiguous" // an entry's lines are not together in the file
	CodeNumberGap     Code = "number-gap"     // numbers missing in a journal's sequence
	CodeNumberOrder   Code = "number-order"   // a number lower than the journal's previous one
	CodeDateOrder     Code = "date-order"     // warning: an entry dated before the journal's previous one
	CodeLimit         Code = "limit"          // warning: a tracking limit was reached, later checks are partial
)

// Finding is one problem found in a file: where (Line, from 1, the header
// being line 1, 0 for an empty file; Column, a header name, or "" for the whole line), which
// check (Code), how serious (Severity) and a message in English.
type Finding struct {
	Line     int      // line of the file from 1, the header being 1; 0 for an empty file
	Column   string   // a header name, or "" for the whole line
	Code     Code     // which check found it
	Severity Severity // error or warning
	Message  string   // what is wrong, in English
}

// String returns "line 12, EcritureDate: error date: …" (or "file name:
// warning file-name: …").
func (f Finding) String() string {
	where := fmt.Sprintf("line %d", f.Line)
	if f.Code == CodeFileName || f.Code == CodeSIREN {
		where = "file name"
	} else if f.Column != "" {
		where += ", " + f.Column
	}
	return fmt.Sprintf("%s: %s %s: %s", where, f.Severity, f.Code, f.Message)
}

// Report is what Validate found in a file.
//
// Lines counts the lines after the header, Entries the distinct entries
// (runs of lines with one JournalCode and EcritureNum). Errors and Warnings count
// every finding, kept or not; Findings keeps the first ones in file order
// (Options.FindingsMax) and Dropped counts the others.
type Report struct {
	Separator Separator // the separator read from the header; zero when none was found
	Lines     int       // lines after the header
	Entries   int       // distinct entries: runs of lines with one JournalCode and EcritureNum
	Errors    int       // error findings, kept or not
	Warnings  int       // warning findings, kept or not
	Findings  []Finding // the first findings in file order, at most Options.FindingsMax
	Dropped   int       // findings beyond Options.FindingsMax, not kept

	debit, credit apd.Decimal
}

// OK reports whether the file has no error (warnings allowed).
func (r *Report) OK() bool { return r.Errors == 0 }

// Debit returns the sum of the Debit column over the lines that parse.
func (r *Report) Debit() *apd.Decimal { return new(apd.Decimal).Set(&r.debit) }

// Credit returns the sum of the Credit column over the lines that parse.
func (r *Report) Credit() *apd.Decimal { return new(apd.Decimal).Set(&r.credit) }

// Has reports whether a finding with code c was kept.
func (r *Report) Has(c Code) bool {
	for _, f := range r.Findings {
		if f.Code == c {
			return true
		}
	}
	return false
}
