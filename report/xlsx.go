package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes tables as one workbook, a sheet per table (named by
// Table.Sheet, with " (2)", " (3)"… after a name already used), through excelize's stream writer so that a large report
// does not build its sheet in memory. Each sheet has the title in A1, the
// header ("Row" then the column names) in row 2, then the rows. The
// same tables give the same bytes, call after call.
//
// Amounts are number cells shown with their currency's decimals
// ("#,##0.00" for the euro; a French Excel shows "1 234,56"). XLSX
// stores numbers as binary floats: an amount is written as a number only
// when the float prints back as its exact decimal (every amount of up to
// 15 significant digits does); a longer one is written as text rather
// than rounded. Dates are date
// cells shown dd/mm/yyyy.
func WriteXLSX(w io.Writer, tables ...Table) (err error) {
	f := excelize.NewFile()
	f.SetZipWriter(newOrderedZip) // the same tables, the same bytes
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	taken := map[string]bool{} // sheet names, folded: Excel's are case-insensitive
	for i, t := range tables {
		name := t.Sheet
		if name == "" {
			name = fmt.Sprintf("Sheet%d", i+1)
		}
		name = uniqueSheet(name, taken)
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return err
		}
		if err := writeSheet(f, name, t, st); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// uniqueSheet is name, or name with " (2)", " (3)"… when a sheet of the
// workbook has it already (Excel compares them without case): two tables
// of one Sheet each keep their rows. A name stays within Excel's 31
// characters.
func uniqueSheet(name string, taken map[string]bool) string {
	const longest = 31
	cut := func(s string, n int) string {
		r := []rune(s)
		if len(r) > n {
			r = r[:n]
		}
		return string(r)
	}
	out := cut(name, longest)
	for k := 2; taken[strings.ToLower(out)]; k++ {
		suffix := fmt.Sprintf(" (%d)", k)
		out = cut(name, longest-len(suffix)) + suffix
	}
	taken[strings.ToLower(out)] = true
	return out
}

type xlsxStyles struct {
	bold, date int
	// amount and amountBold are by the currency's decimals, 0 to
	// xlsxDigitsMax: a dinar shows its mills, a yen no decimals.
	amount, amountBold [xlsxDigitsMax + 1]int
}

// xlsxDigitsMax is the most decimals an amount's format shows; a currency
// with more (none in ISO 4217 today) shows that many.
const xlsxDigitsMax = 4

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	dateFmt := "dd/mm/yyyy"
	if s.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return s, err
	}
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return s, err
	}
	for d := 0; d <= xlsxDigitsMax; d++ {
		amountFmt := "#,##0"
		if d > 0 {
			amountFmt += "." + strings.Repeat("0", d)
		}
		if s.amount[d], err = f.NewStyle(&excelize.Style{CustomNumFmt: &amountFmt}); err != nil {
			return s, err
		}
		if s.amountBold[d], err = f.NewStyle(&excelize.Style{CustomNumFmt: &amountFmt, Font: &excelize.Font{Bold: true}}); err != nil {
			return s, err
		}
	}
	return s, nil
}

func writeSheet(f *excelize.File, name string, t Table, st xlsxStyles) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 12); err != nil {
		return err
	}
	for i, c := range t.Columns {
		if err := sw.SetColWidth(i+2, i+2, float64(max(c.Width, 8)+2)); err != nil { // float ok: a column width, not money
			return err
		}
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.bold, Value: t.Title}}); err != nil {
		return err
	}
	header := []any{excelize.Cell{StyleID: st.bold, Value: "Row"}}
	for _, c := range t.Columns {
		header = append(header, excelize.Cell{StyleID: st.bold, Value: c.Name})
	}
	if err := sw.SetRow("A2", header); err != nil {
		return err
	}
	n := 3
	vals := make([]any, 0, len(t.Columns)+1)
	for r, err := range t.rows() {
		if err != nil {
			return err
		}
		if len(r.Cells) != len(t.Columns) {
			return fmt.Errorf("%w: %d cells, %d columns", ErrColumns, len(r.Cells), len(t.Columns))
		}
		total := r.Kind == RowTotal || r.Kind == RowGrandTotal || r.Kind == RowSubtotal
		vals = append(vals[:0], r.Kind.String())
		for i, c := range t.Columns {
			vals = append(vals, xlsxCell(c.Kind, r.Cells[i], total, st))
		}
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
		n++
	}
	return sw.Flush()
}

func xlsxCell(k ColumnKind, c Cell, total bool, st xlsxStyles) any {
	switch k {
	case ColDate:
		if c.Date.IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: st.date, Value: c.Date.Time()}
	case ColAmount:
		if !c.Amount.IsSet() {
			return nil
		}
		d := min(max(c.Amount.Currency().Digits(), 0), xlsxDigitsMax)
		style := st.amount[d]
		if total {
			style = st.amountBold[d]
		}
		if v, ok := xlsxNumber(c.Amount); ok {
			return excelize.Cell{StyleID: style, Value: v}
		}
		return excelize.Cell{StyleID: style, Value: c.Amount.Plain()}
	}
	if total {
		return excelize.Cell{StyleID: st.bold, Value: c.Text}
	}
	return c.Text
}

// xlsxNumber returns the amount as the float an XLSX number cell holds,
// and false when that float would not print back as the exact amount.
func xlsxNumber(a currency.Amount) (float64, bool) { // float ok: an XLSX number cell is a binary float; only amounts it holds exactly get one
	s := a.Plain()
	// Excel keeps 15 significant digits: more, and the cell would show
	// another amount than the book's.
	digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(s), "0")
	if len(digits) > 15 {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64) // float ok: XLSX numbers are binary floats; the format shows the currency's decimals
	if err != nil || strconv.FormatFloat(v, 'f', a.Currency().Digits(), 64) != s {
		return 0, false
	}
	return v, true
}
