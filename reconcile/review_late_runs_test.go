package reconcile_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A supplier with bill A (100.00, due 1 March), bill B (200.00, due 10
// March) and an open credit note of 100.00. RunPayments' doc: "A
// supplier's open credit notes are set off against its bills first", then
// the payment is lettered with the lines due (6ed360f).
//
// Expected: the credit note settles A, the run pays B (200.00), the run's
// Bills name B, the book checks, the SEPA file validates.
// Observed: the whole run fails: "payment run, supplier S2: reconcile:
// line is already in a match: line AC/2026/00001:0". The credit note
// set-off reaches zero on A and settles it into a full match; the
// payment's lettering then passes every due line again (s.due, not the
// lines still open) to w.items, which refuses a line in a match
// (ErrMatched). Any supplier whose credit note exactly covers a due bill
// blocks the run of every supplier. (The same failure existed before
// 6ed360f through registerPayment's Invoices; the rewrite kept it.)
func TestReviewLateRunCreditNoteCoversOneBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur", "", ledger.Address{})
		a := rrBill(t, f, "S2", d(2, 1), d(3, 1), "100.00", "FA-A")
		b := rrBill(t, f, "S2", d(2, 2), d(3, 10), "200.00", "FA-B")
		rlCredit(t, f, "S2", d(2, 5), "100.00", "AV-1")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 12), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "200.00", run.Payments[0].Amount.Plain())
		// Changed when a run's bills came to include those its credit
		// notes settle: A, covered by AV-1, is named beside B.
		assert.ElementsMatch(t, []journal.ID{a.ID, b.ID}, run.Payments[0].Bills)
		assert.Equal(t, "0.00", f.residual(t, a.LineRef(0)).Plain())
		assert.Equal(t, "0.00", f.residual(t, b.LineRef(0)).Plain())
		f.check(t)
		_, err = rrFile(t, f, run)
		require.NoError(t, err)
	})
}

// A bill B1 in two instalments (500.00 due 5 March, 500.00 due 25 March),
// both due by the run's DueBy (31 March).
//
// Expected: RunPayment.Bills ("the supplier documents it pays") names B1
// once, and the transfer's remittance (bank.CreditTransfers: "the numbers
// of the bills paid") reads "B1".
// Observed: Bills is [B1, B1] (one entry per partial, since the payment is
// now lettered line by line with every due line) and the SEPA file's
// <Ustrd> says "B1 B1": the supplier is told two bills are paid. Every
// bill paid in several instalments in one run, or whose several due lines
// fall by DueBy, repeats in the remittance, and a long list is cut at 140
// characters sooner.
func TestReviewLateRunBillsListedOncePerBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur", "", ledger.Address{})
		b1 := f.post(t, journal.Entry{Journal: "AC", Date: d(2, 1), Type: journal.TypeInvoice, Ref: "B1", Lines: []journal.Line{
			{Account: "401000", Partner: "S2", Balance: e("-500.00"), DueDate: d(3, 5)},
			{Account: "401000", Partner: "S2", Balance: e("-500.00"), DueDate: d(3, 25)},
			{Account: "607000", Balance: e("1000.00")}}})
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 6), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "1000.00", run.Payments[0].Amount.Plain())
		assert.Equal(t, []journal.ID{b1.ID}, run.Payments[0].Bills)
		out, err := rrFile(t, f, run)
		require.NoError(t, err)
		assert.Contains(t, out, "<Ustrd>B1</Ustrd>")
		f.check(t)
	})
}

// The paying journal's own account outside SEPA (a TR IBAN): d5a99dc makes
// WritePain001 refuse a non-SEPA IBAN for every party, the debtor too, and
// makes RunPayments check the suppliers' accounts "before writing" — but
// not the journal's.
//
// Expected: RunPayments refuses with ErrRun and writes nothing, as it
// does for a journal without an IBAN ("needs its IBAN") and for a
// creditor outside SEPA.
// Observed: the run is booked (payments on 512200, bills in payment, a
// batch recorded); CreditTransfers/WritePain001 then returns ErrTransfer
// ("the debtor …: an account in TR, outside the SEPA scheme"): the run's
// file can never be written.
func TestReviewLateRunDebtorAccountOutsideSEPA(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BQT", Name: "Banque TR", Kind: ledger.JournalBank, BankAccount: "512000",
			UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: "TR330006100519786457841326"}))
		rrSupplier(t, f, "S2", "Fournisseur", "", ledger.Address{})
		rrBill(t, f, "S2", d(2, 1), d(3, 1), "100.00", "FA-1")
		before := f.snapshot(t)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQT", Date: d(3, 5), DueBy: d(3, 31)})
		if err == nil {
			_, ferr := rrFile(t, f, run)
			t.Logf("run %s booked; its SEPA file: %v", run.ID, ferr)
		}
		require.ErrorIs(t, err, reconcile.ErrRun)
		f.unchanged(t, before)
	})
}

// A Greek supplier (Greece is in SEPA) whose name is written in Greek
// letters, paid to its GR IBAN.
//
// Expected: either the creditor's name reaches the file in Latin letters
// (EPC217-08's conversion table transliterates Greek, as DESIGN.md asks
// names "transliterated to the EPC Latin set"), or the run refuses the
// supplier before writing (ErrRun), as 6ed360f does for "a supplier whose
// name has no letter": the run checks unicode.IsLetter, the file keeps
// only EPC letters.
// Observed: the run passes the check (Greek letters are letters), and the
// SEPA file carries <Nm>............ ..</Nm>: every letter a full stop.
// The schema accepts it, and the bank's Verification of Payee (Regulation
// (EU) 2024/886) compares that with the account holder's name. Same for
// Cyrillic (a Bulgarian supplier, BG).
func TestReviewLateRunCreditorNameWithoutLatinLetters(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Παπαδόπουλος ΑΕ", "GR1601101250000000012300695", ledger.Address{})
		rrBill(t, f, "S2", d(2, 1), d(3, 1), "100.00", "FA-1")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 5), DueBy: d(3, 31)})
		if err != nil {
			require.ErrorIs(t, err, reconcile.ErrRun)
			return
		}
		out, err := rrFile(t, f, run)
		require.NoError(t, err)
		nm := regexp.MustCompile(`<Cdtr>\s*<Nm>([^<]*)</Nm>`).FindStringSubmatch(out)
		require.NotNil(t, nm)
		assert.True(t, strings.ContainsAny(nm[1], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
			"the creditor's name in the file: %q", nm[1])
	})
}

// A supplier address whose town has no character EPCText keeps ("«»",
// quotes EPCText drops): AddPartner accepts it.
//
// Expected: RunPayments refuses before writing (ErrRun), which is what
// 6ed360f's check is for ("refuse before writing a supplier a SEPA file
// cannot carry … an address without town or country").
// Observed: the run checks strings.TrimSpace(Town) != "" while
// WritePain001 checks EPCText(Town, 35) != "": the run is booked, then
// the file is refused ("an address needs its town and country"). Edge
// case, but the two checks should be the same.
func TestReviewLateRunTownOutsideEPCSet(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur", "", ledger.Address{Town: "«»", Country: "FR"})
		rrBill(t, f, "S2", d(2, 1), d(3, 1), "100.00", "FA-1")
		before := f.snapshot(t)
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 5), DueBy: d(3, 31)})
		if err == nil {
			_, ferr := rrFile(t, f, run)
			t.Logf("run %s booked; its SEPA file: %v", run.ID, ferr)
		}
		require.ErrorIs(t, err, reconcile.ErrRun)
		f.unchanged(t, before)
	})
}
