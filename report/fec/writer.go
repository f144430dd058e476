package fec

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// Writer writes a FEC: the header line, then one line per Row. Lines end
// with LF; text is UTF-8 without a byte order mark; dates are AAAAMMJJ;
// amounts have a decimal comma and no thousands separator, Debit and Credit
// always two decimals ("1234,56", "0,00"), Montantdevise the decimals of its
// currency, signed. A separator, a line break or any other control
// character inside a text is replaced by a space, and invalid UTF-8 by
// U+FFFD, so that a field never splits.
//
// A Writer is not safe for concurrent use. Call Flush when done: the header
// is written even when there is no row.
type Writer struct {
	w      *bufio.Writer
	sep    Separator
	line   []byte
	header bool
	rows   int
	err    error
}

// NewWriter returns a Writer to w with the separator sep. It panics unless
// sep is Tab or Pipe.
func NewWriter(w io.Writer, sep Separator) *Writer {
	if !sep.Valid() {
		panic(fmt.Sprintf("fec: separator %q is neither tab nor pipe", byte(sep)))
	}
	return &Writer{w: bufio.NewWriterSize(w, 64<<10), sep: sep, line: make([]byte, 0, 512)}
}

// Write checks row (Row.Check) and writes it, after the header line if it is
// the first. It returns the errors of Row.Check, writing nothing, or the
// writer's error: after an I/O error every call returns it.
func (w *Writer) Write(row Row) error {
	if w.err != nil {
		return w.err
	}
	if err := row.Check(); err != nil {
		return err
	}
	w.writeHeader()
	b := w.line[:0]
	for i, f := range w.fields(&row) {
		if i > 0 {
			b = append(b, byte(w.sep))
		}
		b = w.appendText(b, f)
	}
	b = append(b, '\n')
	w.line = b
	if _, err := w.w.Write(b); err != nil {
		w.err = fmt.Errorf("fec: write: %w", err)
		return w.err
	}
	w.rows++
	return nil
}

// Flush writes the header if no row was written, then everything buffered.
// It returns the writer's error.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.writeHeader()
	if err := w.w.Flush(); err != nil {
		w.err = fmt.Errorf("fec: write: %w", err)
	}
	return w.err
}

// Rows returns the number of rows written, the header not counted.
func (w *Writer) Rows() int { return w.rows }

func (w *Writer) writeHeader() {
	if w.header {
		return
	}
	w.header = true
	line := strings.Join(names[:], string(rune(w.sep))) + "\n"
	if _, err := w.w.WriteString(line); err != nil {
		w.err = fmt.Errorf("fec: write: %w", err)
	}
}

func (w *Writer) fields(r *Row) [ColumnCount]string {
	return [ColumnCount]string{
		r.JournalCode, r.JournalLib, r.EcritureNum, formatDate(r.EcritureDate),
		r.CompteNum, r.CompteLib, r.CompAuxNum, r.CompAuxLib, r.PieceRef,
		formatDate(r.PieceDate), r.EcritureLib, formatEUR(r.Debit), formatEUR(r.Credit),
		r.EcritureLet, formatDate(r.DateLet), formatDate(r.ValidDate),
		formatAmount(r.Montantdevise), r.Idevise(),
	}
}

// appendText appends s with the separator and control characters (C0, C1,
// and the line and paragraph separators U+2028, U+2029: a reader may break
// a line at any of them) replaced by a space and invalid UTF-8 by U+FFFD.
func (w *Writer) appendText(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f || c == byte(w.sep) {
				c = ' '
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if breaksText(r) {
			r = ' '
		}
		b = utf8.AppendRune(b, r) // RuneError for invalid bytes
		i += n
	}
	return b
}

// formatDate returns AAAAMMJJ, or "" for the zero Date.
func formatDate(d journal.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%08d", d.Key())
}

// formatEUR returns a Debit or Credit: "0,00" when unset.
func formatEUR(a currency.Amount) string {
	if !a.IsSet() {
		return "0,00"
	}
	return formatAmount(a)
}

// formatAmount returns a with a decimal comma, "" when unset.
func formatAmount(a currency.Amount) string {
	if !a.IsSet() {
		return ""
	}
	return strings.Replace(a.Plain(), ".", ",", 1)
}
