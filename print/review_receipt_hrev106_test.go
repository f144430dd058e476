package print_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
)

// Was failing, fixed: the receipt's "Libellé" (and "Reçu de") line is one cell to the
// page's right edge, never cut nor wrapped: a payment's label of 120
// characters (the book takes up to 1 024) runs off the A4 page, and its
// end, which names the last invoices settled ("… VT/2026/00004"), is not
// on the receipt. The right result: the label printed whole, readable.
// Source: Receipt.Label ("printed as given") and the review brief (long
// labels; text cut so that it cannot be read).
func TestHrev106ReceiptLongLabelRunsOffPage(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Boulangerie Pâtissière « Au Cœur Doré »"}))
	var ids []journal.ID
	for i := 0; i < 4; i++ {
		ids = append(ids, hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 3, 1+i), journal.MustDate(2026, 3, 31), e("1234.56")).ID)
	}
	label := "Règlement de l’acompte et du solde des factures de mars, après déduction de l’avoir, VT/2026/00001 à VT/2026/00004"
	pay, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQR",
		Date: journal.MustDate(2026, 3, 20), Method: reconcile.MethodSEPATransfer, Label: label, Invoices: ids})
	require.NoError(t, err)
	rc, err := print.ReceiptOf(ctx, b, pay.Entries[0].ID, "Atelier Lévêque")
	require.NoError(t, err)
	require.Equal(t, label, rc.Label)
	var buf bytes.Buffer
	require.NoError(t, print.PaymentReceipt(&buf, rc))
	got := text(t, buf.Bytes())
	require.Contains(t, got, "4 938,24 €")
	require.Len(t, regexpAll(`VT/2026/0000[1-4] +1 234,56 €`, got), 4, "each invoice settled")
	require.Contains(t, got, "VT/2026/00001 à VT/2026/00004", "the label's end on the page:\n%s", got)
}

// Was failing, fixed: ReceiptOf takes a payment paid out to a supplier (Outbound, Dr
// 401000) and PaymentReceipt prints it as "Reçu de paiement / Reçu de
// Papeterie Mériadec / Montant 1 234,56 €": a receipt saying the company
// received 1 234,56 € from its supplier, when the company paid it. The
// right result: ReceiptOf refuses a payment that is not money received
// (ErrDocument, as it does for an entry that is not a payment), or the
// document names the company as the payer. Source: PaymentReceipt's
// godoc ("who paid") and reconcile.Outbound ("money paid out").
func TestHrev106ReceiptOfSupplierPaymentSaysReceivedFromSupplier(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "F1", Name: "Papeterie Mériadec"}))
	bill, err := b.Post(ctx, journal.Entry{Journal: "AC", Date: journal.MustDate(2026, 3, 2), Type: journal.TypeInvoice, Ref: "FA-2026-0210",
		Lines: []journal.Line{{Account: "401000", Partner: "F1", Balance: e("-1234.56"), DueDate: journal.MustDate(2026, 4, 1)},
			{Account: "606400", Balance: e("1234.56")}}})
	require.NoError(t, err)
	pay, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "F1", Journal: "BQR",
		Date: journal.MustDate(2026, 3, 20), Method: reconcile.MethodSEPATransfer, Invoices: []journal.ID{bill.Entry.ID}})
	require.NoError(t, err)
	rc, err := print.ReceiptOf(ctx, b, pay.Entries[0].ID, "Atelier Lévêque")
	if err == nil {
		var buf bytes.Buffer
		require.NoError(t, print.PaymentReceipt(&buf, rc))
		got := text(t, buf.Bytes())
		require.NotRegexp(t, `Reçu de +Papeterie Mériadec`, got, "money paid out printed as received from the supplier:\n%s", got)
		return
	}
	require.ErrorIs(t, err, print.ErrDocument)
}
