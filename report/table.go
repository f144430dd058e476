package report

import (
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// ColumnKind says what a column holds and so how each format writes it.
type ColumnKind uint8

const (
	ColText   ColumnKind = iota // Cell.Text
	ColDate                     // Cell.Date: dd/mm/yyyy in text and CSV, a date cell in XLSX
	ColAmount                   // Cell.Amount: "1 234,56" in text, a number in XLSX
	// ColRate is Cell.Text holding a rate as a decimal with a point
	// ("5.5"): "5,5" in text and in French CSV, as written elsewhere (a
	// spreadsheet set to French reads "5.5" as a date).
	ColRate
)

// Column is a column of a Table.
type Column struct {
	Name  string     // the heading
	Kind  ColumnKind // which field of its cells is read, and how it is written
	Width int        // in runes, for the text rendering; longer text is cut there
}

// RowKind says what a row is: a detail, an opening balance or a total.
type RowKind uint8

const (
	RowDetail     RowKind = iota // a line, an entry, an account's or partner's balance
	RowOpening                   // the balance carried in at the period's start
	RowSubtotal                  // the total of a partner within an account (or of an account within a partner)
	RowTotal                     // the total of an account, a journal or a partner
	RowGrandTotal                // the total of the report
	rowKindEnd
)

var rowKindNames = [...]string{"detail", "opening", "subtotal", "total", "grand total"}

// String returns the name written in the first column of CSV and XLSX
// files: "detail", "opening", "subtotal", "total" or "grand total".
func (k RowKind) String() string {
	if k >= rowKindEnd {
		return fmt.Sprintf("RowKind(%d)", uint8(k))
	}
	return rowKindNames[k]
}

// Cell is one value of a row: the field matching its column's kind is
// read, the others are ignored. A zero Date and an unset Amount are blank
// cells.
type Cell struct {
	Text   string          // read in a ColText column
	Date   journal.Date    // read in a ColDate column; zero is blank
	Amount currency.Amount // read in a ColAmount column; unset is blank
}

// Row is a row of a Table, one cell per column.
type Row struct {
	Kind  RowKind // detail, opening or a total; CSV and XLSX write it first
	Cells []Cell  // one per column, in order
}

// Table is a report ready to be written: a title, columns and rows (nil
// Rows is an empty table). Rows may be a stream read from the book while it is written (the tables the
// report functions return are), so a Table is written once; its rows
// yield the book's read errors, which the writers return.
type Table struct {
	Title   string                // the first line of the text, the first row of the XLSX sheet
	Sheet   string                // the XLSX sheet name: at most 31 characters, none of []:*?/\
	Columns []Column              // the columns, in order
	Rows    iter.Seq2[Row, error] // the rows, read once; nil is an empty table
}

// rows returns t's rows, none when Rows is nil.
func (t *Table) rows() iter.Seq2[Row, error] {
	if t.Rows == nil {
		return func(func(Row, error) bool) {}
	}
	return t.Rows
}

// WriteText renders t as a fixed-width text table: French amounts
// ("1 234,56", U+202F between thousands), dates dd/mm/yyyy, text cut to its
// column's width, totals and grand totals preceded by a rule (subtotals
// are not). An amount is never cut: one wider than its column is written
// whole and pushes the rest of its row to the right.
func WriteText(w io.Writer, t Table) error {
	var b strings.Builder
	b.WriteString(t.Title + "\n")
	width := 0
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(pad(c, c.Name))
		width += max(c.Width, 0) + 1
	}
	rule := strings.Repeat("-", max(width-1, 0)) // no columns: an empty rule
	head := strings.TrimRight(b.String(), " ") + "\n" + rule + "\n"
	if _, err := io.WriteString(w, head); err != nil {
		return err
	}
	for r, err := range t.rows() {
		if err != nil {
			return err
		}
		if len(r.Cells) != len(t.Columns) {
			return fmt.Errorf("%w: %d cells, %d columns", ErrColumns, len(r.Cells), len(t.Columns))
		}
		b.Reset()
		if r.Kind == RowTotal || r.Kind == RowGrandTotal {
			b.WriteString(rule + "\n")
		}
		for i, c := range t.Columns {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(pad(c, textOf(c.Kind, r.Cells[i])))
		}
		b.WriteString("\n")
		if _, err := io.WriteString(w, strings.TrimRight(b.String(), " \n")+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// pad fits s to column c: amounts right-aligned, the rest left-aligned and
// cut to the width (a negative width counts as 0).
func pad(c Column, s string) string {
	c.Width = max(c.Width, 0)
	if c.Kind == ColAmount {
		return currency.PadLeft(s, c.Width)
	}
	return currency.PadRight(cut(s, c.Width), c.Width)
}

// cut fits s to width runes. A text cut ends in "…", so that a reader
// knows there is more. Its last word is kept when it reads as a document
// number (letters and digits: "VT/2026/00001", "FA-12") and leaves room
// for three runes of the rest: generated labels end with the number of
// the document they settle ("Écart de règlement VT/2026/00001" reads
// "Écart de rè… VT/2026/00001" in 26), and that number is what the
// reader looks for in a journal or a ledger. A last word of digits alone
// is not kept: it may be the end of an amount ("1 250,00"), a date or an
// account number written in groups, which it would misquote.
func cut(s string, width int) string {
	r := []rune(s)
	if len(r) <= width {
		return s
	}
	if width < 2 {
		return string(r[:width])
	}
	if sp := strings.LastIndexByte(s, ' '); sp > 0 {
		last := []rune(s[sp+1:])
		head := width - len(last) - 2 // "… " between them
		if documentNumber(string(last)) && head >= 3 {
			return strings.TrimRight(string(r[:head]), " ") + "… " + string(last)
		}
	}
	return strings.TrimRight(string(r[:width-1]), " ") + "…"
}

// documentNumber reports whether a word reads as a document's number:
// it holds both letters and digits.
func documentNumber(w string) bool {
	return strings.ContainsFunc(w, unicode.IsLetter) && strings.ContainsFunc(w, unicode.IsDigit)
}

// textOf returns a cell as the text rendering shows it.
func textOf(k ColumnKind, c Cell) string {
	switch k {
	case ColDate:
		if c.Date.IsZero() {
			return ""
		}
		return c.Date.French()
	case ColAmount:
		if !c.Amount.IsSet() {
			return ""
		}
		return currency.FrenchNumber(c.Amount)
	case ColRate:
		return strings.Replace(c.Text, ".", ",", 1)
	}
	return c.Text
}

// String renders the table as WriteText does; a read error ends the text
// with a line naming it.
func (t Table) String() string {
	var b strings.Builder
	if err := WriteText(&b, t); err != nil {
		b.WriteString("error: " + err.Error() + "\n")
	}
	return b.String()
}
