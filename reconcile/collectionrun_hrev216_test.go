package reconcile_test

import (
	"sync"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev216Fixture is newFixture with fiscal years from 2022: a mandate's
// last use three years back needs its run's year in the book.
func hrev216Fixture(t *testing.T) *fixture {
	t.Helper()
	st := stores[0].Open(t)
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Second)
		return now
	}
	b, err := ledger.Create(ctx, st, ledger.Options{Currency: eur, Clock: clock, Strict: true})
	require.NoError(t, err)
	for y := 2022; y <= 2027; y++ {
		require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(y)))
	}
	require.NoError(t, b.InstallFrenchChart(ctx))
	r, err := reconcile.New(ctx, b, reconcile.Config{Tolerance: []currency.Amount{e("0.05")}})
	require.NoError(t, err)
	f := &fixture{st: st, book: b, rec: r, now: &now}
	rrJournal(t, f)
	return f
}

// hrev216Customer adds customer code with one account under a recurrent
// mandate signed on signed.
func hrev216Customer(t *testing.T, f *fixture, code, iban string, signed journal.Date) {
	t.Helper()
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: code, Name: "Client " + code, BankAccounts: []ledger.BankAccount{
		{IBAN: ident.IBAN(iban), Mandate: ledger.Mandate{Reference: "RUM-" + code, Signed: signed}}}}))
}

// hrev216Collect posts an invoice of 100,00 to each customer due on date
// and runs the collection of date for them.
func hrev216Collect(t *testing.T, f *fixture, date journal.Date, partners ...string) (reconcile.CollectionRun, error) {
	t.Helper()
	for _, p := range partners {
		h201Invoice(t, f, p, date.AddDays(-20), date.AddDays(-1), "100.00", "FA-"+p+"-"+date.String())
	}
	return f.rec.RunCollections(ctx, reconcile.CollectionRequest{Journal: "BQO", Date: date, DueBy: date, Partners: partners,
		Creditor: "Atelier Lévêque & Fils", CreditorID: h201ICS})
}

func hrev216Collected(run reconcile.CollectionRun) []string {
	var out []string
	for _, c := range run.Collections {
		out = append(out, c.Partner)
	}
	return out
}

// Collecting on 15/03/2026: a mandate signed 14/03/2023 (36 months and a
// day before) and never used has lapsed; one last used on 14/03/2023 too,
// though signed earlier; one last used 15/04/2023 (35 months before) is
// collected, and so is one signed 15/03/2023, 36 months to the day: the
// rulebook lets 36 months pass after the last use, the day they end
// included. A collection cancelled since is no use.
func TestHrev216MandateLapsesAfter36Months(t *testing.T) {
	t.Parallel()
	f := hrev216Fixture(t)
	date := journal.MustDate(2026, 3, 15)
	hrev216Customer(t, f, "C1", "FR7630006000011234567890189", journal.MustDate(2023, 3, 14))
	hrev216Customer(t, f, "C2", "DE89370400440532013000", journal.MustDate(2022, 1, 10))
	hrev216Customer(t, f, "C3", "NL91ABNA0417164300", journal.MustDate(2023, 3, 15))
	hrev216Customer(t, f, "C4", "FR1420041010050500013M02606", journal.MustDate(2022, 1, 10))
	hrev216Customer(t, f, "C5", "BE68539007547034", journal.MustDate(2022, 1, 10))

	_, err := hrev216Collect(t, f, journal.MustDate(2023, 3, 14), "C4")
	require.NoError(t, err)
	_, err = hrev216Collect(t, f, journal.MustDate(2023, 4, 15), "C2")
	require.NoError(t, err)
	// C5's collection of 15/04/2023, cancelled: the mandate is still
	// unused since it was signed, in 2022.
	cancelled, err := hrev216Collect(t, f, journal.MustDate(2023, 4, 15), "C5")
	require.NoError(t, err)
	_, err = f.rec.CancelPayment(ctx, journal.NewID(), cancelled.Collections[0].Payment.ID)
	require.NoError(t, err)

	run, err := hrev216Collect(t, f, date, "C1", "C2", "C3", "C4", "C5")
	require.NoError(t, err)
	assert.Equal(t, []string{"C2", "C3"}, hrev216Collected(run))
	assert.Equal(t, []reconcile.LeftOut{
		{Partner: "C1", Reason: "mandate lapsed: signed on 2023-03-14, more than 36 months before the collection date: mandate RUM-C1 is no longer valid, have the customer sign a new one"},
		{Partner: "C4", Reason: "mandate lapsed: last used on 2023-03-14, more than 36 months before the collection date: mandate RUM-C4 is no longer valid, have the customer sign a new one"},
		{Partner: "C5", Reason: "mandate lapsed: signed on 2022-01-10, more than 36 months before the collection date: mandate RUM-C5 is no longer valid, have the customer sign a new one"},
	}, run.LeftOut)
	f.check(t)
}

// A mandate moved to another account (MoveMandate): the next collection
// carries the account it debited before, the one after does not; that
// collection cancelled, the next one carries it again. Never collected
// under, the first collection carries the account it was moved from.
func TestHrev216MandateAmendedOnce(t *testing.T) {
	t.Parallel()
	f := hrev216Fixture(t)
	const first, second = "FR7630006000011234567890189", "DE89370400440532013000"
	hrev216Customer(t, f, "C1", first, d(1, 10))
	hrev216Customer(t, f, "C2", "NL91ABNA0417164300", d(1, 10))
	amended := func(run reconcile.CollectionRun) map[string]ident.IBAN {
		out := map[string]ident.IBAN{}
		for _, c := range run.Collections {
			out[c.Partner] = c.AmendedFrom.IBAN
		}
		return out
	}
	run, err := hrev216Collect(t, f, d(3, 2), "C1")
	require.NoError(t, err)
	assert.Equal(t, map[string]ident.IBAN{"C1": ""}, amended(run))

	require.NoError(t, f.book.MoveMandate(ctx, "C1", "RUM-C1", ledger.BankAccount{IBAN: second, BIC: "COBADEFFXXX"}))
	require.NoError(t, f.book.MoveMandate(ctx, "C2", "RUM-C2", ledger.BankAccount{IBAN: "BE68539007547034"}))
	run, err = hrev216Collect(t, f, d(3, 3), "C1", "C2")
	require.NoError(t, err)
	assert.Equal(t, map[string]ident.IBAN{"C1": first, "C2": "NL91ABNA0417164300"}, amended(run))
	assert.Equal(t, ident.IBAN(second), run.Collections[0].Account.IBAN)

	_, err = f.rec.CancelPayment(ctx, journal.NewID(), run.Collections[0].Payment.ID)
	require.NoError(t, err)
	run, err = hrev216Collect(t, f, d(3, 4), "C1", "C2")
	require.NoError(t, err)
	assert.Equal(t, map[string]ident.IBAN{"C1": first, "C2": ""}, amended(run))

	run, err = hrev216Collect(t, f, d(3, 5), "C1", "C2")
	require.NoError(t, err)
	assert.Equal(t, map[string]ident.IBAN{"C1": "", "C2": ""}, amended(run))
	f.check(t)
}
