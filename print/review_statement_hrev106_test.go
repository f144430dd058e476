package print_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
)

// Was failing, fixed: the statement's "Partenaire" line is one cell to the page's
// right edge, never cut nor wrapped: a customer's long legal name (a
// partner name the book accepts, 85 characters) runs off the A4 page, and
// the partner code closing it, "(C1)", is not on the page: pdftotext reads
// "… Les Caves Réunies » (C1" at best. The right result: the name and code
// printed whole, readable ("… « Les Caves Réunies » (C1)"). Source: the
// review brief (long partner names; text cut so that it cannot be read)
// and PartnerStatement's godoc (it prints the partner).
func TestHrev106StatementLongPartnerNameRunsOffPage(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	name := "Compagnie Générale des Établissements Œnologiques de l’Hérault « Les Caves Réunies »"
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: name}))
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 3, 1), journal.MustDate(2026, 3, 31), e("1000.00"))
	s, err := r.StatementAt(ctx, "411000", "C1", journal.MustDate(2026, 3, 31)) // as at the date printed
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", name, journal.MustDate(2026, 3, 31), s))
	got := text(t, buf.Bytes())
	require.Contains(t, got, "1 000,00 €")
	require.Contains(t, got, "Réunies » (C1)", "the partner's name and code on the page:\n%s", got)
}

// Was failing, fixed: a customer invoiced 1 000,00 $US (worth 920,00 € in the book)
// gets a statement that shows only 920,00 € for it, in both "Montant" and
// "Reste dû": the amount invoiced and the amount the customer still owes,
// 1 000,00 $US, is nowhere on the page. The right result: the document's
// amount and reste dû in its own currency (Item.AmountCurrency and
// ResidualCurrency, "the reste dû in the document's own currency"), as the
// statement already does for the same invoice's escompte line. Source:
// reconcile.Item's godoc; PartnerStatement's "open documents with what
// remains due"; the review brief (foreign-currency documents on a
// statement).
func TestHrev106StatementForeignInvoiceInItsCurrency(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	usd := currency.MustLookup("USD")
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Acme Inc"}))
	_, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 2, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("920.00"), AmountCurrency: currency.MustParse(usd, "1000.00"), DueDate: journal.MustDate(2026, 3, 3)},
		{Account: "706000", Balance: e("-920.00"), AmountCurrency: currency.MustParse(usd, "-1000.00")}}})
	require.NoError(t, err)
	s, err := r.StatementAt(ctx, "411000", "C1", journal.MustDate(2026, 3, 31)) // as at the date printed
	require.NoError(t, err)
	require.Len(t, s.Open, 1)
	require.Equal(t, "1000.00 USD", s.Open[0].ResidualCurrency.String(), "what the customer owes")
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Acme Inc", journal.MustDate(2026, 3, 31), s))
	got := text(t, buf.Bytes())
	require.Contains(t, got, "1 000,00 $US", "the invoice's amount and reste dû as invoiced:\n%s", got)
}

// Was failing, fixed: a statement printed at a past date, 10/03, for a customer who
// owed 1 000,00 € on VT/2026/00001 that day (paid and lettered on 20/03),
// and whose VT/2026/00002 is dated 25/03: the printed "Relevé de compte,
// Date : 10/03/2026" lists the invoice of 25/03 (not yet issued on
// 10/03) and leaves out VT/2026/00001, open on 10/03, so its "Reste dû"
// is 500,00 € where the customer owed 1 000,00 € that day. The right
// result: the documents dated on or before 10/03 with their residuals at
// 10/03 (ledger.Tx.OpenItemsAt / ResidualAt, partials dated on or before
// the date), Reste dû 1 000,00 €; or the statement refused for a date it
// does not describe. Source: DESIGN §11 (aged balance: "an item is open
// at D by its residual at D (partials dated on or before D)"),
// PartnerStatement's date "at" printed as the statement's date, and the
// review brief (a statement at a past date with documents lettered after
// it).
func TestHrev106StatementAtPastDateShowsToday(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	inv := hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 3, 1), journal.MustDate(2026, 3, 31), e("1000.00"))
	_, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQR",
		Date: journal.MustDate(2026, 3, 20), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	later := hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 3, 25), journal.MustDate(2026, 4, 24), e("500.00"))
	at := journal.MustDate(2026, 3, 10)
	// The book knows where the customer stood on 10/03.
	open, err := b.OpenItemsAt(ctx, "411000", "C1", at)
	require.NoError(t, err)
	require.Len(t, open, 1)
	require.Equal(t, inv.Name(), open[0].Number)
	require.Equal(t, "1000.00", open[0].Residual.Balance.Abs().Plain())

	// As the customer stands now, it is refused under 10/03 (changed after
	// this review, which printed it: StatementAt now gives the statement
	// at a past date).
	now, err := r.Statement(ctx, "411000", "C1")
	require.NoError(t, err)
	require.ErrorIs(t, print.PartnerStatement(&bytes.Buffer{}, "Atelier", "Dupont SARL", at, now), print.ErrDocument)
	s, err := r.StatementAt(ctx, "411000", "C1", at)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Dupont SARL", at, s))
	got := text(t, buf.Bytes())
	require.Contains(t, got, "Date : 10/03/2026")
	require.NotContains(t, got, later.Name(), "an invoice of 25/03 on a statement of 10/03:\n%s", got)
	require.Contains(t, got, inv.Name(), "the invoice open on 10/03:\n%s", got)
	require.Regexp(t, `Reste dû +1 000,00 €`, got)
}

// Was failing, fixed: a supplier's statement (relevé fournisseur, account 401000)
// lists each bill by the book's own entry number only ("AC/2026/00001"):
// the supplier's invoice number the bill was entered with, "FA-2026-0210"
// (the entry's Ref, reconcile.Item.Reference: "the document's own
// number"), is printed nowhere, so neither the supplier nor the clerk can
// tell which of the supplier's invoices are still due. The right result:
// each document's reference printed beside its number. Source:
// reconcile.Item.Reference's godoc; the review brief (a reference
// missing).
func TestHrev106SupplierStatementShowsBillReference(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "F1", Name: "Papeterie Mériadec"}))
	bill, err := b.Post(ctx, journal.Entry{Journal: "AC", Date: journal.MustDate(2026, 3, 2), Type: journal.TypeInvoice, Ref: "FA-2026-0210",
		Label: "Fournitures de bureau", Lines: []journal.Line{
			{Account: "401000", Partner: "F1", Balance: e("-1234.56"), DueDate: journal.MustDate(2026, 4, 1)},
			{Account: "606400", Balance: e("1234.56")}}})
	require.NoError(t, err)
	s, err := r.StatementAt(ctx, "401000", "F1", journal.MustDate(2026, 3, 31)) // as at the date printed
	require.NoError(t, err)
	require.Len(t, s.Open, 1)
	require.Equal(t, "FA-2026-0210", s.Open[0].Reference)
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Papeterie Mériadec", journal.MustDate(2026, 3, 31), s))
	got := text(t, buf.Bytes())
	require.Contains(t, got, bill.Entry.Name())
	require.Contains(t, got, "1 234,56 €")
	require.Contains(t, got, "FA-2026-0210", "the supplier's invoice number:\n%s", got)
}
