package reconcile_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
)

// newHrev117Fixture is newFixture's book with the fiscal years of a
// company closing on 30 June: a first year of 18 months (1 January 2025 –
// 30 June 2026, "2025-2026"), then 1 July 2026 – 30 June 2027
// ("2026-2027"), a short year 1 July – 31 December 2027 ("2027") and
// calendar 2028. The clock starts on 2 January 2025.
func newHrev117Fixture(t *testing.T) *fixture {
	t.Helper()
	now := time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	st := memstore.New()
	b, err := ledger.Create(ctx, st, ledger.Options{Currency: eur, Clock: clock, Strict: true})
	require.NoError(t, err)
	for _, y := range []ledger.FiscalYear{
		ledger.FiscalYearFrom(journal.MustDate(2025, 1, 1), 18),
		ledger.FiscalYearFrom(journal.MustDate(2026, 7, 1), 12),
		ledger.FiscalYearFrom(journal.MustDate(2027, 7, 1), 6),
		ledger.CalendarYear(2028),
	} {
		require.NoError(t, b.AddFiscalYear(ctx, y))
	}
	require.NoError(t, b.InstallFrenchChart(ctx))
	for _, p := range []string{"C1", "C2", "C3", "S1"} {
		require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: p, Name: "Partner " + p}))
	}
	r, err := reconcile.New(ctx, b, reconcile.Config{Tolerance: []currency.Amount{e("0.05")}})
	require.NoError(t, err)
	return &fixture{st: st, book: b, rec: r, now: &now}
}

// Was failing, fixed: a payment whose communication writes the number of an invoice
// of a fiscal year that spans two calendar years with spaces for its
// separators — "REGLEMENT VT 2025-2026 00002", "FACT N°VT 2025-2026
// 00002", "FACTURE VT 2025 2026 00002" for VT/2025-2026/00002 — names
// nothing ("nothing names it: post it to the suspense account"), whereas
// the same writing of a calendar year's number ("REGLEMENT VT 2026 00031"
// for VT/2026/00031) and "VT 2025-2026 00002" alone are found.
// spacedRefEnd joins a prefix with "one or two groups of digits" only:
// "2025-2026" is not a group of digits and "2025 2026 00002" is three.
// The book itself numbers every entry of a July–June company
// "VT/2025-2026/00002" (DESIGN §4: label "2025-2026" otherwise), so its
// customers' transfers quote it that way. Expected: the invoice
// VT/2025-2026/00002 proposed (exact reference), as for a calendar year.
// Source: DESIGN §11 rule 1 (references "normalised (case, spaces,
// separators) before comparing"), refTokens godoc ("REGLEMENT VT 2026
// 00031" names VT/2026/00031), DESIGN §4 (year label 2025-2026).
func TestHrev117SpacedNumberOfAYearSpanningTwoCalendarYears(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"VT 2025-2026 00002", "REGLEMENT VT 2025-2026 00002", "FACT N°VT 2025-2026 00002", "FACTURE VT 2025 2026 00002"} {
		t.Run(text, func(t *testing.T) {
			f := newHrev117Fixture(t)
			b := &h86Book{rvBank: newRvBank(t, f), docs: map[string]journal.Entry{}}
			h73Invoice(t, f, "C1", journal.MustDate(2026, 5, 1), "100.00", "")
			x := h73Invoice(t, f, "C2", journal.MustDate(2026, 5, 1), "100.00", "")
			h73Invoice(t, f, "C3", journal.MustDate(2026, 7, 2), "100.00", "")
			h73Invoice(t, f, "C1", journal.MustDate(2026, 7, 2), "100.00", "")
			require.Equal(t, "VT/2025-2026/00002", x.Name())
			props := b.lines(t, journal.MustDate(2026, 7, 20), reconcile.Rules{}, h86Line{amount: "100.00", label: "VIR SEPA RECU", remittance: text})
			require.True(t, props[0].Matched, rvDescribe(props[0]))
			require.Equal(t, []journal.ID{x.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
			require.Equal(t, reconcile.ExactReference, props[0].Confidence, rvDescribe(props[0]))
		})
	}
}
