package journal_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckText(t *testing.T) {
	for _, ok := range []string{"", "Facture 42", "Écart de conversion", "TVA 5,5 %", "日本語", "👍🏽 merci",
		"\u00a0no-break space", "\u200bzero width", strings.Repeat("x", journal.TextMax), strings.Repeat("é", journal.TextMax/2)} {
		assert.NoError(t, journal.CheckText("label", ok), "%q", ok)
	}
	tests := []struct {
		name   string
		text   string
		want   error
		offset int
	}{
		{"invalid byte", "abc\xff", journal.ErrTextEncoding, 3},
		{"truncated sequence", "ab\xc3", journal.ErrTextEncoding, 2},
		{"overlong encoding", "\xc0\xaf", journal.ErrTextEncoding, 0},
		{"surrogate half", "\xed\xa0\x80", journal.ErrTextEncoding, 0},
		{"NUL", "a\x00b", journal.ErrTextControl, 1},
		{"tab", "a\tb", journal.ErrTextControl, 1},
		{"line feed", "a\nb", journal.ErrTextControl, 1},
		{"carriage return", "a\rb", journal.ErrTextControl, 1},
		{"escape", "\x1b[31m", journal.ErrTextControl, 0},
		{"DEL", "a\x7f", journal.ErrTextControl, 1},
		{"C1 next line", "é\u0085", journal.ErrTextControl, 2},
		{"line separator", "a\u2028b", journal.ErrTextControl, 1},
		{"paragraph separator", "\u2029", journal.ErrTextControl, 0},
		{"one byte too long", strings.Repeat("x", journal.TextMax+1), journal.ErrTextTooLong, journal.TextMax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := journal.CheckText("partner name", tt.text)
			assert.ErrorIs(t, err, journal.ErrText)
			assert.ErrorIs(t, err, tt.want)
			var te *journal.TextError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, "partner name", te.Field)
			assert.Equal(t, tt.offset, te.Offset)
			assert.Contains(t, err.Error(), "partner name")
		})
	}
}

// Every text of an entry, with invalid UTF-8 or a control character, is a
// problem Validate reports as a *TextError, of the entry or of its line.
func TestValidateRefusesBadText(t *testing.T) {
	vat := tax.Tax{ID: "FR20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445710"}
	fields := []struct {
		name string
		line bool
		set  func(x *journal.Entry, s string)
	}{
		{"journal", false, func(x *journal.Entry, s string) { x.Journal = s }},
		{"ref", false, func(x *journal.Entry, s string) { x.Ref = s }},
		{"label", false, func(x *journal.Entry, s string) { x.Label = s }},
		{"line account", true, func(x *journal.Entry, s string) { x.Lines[1].Account = s }},
		{"line partner", true, func(x *journal.Entry, s string) { x.Lines[0].Partner = s }},
		{"line label", true, func(x *journal.Entry, s string) { x.Lines[2].Label = s }},
		{"tax id", true, func(x *journal.Entry, s string) { x.Lines[2].Taxes[0].ID = s }},
		{"tax name", true, func(x *journal.Entry, s string) { x.Lines[2].Taxes[0].Name = s }},
		{"tax final account", true, func(x *journal.Entry, s string) { x.Lines[2].Taxes[0].FinalAccount = s }},
		{"tax transition account", true, func(x *journal.Entry, s string) { x.Lines[2].Taxes[0].TransitionAccount = s }},
		{"tax base account", true, func(x *journal.Entry, s string) { x.Lines[2].Taxes[0].BaseAccount = s }},
	}
	for _, f := range fields {
		for _, bad := range []struct{ name, text string }{{"invalid UTF-8", "X\xfe"}, {"control character", "X\n"}} {
			t.Run(f.name+"/"+bad.name, func(t *testing.T) {
				x := invoice()
				x.Lines[2].TaxRole, x.Lines[2].Taxes = tax.RoleTax, []tax.Tax{vat}
				require.NoError(t, x.Validate(eur))
				f.set(&x, bad.text)
				err := x.Validate(eur)
				assert.ErrorIs(t, err, journal.ErrText)
				var le *journal.LineError
				assert.Equal(t, f.line, errors.As(err, &le), "reported on a line: %v", err)
			})
		}
	}
}

// Defect: lines [+X, +X, −X] with X at the largest amount a currency.Amount
// holds made the running sum overflow, which Validate took for an error
// reported elsewhere: the unbalanced entry passed.
func TestValidateReportsOverflow(t *testing.T) {
	x := invoice()
	big := e("99999999999999999999999999999999.99")
	x.Lines = []journal.Line{
		{Account: "411000", Partner: "C1", Balance: big, AmountCurrency: big},
		{Account: "706000", Balance: big, AmountCurrency: big},
		{Account: "445710", Balance: big.Neg(), AmountCurrency: big.Neg()},
	}
	err := x.Validate(eur)
	require.Error(t, err, "an overflowing sum is never a balanced entry")
	assert.ErrorIs(t, err, journal.ErrAmountTooLarge)
	assert.Contains(t, err.Error(), "do not sum")
}

// Line amounts are bounded by AmountMinorUnitsMax minor units, in every
// currency, balance and currency amount alike.
func TestAmountBound(t *testing.T) {
	jpy := currency.MustLookup("JPY")
	kwd := currency.MustLookup("KWD")
	// entry is a two-line entry in c with currency amount a; its balances
	// are 1.00 EUR unless c is the company currency.
	entry := func(c currency.Currency, a currency.Amount) journal.Entry {
		x := journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 15), Currency: c, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1.00"), AmountCurrency: a},
			{Account: "706000", Balance: e("-1.00"), AmountCurrency: a.Neg()},
		}}
		if c == eur {
			x.Lines[0].Balance, x.Lines[1].Balance = a, a.Neg()
		}
		return x
	}
	for _, c := range []currency.Currency{eur, jpy, kwd} {
		t.Run(c.Code(), func(t *testing.T) {
			max := currency.FromMinor(c, journal.AmountMinorUnitsMax)
			over, err := max.Add(currency.FromMinor(c, 1))
			require.NoError(t, err)
			x := entry(c, max)
			require.NoError(t, x.Validate(eur), "exactly AmountMinorUnitsMax")
			x = entry(c, over)
			err = x.Validate(eur)
			assert.ErrorIs(t, err, journal.ErrAmountTooLarge)
			var le *journal.LineError
			assert.True(t, errors.As(err, &le))
		})
	}
	// The balance is bounded too, not only the currency amount.
	x := entry(usd, u("1.00"))
	x.Lines[0].Balance = currency.FromMinor(eur, journal.AmountMinorUnitsMax+1)
	x.Lines[1].Balance = x.Lines[0].Balance.Neg()
	assert.ErrorIs(t, x.Validate(eur), journal.ErrAmountTooLarge)
}

// Defect: ParseDate("0000-01-01") returned the zero Date ("no date")
// without an error.
func TestDateRange(t *testing.T) {
	for _, bad := range []string{"0000-01-01", "0000-12-31", "0000-02-29"} {
		d, err := journal.ParseDate(bad)
		assert.ErrorIs(t, err, journal.ErrDate, bad)
		assert.True(t, d.IsZero())
	}
	for _, ok := range []string{"0001-01-01", "9999-12-31"} {
		d, err := journal.ParseDate(ok)
		require.NoError(t, err, ok)
		assert.Equal(t, ok, d.String())
		back, err := journal.DateFromKey(d.Key())
		require.NoError(t, err)
		assert.Equal(t, d, back)
	}
	for _, key := range []uint32{101, 1231, 100000101, 1<<32 - 1} {
		_, err := journal.DateFromKey(key)
		assert.ErrorIs(t, err, journal.ErrDate, key)
	}
	_, err := journal.NewDate(0, 1, 1)
	assert.ErrorIs(t, err, journal.ErrDate)
	_, err = journal.NewDate(10000, 1, 1)
	assert.ErrorIs(t, err, journal.ErrDate)
	assert.True(t, journal.MustDate(9999, 12, 31).AddDays(1).IsZero(), "past the range is no date, not a wrapped one")
	assert.True(t, journal.MustDate(1, 1, 1).AddDays(-1).IsZero())
}

// The invoice builder refuses the texts a book would refuse, before it
// builds anything.
func TestInvoiceBadText(t *testing.T) {
	ok := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2026, 1, 1), Partner: "C1",
		PartnerAccount: "411000", Lines: []journal.InvoiceLine{{Label: "Conseil", UnitPrice: eurAmount("10.00"), Account: "706000"}}}
	_, err := ok.Entry()
	require.NoError(t, err)
	for name, mut := range map[string]func(*journal.Invoice, string){
		"ref":          func(i *journal.Invoice, s string) { i.Ref = s },
		"label":        func(i *journal.Invoice, s string) { i.Label = s },
		"partner":      func(i *journal.Invoice, s string) { i.Partner = s },
		"line label":   func(i *journal.Invoice, s string) { i.Lines[0].Label = s },
		"line account": func(i *journal.Invoice, s string) { i.Lines[0].Account = s },
	} {
		for _, bad := range []string{"a\xffb", "a\tb"} {
			inv := ok
			inv.Lines = append([]journal.InvoiceLine(nil), ok.Lines...)
			mut(&inv, bad)
			_, err := inv.Entry()
			assert.ErrorIs(t, err, journal.ErrText, "%s %q", name, bad)
		}
	}
}
