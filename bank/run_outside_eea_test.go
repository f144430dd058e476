package bank_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// A run paying a supplier in Switzerland, its bank's BIC known, made with
// the company's address: the file names the supplier's bank and carries
// the company's address, and validates; the account the run paid stays
// the file's after the supplier's record changes.
func TestRunOutsideEEAWithBICAndAddress(t *testing.T) {
	p := ledger.Partner{Code: "SWISS", Name: "Uhren Zürich AG",
		Address:      ledger.Address{Street: "Bahnhofstrasse", BuildingNumber: "45", PostCode: "8001", Town: "Zürich", Country: "CH"},
		BankAccounts: []ledger.BankAccount{{IBAN: "CH9300762011623852957", BIC: "UBSWCHZH80A"}}}
	b, r := hrev100Book(t, p)
	reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Ref: "CH-2026-7", Lines: []journal.Line{
		{Account: "401000", Partner: "SWISS", Balance: reviewE("-900.00")}, {Account: "607000", Balance: reviewE("900.00")}}})
	req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5), Debtor: "Atelier Lévêque"}
	_, err := r.RunPayments(ctx, req)
	require.ErrorIs(t, err, reconcile.ErrRun, "without the company's address")
	require.Equal(t, "0.00", r15bBal(t, b, "512200"))
	req.DebtorAddress = ledger.Address{Street: "Rue de la Paix", BuildingNumber: "3", PostCode: "75002", Town: "Paris", Country: "FR"}
	run, err := r.RunPayments(ctx, req)
	require.NoError(t, err)
	ct, err := bank.CreditTransfers(ctx, b, run, "Atelier Lévêque")
	require.NoError(t, err)
	out := r15bLint(t, ct)
	require.Contains(t, out, "<BICFI>UBSWCHZH80A</BICFI>")
	require.Contains(t, out, "<TwnNm>Paris</TwnNm>")
	p.BankAccounts = []ledger.BankAccount{{IBAN: "FR7630006000011234567890189"}}
	require.NoError(t, b.UpdatePartner(ctx, p))
	again, err := r.RunPayments(ctx, req) // the same operation: the run as it was made
	require.NoError(t, err)
	ct, err = bank.CreditTransfers(ctx, b, again, "Atelier Lévêque")
	require.NoError(t, err)
	require.Equal(t, out, r15bLint(t, ct))
}
