package journal_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev78Terms returns percentage instalments, each with its rule.
func hrev78Terms(parts ...any) journal.PaymentTerms {
	var pt journal.PaymentTerms
	for i := 0; i < len(parts); i += 2 {
		pt.Instalments = append(pt.Instalments, journal.Instalment{Percent: tax.MustParsePercent(parts[i].(string)),
			Due: parts[i+1].(journal.DueRule)})
	}
	return pt
}

func hrev78Net(days int) journal.DueRule { return journal.DueRule{Kind: journal.NetDays, Days: days} }

// hrev78Split returns the due dates and amounts of total under pt, as
// "date amount".
func hrev78Split(t *testing.T, pt journal.PaymentTerms, total string, date journal.Date) []string {
	t.Helper()
	dates, parts, err := pt.Split(eurAmount(total), date, currency.HalfAwayFromZero)
	require.NoError(t, err)
	out := make([]string, len(dates))
	for i := range dates {
		out[i] = dates[i].String() + " " + parts[i].Plain()
	}
	return out
}

// Odoo test_payment_term.py, test_payment_term: "Today", "Net 30 days"
// and "60 days two lines" (30 % at 15 days, 70 % at 45 days), on a
// customer credit note as Odoo's test builds (out_refund): the receivable
// lines carry the terms' due dates.
func TestHrev78OdooPaymentTermDates(t *testing.T) {
	today := journal.PaymentTerms{}
	net30 := journal.PaymentTerms{Due: hrev78Net(30)}
	two := hrev78Terms("30", hrev78Net(15), "70", hrev78Net(45))
	for _, c := range []struct {
		pt   journal.PaymentTerms
		date journal.Date
		want []string
	}{
		{today, journal.MustDate(2019, 1, 1), []string{"2019-01-01"}},
		{today, journal.MustDate(2019, 1, 31), []string{"2019-01-31"}},
		{net30, journal.MustDate(2022, 1, 1), []string{"2022-01-31"}},
		{net30, journal.MustDate(2022, 1, 15), []string{"2022-02-14"}},
		{net30, journal.MustDate(2022, 1, 31), []string{"2022-03-02"}},
		{two, journal.MustDate(2022, 1, 1), []string{"2022-01-16", "2022-02-15"}},
		{two, journal.MustDate(2022, 1, 15), []string{"2022-01-30", "2022-03-01"}},
		{two, journal.MustDate(2022, 1, 31), []string{"2022-02-15", "2022-03-17"}},
	} {
		inv := journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: c.date, Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{Label: "x", UnitPrice: eurAmount("1000.00"), Taxes: []tax.Tax{vat20}, Account: "706000"}},
			Terms: c.pt}
		e, err := inv.Entry()
		require.NoError(t, err)
		var got []string
		for _, l := range e.Lines {
			if l.Account == "411000" {
				got = append(got, l.DueDate.String())
				assert.Equal(t, -1, l.AmountCurrency.Sign(), "a credit note's receivable lines are credits")
			}
		}
		assert.Equal(t, c.want, got, "%s", c.date)
	}
	// The two lines of 1 200.00 TTC: 360.00 and 840.00.
	assert.Equal(t, []string{"2022-01-16 360.00", "2022-02-15 840.00"}, hrev78Split(t, two, "1200.00", journal.MustDate(2022, 1, 1)))
}

// Odoo test_payment_term.py (older): "45 Days from End of Month"
// (after_invoice_month) gives 17 March 2019 for invoices of 1, 15 and 31
// January 2019; "Last Day of month" gives 31 January. Newer
// test_payment_term_days_end_of_month_days_next_month_0: 30 days then the
// end of that month, 22 April 2024 → 31 May 2024.
func TestHrev78OdooEndOfMonthRules(t *testing.T) {
	eomThen45 := journal.DueRule{Kind: journal.EndOfMonthThenDays, Days: 45}
	eom := journal.DueRule{Kind: journal.DaysThenEndOfMonth}
	for _, d := range []int{1, 15, 31} {
		assert.Equal(t, "2019-03-17", eomThen45.Due(journal.MustDate(2019, 1, d)).String())
		assert.Equal(t, "2019-01-31", eom.Due(journal.MustDate(2019, 1, d)).String())
	}
	assert.Equal(t, "2024-05-31", journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 30}.Due(journal.MustDate(2024, 4, 22)).String())
}

// Odoo test_payment_term_compute_method_without_cash_discount (50 % at 2
// days, 50 % at 4 days of 1 150.00 from 1 January 2016: 575.00 each) and
// test_payment_term_residual_amount_on_last_line (50 / 50 of 0.03: 0.02
// then 0.01, the last takes the remainder); test_payment_term_labels
// (40 / 30 / 30 at 0 / 30 / 60 days: total × 0.4, × 0.3, × 0.3);
// test_payment_term_percent_round_calculation (50 + 20 × 1.66 + 16.8 is
// accepted as 100 %).
func TestHrev78OdooInstalmentAmounts(t *testing.T) {
	d := journal.MustDate(2016, 1, 1)
	half := hrev78Terms("50", hrev78Net(2), "50", hrev78Net(4))
	assert.Equal(t, []string{"2016-01-03 575.00", "2016-01-05 575.00"}, hrev78Split(t, half, "1150.00", d))
	assert.Equal(t, []string{"2016-01-03 0.02", "2016-01-05 0.01"}, hrev78Split(t, half, "0.03", d))
	labels := hrev78Terms("40", hrev78Net(0), "30", hrev78Net(30), "30", hrev78Net(60))
	assert.Equal(t, []string{"2016-01-01 480.00", "2016-01-31 360.00", "2016-03-01 360.00"}, hrev78Split(t, labels, "1200.00", d))

	parts := []any{"50", hrev78Net(0)}
	for range 20 {
		parts = append(parts, "1.66", hrev78Net(0))
	}
	parts = append(parts, "16.8", hrev78Net(0))
	got := hrev78Split(t, hrev78Terms(parts...), "1000.00", d)
	require.Len(t, got, 22)
	assert.Equal(t, "2016-01-01 500.00", got[0])
	assert.Equal(t, "2016-01-01 16.60", got[1])
	assert.Equal(t, "2016-01-01 168.00", got[21])
}

// Odoo test_payment_term_compute_method_with_cash_discount ("included":
// 10 % within 1 day of 1 150.00 TTC → 115.00 off, 1 035.00 to pay, due 3
// January 2016 for the 2-day term) and the "2/7 net 30" invoice of 99.00
// (97.02 to pay within 7 days) and supplier bill of 1 000.00 (980.00).
func TestHrev78OdooEarlyDiscountIncluded(t *testing.T) {
	pt := journal.PaymentTerms{Due: hrev78Net(2), Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("10"), Days: 1}}
	off, ok, err := pt.DiscountOn(eurAmount("1150.00"), currency.HalfAwayFromZero)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "115.00", off.Plain())
	until, _ := pt.DiscountDeadline(journal.MustDate(2016, 1, 1))
	assert.Equal(t, "2016-01-02", until.String())
	assert.Equal(t, []string{"2016-01-03 1150.00"}, hrev78Split(t, pt, "1150.00", journal.MustDate(2016, 1, 1)))

	net30 := journal.PaymentTerms{Due: hrev78Net(30), Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 7}}
	for _, c := range []struct {
		kind  journal.InvoiceKind
		price string
		off   string
	}{{journal.CustomerInvoice, "99.00", "1.98"}, {journal.SupplierBill, "1000.00", "20.00"}} {
		inv := journal.Invoice{Kind: c.kind, Journal: "HA", Date: journal.MustDate(2026, 3, 1), Partner: "F1", PartnerAccount: "401000",
			Lines: []journal.InvoiceLine{{Label: "x", UnitPrice: eurAmount(c.price), Account: "607000"}}, Terms: net30}
		e, err := inv.Entry()
		require.NoError(t, err)
		require.NotNil(t, e.DiscountOffer)
		assert.Equal(t, c.off, e.DiscountOffer.Amount.Plain())
		assert.Equal(t, "2026-03-08", e.DiscountOffer.Until.String())
		assert.Equal(t, "2026-03-31", e.Lines[0].DueDate.String())
	}
}

// Tryton account_invoice test_payment_term: 30 days from 1 October 2011
// is 31 October; Tryton test_negative_amount splits -10.00 in quarters of
// -2.50 (lettrage's Split of a negative total keeps every part negative).
func TestHrev78TrytonDaysAndNegative(t *testing.T) {
	assert.Equal(t, "2011-10-31", hrev78Net(30).Due(journal.MustDate(2011, 10, 1)).String())
	q := hrev78Terms("25", hrev78Net(30), "25", hrev78Net(31), "50", hrev78Net(60))
	assert.Equal(t, []string{"2011-10-31 -2.50", "2011-11-01 -2.50", "2011-11-30 -5.00"}, hrev78Split(t, q, "-10.00", journal.MustDate(2011, 10, 1)))
}

// Code de commerce art. L441-10 I: at most 60 days from the invoice date,
// or 45 days end of month; the DGCCRF accepts both readings of "45 jours
// fin de mois": +45 days then the end of that month (DaysThenEndOfMonth,
// the reading ledger.Partner documents) or the end of the invoice's month
// then +45 days (EndOfMonthThenDays). Checked on a leap year and across a
// year end.
func TestHrev78L441TenFortyFiveDaysEndOfMonth(t *testing.T) {
	then := journal.DueRule{Kind: journal.DaysThenEndOfMonth, Days: 45}
	after := journal.DueRule{Kind: journal.EndOfMonthThenDays, Days: 45}
	for _, c := range []struct {
		inv         journal.Date
		then, after string
	}{
		{journal.MustDate(2026, 1, 10), "2026-02-28", "2026-03-17"},
		{journal.MustDate(2024, 1, 10), "2024-02-29", "2024-03-16"},
		{journal.MustDate(2025, 12, 20), "2026-02-28", "2026-02-14"},
		{journal.MustDate(2026, 1, 31), "2026-03-31", "2026-03-17"},
		{journal.MustDate(2026, 2, 14), "2026-03-31", "2026-04-14"},
	} {
		assert.Equal(t, c.then, then.Due(c.inv).String(), "%s +45 then end of month", c.inv)
		assert.Equal(t, c.after, after.Due(c.inv).String(), "%s end of month then +45", c.inv)
	}
	assert.Equal(t, "2026-03-11", hrev78Net(60).Due(journal.MustDate(2026, 1, 10)).String(), "60 days from the invoice date")
}

// Tryton account_invoice test_payment_term: 1 587.35 in four quarters
// gives 396.84, 396.84, 396.84 and the remainder 396.83 in Tryton (and in
// Odoo, which rounds each line and gives the last the rest). Lettrage
// rounds where each instalment ends (Split's godoc), so the unit moves to
// the third: 396.84, 396.84, 396.83, 396.84 — another figure, documented,
// the same total; no law decides between them.
func TestHrev78TrytonQuartersRounding(t *testing.T) {
	q := hrev78Terms("25", hrev78Net(30), "25", hrev78Net(31), "25", hrev78Net(61), "25", hrev78Net(105))
	assert.Equal(t, []string{"2011-10-31 396.84", "2011-11-01 396.84", "2011-12-01 396.83", "2012-01-14 396.84"},
		hrev78Split(t, q, "1587.35", journal.MustDate(2011, 10, 1)))
}
