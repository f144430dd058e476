package print_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

var eur = currency.MustLookup("EUR")

func e(s string) currency.Amount { return currency.MustParse(eur, s) }

// text extracts a PDF's text with pdftotext, proving it parses; without
// the tool the test skips that part.
func text(t *testing.T, pdf []byte) string {
	t.Helper()
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")), "a PDF")
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (Debian: poppler-utils); .ci/run installs it")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o644))
	out, err := exec.Command("pdftotext", "-layout", path, "-").CombinedOutput()
	require.NoError(t, err, string(out))
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(string(out))
}

func TestTransferSlip(t *testing.T) {
	run := bank.CreditTransferRun{MsgID: "RUN-1", CreatedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), ExecutionDate: journal.MustDate(2026, 3, 3),
		Debtor: bank.Party{Name: "Atelier Lévêque", IBAN: "FR7630006000011234567890189", BIC: "BNPAFRPP"},
		Payments: []bank.CreditTransfer{
			{EndToEndID: "RUN-1-1", Amount: e("1234.56"), Creditor: bank.Party{Name: "Fournisseur GmbH", IBAN: "DE89370400440532013000"}, Remittance: "FA-118"},
			{EndToEndID: "RUN-1-2", Amount: e("99.99"), Creditor: bank.Party{Name: "Société Générale d'Équipement", IBAN: "BE68539007547034"}, CreditorRef: "RF18539007547034"},
		}}
	var a, b bytes.Buffer
	require.NoError(t, print.TransferSlip(&a, run))
	require.NoError(t, print.TransferSlip(&b, run))
	require.Equal(t, a.Bytes(), b.Bytes(), "the same slip prints the same bytes")
	got := text(t, a.Bytes())
	for _, want := range []string{"Atelier Lévêque", "Bordereau de virements SEPA", "03/03/2026", "FR76 3000 6000 0112 3456 7890 189",
		"Fournisseur GmbH", "1 234,56 €", "99,99 €", "2 virements", "1 334,55 €", "RF18539007547034", "Bénéficiaire"} {
		require.Contains(t, got, want)
	}
	require.ErrorIs(t, print.TransferSlip(&a, bank.CreditTransferRun{}), print.ErrDocument)
}

func TestDepositSlip(t *testing.T) {
	d := print.ChequeDeposit{Company: "Atelier", Account: "FR7630006000011234567890189", ID: "REM-1", Date: journal.MustDate(2026, 3, 6),
		Cheques: []print.Cheque{{Drawer: "Dupont SARL", Bank: "Crédit Agricole", Number: "0001234", Amount: e("100.00")},
			{Drawer: "Martin", Number: "0004567", Amount: e("290.00")}}}
	var buf bytes.Buffer
	require.NoError(t, print.DepositSlip(&buf, d))
	got := text(t, buf.Bytes())
	for _, want := range []string{"Bordereau de remise de chèques", "06/03/2026", "Dupont SARL", "Crédit Agricole", "0001234", "2 chèques", "390,00 €", "REM-1"} {
		require.Contains(t, got, want)
	}
	require.ErrorIs(t, print.DepositSlip(&buf, print.ChequeDeposit{}), print.ErrDocument)
}

func TestReceiptAndStatement(t *testing.T) {
	r := print.Receipt{Company: "Atelier", Partner: "Dupont SARL", Number: "BQ/2026/00012", Date: journal.MustDate(2026, 3, 20),
		Amount: e("1500.00"), Method: "Virement", Documents: []print.ReceiptLine{{Number: "VT/2026/00031", Amount: e("1200.00")},
			{Number: "VT/2026/00032", Amount: e("300.00")}}}
	var buf bytes.Buffer
	require.NoError(t, print.PaymentReceipt(&buf, r))
	got := text(t, buf.Bytes())
	for _, want := range []string{"Reçu de paiement", "Dupont SARL", "BQ/2026/00012", "1 500,00 €", "VT/2026/00031", "1 200,00 €", "20/03/2026"} {
		require.Contains(t, got, want)
	}
	require.ErrorIs(t, print.PaymentReceipt(&buf, print.Receipt{}), print.ErrDocument)

	s := reconcile.PartnerStatement{Partner: "C1", Account: "411000", Due: e("700.00"), Unallocated: e("50.00"),
		Open: []reconcile.Item{{Number: "VT/2026/00040", Date: journal.MustDate(2026, 3, 1), DueDate: journal.MustDate(2026, 3, 31),
			Amount: e("1000.00"), Residual: e("700.00")}},
		Credits: []reconcile.Item{{Number: "BQ/2026/00050", Date: journal.MustDate(2026, 3, 5), Amount: e("-50.00"), Residual: e("-50.00")}}}
	buf.Reset()
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Dupont SARL", journal.MustDate(2026, 3, 31), s))
	got = text(t, buf.Bytes())
	for _, want := range []string{"Relevé de compte", "Dupont SARL (C1)", "VT/2026/00040", "31/03/2026", "700,00 €", "-50,00 €", "Reste à utiliser"} {
		require.Contains(t, got, want)
	}
	// An invoice still offering its early-payment discount says so.
	s.Open = append(s.Open, reconcile.Item{Number: "VT/2026/00041", Date: journal.MustDate(2026, 3, 25), DueDate: journal.MustDate(2026, 4, 24),
		Amount: e("1200.00"), Residual: e("1200.00"), AmountCurrency: e("1200.00"), ResidualCurrency: e("1200.00"),
		DiscountOffer: &journal.DiscountOffer{Amount: e("24.00"), Until: journal.MustDate(2026, 4, 4)}})
	buf.Reset()
	require.NoError(t, print.PartnerStatement(&buf, "Atelier", "Dupont SARL", journal.MustDate(2026, 3, 31), s))
	got = text(t, buf.Bytes())
	require.Contains(t, got, "VT/2026/00041 : 24,00 € si réglée au plus tard le 04/04/2026, soit 1 176,00 €")
	require.ErrorIs(t, print.PartnerStatement(&buf, "A", "B", journal.MustDate(2026, 3, 31), reconcile.PartnerStatement{}), print.ErrDocument)
}

func TestMissingAmountsAreRefused(t *testing.T) {
	var buf bytes.Buffer
	err := print.DepositSlip(&buf, print.ChequeDeposit{Company: "A", Account: "FR7630006000011234567890189", ID: "R", Date: journal.MustDate(2026, 3, 6),
		Cheques: []print.Cheque{{Drawer: "X", Number: "1", Amount: e("1.00")}, {Drawer: "Y", Number: "2"}}})
	require.ErrorIs(t, err, print.ErrDocument)
	require.Zero(t, buf.Len())
	err = print.PaymentReceipt(&buf, print.Receipt{Company: "A", Partner: "B", Number: "1", Date: journal.MustDate(2026, 3, 6), Amount: e("1.00"),
		Documents: []print.ReceiptLine{{Number: "VT/1"}}})
	require.ErrorIs(t, err, print.ErrDocument)
}
