package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev170Run3: a run paying F1 1200.00, F2 300.00 and F3 600.00, nothing
// cancelled.
func hrev170Run3(t *testing.T) (*fixture, reconcile.PaymentRun, map[string]string, map[string]journal.ID, map[string]journal.Entry) {
	t.Helper()
	f := hrev166Book(t)
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "F3", Name: "Quincaillerie Martin",
		BankAccounts: []ledger.BankAccount{{IBAN: "NL91ABNA0417164300"}}}))
	bills := map[string]journal.Entry{
		"F1": hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0),
		"F2": hrev166Bill(t, f, "F2", d(3, 2), 10, "250.00", "D-55", "", 0),
		"F3": hrev166Bill(t, f, "F3", d(3, 3), 10, "500.00", "K-9", "", 0),
	}
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 3)
	e2e, pays := map[string]string{}, map[string]journal.ID{}
	for _, p := range run.Payments {
		e2e[p.Partner], pays[p.Partner] = p.EndToEndID, p.Payment.ID
	}
	return f, run, e2e, pays, bills
}

func hrev170Apply(t *testing.T, f *fixture, props []reconcile.ImportedProposal) {
	t.Helper()
	outs, err := f.rec.ApplyImported(ctx, journal.NewID(), props)
	require.NoError(t, err)
	for _, o := range outs {
		require.NoError(t, o.Err)
	}
}

// A run whose F1 transfer the bank showed on its own (end-to-end id, first
// statement, applied), then a batch line naming the run of the rest
// (300.00, F2's): the line is the run's payments still waiting.
func TestHrev170PartlyClearedThenBatchRest(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: batch line -300.00 naming the run (MsgId) after F1's 1200.00 was cleared by its own end-to-end line: expected it to clear F2's run payment (the run's rest); got unmatched, "payment run …, 1 500,00 € as sent, not 300,00 €: check with the bank" — a difference the book explains (F1 cleared), not named (byBatch/runNotAsShown; before HEAD: unmatched "nothing names it")
	f, run, e2e, pays, bills := hrev169PlainRun(t)
	hrev166Import(t, f, hrev169Stmt("REL-1", "5000.00", "3800.00", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1200.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F1"]}}}))
	props := hrev169Propose(t, f, hrev169Stmt("REL-2", "3800.00", "3500.00", 20,
		reconcile.BankEntry{Ref: "E2", BookingDate: d(3, 20), Amount: e("-300.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{MsgID: run.ID, Count: 1}}))
	require.Len(t, props, 1)
	t.Logf("matched %v, target %+v, reason %s", props[0].Matched, props[0].Target, props[0].Reason)
	require.True(t, props[0].Matched, props[0].Reason)
	assert.Equal(t, []journal.ID{pays["F2"]}, props[0].Target.Payments)
	hrev170Apply(t, f, props)
	assert.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	assert.Equal(t, reconcile.Paid, f.state(t, bills["F2"]).State)
	f.check(t)
}

// The same in one statement: F1's own line first, then the batch line of
// the rest.
func TestHrev170PartlyClearedSameStatementThenBatchRest(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: in one statement, F1's end-to-end line (-1200.00) then a batch line -300.00 naming the run: expected the batch line to clear F2's payment; got unmatched "payment run …, 1 500,00 € as sent, not 300,00 €" (byBatch: a named run one of whose payments is taken is decided unmatched; before HEAD also unmatched)
	f, run, e2e, pays, _ := hrev169PlainRun(t)
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "3500.00", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1200.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F1"]}}},
		reconcile.BankEntry{Ref: "E2", BookingDate: d(3, 19), Amount: e("-300.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{MsgID: run.ID, Count: 1}}))
	require.Len(t, props, 2)
	require.True(t, props[0].Matched, props[0].Reason)
	t.Logf("matched %v, target %+v, reason %s", props[1].Matched, props[1].Target, props[1].Reason)
	require.True(t, props[1].Matched, props[1].Reason)
	assert.Equal(t, []journal.ID{pays["F2"]}, props[1].Target.Payments)
}

// The bank rejected F3's transfer: its batch line (1500.00) names the run
// and details the two transfers it made, by amount and creditor account
// (no end-to-end ids): they are F1's and F2's payments.
func TestHrev170RejectedTransferDetailsWithoutIDs(t *testing.T) {
	t.Parallel()
	// FAILS (skipped, not done): run of 1200.00 + 300.00 + 600.00, F3 rejected; line -1500.00 naming the run with two transactions (-1200.00 to F1's IBAN, -300.00 to F2's): expected F1's and F2's payments cleared (byTransactions); got unmatched, "payment run …, 2 100,00 € as sent, not 1 500,00 €" (byBatch decides before byTransactions; before HEAD byTransactions, which skips run payments, left it unmatched too)
	t.Skip("not done: a run's line naming its transfers by amount and creditor IBAN, without end-to-end ids, after the bank rejected one; it is left for the accountant with the run's reason")
	f, run, _, pays, bills := hrev170Run3(t)
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "3500.00", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1500.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{MsgID: run.ID, Count: 2},
			Transactions: []reconcile.BankTransaction{
				{Amount: e("-1200.00"), CounterpartyIBAN: "FR1420041010050500013M02606"},
				{Amount: e("-300.00"), CounterpartyIBAN: "DE89370400440532013000"}}}))
	require.Len(t, props, 1)
	t.Logf("matched %v, target %+v, reason %s", props[0].Matched, props[0].Target, props[0].Reason)
	require.True(t, props[0].Matched, props[0].Reason)
	assert.ElementsMatch(t, []journal.ID{pays["F1"], pays["F2"]}, props[0].Target.Payments)
	hrev170Apply(t, f, props)
	assert.Equal(t, "-600.00", hrev166Bal(t, f, "512200"))
	assert.Equal(t, reconcile.InPayment, f.state(t, bills["F3"]).State)
	f.check(t)
}

// Pin: the same with end-to-end ids: byEndToEnd (before byBatch) clears
// F1's and F2's payments, F3's waits.
func TestHrev170RejectedTransferDetailsWithIDs(t *testing.T) {
	t.Parallel()
	f, run, e2e, pays, _ := hrev170Run3(t)
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "3500.00", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1500.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{MsgID: run.ID, Count: 2},
			Transactions: []reconcile.BankTransaction{
				{EndToEndID: e2e["F1"], Amount: e("-1200.00")},
				{EndToEndID: e2e["F2"], Amount: e("-300.00")}}}))
	require.Len(t, props, 1)
	require.True(t, props[0].Matched, props[0].Reason)
	assert.ElementsMatch(t, []journal.ID{pays["F1"], pays["F2"]}, props[0].Target.Payments)
	hrev170Apply(t, f, props)
	assert.Equal(t, "-600.00", hrev166Bal(t, f, "512200"))
	f.check(t)
}

// Pin: F3 rejected, the short line (1500.00) naming the run without
// details is left for the accountant; the reason names the run, what it
// sends (2 100,00) and the line's amount.
func TestHrev170RejectedTransferNoDetailsReason(t *testing.T) {
	t.Parallel()
	f, run, _, _, _ := hrev170Run3(t)
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "3500.00", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1500.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{MsgID: run.ID, Count: 2}}))
	require.Len(t, props, 1)
	t.Log(props[0].Reason)
	assert.False(t, props[0].Matched)
	assert.Empty(t, props[0].Target.Payments)
	assert.Contains(t, props[0].Reason, "payment run "+run.ID)
	assert.Contains(t, props[0].Reason, "2\u202f100,00")
	assert.Contains(t, props[0].Reason, "1\u202f500,00")
}

// Pin: a batch line with the bank's fee and the transfers' ids clears the
// run with the fee to bank fees.
func TestHrev170BatchFeeWithIDs(t *testing.T) {
	t.Parallel()
	f, run, e2e, pays, _ := hrev169PlainRun(t)
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "3499.50", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1500.50"), Label: "VIREMENTS SEPA EMIS",
			Batch:        reconcile.BankBatch{MsgID: run.ID, Count: 2},
			Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F1"]}, {EndToEndID: e2e["F2"]}}}))
	require.Len(t, props, 1)
	require.True(t, props[0].Matched, props[0].Reason)
	assert.True(t, props[0].Target.BankFees)
	assert.ElementsMatch(t, []journal.ID{pays["F1"], pays["F2"]}, props[0].Target.Payments)
	hrev170Apply(t, f, props)
	assert.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	assert.Equal(t, "0.50", hrev166Bal(t, f, "627000"))
	f.check(t)
}

// A duplicate: the bank shows F1's transfer on its own and then the
// run's whole batch line (1500.00, exactly the run as sent). It is left
// unmatched, rightly; the reason must not say the amounts differ.
func TestHrev170DuplicateBatchLineReason(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: batch line -1500.00 naming the run after F1's own line took F1's payment: expected a reason saying a payment of the run is already cleared by another line; got "payment run …, 1 500,00 € as sent, not 1 500,00 €: check with the bank" (runNotAsShown assumes the amount differs)
	f, run, e2e, _, _ := hrev169PlainRun(t)
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "2300.00", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1200.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F1"]}}},
		reconcile.BankEntry{Ref: "E2", BookingDate: d(3, 19), Amount: e("-1500.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{MsgID: run.ID, Count: 2}}))
	require.Len(t, props, 2)
	t.Log(props[1].Reason)
	assert.False(t, props[1].Matched)
	assert.NotContains(t, props[1].Reason, "as sent, not 1\u202f500,00")
}

// A credit of the run's total naming the run (the bank sends the money
// back): the reason must not read "1 500,00 as sent, not 1 500,00".
func TestHrev170CreditNamingRunReason(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: credit +1500.00 naming the run whose debit is 1500.00: expected a reason telling the line is a credit, not the run's debit; got "payment run …, 1 500,00 € as sent, not 1 500,00 €" (runNotAsShown compares absolute amounts)
	f, run, _, _, _ := hrev169PlainRun(t)
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "6500.00", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("1500.00"), Label: "RETOUR VIREMENTS",
			Batch: reconcile.BankBatch{MsgID: run.ID, Count: 2}}))
	require.Len(t, props, 1)
	t.Log(props[0].Reason)
	assert.False(t, props[0].Matched)
	assert.NotContains(t, props[0].Reason, "as sent, not 1\u202f500,00")
}

// Pin: two runs on one day; each batch line clears the run it names,
// and a line naming one run with the other's amount clears nothing.
func TestHrev170TwoRunsOneDay(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0)
	runA, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	hrev166Bill(t, f, "F2", d(3, 2), 10, "250.00", "D-55", "", 0)
	runB, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, runA.Payments, 1)
	require.Len(t, runB.Payments, 1)
	require.NotEqual(t, runA.ID, runB.ID)
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "3200.00", 19,
		reconcile.BankEntry{Ref: "E0", BookingDate: d(3, 19), Amount: e("-300.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{MsgID: runA.ID, Count: 1}},
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1200.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{PmtInfID: runA.ID + "-1", Count: 1}},
		reconcile.BankEntry{Ref: "E2", BookingDate: d(3, 19), Amount: e("-300.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{MsgID: runB.ID, Count: 1}}))
	require.Len(t, props, 3)
	assert.False(t, props[0].Matched)
	assert.Contains(t, props[0].Reason, runA.ID)
	require.True(t, props[1].Matched, props[1].Reason)
	assert.Equal(t, []journal.ID{runA.Payments[0].Payment.ID}, props[1].Target.Payments)
	require.True(t, props[2].Matched, props[2].Reason)
	assert.Equal(t, []journal.ID{runB.Payments[0].Payment.ID}, props[2].Target.Payments)
	hrev170Apply(t, f, props[1:])
	assert.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	f.check(t)
}

// Pin: a line naming a run no journal of the book knows (another
// software's file) is as one naming none: the run of its amount clears.
func TestHrev170UnknownRunIDIsNone(t *testing.T) {
	t.Parallel()
	f, _, _, pays, _ := hrev169PlainRun(t)
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "3500.00", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1500.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{MsgID: "AUTRE-LOGICIEL-0042", Count: 2}}))
	require.Len(t, props, 1)
	require.True(t, props[0].Matched, props[0].Reason)
	assert.ElementsMatch(t, []journal.ID{pays["F1"], pays["F2"]}, props[0].Target.Payments)
}

// Pin: a line naming a cheque deposit by its id but crediting one cheque
// (the bank credits cheques one by one) still goes to the later rules:
// the cheque it numbers clears.
func TestHrev170DepositNamedOneCheque(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K1", Name: "Client Un"}))
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K2", Name: "Client Deux"}))
	i1 := f.invoice(t, "K1", d(3, 1), "400.00")
	i2 := f.invoice(t, "K2", d(3, 1), "250.00")
	var ids []journal.ID
	for _, x := range []struct {
		p, amt, n string
		inv       journal.Entry
	}{{"K1", "400.00", "1234567", i1}, {"K2", "250.00", "7654321", i2}} {
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: x.p, Journal: "BQO", Date: d(3, 10),
			Method: reconcile.MethodCheque, Ref: x.n, Amount: e(x.amt), Invoices: []journal.ID{x.inv.ID}})
		require.NoError(t, err)
		ids = append(ids, res.Entries[0].ID)
	}
	dep, err := f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQO", Date: d(3, 11), Payments: ids})
	require.NoError(t, err)
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "5400.00", 19,
		reconcile.BankEntry{Ref: "D1", BookingDate: d(3, 19), Amount: e("400.00"), Label: "REMISE CHQ 1234567",
			Batch: reconcile.BankBatch{MsgID: dep.ID, Count: 1}}))
	require.Len(t, props, 1)
	require.True(t, props[0].Matched, props[0].Reason)
	assert.Equal(t, []journal.ID{ids[0]}, props[0].Target.Payments)
	hrev170Apply(t, f, props)
	assert.Equal(t, "250.00", hrev166Bal(t, f, "512100"))
	f.check(t)
}
