package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/memstore"
)

func reviewFecNew(t *testing.T, clock func() time.Time, years ...ledger.FiscalYear) *ledger.Book {
	t.Helper()
	o := ledger.Options{Currency: eur}
	if clock != nil {
		o.Clock = clock
	}
	b, err := ledger.Create(ctx, memstore.New(), o)
	require.NoError(t, err)
	for _, y := range years {
		require.NoError(t, b.AddFiscalYear(ctx, y))
	}
	require.NoError(t, b.InstallFrenchChart(ctx))
	return b
}

func reviewFecPost(t *testing.T, b *ledger.Book, e journal.Entry) journal.Entry {
	t.Helper()
	res, err := b.Post(ctx, e)
	require.NoError(t, err)
	return res.Entry
}

func reviewFecWrite(t *testing.T, b *ledger.Book, label string, sep fec.Separator) (string, report.FECSummary) {
	t.Helper()
	var buf bytes.Buffer
	sum, err := report.WriteFEC(ctx, b, label, &buf, report.FECOptions{Separator: sep})
	require.NoError(t, err)
	return buf.String(), sum
}

func reviewFecValidate(t *testing.T, s string, sum report.FECSummary) fec.Report {
	t.Helper()
	rep, err := fec.Validate(strings.NewReader(s), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
	require.NoError(t, err)
	return rep
}

// Separator, tab, CR, LF, quotes in every text column never break the 18 columns.
func TestReviewFecProbeSeparatorsInText(t *testing.T) {
	b := reviewFecNew(t, nil, ledger.CalendarYear(2026))
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Le \"Café\" |du Port"}))
	reviewFecPost(t, b, journal.Entry{Journal: "VT", Date: date(2026, 3, 1), Ref: "F|1 \"x\"", Label: "Vente \"spéciale\"|ligne", Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("120.00"), Label: "a|b|c\"d"},
		{Account: "706000", Balance: e("-120.00")},
	}})
	for _, sep := range []fec.Separator{fec.Tab, fec.Pipe} {
		s, sum := reviewFecWrite(t, b, "2026", sep)
		lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		require.Len(t, lines, 3, s)
		for _, l := range lines {
			assert.Len(t, strings.Split(l, string(rune(sep))), 18, l)
			assert.NotContains(t, l, "\r")
		}
		rep := reviewFecValidate(t, s, sum)
		assert.True(t, rep.OK(), "%v", rep.Findings)
	}
}

// A fiscal year 1 July 2025 – 30 June 2026, and the next one: file name,
// opening, numbering, validator within the year.
func TestReviewFecProbeJulyJuneYear(t *testing.T) {
	y1 := ledger.FiscalYearFrom(date(2025, 7, 1), 12)
	y2 := ledger.FiscalYearFrom(date(2026, 7, 1), 12)
	b := reviewFecNew(t, nil, y1, y2)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Martin"}))
	for _, d := range []journal.Date{date(2025, 7, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 1)} {
		reviewFecPost(t, b, journal.Entry{Journal: "VT", Date: d, Label: "Vente", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("100.00")}, {Account: "706000", Balance: e("-100.00")}}})
	}
	s, sum := reviewFecWrite(t, b, y1.Label, fec.Tab)
	assert.Equal(t, "123456782FEC20260630", fec.FileName("123456782", sum.Year.End))
	assert.Equal(t, 4, sum.Entries)
	rep := reviewFecValidate(t, s, sum)
	assert.True(t, rep.OK(), "%v", rep.Findings)
	s2, sum2 := reviewFecWrite(t, b, y2.Label, fec.Tab)
	rep2 := reviewFecValidate(t, s2, sum2)
	assert.True(t, rep2.OK(), "%v", rep2.Findings)
	assert.Contains(t, s2, "\t120000\t", "the 2025-2026 profit opens on 120000:\n%s", s2)
	assert.Contains(t, s2, "\t20260701\t411000\t")
}

// A loss in the first year opens the second on 129000, balanced.
func TestReviewFecProbeLossOpensOn129(t *testing.T) {
	b := reviewFecNew(t, nil, ledger.CalendarYear(2026), ledger.CalendarYear(2027))
	reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2026, 3, 1), Label: "Loyer", Lines: []journal.Line{
		{Account: "613200", Balance: e("1000.00")}, {Account: "512000", Balance: e("-1000.00")}}})
	s, sum := reviewFecWrite(t, b, "2027", fec.Pipe)
	assert.Contains(t, s, "|129000|")
	assert.Contains(t, s, "|512000|")
	assert.True(t, sum.Debit.Equal(sum.Credit))
	rep := reviewFecValidate(t, s, sum)
	assert.True(t, rep.OK(), "%v", rep.Findings)
}

// The first year has no opening entry, and a year with nothing writes only the header.
func TestReviewFecProbeFirstYearNoOpening(t *testing.T) {
	b := reviewFecNew(t, nil, ledger.CalendarYear(2026))
	s, sum := reviewFecWrite(t, b, "2026", fec.Tab)
	assert.Equal(t, strings.Join(fec.Header[:], "\t")+"\n", s)
	assert.Zero(t, sum.Entries)
}

// Amounts: decimal comma, no thousands separator, one side per line, both never.
func TestReviewFecProbeAmounts(t *testing.T) {
	b := reviewFecNew(t, nil, ledger.CalendarYear(2026))
	reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2026, 3, 1), Label: "gros", Lines: []journal.Line{
		{Account: "613200", Balance: e("1234567.89")}, {Account: "512000", Balance: e("-1234567.80")}, {Account: "512000", Balance: e("-0.09")}}})
	s, _ := reviewFecWrite(t, b, "2026", fec.Pipe)
	assert.Contains(t, s, "|1234567,89|0,00|")
	assert.Contains(t, s, "|0,00|1234567,80|")
	assert.Contains(t, s, "|0,00|0,09|")
}

// A foreign line carries Montantdevise and Idevise; a euro line neither.
func TestReviewFecProbeForeign(t *testing.T) {
	b := reviewFecNew(t, nil, ledger.CalendarYear(2026))
	usd := currency.MustLookup("USD")
	require.NoError(t, b.SetRate(ctx, usd, date(2026, 1, 1), currency.MustParseRate("0.8")))
	reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2026, 3, 1), Label: "usd", Currency: usd, Lines: []journal.Line{
		{Account: "613200", AmountCurrency: currency.MustParse(usd, "100.00")}, {Account: "512000", AmountCurrency: currency.MustParse(usd, "-100.00")}}})
	reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2026, 3, 2), Label: "eur", Lines: []journal.Line{
		{Account: "613200", Balance: e("10.00")}, {Account: "512000", Balance: e("-10.00")}}})
	s, sum := reviewFecWrite(t, b, "2026", fec.Pipe)
	assert.Contains(t, s, "|125,00|0,00|||20")
	assert.Contains(t, s, "|100,00|USD\n")
	assert.Contains(t, s, "|0,00|10,00|||")
	rep := reviewFecValidate(t, s, sum)
	assert.True(t, rep.OK(), "%v", rep.Findings)
}

// A 2026 profit allocated in 2027 (120 to 110 and 106): the 2028 opening
// shows 110 and 106 and the 2027 result on 129, balanced and valid.
func TestReviewFecProbeAllocatedResult(t *testing.T) {
	b := reviewFecNew(t, nil, ledger.CalendarYear(2026), ledger.CalendarYear(2027), ledger.CalendarYear(2028))
	reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2026, 3, 1), Label: "Vente", Lines: []journal.Line{
		{Account: "512000", Balance: e("1000.00")}, {Account: "706000", Balance: e("-1000.00")}}})
	reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2027, 6, 1), Label: "Affectation", Lines: []journal.Line{
		{Account: "120000", Balance: e("1000.00")}, {Account: "106100", Balance: e("-50.00")}, {Account: "110000", Balance: e("-950.00")}}})
	reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2027, 7, 1), Label: "Loyer", Lines: []journal.Line{
		{Account: "613200", Balance: e("300.00")}, {Account: "512000", Balance: e("-300.00")}}})
	s27, sum27 := reviewFecWrite(t, b, "2027", fec.Pipe)
	assert.Contains(t, s27, "|120000|")
	rep27 := reviewFecValidate(t, s27, sum27)
	assert.True(t, rep27.OK(), "%v", rep27.Findings)
	s, sum := reviewFecWrite(t, b, "2028", fec.Pipe)
	rep := reviewFecValidate(t, s, sum)
	assert.True(t, rep.OK(), "%v", rep.Findings)
	assert.Contains(t, s, "|110000|")
	assert.Contains(t, s, "|106100|")
	assert.Contains(t, s, "|129000|")
	assert.Contains(t, s, "|0,00|950,00|")
	assert.Contains(t, s, "|300,00|0,00|", "the 2027 loss on 129000:\n%s", s)
	assert.NotContains(t, s, "|120000|", "\n%s", s)
}
