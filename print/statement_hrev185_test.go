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

// A customer's statement with an opening balance of 100,00 €, an invoice
// of 500,00 € paid 200,00 €, and a credit note of 50,00 €: each line ends
// on its running balance, 100,00, 400,00 and 350,00 €, and the balance
// under the totals is the last of them.
func TestHrev185StatementRunningBalance(t *testing.T) {
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	_, err := b.Post(ctx, journal.Entry{Journal: "OD", Date: journal.MustDate(2026, 1, 1), Type: journal.TypeOpening, Label: "À nouveau", Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("100.00"), DueDate: journal.MustDate(2026, 1, 31)}, {Account: "110000", Balance: e("-100.00")}}})
	require.NoError(t, err)
	inv := hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 2, 1), journal.MustDate(2026, 3, 3), e("500.00"))
	_, err = r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Amount: e("200.00"),
		Date: journal.MustDate(2026, 2, 10), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
	require.NoError(t, err)
	hrev106Invoice(t, ctx, b, "C1", journal.MustDate(2026, 2, 15), journal.Date{}, e("-50.00"))

	at := journal.MustDate(2026, 3, 31)
	st, err := r.StatementAt(ctx, "411000", "C1", at)
	require.NoError(t, err)
	require.Len(t, st.Open, 2)
	require.Len(t, st.Credits, 1)
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Dupont SARL", at, st))
	got := text(t, buf.Bytes())
	require.Contains(t, got, "Solde", "the running balance's column:\n%s", got)
	require.Len(t, regexpAll(`100,00 € +100,00 € +100,00 €`, got), 1, "the opening balance:\n%s", got)
	require.Len(t, regexpAll(`500,00 € +300,00 € +400,00 €`, got), 1, "the invoice, partly paid:\n%s", got)
	require.Len(t, regexpAll(`-50,00 € +-50,00 € +350,00 €`, got), 1, "the credit note:\n%s", got)
	require.Regexp(t, `Reste dû +400,00 €`, got)
	require.Regexp(t, `Reste à utiliser +50,00 €`, got)
	require.Regexp(t, `Solde +350,00 €`, got, "the balance, the last running one")
}
