package bank_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// Review hrev101: SEPA transfers outside the EEA, the account a run
// keeps, its remittance.

// hrev101Swiss is a Swiss supplier, BIC given.
var hrev101Swiss = ledger.Partner{Code: "SWISS", Name: "Uhren Zürich AG",
	Address:      ledger.Address{Street: "Bahnhofstrasse", BuildingNumber: "45", PostCode: "8001", Town: "Zürich", Country: "CH"},
	BankAccounts: []ledger.BankAccount{{IBAN: "CH9300762011623852957", BIC: "UBSWCHZH80A"}}}

// Was failing, fixed: RunPayments checks "before the run is booked" that a payment
// outside the EEA has the company's address, but only that it is not
// zero: an address of a street alone (no town, no country) books the run
// (bill in_payment, 512200 credited 900.00) whose file WritePain001 then
// refuses for ever (the debtor's address needs its town and country), the
// address being kept with the run. Right: ErrRun, nothing booked —
// RunRequest.DebtorAddress godoc "a run paying a supplier there needs it,
// its town and country at least"; ErrTransfer godoc; 'lettrage run' refuses
// such an address as usage.
func TestHrev101RunDebtorAddressWithoutTownBooked(t *testing.T) {
	b, r := hrev100Book(t, hrev101Swiss)
	reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Ref: "CH-2026-7", Lines: []journal.Line{
		{Account: "401000", Partner: "SWISS", Balance: reviewE("-900.00")}, {Account: "607000", Balance: reviewE("900.00")}}})
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5), Debtor: "Atelier",
		DebtorAddress: ledger.Address{Street: "Rue de la Paix", BuildingNumber: "12"}})
	if err != nil {
		require.ErrorIs(t, err, reconcile.ErrRun)
		require.Equal(t, "0.00", r15bBal(t, b, "512200"))
		return
	}
	ct, err := bank.CreditTransfers(ctx, b, run, "Atelier")
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, bank.WritePain001(&buf, ct), "the run was booked (512200 at %s) but its file cannot be written", r15bBal(t, b, "512200"))
}

// Was failing, fixed: the same for a run inside the EEA given an address whose country
// is no ISO code ("France"): RunPayments keeps it with the run and books
// it, then every writing of the run's file fails on the debtor (country
// "France"); a retry with the address corrected replays the run with the
// bad one. Right: ErrRun before booking, as RunPayments checks what the
// file needs of the creditor ("checked before the run is booked"), or the
// file written — CreditTransfers godoc "writing the file again gives the
// same file".
func TestHrev101RunDebtorAddressBadCountryBooked(t *testing.T) {
	b, r := hrev100Book(t, ledger.Partner{Code: "SOC", Name: "Société Générale d'Équipement",
		BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}})
	reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Ref: "FA-118", Lines: []journal.Line{
		{Account: "401000", Partner: "SOC", Balance: reviewE("-480.00")}, {Account: "607000", Balance: reviewE("480.00")}}})
	req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5), Debtor: "Atelier",
		DebtorAddress: ledger.Address{Town: "Lyon", Country: "France"}}
	if _, err := r.RunPayments(ctx, req); err != nil {
		require.ErrorIs(t, err, reconcile.ErrRun)
		require.Equal(t, "0.00", r15bBal(t, b, "512200"))
		return
	}
	req.DebtorAddress.Country = "FR"
	run, err := r.RunPayments(ctx, req)
	require.NoError(t, err)
	ct, err := bank.CreditTransfers(ctx, b, run, "Atelier")
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, bank.WritePain001(&buf, ct), "the run was booked (512200 at %s) but its file cannot be written", r15bBal(t, b, "512200"))
}

// Was failing, fixed: remittanceOf gives "as many whole numbers as the field's 140
// characters hold, then "+N" for the N left out" (CreditTransfers godoc,
// CHANGELOG): a first bill number of 138 characters and a second bill
// give the first number alone, "+1" dropped, so the supplier reads a
// transfer of one bill for the amount of two. Right: the Ustrd says a
// number was left out ("+1", or "+2" when none fits beside it).
func TestHrev101RemittanceLongFirstRefDropsCount(t *testing.T) {
	b, r := hrev100Book(t, ledger.Partner{Code: "LONG", Name: "Fournisseur",
		BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}})
	long := "F" + strings.Repeat("7", 137)
	for i, ref := range []string{long, "F2026-0002"} {
		reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1 + i), Type: journal.TypeInvoice, Ref: ref, Lines: []journal.Line{
			{Account: "401000", Partner: "LONG", Balance: reviewE("-10.00")}, {Account: "607000", Balance: reviewE("10.00")}}})
	}
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5), Debtor: "Atelier"})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
	require.Len(t, run.Payments[0].Bills, 2)
	ct, err := bank.CreditTransfers(ctx, b, run, "Atelier")
	require.NoError(t, err)
	out := r15bLint(t, ct)
	m := regexp.MustCompile(`<Ustrd>([^<]*)</Ustrd>`).FindStringSubmatch(out)
	require.NotNil(t, m)
	require.Regexp(t, `(^| )\+[12]$`, m[1], "two bills paid, the remittance names one and says nothing of the other")
}
