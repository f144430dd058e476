package journal_test

// Review h-rev51: the exported godoc of package journal read as a
// contract. Every test here failed on the code it was written against;
// each says how it was fixed (the code, or the documentation where the
// code was right).

import (
	"errors"
	"math"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev51Invoice is a customer invoice of one untaxed line at price, in EUR.
func hrev51Invoice(price string) journal.Invoice {
	return journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2026, 3, 1),
		Partner: "C1", PartnerAccount: "411000", Label: "Facture",
		Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: e(price), Account: "706000"}}}
}

// hrev51Stored gives every line of a company-currency entry the Balance a
// book stores (equal to its AmountCurrency), so that Validate can judge it.
func hrev51Stored(x journal.Entry) *journal.Entry {
	for i := range x.Lines {
		x.Lines[i].Balance = x.Lines[i].AmountCurrency
	}
	return &x
}

func hrev51Percents(ps ...string) journal.PaymentTerms {
	var pt journal.PaymentTerms
	for _, p := range ps {
		pt.Instalments = append(pt.Instalments, journal.Instalment{Percent: tax.MustParsePercent(p)})
	}
	return pt
}

// Was failing, fixed: Invoice.Entry "builds the balanced entry of the invoice: one
// receivable or payable line per instalment of the payment terms".
// A 0.01 EUR invoice on 50 % / 50 % terms gets instalments 0.01 and 0.00
// (Split rounds the first half-up and leaves nothing to the last), so the
// entry carries a zero receivable line that Validate refuses (ErrNoAmount):
// the builder makes an entry no book can post. Code is wrong: an instalment
// of nothing should be dropped (or the split made by largest remainder).
func TestHrev51InvoiceEntryZeroInstalmentIsValid(t *testing.T) {
	inv := hrev51Invoice("0.01")
	inv.Terms = hrev51Percents("50", "50")
	x, err := inv.Entry()
	require.NoError(t, err)
	assert.NoError(t, hrev51Stored(x).Validate(eur))
}

// Was failing, fixed: PaymentTerms.Split: "each instalment's percentage of total,
// rounded, and the last taking what remains".
// 4.50 EUR on twelve instalments (eleven of 9 %, the last 1 %) gives eleven
// 0.41 (0.405 rounded half away) and a last instalment of -0.01: the rounding
// of the first eleven overshoots the last's 0.045 share. Code is wrong: an
// invoice's échéance is never negative (Validate accepts the resulting
// credit on 411000, dated as a due date); currency.Prorate's largest
// remainder keeps every part within a unit of its share.
func TestHrev51SplitNeverGivesANegativeInstalment(t *testing.T) {
	pt := hrev51Percents("9", "9", "9", "9", "9", "9", "9", "9", "9", "9", "9", "1")
	_, parts, err := pt.Split(e("4.50"), journal.MustDate(2026, 1, 1), currency.HalfAwayFromZero)
	require.NoError(t, err)
	for i, p := range parts {
		assert.GreaterOrEqual(t, p.Sign(), 0, "instalment %d is %s", i+1, p)
	}
}

// Was failing, fixed: Split "returns ErrTerms when percentages ... do not sum to 100".
// Instalments of 100 % and 0.00000000000000000000000000000000000001 % (both
// valid Percents) sum to 100.00000000000000000000000000000000000001, yet
// Split accepts them: it sums at a precision of 40 digits, which rounds the
// sum to 100. It then books 10.00 and 0.00. Code is wrong: the sum should be
// exact (percent texts are bounded, so it can be).
func TestHrev51SplitRefusesPercentagesJustOver100(t *testing.T) {
	pt := hrev51Percents("100", "0.00000000000000000000000000000000000001")
	_, _, err := pt.Split(e("10.00"), journal.MustDate(2026, 1, 1), currency.HalfAwayFromZero)
	assert.ErrorIs(t, err, journal.ErrTerms)
}

// Changed (the documentation was wrong): ErrInvoice said it "is returned
// for an invoice ... with a line without account or with a negative
// quantity", which contradicted Quantity's own doc ("-1 for a return").
// A return line is a line like any other; the doc now says so, and that
// the total must be positive. This test held the code to the stale claim;
// it now holds it to the new one.
func TestHrev51InvoiceNegativeQuantityIsErrInvoice(t *testing.T) {
	inv := hrev51Invoice("10.00")
	inv.Lines = append(inv.Lines, journal.InvoiceLine{Label: "Retour", Quantity: journal.MustQuantity("-1"),
		UnitPrice: e("2.00"), Account: "706000"})
	x, err := inv.Entry()
	require.NoError(t, err)
	assert.NoError(t, hrev51Stored(x).Validate(eur))
	inv.Lines[1].Quantity = journal.MustQuantity("-5")
	_, err = inv.Entry()
	assert.ErrorIs(t, err, journal.ErrInvoice, "a total of nothing or less is a credit note")
}

// Was failing, fixed: ErrInvoice "is returned for an invoice ... of an unknown kind";
// Entry "builds the balanced entry of the invoice".
// An Invoice with DocKind 9 (not a DocKind) builds without error an entry
// that Validate then refuses with ErrEntryType. Code is wrong: Entry checks
// Kind but not DocKind, so an embedder passing a user's document kind learns
// of it only at posting.
func TestHrev51InvoiceUnknownDocKindIsErrInvoice(t *testing.T) {
	inv := hrev51Invoice("10.00")
	inv.DocKind = 9
	x, err := inv.Entry()
	if !assert.ErrorIs(t, err, journal.ErrInvoice) {
		assert.NoError(t, hrev51Stored(x).Validate(eur), "the entry built is refused")
	}
}

// Was failing, fixed: Invoice.Entry "returns ErrInvoice, ErrTerms, a tax validation error
// or a *TextError for a text a book would refuse".
// A tax whose Name holds a tab builds without error; Validate then refuses
// the entry three times (the base line's snapshot, the tax line's label and
// its snapshot). Code is wrong: checkTexts checks the invoice's own texts
// but not those of the tax snapshots it copies onto lines.
func TestHrev51InvoiceEntryRefusesATaxNameABookRefuses(t *testing.T) {
	bad := vat20
	bad.Name = "TVA\t20 %"
	inv := hrev51Invoice("10.00")
	inv.Lines[0].Taxes = []tax.Tax{bad}
	_, err := inv.Entry()
	var te *journal.TextError
	assert.True(t, errors.As(err, &te), "got %v", err)
}

// Was failing, fixed: Totals: "A tax not included on such lines is rounded on their exact
// bases".
// 10.00 TTC with 20 % included holds an exact base of 25/3; a 1.5 % tax
// excluded beside it is exactly 0.125 on it, 0.13 half away from zero. Totals
// gives 0.12: the "exact" base is IncludedParts' 34-digit 8.333…3, on which
// the tax is 0.12499… — a double rounding. Code is wrong by the Totals doc;
// note TaxTotal.Amount's doc ("the tax on Base", 8.33 → 0.12495 → 0.12)
// says otherwise, so the two docs also need to agree.
func TestHrev51TotalsExcludedTaxOnExactIncludedBase(t *testing.T) {
	inc := tax.Tax{ID: "I20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), PriceIncluded: true, FinalAccount: "445710"}
	levy := tax.Tax{ID: "X1.5", Name: "Taxe 1,5 %", Rate: tax.MustParsePercent("1.5"), FinalAccount: "447000"}
	tot, err := journal.Invoice{Lines: []journal.InvoiceLine{{Label: "a", UnitPrice: e("10.00"), Account: "706000",
		Taxes: []tax.Tax{inc, levy}}}}.Totals()
	require.NoError(t, err)
	require.Len(t, tot.Taxes, 2)
	assert.Equal(t, "8.33", tot.HT.Plain())
	assert.Equal(t, "0.13", tot.Taxes[1].Amount.Plain(), "1.5 % of 25/3 is 0.125")
}

// Was failing, fixed: Totals "returns ErrInvoice or a tax validation error".
// A line of 1e30 × 1 000 000 000.00 returns currency.ErrTooLarge unwrapped,
// matching neither. Code is wrong (or the doc incomplete): the amount error
// should be wrapped with ErrInvoice naming the line, as other line problems
// are.
func TestHrev51TotalsOverflowIsErrInvoice(t *testing.T) {
	_, err := journal.Invoice{Lines: []journal.InvoiceLine{{Label: "a", UnitPrice: e("1000000000.00"),
		Quantity: journal.MustQuantity("1e30"), Account: "706000"}}}.Totals()
	require.Error(t, err)
	assert.ErrorIs(t, err, journal.ErrInvoice)
}

// Was failing, fixed: AddDays "returns d plus n days (n may be negative), or the zero
// Date when the result falls outside the supported years".
// 2026-01-31 plus 2^58 days is returned as 2026-01-31: time.AddDate's day
// count overflows and wraps into the supported years. Code is wrong: a
// silently wrong date rather than the zero Date; DiscountDeadline and
// DueRule.Due pass unchecked Days straight to it.
func TestHrev51AddDaysOverflowIsZeroDate(t *testing.T) {
	d := journal.MustDate(2026, 1, 31).AddDays(1 << 58)
	assert.True(t, d.IsZero(), "got %s", d)
}

// Was failing, fixed: AddMonths "returns the zero Date past year 9999, as AddDays does".
// 2026-01-31 plus math.MaxInt months is returned as 2025-11-30 (a date in
// the past) and plus math.MinInt months as 2025-12-31: the month count
// overflows inside time.AddDate. Code is wrong.
func TestHrev51AddMonthsOverflowIsZeroDate(t *testing.T) {
	d := journal.MustDate(2026, 1, 31)
	assert.True(t, d.AddMonths(math.MaxInt).IsZero(), "got %s", d.AddMonths(math.MaxInt))
	assert.True(t, d.AddMonths(math.MinInt).IsZero(), "got %s", d.AddMonths(math.MinInt))
}
