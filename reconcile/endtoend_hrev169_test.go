package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev169PlainRun: a run paying F1 1200.00 and F2 300.00, nothing
// cancelled.
func hrev169PlainRun(t *testing.T) (*fixture, reconcile.PaymentRun, map[string]string, map[string]journal.ID, map[string]journal.Entry) {
	t.Helper()
	f := hrev166Book(t)
	bills := map[string]journal.Entry{
		"F1": hrev166Bill(t, f, "F1", d(3, 1), 10, "1000.00", "FA-101", "", 0),
		"F2": hrev166Bill(t, f, "F2", d(3, 2), 10, "250.00", "D-55", "", 0),
	}
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 18), DueBy: d(3, 31)})
	require.NoError(t, err)
	e2e, pays := map[string]string{}, map[string]journal.ID{}
	for _, p := range run.Payments {
		e2e[p.Partner], pays[p.Partner] = p.EndToEndID, p.Payment.ID
	}
	return f, run, e2e, pays, bills
}

// Pin: the same transfer shown twice in a statement: the second line is
// left unmatched with a reason naming the payment, and clears nothing.
func TestHrev169EndToEndTwiceSameStatement(t *testing.T) {
	t.Parallel()
	f, _, e2e, pays, _ := hrev169PlainRun(t)
	tx := []reconcile.BankTransaction{{EndToEndID: e2e["F1"]}}
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "2600.00", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1200.00"), Label: "VIR SEPA", Transactions: tx},
		reconcile.BankEntry{Ref: "E2", BookingDate: d(3, 19), Amount: e("-1200.00"), Label: "VIR SEPA", Transactions: tx}))
	require.Len(t, props, 2)
	require.True(t, props[0].Matched, props[0].Reason)
	assert.Equal(t, []journal.ID{pays["F1"]}, props[0].Target.Payments)
	assert.False(t, props[1].Matched)
	assert.Empty(t, props[1].Target.Payments)
	assert.Contains(t, props[1].Reason, "already clears")
}

// Pin: a transfer and its return in the same statement: the return is
// matched to the transfer's payment (byReturn, before byEndToEnd), D-55
// owed again.
func TestHrev169EndToEndReturnSameStatement(t *testing.T) {
	t.Parallel()
	f, _, e2e, _, bills := hrev169PlainRun(t)
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "5000.00", 24,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-300.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F2"]}}},
		reconcile.BankEntry{Ref: "R1", BookingDate: d(3, 24), Amount: e("300.00"), Reversal: true, BankCode: "PMNT/ICDT/RRTN",
			Label: "RETOUR VIREMENT", Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F2"]}}}))
	require.Len(t, props, 2)
	require.True(t, props[0].Matched, props[0].Reason)
	require.True(t, props[1].Matched, props[1].Reason)
	require.NotNil(t, props[1].Target.Returns)
	outs, err := f.rec.ApplyImported(ctx, journal.NewID(), props)
	require.NoError(t, err)
	for _, o := range outs {
		require.NoError(t, o.Err)
	}
	assert.Equal(t, "-1200.00", hrev166Bal(t, f, "512200"))
	assert.Equal(t, "0.00", hrev166Bal(t, f, "512000"))
	assert.Equal(t, reconcile.NotPaid, f.state(t, bills["F2"]).State)
	f.check(t)
}

// Pin: a transfer line with the bank's fee taken in the same line
// (1200.50) still clears with the fee to bank fees; a separate fee line
// naming the same id is left for the accountant and clears nothing.
func TestHrev169EndToEndFeeLines(t *testing.T) {
	t.Parallel()
	f, _, e2e, pays, _ := hrev169PlainRun(t)
	tx := []reconcile.BankTransaction{{EndToEndID: e2e["F1"]}}
	props := hrev169Propose(t, f, hrev169Stmt("REL-1", "5000.00", "3799.00", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1200.50"), Label: "VIR SEPA", Transactions: tx},
		reconcile.BankEntry{Ref: "E2", BookingDate: d(3, 19), Amount: e("-0.50"), Label: "FRAIS VIR SEPA", Transactions: tx}))
	require.Len(t, props, 2)
	require.True(t, props[0].Matched, props[0].Reason)
	assert.True(t, props[0].Target.BankFees)
	assert.Equal(t, []journal.ID{pays["F1"]}, props[0].Target.Payments)
	assert.False(t, props[1].Matched, props[1].Reason)
	outs, err := f.rec.ApplyImported(ctx, journal.NewID(), props[:1])
	require.NoError(t, err)
	require.NoError(t, outs[0].Err)
	assert.Equal(t, "-300.00", hrev166Bal(t, f, "512200"))
	assert.Equal(t, "0.50", hrev166Bal(t, f, "627000"))
	f.check(t)
}

// Pin: a line of a second statement after the first was applied: F2's
// id clears F2's payment; a repeat of F1's id (cleared, applied) is not
// blocked with the "another line" reason, and clears nothing else.
func TestHrev169EndToEndNextStatement(t *testing.T) {
	t.Parallel()
	f, _, e2e, pays, bills := hrev169PlainRun(t)
	hrev166Import(t, f, hrev169Stmt("REL-1", "5000.00", "3800.00", 19,
		reconcile.BankEntry{Ref: "E1", BookingDate: d(3, 19), Amount: e("-1200.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F1"]}}}))
	props := hrev169Propose(t, f, hrev169Stmt("REL-2", "3800.00", "2300.00", 20,
		reconcile.BankEntry{Ref: "E2", BookingDate: d(3, 20), Amount: e("-300.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F2"]}}},
		reconcile.BankEntry{Ref: "E3", BookingDate: d(3, 20), Amount: e("-1200.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: e2e["F1"]}}}))
	require.Len(t, props, 2)
	require.True(t, props[0].Matched, props[0].Reason)
	assert.Equal(t, []journal.ID{pays["F2"]}, props[0].Target.Payments)
	assert.False(t, props[1].Matched, props[1].Reason)
	outs, err := f.rec.ApplyImported(ctx, journal.NewID(), props[:1])
	require.NoError(t, err)
	require.NoError(t, outs[0].Err)
	assert.Equal(t, "0.00", hrev166Bal(t, f, "512200"))
	assert.Equal(t, reconcile.Paid, f.state(t, bills["F2"]).State)
	f.check(t)
}
