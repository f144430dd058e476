package journal_test

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	eur = currency.MustLookup("EUR")
	usd = currency.MustLookup("USD")
)

func e(s string) currency.Amount { return currency.MustParse(eur, s) }
func u(s string) currency.Amount { return currency.MustParse(usd, s) }

func invoice() journal.Entry {
	return journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 15), Type: journal.TypeInvoice,
		Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1200.00"), AmountCurrency: e("1200.00")},
			{Account: "706000", Balance: e("-1000.00"), AmountCurrency: e("-1000.00")},
			{Account: "445710", Balance: e("-200.00"), AmountCurrency: e("-200.00")},
		}}
}

func TestValidate(t *testing.T) {
	vat := tax.Tax{ID: "FR20", Rate: tax.MustParsePercent("20"), FinalAccount: "445710"}
	tests := []struct {
		name string
		edit func(*journal.Entry)
		want []error
	}{
		{"valid", func(*journal.Entry) {}, nil},
		{"unbalanced", func(x *journal.Entry) { x.Lines[1].Balance, x.Lines[1].AmountCurrency = e("-999.99"), e("-999.99") }, []error{&journal.UnbalancedError{}}},
		{"one line", func(x *journal.Entry) { x.Lines = x.Lines[:1] }, []error{journal.ErrTooFewLines}},
		{"no journal and no date", func(x *journal.Entry) { x.Journal = ""; x.Date = journal.Date{} }, []error{journal.ErrNoJournal, journal.ErrNoDate}},
		{"no account", func(x *journal.Entry) { x.Lines[2].Account = "" }, []error{journal.ErrNoAccount}},
		{"neither amount", func(x *journal.Entry) {
			x.Lines = append(x.Lines, journal.Line{Account: "471000", Balance: e("0"), AmountCurrency: e("0")})
		}, []error{journal.ErrNoAmount}},
		{"balance in USD", func(x *journal.Entry) { x.Lines[0].Balance = u("1200.00") }, []error{journal.ErrLineCurrency}},
		{"company entry amounts differ", func(x *journal.Entry) { x.Lines[0].AmountCurrency = e("1.00") }, []error{journal.ErrLineCurrency}},
		{"bad type", func(x *journal.Entry) { x.Type = 200 }, []error{journal.ErrEntryType}},
		{"tax role without tax", func(x *journal.Entry) { x.Lines[2].TaxRole = tax.RoleTax }, []error{journal.ErrTaxSnapshot}},
		{"tax snapshot", func(x *journal.Entry) { x.Lines[2].TaxRole = tax.RoleTax; x.Lines[2].Taxes = []tax.Tax{vat} }, nil},
		{"invalid tax snapshot", func(x *journal.Entry) {
			bad := vat
			bad.Rate = tax.MustParsePercent("-5")
			x.Lines[1].TaxRole = tax.RoleBase
			x.Lines[1].Taxes = []tax.Tax{bad}
		}, []error{tax.ErrRate}},
		{"several problems at once", func(x *journal.Entry) {
			x.Lines[0].Account = ""
			x.Lines[1].Balance, x.Lines[1].AmountCurrency = e("-1.00"), e("-1.00")
		}, []error{journal.ErrNoAccount, &journal.UnbalancedError{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := invoice()
			tt.edit(&x)
			err := x.Validate(eur)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			var ve *journal.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Len(t, ve.Problems, len(tt.want), err.Error())
			for _, w := range tt.want {
				if ue, ok := w.(*journal.UnbalancedError); ok {
					assert.ErrorAs(t, err, &ue)
					continue
				}
				assert.ErrorIs(t, err, w)
			}
		})
	}
}

func TestValidateForeign(t *testing.T) {
	x := journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 1, 1), Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("1000.00"), AmountCurrency: u("1200.00")},
		{Account: "706000", Balance: e("-1000.00"), AmountCurrency: u("-1200.00")},
	}}
	require.NoError(t, x.Validate(eur))
	// A balance-only line (exchange difference) and a currency-only line
	// (foreign dust) are fine; opposite signs are not.
	x.Lines = append(x.Lines,
		journal.Line{Account: "656000", Balance: e("40.00"), AmountCurrency: u("0")},
		journal.Line{Account: "411000", Partner: "C1", Balance: e("-40.00"), AmountCurrency: u("0")},
		journal.Line{Account: "411000", Partner: "C1", Balance: e("0"), AmountCurrency: u("0.01")},
		journal.Line{Account: "706000", Balance: e("0"), AmountCurrency: u("-0.01")},
	)
	require.NoError(t, x.Validate(eur))
	x.Lines[0].AmountCurrency = u("-1200.00")
	assert.ErrorIs(t, x.Validate(eur), journal.ErrOppositeSigns)
}

func TestUnbalancedDifference(t *testing.T) {
	x := invoice()
	x.Lines[0].Balance, x.Lines[0].AmountCurrency = e("1200.05"), e("1200.05")
	var ue *journal.UnbalancedError
	require.True(t, errors.As(x.Validate(eur), &ue))
	assert.Equal(t, "0.05", ue.Difference.Plain())
}

func TestTooManyLines(t *testing.T) {
	x := invoice()
	x.Lines = make([]journal.Line, journal.EntryLinesMax+1)
	assert.ErrorIs(t, x.Validate(eur), journal.ErrTooManyLines)
}

func TestDate(t *testing.T) {
	d, err := journal.ParseDate("2024-02-29")
	require.NoError(t, err)
	assert.Equal(t, "2024-03-01", d.AddDays(1).String())
	assert.Equal(t, "2024-02-29", journal.MustDate(2024, 1, 31).AddMonths(1).String())
	assert.Equal(t, "2025-02-28", d.AddMonths(12).String())
	assert.Equal(t, "2024-02-29", journal.MustDate(2024, 2, 3).EndOfMonth().String())
	assert.Equal(t, "29/02/2024", d.French())
	for _, bad := range []string{"2023-02-29", "2026-13-01", "x", ""} {
		_, err := journal.ParseDate(bad)
		assert.ErrorIs(t, err, journal.ErrDate, bad)
	}
	_, err = journal.NewDate(2026, time.April, 31)
	assert.ErrorIs(t, err, journal.ErrDate)
	back, err := journal.DateFromKey(d.Key())
	require.NoError(t, err)
	assert.Equal(t, d, back)
	_, err = journal.DateFromKey(20261332)
	assert.ErrorIs(t, err, journal.ErrDate)
	assert.True(t, d.Before(d.AddDays(1)))
	assert.True(t, journal.MustDate(9999, 6, 1).AddMonths(12).IsZero(), "no panic past year 9999")
	assert.Equal(t, 1, d.AddDays(1).Compare(d))
}

func TestReversal(t *testing.T) {
	x := invoice()
	x.ID = journal.NewID()
	x.Number, x.FiscalYear = 42, "2026"
	r := x.Reversal(journal.NewID(), x.Date)
	require.NoError(t, r.Validate(eur))
	assert.Equal(t, x.ID, r.ReversalOf)
	assert.Equal(t, "-1200.00", r.Lines[0].Balance.Plain())
	assert.Equal(t, "Extourne de VT/2026/00042", r.Label)
	assert.Equal(t, "1200.00", r.Lines[0].Credit().Plain())
	assert.Equal(t, "0.00", r.Lines[0].Debit().Plain())
}

func ExampleFormatNumber() {
	fmt.Println(journal.FormatNumber("VT", "2026", 42))
	fmt.Println(journal.FormatNumber("VT", "2025-2026", 1234567))
	// Output:
	// VT/2026/00042
	// VT/2025-2026/1234567
}

func ExampleEntry_Validate() {
	eur := currency.MustLookup("EUR")
	x := journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 15), Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: currency.MustParse(eur, "100.00"), AmountCurrency: currency.MustParse(eur, "100.00")},
		{Account: "706000", Balance: currency.MustParse(eur, "-90.00"), AmountCurrency: currency.MustParse(eur, "-90.00")},
	}}
	fmt.Println(x.Validate(eur))
	// Output: journal: invalid entry: journal: entry does not balance: debits exceed credits by 10.00 EUR
}

func TestDaysSince(t *testing.T) {
	d0 := journal.MustDate(1999, time.January, 1)
	for i := -800; i <= 20000; i += 7 {
		d := d0.AddDays(i)
		if got := d.DaysSince(d0); got != i {
			t.Fatalf("%s since %s = %d, want %d", d, d0, got, i)
		}
	}
	if got := journal.MustDate(2024, time.March, 1).DaysSince(journal.MustDate(2024, time.February, 28)); got != 2 {
		t.Fatalf("leap year: %d", got)
	}
}

// The zero Date has no month: its end of month is the zero Date, not a
// date of year 0 whose key no constructor accepts.
func TestEndOfMonthZeroDate(t *testing.T) {
	require.True(t, journal.Date{}.EndOfMonth().IsZero())
	_, err := journal.DateFromKey(journal.Date{}.EndOfMonth().Key())
	require.NoError(t, err)
	require.Equal(t, journal.MustDate(2028, 2, 29), journal.MustDate(2028, 2, 3).EndOfMonth())
}

// FormatNumber writes what the format "%s/%s/%05d" writes, at every width.
func TestFormatNumberPads(t *testing.T) {
	for _, n := range []int64{0, 1, 42, 99999, 100000, 1234567, math.MaxInt64, -1, -42, -123456, math.MinInt64} {
		for _, j := range []string{"", "VT", "BQ1"} {
			assert.Equal(t, fmt.Sprintf("%s/%s/%05d", j, "2026", n), journal.FormatNumber(j, "2026", n), "%q %d", j, n)
		}
	}
}
