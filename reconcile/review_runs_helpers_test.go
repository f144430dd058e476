package reconcile_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// rrJournal adds BQO: a bank journal with an IBAN, paying through 512200.
func rrJournal(t *testing.T, f *fixture) {
	t.Helper()
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BQO", Name: "Banque", Kind: ledger.JournalBank, BankAccount: "512000",
		UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: "FR7630006000011234567890189"}))
}

// rrSupplier adds a supplier with one bank account.
func rrSupplier(t *testing.T, f *fixture, code, name, iban string, addr ledger.Address) {
	t.Helper()
	if iban == "" {
		iban = "NL91ABNA0417164300"
	}
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: code, Name: name, Address: addr,
		BankAccounts: []ledger.BankAccount{{IBAN: ident.IBAN(iban)}}}))
}

// rrBill posts a supplier bill of ttc due on due, with a reference.
func rrBill(t *testing.T, f *fixture, p string, date, due journal.Date, ttc, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "AC", Date: date, Type: journal.TypeInvoice, Ref: ref, Lines: []journal.Line{
		{Account: "401000", Partner: p, Balance: e(ttc).Neg(), DueDate: due},
		{Account: "607000", Balance: e(ttc)},
	}})
}

// rrFile writes the SEPA file of a run and, when xmllint is installed,
// validates it against the EPC schema.
func rrFile(t *testing.T, f *fixture, run reconcile.PaymentRun) (string, error) {
	t.Helper()
	ct, err := bank.CreditTransfers(ctx, f.book, run, "Atelier Lévêque & Fils")
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := bank.WritePain001(&buf, ct); err != nil {
		return "", err
	}
	if _, err := exec.LookPath("xmllint"); err == nil {
		path := filepath.Join(t.TempDir(), "run.xml")
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		out, err := exec.Command("xmllint", "--noout", "--schema", "../bank/testdata/pain.001.001.09.xsd", path).CombinedOutput()
		require.NoError(t, err, "xmllint rejects the run's file:\n%s\n%s", out, buf.String())
	}
	return buf.String(), nil
}
