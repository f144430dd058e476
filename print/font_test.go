package print_test

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/print"
	"github.com/stretchr/testify/require"
)

// Partners from every European country print as written: Polish, Czech,
// Turkish, Greek and Russian names, not only Windows-1252's.
func TestEuropeanNamesPrint(t *testing.T) {
	names := []string{"Łukasz Wróbel", "Dvořák s.r.o.", "Çelik Ağ Şirketi", "Παπαδόπουλος ΑΕ", "ООО Ромашка", "Ørsted A/S"}
	var cheques []print.Cheque
	for i, n := range names {
		cheques = append(cheques, print.Cheque{Drawer: n, Number: string(rune('1' + i)), Amount: e("10.00")})
	}
	d := print.ChequeDeposit{Company: "Atelier", Account: "FR7630006000011234567890189", ID: "REM-9", Date: journal.MustDate(2026, 3, 6), Cheques: cheques}
	var a, b bytes.Buffer
	require.NoError(t, print.DepositSlip(&a, d))
	require.NoError(t, print.DepositSlip(&b, d))
	require.Equal(t, a.Bytes(), b.Bytes(), "the same slip prints the same bytes")
	got := text(t, a.Bytes())
	for _, n := range names {
		require.Contains(t, got, n)
	}
}

// A script the embedded fonts lack is refused, not printed as blanks.
func TestUnsupportedScriptIsRefused(t *testing.T) {
	for _, name := range []string{"北京贸易有限公司", "شركة", "Café ☕"} {
		d := print.ChequeDeposit{Company: "Atelier", Account: "FR7630006000011234567890189", ID: "REM-9", Date: journal.MustDate(2026, 3, 6),
			Cheques: []print.Cheque{{Drawer: name, Number: "1", Amount: e("10.00")}}}
		var buf bytes.Buffer
		require.ErrorIs(t, print.DepositSlip(&buf, d), print.ErrDocument, name)
		require.Zero(t, buf.Len(), "nothing written")
	}
}
