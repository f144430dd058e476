package print_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/print"
	"github.com/stretchr/testify/require"
)

// A French supplier's IBAN (27 characters, 33 on paper) on the transfer
// slip the bank reads, and an amount of 123 456 789,00 € (SEPA goes to
// 999 999 999,99).
func TestR15bTransferSlipCutsAmountsAndIBANs(t *testing.T) {
	run := bank.CreditTransferRun{MsgID: "RUN-1", CreatedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), ExecutionDate: journal.MustDate(2026, 3, 3),
		Debtor: bank.Party{Name: "Atelier", IBAN: "FR7630006000011234567890189"},
		Payments: []bank.CreditTransfer{
			{EndToEndID: "RUN-1-1", Amount: e("123456789.00"), Creditor: bank.Party{Name: "Fournisseur", IBAN: "FR1420041010050500013M02606"}, Remittance: "FA-1"},
		}}
	var buf bytes.Buffer
	require.NoError(t, print.TransferSlip(&buf, run))
	got := text(t, buf.Bytes())
	t.Log(got)
	require.Contains(t, got, "FR14 2004 1010 0505 0001 3M02 606", "the beneficiary's IBAN")
	// Changed when the slip gained each transfer's execution date, between
	// its reference and its amount.
	require.Regexp(t, `FA-1 +03/03/2026 +123 456 789,00 €`, got, "the transfer's amount")
}

// A Polish drawer's name prints as written (the embedded fonts cover
// every European script).
func TestR15bDepositSlipUnprintableName(t *testing.T) {
	d := print.ChequeDeposit{Company: "Atelier", Account: "FR7630006000011234567890189", ID: "REM-1", Date: journal.MustDate(2026, 3, 6),
		Cheques: []print.Cheque{{Drawer: "Łukasz Wróbel", Number: "0001234", Amount: e("100.00")}}}
	var buf bytes.Buffer
	require.NoError(t, print.DepositSlip(&buf, d))
	got := text(t, buf.Bytes())
	require.Contains(t, got, "Łukasz Wróbel", "printed as:\n%s", got)
}
