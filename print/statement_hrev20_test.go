package print_test

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// A statement printed on 31/03 must not tell the customer it may still
// pay 1 176,00 € by 11/03: that offer ended before the statement's date.
func TestHrev20PrintedStatementExpiredOffer(t *testing.T) {
	s := reconcile.PartnerStatement{Partner: "C1", Account: "411000", Due: e("1200.00"), Unallocated: e("0.00"),
		Open: []reconcile.Item{{Number: "VT/2026/00041", Date: journal.MustDate(2026, 3, 1), DueDate: journal.MustDate(2026, 3, 31),
			Amount: e("1200.00"), Residual: e("1200.00"), AmountCurrency: e("1200.00"), ResidualCurrency: e("1200.00"),
			DiscountOffer: &journal.DiscountOffer{Amount: e("24.00"), Until: journal.MustDate(2026, 3, 11)}}}}
	var buf bytes.Buffer
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Dupont SARL", journal.MustDate(2026, 3, 31), s))
	got := text(t, buf.Bytes())
	require.NotContains(t, got, "si réglée au plus tard le 11/03/2026", "offer ended 11/03, statement of 31/03:\n%s", got)
	// the same statement on 05/03 offers it
	buf.Reset()
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Dupont SARL", journal.MustDate(2026, 3, 5), s))
	require.Contains(t, text(t, buf.Bytes()), "VT/2026/00041 : 24,00 € si réglée au plus tard le 11/03/2026, soit 1 176,00 €")
}
