package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// CSVOptions choose how WriteCSV writes fields. The zero value writes what
// programs read: ',' between fields, amounts with a decimal point
// ("-1234.56", every minor digit, no thousands separator) and ISO dates
// (2026-03-01). CSVFrench writes what a French spreadsheet opens as numbers
// and dates.
type CSVOptions struct {
	// Comma separates fields; 0 means ','.
	Comma rune
	// DecimalComma writes amounts with a decimal comma: "-1234,56".
	DecimalComma bool
	// FrenchDates writes dates dd/mm/yyyy.
	FrenchDates bool
	// Spreadsheet writes a text that a spreadsheet would take for a
	// formula (one beginning with =, +, -, @, a tab or a carriage return:
	// a payer's transfer label becomes an entry's label) after a single
	// quote, which spreadsheets show as text. Amounts and dates are never
	// quoted.
	Spreadsheet bool
}

// CSVFrench are the options of French spreadsheets: ';' between fields, a
// decimal comma, dates dd/mm/yyyy, and no text taken for a formula.
var CSVFrench = CSVOptions{Comma: ';', DecimalComma: true, FrenchDates: true, Spreadsheet: true}

// WriteCSV writes t as CSV: a header line ("Row" then the column names),
// then one record per row, its kind first ("detail", "opening",
// "subtotal", "total", "grand total") so that a reader can keep the
// details. Amounts are exact: they are written from their decimal, never
// through a float. It returns the rows' read errors and the writer's.
func WriteCSV(w io.Writer, t Table, o CSVOptions) error {
	cw := csv.NewWriter(w)
	if o.Comma != 0 {
		cw.Comma = o.Comma
	}
	rec := make([]string, 0, len(t.Columns)+1)
	rec = append(rec, "Row")
	for _, c := range t.Columns {
		rec = append(rec, c.Name)
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for r, err := range t.rows() {
		if err != nil {
			return err
		}
		if len(r.Cells) != len(t.Columns) {
			return fmt.Errorf("%w: %d cells, %d columns", ErrColumns, len(r.Cells), len(t.Columns))
		}
		rec = append(rec[:0], r.Kind.String())
		for i, c := range t.Columns {
			rec = append(rec, o.field(c.Kind, r.Cells[i]))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func (o CSVOptions) field(k ColumnKind, c Cell) string {
	switch k {
	case ColDate:
		switch {
		case c.Date.IsZero():
			return ""
		case o.FrenchDates:
			return c.Date.French()
		}
		return c.Date.String()
	case ColAmount:
		if !c.Amount.IsSet() {
			return ""
		}
		if o.DecimalComma {
			return strings.Replace(c.Amount.Plain(), ".", ",", 1)
		}
		return c.Amount.Plain()
	case ColRate:
		if o.DecimalComma {
			return strings.Replace(c.Text, ".", ",", 1)
		}
		return c.Text
	}
	if o.Spreadsheet && c.Text != "" && strings.ContainsRune("=+-@\t\r", rune(c.Text[0])) {
		return "'" + c.Text
	}
	return c.Text
}
