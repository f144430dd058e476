package print_test

// Review h-rev108: partner statements (h-rev106's fixes) read back with
// pdftotext. Tests marked FAILS fail on the code reviewed.

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

// Was failing, fixed: a statement as the customer stands now (Reconciler.Statement),
// printed as at 10/03, for an invoice of 1 000,00 € of 01/03 of which
// 400,00 € were paid on 20/03, prints "Date : 10/03/2026 … VT/2026/00001
// … Reste dû 600,00 €": 20/03's figures under 10/03, where the customer
// owed 1 000,00 € that day. Only a document dated after at is refused;
// a payment dated after at, lettered on a document dated before it, is
// not (it is not on the statement, its effect is). The right result:
// ErrDocument (build it with StatementAt), or Reste dû 1 000,00 €.
// Source: PartnerStatement's godoc ("it would print another day's
// figures under at" is why such a statement is refused), the CHANGELOG
// entry ("it refuses a statement as at another date than the one
// printed"), DESIGN §11 (an item is open at D by its residual at D).
func TestHrev108StatementAsNowPaidAfterDatePrintsThatDay(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	inv := hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 3, 1), journal.MustDate(2026, 3, 31), e("1000.00"))
	_, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQR", Amount: e("400.00"),
		Date: journal.MustDate(2026, 3, 20), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	at := journal.MustDate(2026, 3, 10)
	then, err := r.StatementAt(ctx, "411000", "C1", at)
	require.NoError(t, err)
	require.Equal(t, "1000.00", then.Due.Plain(), "what the customer owed on 10/03")

	now, err := r.Statement(ctx, "411000", "C1")
	require.NoError(t, err)
	var buf bytes.Buffer
	err = print.PartnerStatement(&buf, "Atelier", "Dupont SARL", at, now)
	if err != nil {
		require.ErrorIs(t, err, print.ErrDocument)
		return
	}
	got := text(t, buf.Bytes())
	require.Contains(t, got, "Date : 10/03/2026")
	require.Regexp(t, `Reste dû +1 000,00 €`, got, "20/03's figures under 10/03:\n%s", got)
}

// Was failing, fixed: a supplier's bill entered with the supplier's own invoice number
// "FAC-2026-03-000123" (18 characters; the book takes references up to
// far longer) is listed as "AC/2026/00001 (FAC-2026-03-0…": the Pièce
// column (55 mm) is cut with an ellipsis, so the supplier's number the
// statement now promises is not on the page, and neither the supplier
// nor the clerk can tell which invoice is due. The right result: the
// number and the reference printed whole ("AC/2026/00001
// (FAC-2026-03-000123)"), wrapped or in a column of their own. Source:
// PartnerStatement's godoc ("its open documents, by the book's number and
// their own"), the CHANGELOG ("lists each document by the book's number
// and its own (a supplier's invoice number)"), page.table's godoc
// ("amounts …, IBANs and numbers are printed whole").
func TestHrev108SupplierStatementReferenceCut(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "F1", Name: "Papeterie Mériadec"}))
	const ref = "FAC-2026-03-000123"
	bill, err := b.Post(ctx, journal.Entry{Journal: "AC", Date: journal.MustDate(2026, 3, 2), Type: journal.TypeInvoice, Ref: ref,
		Lines: []journal.Line{{Account: "401000", Partner: "F1", Balance: e("-1234.56"), DueDate: journal.MustDate(2026, 4, 1)},
			{Account: "606400", Balance: e("1234.56")}}})
	require.NoError(t, err)
	s, err := r.StatementAt(ctx, "401000", "F1", journal.MustDate(2026, 3, 31)) // as at the date printed
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Papeterie Mériadec", journal.MustDate(2026, 3, 31), s))
	got := text(t, buf.Bytes())
	require.Contains(t, got, bill.Entry.Name())
	require.Contains(t, got, "1 234,56 €")
	require.Contains(t, got, ref, "the supplier's invoice number whole:\n%s", got)
}

// Pins: a statement over several currencies lists each document in its
// own (a USD invoice, a USD credit note, a euro invoice) and totals in
// euros, the Reste dû the sum of the residuals in euros; StatementAt on a
// supplier's account before any document is empty and prints.
func TestHrev108StatementMixedCurrencies(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	usd := currency.MustLookup("USD")
	u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Acme Inc"}))
	post := func(typ journal.EntryType, on journal.Date, bal, cur currency.Amount) {
		t.Helper()
		_, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: on, Type: typ, Currency: cur.Currency(), Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: bal, AmountCurrency: cur, DueDate: journal.MustDate(2026, 3, 31)},
			{Account: "706000", Balance: bal.Neg(), AmountCurrency: cur.Neg()}}})
		require.NoError(t, err)
	}
	post(journal.TypeInvoice, journal.MustDate(2026, 2, 1), e("920.00"), u("1000.00"))
	post(journal.TypeCreditNote, journal.MustDate(2026, 2, 5), e("-230.00"), u("-250.00"))
	post(journal.TypeInvoice, journal.MustDate(2026, 2, 7), e("500.00"), e("500.00"))
	s, err := r.StatementAt(ctx, "411000", "C1", journal.MustDate(2026, 3, 31)) // as at the date printed
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Acme Inc", journal.MustDate(2026, 3, 31), s))
	got := text(t, buf.Bytes())
	require.Len(t, regexpAll(`1 000,00 \$US +1 000,00 \$US`, got), 1, "%s", got)
	require.Len(t, regexpAll(`-250,00 \$US +-250,00 \$US`, got), 1, "%s", got)
	require.Regexp(t, `Reste dû +1 420,00 €`, got)
	require.Regexp(t, `Reste à utiliser +230,00 €`, got)

	empty, err := r.StatementAt(ctx, "401000", "C1", journal.MustDate(2026, 1, 2))
	require.NoError(t, err)
	require.Empty(t, empty.Open)
	require.Equal(t, "0.00", empty.Due.Plain())
	require.NoError(t, print.PartnerStatement(&bytes.Buffer{}, "Atelier", "Acme Inc", journal.MustDate(2026, 1, 2), empty))
}

// Was failing, fixed: a statement as at 10/03 (StatementAt) of an invoice of
// 1 000,00 € offering an escompte of 20,00 € until 15/03 prints "Escompte
// VT/2026/00001 : 20,00 € si réglée au plus tard le 15/03/2026, soit
// 980,00 €"; once the invoice is cancelled on 20/03 (Reconciler.Reverse),
// the same statement as at 10/03 still lists the invoice due in full but
// no longer its escompte: offersDiscount asks whether the invoice is
// reversed now, not at the statement's date. The right result: the same
// statement as at 10/03 both times, the escompte line included (on 10/03
// the invoice was not cancelled and offered it). Source: StatementAt's
// godoc ("as a statement sent on that date showed them"),
// PartnerStatement's godoc ("the early-payment discounts invoices still
// offer on at").
func TestHrev108StatementAtDiscountLostByLaterCancellation(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	inv, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice,
		DiscountOffer: &journal.DiscountOffer{Amount: e("20.00"), Until: journal.MustDate(2026, 3, 15)},
		Lines: []journal.Line{{Account: "411000", Partner: "C1", Balance: e("1000.00"), DueDate: journal.MustDate(2026, 3, 31)},
			{Account: "706000", Balance: e("-1000.00")}}})
	require.NoError(t, err)
	at := journal.MustDate(2026, 3, 10)
	print10 := func() string {
		t.Helper()
		s, err := r.StatementAt(ctx, "411000", "C1", at)
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Dupont SARL", at, s))
		return text(t, buf.Bytes())
	}
	before := print10()
	require.Contains(t, before, "Escompte")
	_, err = r.Reverse(ctx, reconcile.Reversal{Entry: inv.Entry.ID, Date: journal.MustDate(2026, 3, 20)})
	require.NoError(t, err)
	after := print10()
	require.Regexp(t, `Reste dû +1 000,00 €`, after, "the invoice was due in full on 10/03")
	require.Contains(t, after, "Escompte", "the escompte offered on 10/03:\n%s", after)
}
