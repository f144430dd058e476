package print_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type hrev148Fixture struct {
	book              *ledger.Book
	rec               *reconcile.Reconciler
	payC1, payC2, inv journal.ID
}

func hrev148Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func hrev148Setup(t *testing.T) hrev148Fixture {
	ctx := context.Background()
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	book := hrev148Must(ledger.Create(ctx, memstore.New(), ledger.Options{Currency: eur, Clock: func() time.Time { now = now.Add(time.Second); return now }}))
	require.NoError(t, book.AddFiscalYear(ctx, ledger.CalendarYear(2025)))
	require.NoError(t, book.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, book.InstallFrenchChart(ctx))
	require.NoError(t, book.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont; \"Frères\" SARL"}))
	require.NoError(t, book.AddPartner(ctx, ledger.Partner{Code: "C2", Name: "Müller GmbH"}))
	usd := currency.MustLookup("USD")
	require.NoError(t, book.SetRate(ctx, usd, journal.MustDate(2026, 1, 1), currency.MustParseRate("1.10")))
	require.NoError(t, book.SetRate(ctx, usd, journal.MustDate(2026, 2, 1), currency.MustParseRate("1.25")))
	r := hrev148Must(reconcile.New(ctx, book, reconcile.Config{}))
	sale := func(d journal.Date, p, ttc, ht, vat, label string) journal.Entry {
		return hrev148Must(book.Post(ctx, journal.Entry{Journal: "VT", Date: d, Type: journal.TypeInvoice, Label: label, Lines: []journal.Line{
			{Account: "411000", Partner: p, DueDate: d.AddDays(30), Balance: e(ttc)},
			{Account: "706000", Balance: e(ht).Neg()},
			{Account: "445710", Balance: e(vat).Neg()},
		}})).Entry
	}
	old := sale(journal.MustDate(2025, 12, 31), "C1", "1200.00", "1000.00", "200.00", "Facture F25-31")
	sale(journal.MustDate(2026, 1, 1), "C1", "600.00", "500.00", "100.00", `Facture "spéciale"; réf|A 'été'`)
	a := currency.MustParse(usd, "1000.00")
	fx := hrev148Must(book.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 1, 20), Type: journal.TypeInvoice, Currency: usd, Label: "Invoice US-1", Lines: []journal.Line{
		{Account: "411000", Partner: "C2", DueDate: journal.MustDate(2026, 2, 19), AmountCurrency: a}, {Account: "706000", AmountCurrency: a.Neg()}}})).Entry
	p1 := hrev148Must(r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: journal.MustDate(2026, 1, 15),
		Amount: e("1200.00"), Method: reconcile.MethodTransfer, Label: "Virement C1", Invoices: []journal.ID{old.ID}}))
	p2 := hrev148Must(r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "BQ", Date: journal.MustDate(2026, 2, 10),
		Amount: currency.MustParse(usd, "500.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{fx.ID}}))
	require.NoError(t, book.Check(ctx))
	return hrev148Fixture{book: book, rec: r, payC1: p1.Entries[0].ID, payC2: p2.Entries[0].ID, inv: fx.ID}
}

// The receipts of a euro and a dollar payment read back from the PDF.
func TestHrev148Receipts(t *testing.T) {
	ctx := context.Background()
	fx := hrev148Setup(t)
	rc, err := print.ReceiptOf(ctx, fx.book, fx.payC1, "Atelier Lévêque")
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, print.PaymentReceipt(&buf, rc))
	got := text(t, buf.Bytes())
	for _, want := range []string{"Atelier Lévêque", "Reçu de paiement", "15/01/2026", `Dupont; "Frères" SARL`, "BQ/2026/00001",
		"1 200,00 €", "Virement", "VT/2025/00001"} {
		assert.Contains(t, got, want)
	}
	rc, err = print.ReceiptOf(ctx, fx.book, fx.payC2, "Atelier Lévêque")
	require.NoError(t, err)
	assert.Equal(t, "500.00", rc.Amount.Plain())
	assert.Equal(t, "USD", rc.Amount.Currency().Code())
	require.Len(t, rc.Documents, 1)
	assert.Equal(t, "VT/2026/00002", rc.Documents[0].Number)
	assert.Equal(t, "500.00", rc.Documents[0].Amount.Plain())
	buf.Reset()
	require.NoError(t, print.PaymentReceipt(&buf, rc))
	got = text(t, buf.Bytes())
	assert.Contains(t, got, "Müller GmbH")
	assert.Contains(t, got, "10/02/2026")
	assert.Contains(t, got, "500,00")
	assert.NotContains(t, got, "400,00")
}

// Statements of C1 at the year end and in 2026, and of C2 with its
// partly paid dollar invoice.
func TestHrev148Statements(t *testing.T) {
	ctx := context.Background()
	fx := hrev148Setup(t)
	print1 := func(partner, name string, at journal.Date) (reconcile.PartnerStatement, string) {
		s, err := fx.rec.StatementAt(ctx, "411000", partner, at)
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, print.PartnerStatement(&buf, "Atelier Lévêque", name, at, s))
		return s, text(t, buf.Bytes())
	}
	s, got := print1("C1", `Dupont; "Frères" SARL`, journal.MustDate(2025, 12, 31))
	assert.Equal(t, "1200.00", s.Due.Plain())
	assert.Contains(t, got, "VT/2025/00001")
	assert.Contains(t, got, "31/12/2025")
	assert.Contains(t, got, "30/01/2026")
	assert.Len(t, regexpAll(`Reste dû\s+1 200,00 €`, got), 1, got)

	s, got = print1("C1", `Dupont; "Frères" SARL`, journal.MustDate(2026, 1, 31))
	assert.Equal(t, "600.00", s.Due.Plain())
	assert.NotContains(t, got, "VT/2025/00001")
	assert.Contains(t, got, "VT/2026/00001")
	assert.Len(t, regexpAll(`Reste dû\s+600,00 €`, got), 1, got)

	s, got = print1("C2", "Müller GmbH", journal.MustDate(2026, 3, 31))
	assert.Equal(t, "454.54", s.Due.Plain())
	require.Len(t, s.Open, 1)
	assert.Equal(t, "500.00", s.Open[0].ResidualCurrency.Plain())
	assert.Contains(t, got, "VT/2026/00002")
	assert.Contains(t, got, "1 000,00")
	assert.Contains(t, got, "500,00")
	assert.Len(t, regexpAll(`Reste dû\s+454,54 €`, got), 1, got)
	t.Log(got)
}
