package hledger_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
)

// hrev93Read reads j into a new book (memstore).
func hrev93Read(t *testing.T, j string) (*ledger.Book, error) {
	t.Helper()
	b := newBook(t, storetest.Backends[0])
	_, err := hledger.Read(context.Background(), strings.NewReader(j), b, hledger.ReadOptions{})
	return b, err
}

// hrev93Entry is the first OD entry of b.
func hrev93Entry(t *testing.T, b *ledger.Book) journal.Entry {
	t.Helper()
	e, err := b.EntryByNumber(context.Background(), "OD/2026/00001")
	require.NoError(t, err)
	return e
}

// Was failing, fixed: a number that carries both marks is not ambiguous, and hledger
// reads it by its own marks whatever the commodity or decimal-mark
// directive says: disambiguateNumber (hledger-lib/Hledger/Read/Common.hs)
// consults the declared style only for an AmbiguousNumber (one separator);
// "1,000.00" is WithSeparators ',' ["1","000"] (Just ('.',"00")) = 1000.
// hledger 1.25 on these very files: "1.000,00 EUR" (=1000) on 622700.
// Read applies the directive's mark regardless, strips the other mark as
// a digit group, and posts 1.00 EUR ("1,000.00" → "1.00000"), an amount
// off by a factor of 1000 with no error. Want 1000.00 EUR (or a refusal).
func TestHrev93DeclaredMarkVersusUnambiguousNumber(t *testing.T) {
	for _, c := range []struct{ directive, amount string }{
		{"commodity 1.000,00 EUR", "1,000.00 EUR"},
		{"decimal-mark ,", "1,000.00 EUR"},
		{"commodity 1,000.00 EUR", "1.000,00 EUR"},
		{"commodity EUR\n    format EUR 1.000,00", "EUR 1,000.00"},
	} {
		t.Run(c.directive, func(t *testing.T) {
			j := c.directive + "\n\n2026-01-05 Honoraires\n    622700     " + c.amount + "\n    401000:S9\n"
			b, err := hrev93Read(t, j)
			if err != nil {
				return // a refusal is acceptable
			}
			assert.Equal(t, "1000.00 EUR", balanceHrev83(t, b, "622700"), "%s / %s", c.directive, c.amount)
		})
	}
}

// Was failing, fixed: a journal saved with a UTF-8 byte order mark (Windows Notepad
// does it) loses its first line: Read takes "\ufeffcommodity 1.000,00 EUR"
// for an unknown directive and skips it, so "1.500 EUR" is read with a
// decimal point as 1.50 EUR; a first line that is a transaction header is
// skipped with its postings, the transaction silently dropped. hledger
// ignores a UTF-8 BOM (hledger-lib/Hledger/Utils/IO.hs "ignoring any utf8
// BOM prefix"; CHANGES 1.10 "ignore any UTF-8 BOM prefix found when
// reading files"): hledger 1.25 reports 1.500,00 EUR and 15 EUR on 622700
// for these two files. Want 1500.00 EUR and 15.00 EUR (or a refusal).
func TestHrev93ByteOrderMark(t *testing.T) {
	for _, c := range []struct{ name, journal, want string }{
		{"directive first", "\ufeffcommodity 1.000,00 EUR\n\n2026-01-05 x\n    622700     1.500 EUR\n    401000:S9\n", "1500.00 EUR"},
		{"transaction first", "\ufeff2026-01-05 x\n    622700     15 EUR\n    401000:S9\n\n2026-01-06 y\n    622700     1 EUR\n    401000:S9\n", "16.00 EUR"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := hrev93Read(t, c.journal)
			if err != nil {
				return // a refusal is acceptable
			}
			assert.Equal(t, c.want, balanceHrev83(t, b, "622700"))
		})
	}
}

// Was failing, fixed: a tab between the date and the description is refused with
// ErrSyntax ("date \"2026-01-05\tHonoraires\""): header cuts the date at
// the first space only. hledger's transaction header takes any
// non-newline whitespace after the date (hledger manual, Transactions:
// fields "separated by spaces"; spacenonewline accepts a tab), and
// hledger 1.25 prints this file as "2026-01-05 Honoraires". Want the
// transaction posted: 10.00 EUR on 622700.
func TestHrev93TabAfterDate(t *testing.T) {
	b, err := hrev93Read(t, "2026-01-05\tHonoraires\n    622700  10 EUR\n    401000:S9\n")
	require.NoError(t, err)
	assert.Equal(t, "10.00 EUR", balanceHrev83(t, b, "622700"))
	assert.Equal(t, "Honoraires", hrev93Entry(t, b).Label)
}

// Was failing, fixed: a VAT tag in a posting's same-line comment ("706000  -100.00 EUR
// ; tax: TVA20") is silently taken as the line's label: the entry has no
// tax and the VAT is lost for the cash-basis VAT report. In hledger a
// posting's same-line comment holds its tags like a comment line under
// it (hledger manual, Tags: "Tags can be attached to individual postings
// … expenses:rent  $1000  ; postingtag:"); hledger 1.25's "reg
// tag:tax=TVA20" lists both lines of this file. Same precedent as
// TestReview26HledgerReadTaxTagForms: take the tax or refuse the line,
// never drop it. Want 706000 and 445710 lines carrying TVA20 (445710 as
// the tax line).
func TestHrev93SameLineTaxTag(t *testing.T) {
	j := "2026-03-02 Facture\n    411000:C1  120.00 EUR\n    706000  -100.00 EUR  ; tax: TVA20\n" +
		"    445710  -20.00 EUR  ; tax: TVA20, tax-role: tax\n"
	b, err := hrev93Read(t, j)
	if err != nil {
		return // refused: not silent
	}
	for _, l := range hrev93Entry(t, b).Lines {
		if l.Account == "706000" || l.Account == "445710" {
			if assert.Len(t, l.Taxes, 1, "line %s lost its VAT (label %q)", l.Account, l.Label) {
				assert.Equal(t, "TVA20", l.Taxes[0].ID)
			}
		}
	}
}

// Was failing, fixed: the transaction's tags are read only from comment lines under
// the header, one tag a line, with a space after the colon. hledger's tag
// syntax (hledger manual, Tags) also takes them from the header's
// same-line comment ("2025-01-01 groceries  ; tag1: value"), without the
// space ("tag1:value 1"), and several on a line separated by commas
// ("tag1:value 1, tag2:value 2"); hledger 1.25 reports ref FA-1 and type
// invoice for each of these files. Read loses the reference (header
// comment, no space), or stores "FA-1, type: invoice" as the reference
// and loses the type (two tags on a line). Want Ref "FA-1", Type invoice.
func TestHrev93TransactionTagForms(t *testing.T) {
	const postings = "    411000:C1  120.00 EUR\n    706000  -120.00 EUR\n"
	for _, c := range []struct{ name, journal string }{
		{"header comment", "2026-03-02 Facture  ; ref: FA-1\n    ; type: invoice\n" + postings},
		{"no space", "2026-03-02 Facture\n    ; ref:FA-1\n    ; type:invoice\n" + postings},
		{"two tags a line", "2026-03-02 Facture\n    ; ref: FA-1, type: invoice\n" + postings},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := hrev93Read(t, c.journal)
			if err != nil {
				return // refused: not silent
			}
			e := hrev93Entry(t, b)
			assert.Equal(t, "FA-1", e.Ref)
			assert.Equal(t, journal.TypeInvoice, e.Type)
		})
	}
}

// Was failing, fixed: an early-payment discount offer written as hledger writes a tag
// without the space ("; discount:2.40 EUR until 2026-03-12", the same tag
// as "discount: 2.40 EUR …" for hledger, manual › Tags: "tag1:value 1")
// or in the header's same-line comment is silently dropped: the invoice
// is posted with no DiscountOffer, so the 2.40 EUR discount the customer
// may take is not offered by the book. hledger 1.25's "tags --values"
// shows "2.40 EUR until 2026-03-12" for both files. Want DiscountOffer
// {2.40 EUR, until 2026-03-12} (or a refusal).
func TestHrev93DiscountTagForms(t *testing.T) {
	const postings = "    411000:C1  120.00 EUR\n    706000  -120.00 EUR\n"
	for _, c := range []struct{ name, journal string }{
		{"no space", "2026-03-02 Facture\n    ; type: invoice\n    ; discount:2.40 EUR until 2026-03-12\n" + postings},
		{"header comment", "2026-03-02 Facture  ; discount: 2.40 EUR until 2026-03-12\n    ; type: invoice\n" + postings},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := hrev93Read(t, c.journal)
			if err != nil {
				return // refused: not silent
			}
			o := hrev93Entry(t, b).DiscountOffer
			if assert.NotNil(t, o, "the discount offer is lost") {
				assert.Equal(t, "2.40 EUR", o.Amount.String())
				assert.Equal(t, day(2026, 3, 12), o.Until)
			}
		})
	}
}

// Was failing, fixed: a posting's due date among other tags is refused or lost. "; due:
// 2026-04-01, checked: yes" is refused with ErrSyntax (the whole rest of
// the line is parsed as a date) although it is two valid tags (hledger
// manual, Tags: "Multiple tags can be separated by comma"; hledger 1.25
// lists due=2026-04-01 and checked=yes for it); "; checked: yes, due:
// 2026-04-01" and "; due:2026-04-01" are read without a due date, though
// Read takes the tax tag in both forms (postingTags). Want DueDate
// 2026-04-01 on the 411000 line in every case.
func TestHrev93DueTagForms(t *testing.T) {
	for _, c := range []string{"; due: 2026-04-01, checked: yes", "; checked: yes, due: 2026-04-01", "; due:2026-04-01"} {
		t.Run(c, func(t *testing.T) {
			j := "2026-03-02 Facture\n    411000:C1  120.00 EUR\n        " + c + "\n    706000  -120.00 EUR\n"
			b, err := hrev93Read(t, j)
			require.NoError(t, err)
			for _, l := range hrev93Entry(t, b).Lines {
				if l.Account == "411000" {
					assert.Equal(t, day(2026, 4, 1), l.DueDate, "due date of %q", c)
				}
			}
		})
	}
}
