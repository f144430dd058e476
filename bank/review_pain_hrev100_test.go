package bank_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// hrev100Swiss is a supplier in Switzerland, in SEPA but outside the EEA.
var hrev100Swiss = bank.Party{Name: "Uhren Zürich AG", IBAN: "CH9300762011623852957", BIC: "UBSWCHZH80A",
	Address: ledger.Address{Street: "Bahnhofstrasse", BuildingNumber: "45", PostCode: "8001", Town: "Zürich", Country: "CH"}}

// Was failing, fixed: a SEPA transfer to an account held at a PSP outside the EEA
// (Switzerland, the United Kingdom, Monaco, San Marino, Andorra...) must
// carry the beneficiary's BIC: IBAN-only (Regulation (EU) 260/2012) covers
// the EEA only, and the EPC SCT rulebook makes AT-C002 mandatory for
// non-EEA SEPA PSPs (French bank channels state it: "L'IBAN only n'est
// plus autorisé pour les transactions vers des banques hors pays EEA SEPA;
// le BIC ... obligatoire", support.cedricom.com article 152). WritePain001
// writes a CH creditor without any CdtrAgt; the bank rejects the
// transaction. Expected: ErrTransfer, nothing written.
func TestHrev100NonEEACreditorWithoutBIC(t *testing.T) {
	run := sampleRun()
	run.Payments[0].Creditor = hrev100Swiss
	run.Payments[0].Creditor.BIC = ""
	var buf bytes.Buffer
	err := bank.WritePain001(&buf, run)
	require.ErrorIs(t, err, bank.ErrTransfer, "a Swiss IBAN without BIC is written")
	require.Zero(t, buf.Len())
}

// Was failing, fixed: for a transfer to a PSP outside the EEA the originator's address
// is mandatory (Regulation (EU) 2015/847 art. 4 and 5: payer's address for
// transfers leaving the Union; EPC SCT rulebook AT-P005, echoed by the
// schema's note on Dbtr/PstlAdr "recommended when ... Creditor Agent is a
// non-EEA SEPA PSP"; French banks: "l'adresse de l'ordonnateur ...
// obligatoire lorsque [la] Banque est hors pays EEA SEPA"). WritePain001
// writes a debtor without PstlAdr paying a Swiss account. Expected:
// ErrTransfer (or the debtor address written).
func TestHrev100NonEEADebtorWithoutAddress(t *testing.T) {
	run := sampleRun()
	run.Debtor.Address = ledger.Address{}
	run.Payments[0].Creditor = hrev100Swiss
	var buf bytes.Buffer
	err := bank.WritePain001(&buf, run)
	require.ErrorIs(t, err, bank.ErrTransfer, "a payment to a Swiss PSP from a debtor without address is written")
}

// hrev100Book is a book with journal BNPO (outstanding payments) and
// supplier p.
func hrev100Book(t *testing.T, p ledger.Partner) (*ledger.Book, *reconcile.Reconciler) {
	t.Helper()
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	r15bOutstandingJournal(t, b)
	require.NoError(t, b.AddPartner(ctx, p))
	return b, r
}

// Was failing, fixed: RunPayments checks "what the SEPA file will need of the creditor
// ... before the run is booked", yet it books a run paying a Swiss
// supplier whose bank account has no BIC: the bill goes in_payment and
// 512200 is credited, for a transfer the bank refuses (BIC mandatory for a
// non-EEA SEPA PSP, EPC SCT rulebook AT-C002; see
// TestHrev100NonEEACreditorWithoutBIC). Expected: ErrRun, nothing booked.
func TestHrev100RunSwissSupplierWithoutBIC(t *testing.T) {
	b, r := hrev100Book(t, ledger.Partner{Code: "SWISS", Name: "Uhren Zürich AG",
		Address:      ledger.Address{Street: "Bahnhofstrasse", BuildingNumber: "45", PostCode: "8001", Town: "Zürich", Country: "CH"},
		BankAccounts: []ledger.BankAccount{{IBAN: "CH9300762011623852957"}}})
	reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Ref: "CH-2026-7", Lines: []journal.Line{
		{Account: "401000", Partner: "SWISS", Balance: reviewE("-900.00")}, {Account: "607000", Balance: reviewE("900.00")}}})
	_, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5), Debtor: "Atelier Lévêque"})
	require.ErrorIs(t, err, reconcile.ErrRun, "a run paying a Swiss account without BIC is booked")
	require.Equal(t, "0.00", r15bBal(t, b, "512200"))
}

// Was failing, fixed: a run paying a Swiss supplier (BIC and address given) gives a
// file whose debtor has no postal address: CreditTransfers builds the
// debtor from a name and the journal's IBAN only, and has no way to take
// the company's address. For a non-EEA beneficiary PSP the originator's
// address is mandatory (Regulation (EU) 2015/847 art. 4-5, EPC SCT
// rulebook AT-P005): the bank rejects the transfer. Expected: the Dbtr of
// that file carries PstlAdr (TwnNm and Ctry at least), or the run / file
// is refused before anything is sent.
func TestHrev100RunSwissSupplierDebtorAddress(t *testing.T) {
	b, r := hrev100Book(t, ledger.Partner{Code: "SWISS", Name: "Uhren Zürich AG",
		Address:      ledger.Address{Street: "Bahnhofstrasse", BuildingNumber: "45", PostCode: "8001", Town: "Zürich", Country: "CH"},
		BankAccounts: []ledger.BankAccount{{IBAN: "CH9300762011623852957", BIC: "UBSWCHZH80A"}}})
	reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Ref: "CH-2026-7", Lines: []journal.Line{
		{Account: "401000", Partner: "SWISS", Balance: reviewE("-900.00")}, {Account: "607000", Balance: reviewE("900.00")}}})
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5), Debtor: "Atelier Lévêque"})
	if err != nil {
		return // refused before booking: acceptable
	}
	ct, err := bank.CreditTransfers(ctx, b, run, "Atelier Lévêque")
	if err != nil {
		return
	}
	var buf bytes.Buffer
	if err := bank.WritePain001(&buf, ct); err != nil {
		return
	}
	out := buf.String()
	dbtr := out[strings.Index(out, "<Dbtr>"):strings.Index(out, "</Dbtr>")]
	require.Contains(t, dbtr, "<PstlAdr>", "a transfer to a Swiss PSP without the originator's address")
}

// Was failing, fixed: CreditTransfers promises each remittance is "the numbers of the
// bills paid and of the credit notes set off against them"; with many
// bills the joined numbers pass 140 characters and WritePain001 cuts them
// mid-number, so the supplier reads "F2026-01": no bill paid, the number
// of another invoice (the supplier letters the payment against the wrong
// one). Ustrd is limited to 140 (EPC SCT C2PSP IG 2023, AT-T009; CFONB
// guide du virement SEPA: Ustrd ≤ 140). Expected: only whole bill numbers
// in Ustrd (those that fit), never a truncated one.
func TestHrev100RemittanceCutsBillNumber(t *testing.T) {
	b, r := hrev100Book(t, ledger.Partner{Code: "MANY", Name: "Hélène d'Arc & Fils",
		BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}})
	refs := map[string]bool{}
	for i := 1; i <= 15; i++ {
		ref := fmt.Sprintf("F2026-01%02d", i)
		refs[ref] = true
		reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Ref: ref, Lines: []journal.Line{
			{Account: "401000", Partner: "MANY", Balance: reviewE("-10.00")}, {Account: "607000", Balance: reviewE("10.00")}}})
	}
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5), Debtor: "Atelier"})
	require.NoError(t, err)
	ct, err := bank.CreditTransfers(ctx, b, run, "Atelier")
	require.NoError(t, err)
	out := r15bLint(t, ct)
	require.Contains(t, out, "<Nm>Helene d'Arc + Fils</Nm>")
	m := regexp.MustCompile(`<Ustrd>([^<]*)</Ustrd>`).FindStringSubmatch(out)
	require.NotNil(t, m)
	toks := strings.Fields(m[1])
	// A last "+N" says how many numbers did not fit: no number of its own.
	if last := toks[len(toks)-1]; regexp.MustCompile(`^\+[0-9]+$`).MatchString(last) {
		toks = toks[:len(toks)-1]
	}
	for _, tok := range toks {
		require.True(t, refs[tok], "Ustrd %q holds %q, no bill number of the run", m[1], tok)
	}
}

// Was failing, fixed: CreditTransfers promises "The run's id is the message id:
// writing the file again gives the same file", but it reads the
// supplier's bank account from the partner master data at writing time.
// After the supplier's IBAN is changed, the file of the same run written
// again keeps MsgId and EndToEndId and pays another account than the one
// the run was made for (and checked by SEPAParty): a bank that refused
// the first file as a duplicate MsgId now executes, or the payment goes
// to an account nobody approved in the run. Expected: the same bytes
// (the run keeps the creditor account it was made with), or an error.
func TestHrev100RunFileAgainAfterIBANChange(t *testing.T) {
	p := ledger.Partner{Code: "SOC", Name: "Société Générale d'Équipement",
		BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}
	b, r := hrev100Book(t, p)
	reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Ref: "FA_2026/118", Lines: []journal.Line{
		{Account: "401000", Partner: "SOC", Balance: reviewE("-480.00")}, {Account: "607000", Balance: reviewE("480.00")}}})
	run, err := r.RunPayments(ctx, reconcile.RunRequest{Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5), Debtor: "Atelier"})
	require.NoError(t, err)
	ct, err := bank.CreditTransfers(ctx, b, run, "Atelier")
	require.NoError(t, err)
	first := r15bLint(t, ct)
	require.Contains(t, first, "<Ustrd>FA-2026/118</Ustrd>")
	require.Contains(t, first, "<Nm>Societe Generale d'Equipement</Nm>")
	p.BankAccounts = []ledger.BankAccount{{IBAN: "FR7630006000011234567890189"}}
	require.NoError(t, b.UpdatePartner(ctx, p))
	ct, err = bank.CreditTransfers(ctx, b, run, "Atelier")
	if err != nil {
		return
	}
	var again bytes.Buffer
	if bank.WritePain001(&again, ct) != nil {
		return
	}
	require.Equal(t, first, again.String(), "the same run (same MsgId) written again pays another account")
}
