package journal

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lettrage/lettrage/currency"
)

// EntryType is what an entry records.
type EntryType uint8

const (
	TypeMisc               EntryType = iota // operations diverses
	TypeInvoice                             // customer invoice or supplier bill
	TypeCreditNote                          // avoir, also an escompte (a rectifying document)
	TypePayment                             // customer receipt or supplier payment
	TypeStatementLine                       // a bank statement line
	TypeExchangeDifference                  // realised exchange gain or loss
	TypeCashBasis                           // cash-basis VAT becoming due
	TypeWriteOff                            // small difference written off
	TypeDiscount                            // early-payment discount (escompte)
	TypeRevaluation                         // unrealised FX revaluation at closing
	TypeOpening                             // opening balances (à-nouveaux)
	entryTypeEnd
)

var entryTypeNames = [...]string{"misc", "invoice", "credit_note", "payment", "statement_line",
	"exchange_difference", "cash_basis", "write_off", "discount", "revaluation", "opening"}

// String returns the type's name as printed and stored ("invoice", "payment"…), or EntryType(n) for an unknown value.
func (t EntryType) String() string {
	if t >= entryTypeEnd {
		return fmt.Sprintf("EntryType(%d)", uint8(t))
	}
	return entryTypeNames[t]
}

// Valid reports whether t is a known entry type.
func (t EntryType) Valid() bool { return t < entryTypeEnd }

// DocKind is the kind of an invoice document: normal, a cancellation, late-payment penalties.
type DocKind uint8

const (
	DocNormal       DocKind = iota // an ordinary invoice
	DocCancellation                // an invoice cancelling another
	DocPenalty                     // late-payment penalties
	docKindEnd
)

var docKindNames = [...]string{"normal", "cancellation", "penalty"}

// String returns the kind's name as printed and stored ("normal", "cancellation", "penalty"), or DocKind(n) for an unknown value.
func (k DocKind) String() string {
	if k >= docKindEnd {
		return fmt.Sprintf("DocKind(%d)", uint8(k))
	}
	return docKindNames[k]
}

// Valid reports whether k is a known document kind.
func (k DocKind) Valid() bool { return k < docKindEnd }

// Entry is a journal entry (écriture): balanced lines on one date in one
// journal. The caller fills the first group of fields; the book fills the
// second when it posts the entry.
type Entry struct {
	ID       ID                // caller-chosen for idempotency, or NoID to have one made
	Journal  string            // journal code: "VT", "BQ"
	Date     Date              // accounting date: for a payment, the date the customer paid
	Type     EntryType         // what the entry records: an invoice, a payment, a write-off…
	DocKind  DocKind           // of an invoice or credit note: normal, cancellation, penalty
	Ref      string            // the document's external reference
	Label    string            // the entry's text, as journals and the FEC print it
	Currency currency.Currency // transaction currency; zero = company currency
	// Lines are the entry's lines: from 2 to EntryLinesMax, their balances
	// summing to zero.
	Lines []Line
	// ReversalOf is the entry this one reverses (extourne), NoID otherwise.
	ReversalOf ID
	// Origin is the partial or operation that generated this entry (an
	// exchange difference, a cash-basis entry), NoID for a user entry. Only
	// the book and the lettering layer set it: ledger.Book.Post refuses it.
	Origin ID
	// Document is the invoice or credit note a generated entry belongs to:
	// the document whose cash-basis VAT it makes due, or which an
	// early-payment discount rectifies. NoID otherwise. Like Origin, only
	// the book and the lettering layer set it.
	Document ID
	// DiscountOffer is the early-payment discount an invoice offers, nil
	// when it offers none. Invoice.Entry sets it from the payment terms;
	// only an invoice may carry one.
	DiscountOffer *DiscountOffer

	// Assigned by the book on posting.
	FiscalYear string    // label of the fiscal year of Date: "2026"
	Number     int64     // gapless per journal and fiscal year, from 1
	Seq        uint64    // book-wide posting sequence, from 1
	PostedAt   time.Time // when the book recorded the entry (FEC ValidDate)
	Hash       [32]byte  // SHA-256 chained to the previous entry of the journal
}

// EntryLinesMax is the most lines an entry may have.
const EntryLinesMax = 10_000

// LineTaxesMax is the most taxes one base line may carry (a tax group
// flattened into its taxes stays far below it).
const LineTaxesMax = 32

// TextMax is the longest label, reference, code or name, in bytes.
const TextMax = 1024

// AmountMinorUnitsMax is the largest magnitude of a line's Balance and of
// its AmountCurrency, in minor units of their currency: 10^18 − 1, that is
// 9 999 999 999 999 999.99 EUR or 999 999 999 999 999 999 JPY. It is far
// above any real amount and small enough that every total a book keeps — a
// balance, an aggregate over all its lines, a residual — fits in
// currency.AmountDigitsMax digits, however many entries the book holds (the
// ledger package derives it from its most entries per book). Every line
// amount fits in an int64 of minor units.
const AmountMinorUnitsMax = 999_999_999_999_999_999

// Name returns the entry's number as printed, "VT/2026/00042", or "" before
// posting.
func (e *Entry) Name() string {
	if e.Number == 0 {
		return ""
	}
	return FormatNumber(e.Journal, e.FiscalYear, e.Number)
}

// FormatNumber formats an entry number: journal code, fiscal-year label and
// at least five digits, never truncated ("VT/2026/00042", "VT/2026/123456").
func FormatNumber(journal, fiscalYear string, n int64) string {
	if n < 0 {
		return fmt.Sprintf("%s/%s/%05d", journal, fiscalYear, n)
	}
	// As the format above, without it: every open item read names its
	// entry.
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], n, 10)
	var b strings.Builder
	b.Grow(len(journal) + len(fiscalYear) + 2 + max(5, len(d)))
	b.WriteString(journal)
	b.WriteByte('/')
	b.WriteString(fiscalYear)
	b.WriteByte('/')
	for range 5 - len(d) {
		b.WriteByte('0')
	}
	b.Write(d)
	return b.String()
}

// Clone returns a deep copy of e.
func (e *Entry) Clone() Entry {
	c := *e
	if e.DiscountOffer != nil {
		o := *e.DiscountOffer
		c.DiscountOffer = &o
	}
	c.Lines = make([]Line, len(e.Lines))
	for i, l := range e.Lines {
		c.Lines[i] = l.clone()
	}
	return c
}

// LineRef returns the reference of line i of the entry.
func (e *Entry) LineRef(i int) LineRef { return LineRef{Entry: e.ID, Index: i} }

// IsReversal reports whether e reverses another entry.
func (e *Entry) IsReversal() bool { return e.ReversalOf != NoID }

// IsDocument reports whether e is an invoice or a credit note: where a
// debt starts.
func (e *Entry) IsDocument() bool { return e.Type == TypeInvoice || e.Type == TypeCreditNote }

// Reversal returns the mirror of e: same journal, type and lines with every
// amount negated, ReversalOf set, dated date, labelled "Extourne de" and
// e's number (a book labels it as its options say). The book assigns the rest.
func (e *Entry) Reversal(id ID, date Date) Entry {
	r := Entry{
		ID: id, Journal: e.Journal, Date: date, Type: e.Type, DocKind: e.DocKind,
		Ref: e.Ref, Label: "Extourne de " + e.Name(), Currency: e.Currency,
		ReversalOf: e.ID, Origin: e.Origin, Document: e.Document,
		Lines: make([]Line, len(e.Lines)),
	}
	for i, l := range e.Lines {
		l = l.clone()
		l.Balance = l.Balance.Neg()
		l.AmountCurrency = l.AmountCurrency.Neg()
		r.Lines[i] = l
	}
	return r
}
