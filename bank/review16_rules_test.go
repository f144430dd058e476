package bank_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
)

// C1 is also a supplier: a credit note it owes us sits on payables
// (401000, a debit). A receipt of 150 € from its IBAN is proposed as
// January's 100 € invoice (411000) + that 50 € credit note (401000): two
// accounts in one statement line. The proposal must be one ApplyImported
// posts.
func TestR16CombinationAcrossReceivablesAndPayables(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			f := newRulesBook(t, s)
			_, err := f.b.Post(ctx, journal.Entry{Journal: "AC", Date: dayR(1, 5), Type: journal.TypeCreditNote, Lines: []journal.Line{
				{Account: "401000", Partner: "C1", Balance: eR("50.00")}, {Account: "607000", Balance: eR("-50.00")}}})
			require.NoError(t, err)
			p := f.receive(t, dayR(2, 2), "150.00", "", reconcile.Rules{})
			outs, err := f.r.ApplyImported(ctx, journal.NoID, []reconcile.ImportedProposal{p})
			require.NoError(t, err)
			require.NoError(t, outs[0].Err, "the proposal (%s) must apply", p.Reason)
		})
	}
}

// The same partner, oldest due first: the supplier's credit note is due
// first and is taken with the customer's invoices.
func TestR16OldestFirstAcrossReceivablesAndPayables(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			f := newRulesBook(t, s)
			_, err := f.b.Post(ctx, journal.Entry{Journal: "AC", Date: dayR(1, 5), Type: journal.TypeCreditNote, Lines: []journal.Line{
				{Account: "401000", Partner: "C1", Balance: eR("70.00")}, {Account: "607000", Balance: eR("-70.00")}}})
			require.NoError(t, err)
			p := f.receive(t, dayR(4, 2), "250.00", "", reconcile.Rules{OldestFirst: true, NoCombination: true})
			outs, err := f.r.ApplyImported(ctx, journal.NoID, []reconcile.ImportedProposal{p})
			require.NoError(t, err)
			require.NoError(t, outs[0].Err, "the proposal (%s) must apply", p.Reason)
		})
	}
}

// §11 rule 5: a payment within the write-off tolerance of one document
// or a combination is proposed with its write-off. 399.97 € against
// January's 100 € and March's 300 € (no single document near it).
func TestR16CombinationWithinTolerance(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			f := newRulesBook(t, s)
			p := f.receive(t, dayR(3, 30), "399.97", "", reconcile.Rules{})
			require.True(t, p.Target.WriteOff, "a combination 0,03 € off is proposed with its write-off: %s", p.Reason)
			require.ElementsMatch(t, []journal.ID{f.inv[0].ID, f.inv[2].ID}, p.Target.Invoices, p.Reason)
		})
	}
}

// §11 rule 3: the combination search is bounded by the work limit and
// "the limit reached is reported". 500 € = February's 200 € + March's
// 300 €, not found within a work limit of 1: the reason must say why.
func TestR16WorkLimitReported(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			f := newRulesBook(t, s)
			p := f.receive(t, dayR(3, 30), "500.00", "", reconcile.Rules{})
			require.Equal(t, reconcile.Combination, p.Confidence, p.Reason)
			p, err := oneProposal(f, reconcile.Rules{WorkLimit: 1})
			require.NoError(t, err)
			require.NotEqual(t, reconcile.Combination, p.Confidence, p.Reason)
			require.Contains(t, p.Reason, "work limit", "the limit reached is reported")
		})
	}
}

// Rules.DateWindow bounds "the amount rules", as automatic lettering
// bounds its combinations: invoices of January and February (100 + 200 €)
// are no combination for a payment in September under a 30-day window.
func TestR16CombinationIgnoresDateWindow(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			f := newRulesBook(t, s)
			p := f.receive(t, dayR(9, 1), "300.00", "", reconcile.Rules{DateWindow: 30, NoExactAmount: true})
			require.NotEqual(t, reconcile.Combination, p.Confidence, "documents 8 months old are outside a 30-day window: %s", p.Reason)
		})
	}
}

// §11 orders the rules: combination, then oldest due first (when asked),
// then tolerance — as Propose runs them. With OldestFirst a customer
// paying on account 199.97 € pays January's 100 € and 99.97 € of
// February's; statement matching instead writes 0.03 € off February's
// and leaves January's unpaid.
func TestR16OldestFirstBeforeTolerance(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			f := newRulesBook(t, s)
			p := f.receive(t, dayR(3, 2), "199.97", "", reconcile.Rules{OldestFirst: true})
			require.Equal(t, reconcile.OldestFirst, p.Confidence, p.Reason)
			require.False(t, p.Target.WriteOff, p.Reason)
			require.Equal(t, []journal.ID{f.inv[0].ID, f.inv[1].ID}, p.Target.Invoices, p.Reason)
		})
	}
}
