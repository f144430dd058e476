package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// hrev168RunCancelOne: a run paying F1 1200.00 and F2 300.00, then F2's
// payment cancelled before the file is sent; the file written again
// carries F1's transfer alone, under the run's message id.
func hrev168RunCancelOne(t *testing.T) (*fixture, reconcile.PaymentRun, journal.Entry, journal.Entry) {
	t.Helper()
	f := hrev166Book(t)
	b1 := hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0)
	b3 := hrev166Bill(t, f, "F2", d(3, 2), 10, "250.00", "D-55", "", 0)
	req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)}
	run, err := f.rec.RunPayments(ctx, req)
	require.NoError(t, err)
	require.Len(t, run.Payments, 2)
	for _, p := range run.Payments {
		if p.Partner == "F2" {
			_, err := f.rec.CancelPayment(ctx, journal.NewID(), p.Payment.ID)
			require.NoError(t, err)
		}
	}
	again, err := f.rec.RunPayments(ctx, req)
	require.NoError(t, err)
	require.True(t, again.Result.Replay)
	xml := hrev166File(t, f, again)
	require.Equal(t, []string{run.ID}, hrev166Tag(t, xml, "MsgId"))
	require.Equal(t, []string{"1200.00", "1200.00"}, hrev166Tag(t, xml, "CtrlSum"))
	require.Equal(t, []string{"1", "1"}, hrev166Tag(t, xml, "NbOfTxs"))
	return f, run, b1, b3
}

// The bank executes the file written again (F1's 1200.00 alone) and books
// it as one batch line naming the run's message id, one transaction: the
// line must clear F1's payment, as the file the bank executed says.
func TestHrev168RunBatchLineAfterOneCancelled(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: after F2's run payment is cancelled and the file rewritten (MsgId RUN-…, 1 tx, 1200.00), the bank's batch line -1200.00 naming that MsgId (Count 1) is not matched; expected F1's payment cleared (512200 0.00, FA-101 paid); got not matched, 512200 -1200.00 (reconcile/importmatch.go newImportMatcher: a batch is kept only when every payment of it waits, and the cancelled one does not)
	f, run, b1, _ := hrev168RunCancelOne(t)
	_, err := f.rec.ImportStatement(ctx, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-1", Currency: eur,
		Opening: e("5000.00"), Closing: e("3800.00"), OpeningDate: d(3, 19), ClosingDate: d(3, 19),
		Entries: []reconcile.BankEntry{{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1200.00"), Label: "VIREMENTS SEPA EMIS",
			Batch: reconcile.BankBatch{MsgID: run.ID, Count: 1}}}})
	require.NoError(t, err)
	props, err := f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
	require.NoError(t, err)
	require.Len(t, props, 1)
	require.True(t, props[0].Matched, "reason: %s", props[0].Reason)
	outs, err := f.rec.ApplyImported(ctx, journal.NewID(), props)
	require.NoError(t, err)
	require.NoError(t, outs[0].Err)
	require.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	require.Equal(t, reconcile.Paid, f.state(t, b1).State)
	f.check(t)
}

// Per-transfer line for the file written again: F1's end-to-end id still
// clears F1's payment.
func TestHrev168RunTransferLineAfterOneCancelled(t *testing.T) {
	t.Parallel()
	f, run, b1, b3 := hrev168RunCancelOne(t)
	var e2e string
	for _, p := range run.Payments {
		if p.Partner == "F1" {
			e2e = p.EndToEndID
		}
	}
	props := hrev166Import(t, f, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-1", Currency: eur,
		Opening: e("5000.00"), Closing: e("3800.00"), OpeningDate: d(3, 19), ClosingDate: d(3, 19),
		Entries: []reconcile.BankEntry{{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1200.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: e2e}}}}})
	require.True(t, props[0].Matched, props[0].Reason)
	require.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	require.Equal(t, reconcile.Paid, f.state(t, b1).State)
	require.Equal(t, reconcile.NotPaid, f.state(t, b3).State)
	f.check(t)
}

// Pin: a run whose two transfers the bank executed (one batch line), then
// returned F2's (RRTN): the return posts its own entry and does not
// reverse the payment, so the run's file written again is the file as
// sent — both transfers, 1500.00 — under its message id. (Only a payment
// reversed — CancelPayment — is left out.)
func TestHrev168RunFileAfterBankReturnIsTheFileSent(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0)
	b3 := hrev166Bill(t, f, "F2", d(3, 2), 10, "250.00", "D-55", "", 0)
	req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)}
	run, err := f.rec.RunPayments(ctx, req)
	require.NoError(t, err)
	e2e := map[string]string{}
	for _, p := range run.Payments {
		e2e[p.Partner] = p.EndToEndID
	}
	hrev166Import(t, f, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-1", Currency: eur,
		Opening: e("5000.00"), Closing: e("3500.00"), OpeningDate: d(3, 19), ClosingDate: d(3, 19),
		Entries: []reconcile.BankEntry{{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1500.00"), Label: "VIREMENTS",
			Batch: reconcile.BankBatch{MsgID: run.ID, Count: 2}}}})
	require.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	props := hrev166Import(t, f, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "REL-2", Currency: eur,
		Opening: e("3500.00"), Closing: e("3800.00"), OpeningDate: d(3, 24), ClosingDate: d(3, 24),
		Entries: []reconcile.BankEntry{{Ref: "R1", BookingDate: d(3, 24), Amount: e("300.00"), Reversal: true, BankCode: "PMNT/ICDT/RRTN",
			Label: "RETOUR VIREMENT", Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F2"]}}}}})
	require.True(t, props[0].Matched, props[0].Reason)
	require.Equal(t, reconcile.NotPaid, f.state(t, b3).State)
	again, err := f.rec.RunPayments(ctx, req)
	require.NoError(t, err)
	require.True(t, again.Result.Replay)
	require.Len(t, again.Payments, 2, "a replay returns the run as made")
	xml := hrev166File(t, f, again)
	require.Equal(t, []string{run.ID}, hrev166Tag(t, xml, "MsgId"))
	require.Equal(t, []string{"2", "2"}, hrev166Tag(t, xml, "NbOfTxs"))
	require.Equal(t, []string{"1500.00", "1500.00"}, hrev166Tag(t, xml, "CtrlSum"))
	f.check(t)
}

// Pin: every payment of a run cancelled: its file is refused
// (bank.ErrTransfer); the replay of RunPayments still returns the run as
// made, nothing written.
func TestHrev168RunAllCancelledFileRefused(t *testing.T) {
	t.Parallel()
	f := hrev166Book(t)
	hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0)
	hrev166Bill(t, f, "F2", d(3, 2), 10, "250.00", "D-55", "", 0)
	req := reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)}
	run, err := f.rec.RunPayments(ctx, req)
	require.NoError(t, err)
	for _, p := range run.Payments {
		_, err := f.rec.CancelPayment(ctx, journal.NewID(), p.Payment.ID)
		require.NoError(t, err)
	}
	snap := f.snapshot(t)
	again, err := f.rec.RunPayments(ctx, req)
	require.NoError(t, err)
	require.True(t, again.Result.Replay)
	require.Len(t, again.Payments, 2)
	f.unchanged(t, snap)
	_, err = bank.CreditTransfers(ctx, f.book, again, "Atelier")
	require.ErrorIs(t, err, bank.ErrTransfer)
	require.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	f.check(t)
}
