package report_test

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The 2027 FEC of a book whose USD invoice was half paid, revalued with a
// provision at the end of 2026 and paid in 2027: opening rows item by item
// with the letters that tie them to 2027 (WriteFEC godoc), the 2026 result
// 880.00 (1 000.00 − 20.00 FX − 100.00 provision) on 120000, and a file
// the validator passes.
func TestHrev88FECOpeningCarriesRevaluationLetter(t *testing.T) {
	book := must(ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur, Clock: fixedClock()}))
	check(book.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	check(book.AddFiscalYear(ctx, ledger.CalendarYear(2027)))
	check(book.InstallFrenchChart(ctx))
	check(book.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	r := must(reconcile.New(ctx, book, reconcile.Config{}))
	usd := currency.MustLookup("USD")
	check(book.SetRate(ctx, usd, date(2026, 1, 1), currency.MustParseRate("1.20")))
	check(book.SetRate(ctx, usd, date(2026, 6, 1), currency.MustParseRate("1.25")))
	check(book.SetRate(ctx, usd, date(2027, 1, 1), currency.MustParseRate("1.60")))
	a := currency.MustParse(usd, "1200.00")
	inv := must(book.Post(ctx, journal.Entry{Journal: "VT", Date: date(2026, 3, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", AmountCurrency: a}, {Account: "706000", AmountCurrency: a.Neg()}}})).Entry
	must(r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: date(2026, 6, 2),
		Amount: currency.MustParse(usd, "600.00"), Invoices: []journal.ID{inv.ID}}))
	must(r.Revalue(ctx, reconcile.Revaluation{Date: date(2026, 12, 31),
		Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.50")}, Provision: true}))
	must(r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: date(2027, 2, 1),
		Amount: currency.MustParse(usd, "600.00"), Invoices: []journal.ID{inv.ID}}))
	var buf bytes.Buffer
	_, err := report.WriteFEC(ctx, book, "2027", &buf, report.FECOptions{Separator: fec.Pipe})
	require.NoError(t, err)
	out := buf.String()
	// The revaluation line open at the end of 2026 opens 2027 with the
	// letter its reversal of 1 January carries; the invoice's rest opens
	// with its USD rest and the letter of its 2027 match.
	assert.Contains(t, out, "|411000|Clients|C1|Dupont SARL|OD/2026/00001|20261231|Écart de conversion|0,00|100,00|AAA|20270101|")
	assert.Contains(t, out, "|OD/2027/00001|20270101|411000|Clients|C1|Dupont SARL|OD/2027/00001|20270101|Extourne de OD/2026/00001 - Écart de conversion|100,00|0,00|AAA|20270101|")
	assert.Contains(t, out, "|411000|Clients|C1|Dupont SARL|VT/2026/00001|20260301|VT/2026/00001|500,00|0,00|AAB|20270201|20270101|600,00|USD")
	assert.Contains(t, out, "|120000|Résultat de l'exercice (bénéfice)|||AN/2027/00001|20270101|A nouveaux|0,00|880,00|")
	rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{})
	require.NoError(t, err)
	assert.True(t, rep.OK(), "%v", rep.Findings)
}
