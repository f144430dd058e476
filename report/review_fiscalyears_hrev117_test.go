package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/memstore"
)

// hrev117Books is a book with a first year of 18 months (1 January 2025 –
// 30 June 2026), a year 1 July 2026 – 30 June 2027, a short year of six
// months (1 July – 31 December 2027), and calendar 2028; its clock can be
// moved.
type hrev117Books struct {
	book           *ledger.Book
	rec            *reconcile.Reconciler
	now            *time.Time
	y1, y2, y3, y4 ledger.FiscalYear
}

func hrev117New(t *testing.T) *hrev117Books {
	t.Helper()
	now := time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC)
	h := &hrev117Books{now: &now}
	clock := func() time.Time { now = now.Add(time.Second); return now }
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur, Clock: clock, Strict: true})
	require.NoError(t, err)
	h.y1 = ledger.FiscalYearFrom(date(2025, 1, 1), 18)
	h.y2 = ledger.FiscalYearFrom(date(2026, 7, 1), 12)
	h.y3 = ledger.FiscalYearFrom(date(2027, 7, 1), 6)
	h.y4 = ledger.CalendarYear(2028)
	for _, y := range []ledger.FiscalYear{h.y1, h.y2, h.y3, h.y4} {
		require.NoError(t, b.AddFiscalYear(ctx, y))
	}
	require.NoError(t, b.InstallFrenchChart(ctx))
	for _, p := range []string{"C1", "C2", "S1"} {
		require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: p, Name: "Partner " + p}))
	}
	h.book = b
	h.rec, err = reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	return h
}

func (h *hrev117Books) sale(t *testing.T, d journal.Date, p, ttc, ht, vat string) journal.Entry {
	t.Helper()
	return reviewFecPost(t, h.book, journal.Entry{Journal: "VT", Date: d, Type: journal.TypeInvoice, Label: "Vente", Lines: []journal.Line{
		{Account: "411000", Partner: p, DueDate: d.AddDays(30), Balance: e(ttc)},
		{Account: "706000", Balance: e(ht).Neg()},
		{Account: "445710", Balance: e(vat).Neg()},
	}})
}

func (h *hrev117Books) fec(t *testing.T, label string) (string, report.FECSummary) {
	t.Helper()
	var buf bytes.Buffer
	sum, err := report.WriteFEC(ctx, h.book, label, &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	return buf.String(), sum
}

// Pins (passing): an 18-month first year, a July–June year and a short
// year. Numbers carry the year's label; the next year's opening carries
// the open invoice item by item with the letter of its match dated in that
// year and the first year's profit on 120000 (3 000 = 1 000 + 2 000 of
// sales); the closed year's FEC does not change when a lettering is done
// after the closing, whose partial is dated the day after the year's end;
// the revaluation at 30/06/2027 and 31/12/2027 (short year) of 1 000 USD
// booked at 1,25 (800 €): → 500 € at 2 (provision 300), → 625 € at 1,6
// (reprise 125 on 781500, provision 175). Every FEC validates.
func TestHrev117NonCalendarYearsPins(t *testing.T) {
	h := hrev117New(t)
	i1 := h.sale(t, date(2025, 3, 10), "C1", "1200.00", "1000.00", "200.00")
	i2 := h.sale(t, date(2026, 6, 20), "C1", "2400.00", "2000.00", "400.00")
	require.Equal(t, "VT/2025-2026/00002", i2.Name())
	pay := func(d journal.Date, amount string, inv journal.Entry) {
		_, err := h.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d,
			Amount: e(amount), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
	}
	pay(date(2026, 6, 25), "1200.00", i1)
	pay(date(2026, 7, 5), "2400.00", i2)
	inv := h.sale(t, date(2026, 5, 10), "C2", "600.00", "500.00", "100.00")
	cn := reviewFecPost(t, h.book, journal.Entry{Journal: "VT", Date: date(2026, 6, 15), Type: journal.TypeCreditNote, Label: "Avoir", Lines: []journal.Line{
		{Account: "411000", Partner: "C2", Balance: e("-120.00")}, {Account: "706000", Balance: e("100.00")}, {Account: "445710", Balance: e("20.00")}}})
	n := h.sale(t, date(2026, 7, 1), "C2", "60.00", "50.00", "10.00")
	require.Equal(t, "VT/2026-2027/00001", n.Name())

	op, err := h.book.Opening(ctx, h.y2.Label)
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range op {
		got[r.Account+" "+r.Partner] = r.Balance.Plain()
	}
	// Profit 1 000 + 2 000 + 500 − 100 = 3 400; 411000 C1 2 400, C2 480;
	// 445710 −(200 + 400 + 100 − 20) = −680; bank 1 200.
	require.Equal(t, map[string]string{"120000 ": "-3400.00", "411000 C1": "2400.00", "411000 C2": "480.00", "445710 ": "-680.00", "512000 ": "1200.00"}, got)

	before, sum1 := h.fec(t, h.y1.Label)
	require.Equal(t, "123456782FEC20260630", fec.FileName("123456782", sum1.Year.End))
	require.Contains(t, before, "|VT/2025-2026/00001|20250310|411000|")
	require.Contains(t, before, "|1200,00|0,00|AAA|20260625|")
	require.NotContains(t, before, "20260705", "the match of 05/07/2026 is the next year's")
	*h.now = time.Date(2026, 7, 15, 9, 0, 0, 0, time.UTC)
	_, _, err = h.rec.CloseFiscalYear(ctx, h.y1.Label, "me")
	require.NoError(t, err)
	res, err := h.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
	require.NoError(t, err)
	require.Len(t, res.Partials, 1)
	require.Equal(t, date(2026, 7, 1), res.Partials[0].Date)
	after, _ := h.fec(t, h.y1.Label)
	require.Equal(t, before, after)
	for _, y := range []ledger.FiscalYear{h.y1, h.y2, h.y3} {
		s, sum := h.fec(t, y.Label)
		rep, err := fec.Validate(strings.NewReader(s), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
		require.NoError(t, err)
		require.True(t, rep.OK(), "%s: %v", y.Label, rep.Findings)
	}
	s2, _ := h.fec(t, h.y2.Label)
	require.Contains(t, s2, "|AN/2026-2027/00001|20260701|411000|Clients|C1|Partner C1|VT/2025-2026/00002|20260620|Vente|2400,00|0,00|AAB|20260705|")

	usd := currency.MustLookup("USD")
	require.NoError(t, h.book.SetRate(ctx, usd, date(2025, 1, 1), currency.MustParseRate("1.25")))
	reviewFecPost(t, h.book, journal.Entry{Journal: "VT", Date: date(2026, 9, 1), Type: journal.TypeInvoice, Label: "USD", Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(usd, "1000.00")}, {Account: "706000", AmountCurrency: currency.MustParse(usd, "-1000.00")}}})
	for _, c := range []struct {
		d          journal.Date
		rate, prov string
	}{{h.y2.End, "2", "300.00"}, {h.y3.End, "1.6", "175.00"}} {
		_, err := h.rec.Revalue(ctx, reconcile.Revaluation{Date: c.d, Rates: map[string]currency.Rate{"USD": currency.MustParseRate(c.rate)}, Provision: true})
		require.NoError(t, err, c.d)
		b, err := h.book.Balance(ctx, ledger.BalanceQuery{Account: "151500", At: c.d})
		require.NoError(t, err)
		require.Equal(t, c.prov, b.Balance.Neg().Plain(), c.d)
	}
	tb, err := h.book.TrialBalance(ctx, h.y3.End)
	require.NoError(t, err)
	for _, r := range tb.Rows {
		if r.Account == "781500" {
			require.Equal(t, "-125.00", r.Balance.Plain())
		}
	}
}
