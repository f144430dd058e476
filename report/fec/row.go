package fec

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// Header holds the names of the 18 columns of a FEC, in the order and with
// the spelling the law gives (note Montantdevise and Idevise). A FEC's first
// line is these names joined by its separator. It is a copy: changing it
// changes nothing in this package.
var Header = names

// names are the column names this package writes and checks.
var names = [ColumnCount]string{
	"JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum",
	"CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate",
	"EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate",
	"Montantdevise", "Idevise",
}

// ColumnCount is the number of columns of a FEC of a company keeping
// commercial accounts (BIC, IS). The 22-column variants of non-commercial
// and farm incomes (BNC, BA) are not supported.
const ColumnCount = 18

// Column positions, 0-based, in the order of Header.
const (
	colJournalCode = iota
	colJournalLib
	colEcritureNum
	colEcritureDate
	colCompteNum
	colCompteLib
	colCompAuxNum
	colCompAuxLib
	colPieceRef
	colPieceDate
	colEcritureLib
	colDebit
	colCredit
	colEcritureLet
	colDateLet
	colValidDate
	colMontantdevise
	colIdevise
)

// Separator is the byte between the fields of a line.
type Separator byte

// The two separators the law allows.
const (
	Tab  Separator = '\t' // a tab, what the Writer is usually given
	Pipe Separator = '|'  // a vertical bar
)

// Valid reports whether s is Tab or Pipe.
func (s Separator) Valid() bool { return s == Tab || s == Pipe }

// String returns "tab", "pipe", or "none" for any other value.
func (s Separator) String() string {
	switch s {
	case Tab:
		return "tab"
	case Pipe:
		return "pipe"
	}
	return "none"
}

// Row is one line of a FEC: one line of one entry (écriture). Its fields are
// the 18 columns in order. A zero Date is an empty column; an unset
// currency.Amount (the zero Amount) is an empty Montantdevise, and 0,00 for
// Debit or Credit.
//
// Debit and Credit are EUR amounts, never negative, at most one of them
// non-zero. Montantdevise is the line's amount in the transaction currency,
// whose code is the Idevise column: signed like the line (positive on a
// debit line, negative on a credit line), unset for a line in EUR.
//
// Row is a plain value: copying it is safe, amounts being immutable.
type Row struct {
	JournalCode   string          // journal code: "VT"
	JournalLib    string          // journal name: "Ventes"
	EcritureNum   string          // entry number, sequential per journal: "VT/2026/00042"
	EcritureDate  journal.Date    // accounting date of the entry
	CompteNum     string          // general account number: "411000"
	CompteLib     string          // general account name
	CompAuxNum    string          // auxiliary account (partner) code; "" on a line without partner
	CompAuxLib    string          // auxiliary account (partner) name; "" with CompAuxNum
	PieceRef      string          // reference of the supporting document
	PieceDate     journal.Date    // date of the supporting document
	EcritureLib   string          // label of the line
	Debit         currency.Amount // debit amount in EUR, ≥ 0
	Credit        currency.Amount // credit amount in EUR, ≥ 0
	EcritureLet   string          // letter code of the line's match; "" when not lettered
	DateLet       journal.Date    // date of the lettering; zero when not lettered
	ValidDate     journal.Date    // date the entry was validated (posted)
	Montantdevise currency.Amount // amount in the transaction currency, signed; unset for EUR
}

// Idevise returns the ISO 4217 code of Montantdevise, or "" when it is
// unset.
func (r *Row) Idevise() string {
	if !r.Montantdevise.IsSet() {
		return ""
	}
	return r.Montantdevise.Currency().Code()
}

// Check reports every problem that makes r an invalid FEC line on its own:
// ErrRequired (a text counts as empty when it holds only spaces, control
// characters or a pipe, which the Writer turns into spaces), ErrAccount,
// ErrCurrency, ErrNegative, ErrBothSides and ErrPair, each wrapped with its column and joined with errors.Join; nil
// when there is none. Whether the entry balances or its number follows the
// previous one is a matter of the whole file: see Validate.
func (r *Row) Check() error {
	var errs []error
	errs = r.checkRequired(errs)
	if r.CompteNum != "" && !validAccount(r.CompteNum) {
		errs = append(errs, fmt.Errorf("%w: CompteNum %q", ErrAccount, r.CompteNum))
	}
	errs = r.checkAmounts(errs)
	// Blank as written: a column of only controls or pipes is written empty.
	errs = checkPair(errs, "CompAuxNum", "CompAuxLib", blankWritten(r.CompAuxNum), blankWritten(r.CompAuxLib))
	errs = checkPair(errs, "EcritureLet", "DateLet", blankWritten(r.EcritureLet), r.DateLet.IsZero())
	if r.Montantdevise.IsSet() && !r.Montantdevise.Currency().IsISO() {
		errs = append(errs, fmt.Errorf("%w: Idevise %s is not an ISO 4217 currency", ErrCurrency, r.Montantdevise.Currency()))
	}
	return errors.Join(errs...)
}

func (r *Row) checkRequired(errs []error) []error {
	texts := [...]struct {
		col int
		v   string
	}{
		{colJournalCode, r.JournalCode}, {colJournalLib, r.JournalLib},
		{colEcritureNum, r.EcritureNum}, {colCompteNum, r.CompteNum},
		{colCompteLib, r.CompteLib}, {colPieceRef, r.PieceRef},
		{colEcritureLib, r.EcritureLib},
	}
	for _, t := range texts {
		if blankWritten(t.v) {
			errs = append(errs, fmt.Errorf("%w: %s", ErrRequired, names[t.col]))
		}
	}
	dates := [...]struct {
		col int
		v   journal.Date
	}{{colEcritureDate, r.EcritureDate}, {colPieceDate, r.PieceDate}, {colValidDate, r.ValidDate}}
	for _, d := range dates {
		if d.v.IsZero() {
			errs = append(errs, fmt.Errorf("%w: %s", ErrRequired, names[d.col]))
		}
	}
	return errs
}

func (r *Row) checkAmounts(errs []error) []error {
	for _, a := range [...]struct {
		col string
		v   *currency.Amount
	}{{"Debit", &r.Debit}, {"Credit", &r.Credit}} {
		if !a.v.IsSet() {
			continue
		}
		if a.v.Currency().Code() != "EUR" {
			errs = append(errs, fmt.Errorf("%w: %s is %s", ErrCurrency, a.col, a.v))
		}
		if a.v.Sign() < 0 {
			errs = append(errs, fmt.Errorf("%w: %s %s", ErrNegative, a.col, a.v))
		}
	}
	if r.Debit.Sign() != 0 && r.Credit.Sign() != 0 {
		errs = append(errs, fmt.Errorf("%w: %s and %s", ErrBothSides, r.Debit, r.Credit))
	}
	return errs
}

func checkPair(errs []error, a, b string, aEmpty, bEmpty bool) []error {
	if aEmpty != bEmpty {
		errs = append(errs, fmt.Errorf("%w: %s and %s", ErrPair, a, b))
	}
	return errs
}

// blank reports whether s is empty or only spaces: the administration's
// tool reads such a column as empty.
func blank(s string) bool { return strings.Trim(s, " ") == "" }

// Blank reports whether the Writer writes s as an empty column: s holds
// nothing but spaces, control characters and pipes, which it replaces by
// spaces. A required column must not be blank.
func Blank(s string) bool { return blankWritten(s) }

// blankWritten reports whether s is blank once the Writer has replaced its
// separators and control characters by spaces.
func blankWritten(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' || breaksText(r) || r == rune(Pipe) }) == ""
}

// breaksText reports whether the Writer replaces r by a space: a control
// character (C0, DEL, C1) or a line or paragraph separator.
func breaksText(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }

// validAccount reports whether an account number starts with three digits,
// the first a class of the chart of accounts (1 to 8; 8 holds special
// accounts, 9 analytical ones that have no place in a FEC).
func validAccount(s string) bool {
	if len(s) < 3 || s[0] < '1' || s[0] > '8' {
		return false
	}
	return isDigit(s[1]) && isDigit(s[2])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
