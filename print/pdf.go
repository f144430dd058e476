// Package print writes the documents a bank and a partner expect on
// paper, as PDF: the SEPA transfer slip (bordereau de virement), the
// cheque deposit slip (bordereau de remise de chèques), a payment receipt
// (reçu), a partner statement (relevé de compte) and a customer reminder
// (lettre de relance, up to the mise en demeure). Amounts and dates are
// French ("1 234,56 €", "15/03/2026"). The documents are A4, written with
// github.com/go-pdf/fpdf in the Go fonts (golang.org/x/image/font/gofont),
// embedded: they cover the European scripts (Latin with its accents and
// extensions, Greek, Cyrillic), so "Łukasz Wróbel" or "Ørsted" print as
// written; the few letters they lack are written as their languages'
// spelling allows (a capital ẞ as SS, the apostrophe ʼ as ').
package print

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// ErrDocument is returned for a document that cannot be printed: nothing
// to list, amounts in several currencies, a text with a character the
// embedded fonts do not have (Chinese, Arabic, emoji…). Nothing is written
// then.
var ErrDocument = errors.New("print: invalid document")

// page is a document being written.
type page struct {
	pdf *fpdf.Fpdf
	err error // the first text the fonts cannot show
}

// newPage starts an A4 document with a title block: the issuer, the
// title and the date, fixed so that the same document prints the same
// bytes.
func newPage(issuer, title string, date journal.Date) *page {
	return newPageIn("P", issuer, title, date)
}

// newPageIn is newPage in an orientation: "P" portrait, "L" landscape.
func newPageIn(orientation, issuer, title string, date journal.Date) *page {
	pdf := fpdf.New(orientation, "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetCatalogSort(true) // resources in a fixed order: the same document, the same bytes
	pdf.SetCreationDate(date.Time())
	pdf.SetModificationDate(date.Time())
	pdf.SetCreator("lettrage", true)
	pdf.SetTitle(title, true)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	addFonts(pdf)
	p := &page{pdf: pdf}
	pdf.AddPage()
	pdf.SetFont(fontFamily, "B", 11)
	p.cell(0, 6, issuer, "", 1, "L")
	pdf.SetFont(fontFamily, "B", 16)
	pdf.Ln(4)
	p.cell(0, 9, title, "", 1, "L")
	pdf.SetFont(fontFamily, "", 10)
	p.cell(0, 6, "Date : "+frenchDate(date), "", 1, "L")
	pdf.Ln(4)
	return p
}

// cell writes a cell of text; a character the fonts lack fails the
// document rather than print as a blank.
func (p *page) cell(w, h float64, text, border string, ln int, align string) { // float ok: page geometry in millimetres, not money
	p.pdf.CellFormat(w, h, p.shown(text), border, ln, align, false, 0, "")
}

// shown is text as the page prints it (printable); a character the fonts
// lack fails the document.
func (p *page) shown(text string) string {
	text = printable(text)
	for _, r := range text {
		if !hasGlyph(r) && p.err == nil {
			p.err = fmt.Errorf("%w: %q has %q, which the PDF fonts cannot show", ErrDocument, text, r)
		}
	}
	return text
}

// line writes a label and a value on one line.
// A value longer than the line wraps under itself, whole: a name or a
// label is never cut off the page.
func (p *page) line(label, value string) {
	p.pdf.SetFont(fontFamily, "B", 10)
	p.cell(45, 6, label, "", 0, "L")
	p.pdf.SetFont(fontFamily, "", 10)
	_, _, right, _ := p.pdf.GetMargins()
	page, _ := p.pdf.GetPageSize()
	if room := page - right - p.pdf.GetX() - 2*p.pdf.GetCellMargin(); p.pdf.GetStringWidth(printable(value)) <= room {
		p.cell(0, 6, value, "", 1, "L")
		return
	}
	p.pdf.MultiCell(0, 6, p.shown(value), "", "L", false)
}

// table writes a header row and rows; widths in mm, the last column right
// aligned (amounts). Texts are cut to fit their column; amounts (the last
// column and the amountColumns), IBANs and numbers are printed whole.
func (p *page) table(widths []float64, header []string, rows [][]string, total []string) { // float ok: page geometry in millimetres, not money
	p.pdf.SetFont(fontFamily, "B", 9)
	for i, h := range header {
		p.cell(widths[i], 7, h, "1", 0, align(header, i))
	}
	p.pdf.Ln(-1)
	p.pdf.SetFont(fontFamily, "", 9)
	for _, r := range rows {
		for i, c := range r {
			if whole := i == len(r)-1 || amountColumns[header[i]] || header[i] == "IBAN" || header[i] == "Pièce" || strings.HasPrefix(header[i], "N°"); !whole {
				c = p.fit(c, widths[i])
			} else {
				// Whole, in a smaller font when it must; what does not fit
				// even then is cut rather than printed over its neighbour.
				p.shrink(c, widths[i])
				c = p.fit(c, widths[i])
			}
			p.cell(widths[i], 6, c, "1", 0, align(header, i))
			p.pdf.SetFont(fontFamily, "", 9)
		}
		p.pdf.Ln(-1)
	}
	if total != nil {
		p.pdf.SetFont(fontFamily, "B", 9)
		for i, c := range total {
			border := ""
			if c != "" {
				border = "1"
			}
			p.cell(widths[i], 7, c, border, 0, align(header, i))
		}
		p.pdf.Ln(-1)
	}
}

// align aligns column i of a table with the given header: amounts to the
// right, so that their units line up, and the last column (a total's);
// text to the left.
func align(header []string, i int) string {
	if i == len(header)-1 || amountColumns[header[i]] {
		return "R"
	}
	return "L"
}

// amountColumns are the headers of the columns that hold amounts.
var amountColumns = map[string]bool{"Montant": true, "Montant imputé": true, "Reste dû": true, "Solde": true}

// shrink sets the font of a cell that prints its text whole (a number,
// an IBAN, an amount) smaller when the text is wider than its column, down
// to 5 points, still readable; a text wider than that is cut by fit.
func (p *page) shrink(s string, width float64) { // float ok: page geometry in millimetres, not money
	room := width - 2*p.pdf.GetCellMargin()
	for size := 9.0; size > 5 && p.pdf.GetStringWidth(printable(s)) > room; size -= 0.5 { // float ok: a font size in points
		p.pdf.SetFont(fontFamily, "", size-0.5)
	}
}

// fit cuts a cell's text to what its column holds in the current font,
// the cell's margins kept, ending it with an ellipsis.
func (p *page) fit(s string, width float64) string { // float ok: page geometry in millimetres, not money
	room := width - 2*p.pdf.GetCellMargin()
	if p.pdf.GetStringWidth(printable(s)) <= room {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && p.pdf.GetStringWidth(printable(string(r)+"…")) > room {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// write ends the document into w.
func (p *page) write(w io.Writer) error {
	if p.err != nil {
		return p.err
	}
	if err := p.pdf.Output(w); err != nil {
		return fmt.Errorf("print: %w", err)
	}
	return nil
}

// money prints an amount the French way; an unset one fails the document.
func (p *page) money(a currency.Amount) string {
	if !a.IsSet() && p.err == nil {
		p.err = fmt.Errorf("%w: an amount is missing", ErrDocument)
	}
	return a.French()
}

// frenchDate prints 15/03/2026.
func frenchDate(d journal.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("02/01/2006")
}

// printable composes accents typed as separate marks (a name keyed on
// some systems: "Dvor\u030cák" is "Dvořák", which the fonts have) and
// replaces the spaces the fonts lack with the closest they have: the
// narrow no-break space of French amounts, typographic spaces.
func printable(s string) string {
	return spaces.Replace(norm.NFC.String(s))
}

var spaces = strings.NewReplacer("\u202f", "\u00a0", "\u2009", " ", "\u200b", "",
	// Letters of European languages the fonts lack, written as their
	// spelling allows: German's capital sharp s as SS (GROẞMANN is
	// GROSSMANN), the modifier-letter apostrophe of Ukrainian and
	// Belarusian names (Дарʼя) as the apostrophe.
	"\u1e9e", "SS", "\u02bc", "'")

// paragraph writes a paragraph of text wrapped to the page's width.
func (p *page) paragraph(text string) {
	p.pdf.SetFont(fontFamily, "", 10)
	p.pdf.MultiCell(0, 5, p.shown(text), "", "L", false)
	p.pdf.Ln(2)
}
