package reconcile_test

// Review h-rev167: end-to-end ids compared normalized (7360bda) and an
// entry of several transactions, some from the company's own accounts.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

func h167Propose(t *testing.T, f *fixture, jc string) []reconcile.ImportedProposal {
	t.Helper()
	ps, err := f.rec.ProposeImported(ctx, jc, reconcile.Rules{})
	require.NoError(t, err)
	return ps
}

// Was failing, fixed: two supplier payments of 700.00 waiting, references "AB-12" and "AB12" (distinct ids pain.001 accepts side by side); the bank line's end-to-end id "AB12" is exactly the second's; expected it cleared, got the line unmatched (both normalize to "AB12": byRef holds two)
func TestHrev167ExactEndToEndBesideNormalizedTwin(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		b1 := f.bill(t, "S1", d(3, 1), "700.00")
		b2 := f.bill(t, "S1", d(3, 2), "700.00")
		h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "700.00", "AB-12", b1)
		p2 := h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "700.00", "AB12", b2)
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-700.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "AB12"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		ps := h167Propose(t, f, "BNP")
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, []journal.ID{p2}, ps[0].Target.Payments, h151Desc(ps))
	})
}

// Was failing, fixed: our payment of 700.00 to S1 (reference "E2E-0042", a twin of 700.00 waits) is not cleared by the bank debit carrying end-to-end id "E2E-0042" because a customer's receipt of 1000.00 waits with the memo "e2e0042" (normalized alike); a debit can never be that receipt; expected S1's payment cleared, got the line unmatched
func TestHrev167CustomerMemoBlocksOurEndToEnd(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		b1 := f.bill(t, "S1", d(3, 1), "700.00")
		b2 := f.bill(t, "S1", d(3, 2), "700.00")
		inv := f.invoice(t, "C1", d(3, 1), "1000.00")
		p1 := h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "700.00", "E2E-0042", b1)
		h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "700.00", "E2E-0043", b2)
		h165Pay(t, f, reconcile.Inbound, "C1", "BNP", d(3, 6), "1000.00", "e2e0042", inv)
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-700.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "E2E-0042"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		ps := h167Propose(t, f, "BNP")
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, []journal.ID{p1}, ps[0].Target.Payments, h151Desc(ps))
	})
}

// Was failing, fixed: an entry of two debits, 300.00 to supplier S1 and 200.00 to the company's own LCL account, clears S1's waiting payment of 200.00 with the money sent to our own account (byTransactions drops only receipts for an own-account transaction); expected S1's 200.00 payment left waiting, got it in the proposal's payments
func TestHrev167MixedDebitToOwnAccountNotTakenForSupplierPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		b1 := f.bill(t, "S1", d(3, 1), "300.00")
		b2 := f.bill(t, "S1", d(3, 2), "200.00")
		h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "300.00", "", b1)
		p2 := h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "200.00", "", b2)
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-500.00"), Label: "VIREMENTS EMIS",
			Transactions: []reconcile.BankTransaction{
				{Amount: e("-300.00"), Counterparty: "Partner S1"},
				{Amount: e("-200.00"), Counterparty: "MA SOCIETE", CounterpartyIBAN: h151LCL},
			}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		ps := h167Propose(t, f, "BNP")
		require.Len(t, ps, 1)
		assert.NotContains(t, ps[0].Target.Payments, p2, "our own transfer taken for S1's payment: "+h151Desc(ps))
	})
}

// Was failing, fixed: a bank transaction whose end-to-end id is the placeholder "NOTPROVIDED" (the id not given; returns and the bank readers treat it as none) clears C1's receipt registered with the memo "Not provided" while C2's twin receipt of 1000.00 waits; expected not matched by end-to-end id (no reason "end-to-end id NOTPROVIDED"), got C1's receipt cleared
func TestHrev167PlaceholderEndToEndNamesNothing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv1 := f.invoice(t, "C1", d(3, 1), "1000.00")
		inv2 := f.invoice(t, "C2", d(3, 1), "1000.00")
		r1 := h165Pay(t, f, reconcile.Inbound, "C1", "LCL", d(3, 5), "1000.00", "Not provided", inv1)
		h165Pay(t, f, reconcile.Inbound, "C2", "LCL", d(3, 5), "1000.00", "Q7W8E9", inv2)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR SEPA RECU",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "NOTPROVIDED"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)
		ps := h167Propose(t, f, "LCL")
		require.Len(t, ps, 1)
		assert.NotContains(t, ps[0].Reason, "end-to-end id NOTPROVIDED", h151Desc(ps))
		assert.NotContains(t, ps[0].Target.Payments, r1, h151Desc(ps))
	})
}

// Pin: an end-to-end id made only of separators ("--") names nothing,
// even beside a payment whose reference is separators too; the twin
// payments of the amount leave the line unmatched, no crash.
func TestHrev167SeparatorOnlyEndToEnd(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		b1 := f.bill(t, "S1", d(3, 1), "700.00")
		b2 := f.bill(t, "S1", d(3, 2), "700.00")
		h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "700.00", "-", b1)
		h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "700.00", "E2ETWO0002", b2)
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-700.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "--"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		ps := h167Propose(t, f, "BNP")
		require.Len(t, ps, 1)
		assert.False(t, ps[0].Matched, h151Desc(ps))
	})
}

// Pin: our payment registered as "run 2026/07" is cleared by the bank's
// end-to-end id "RUN2026-07" (a twin of 450.00 waits); applied twice under
// one operation it is written once, and the book holds.
func TestHrev167NormalizedEndToEndApplyTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		b1 := f.bill(t, "S1", d(3, 1), "450.00")
		b2 := f.bill(t, "S1", d(3, 2), "450.00")
		p1 := h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "450.00", "run 2026/07", b1)
		h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "450.00", "run 2026/08", b2)
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-450.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "RUN2026-07"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		ps := h167Propose(t, f, "BNP")
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		require.Equal(t, []journal.ID{p1}, ps[0].Target.Payments, h151Desc(ps))
		op := journal.NewID()
		res, err := f.rec.ApplyImported(ctx, op, ps)
		require.NoError(t, err)
		require.Len(t, res, 1)
		require.NoError(t, res[0].Err)
		f.check(t)
		before := f.snapshot(t)
		res, err = f.rec.ApplyImported(ctx, op, ps)
		require.NoError(t, err)
		require.Len(t, res, 1)
		require.NoError(t, res[0].Err)
		f.unchanged(t, before)
		assert.Equal(t, "-450.00", h151Bal(t, f, "512000", ""), "the bank shows our payment")
		assert.Equal(t, "-450.00", h151Bal(t, f, "512200", ""), "the twin still waits")
		assert.Equal(t, reconcile.Paid, f.state(t, b1).State)
		assert.Equal(t, reconcile.InPayment, f.state(t, b2).State)
	})
}

// Was failing, fixed: K1 owes 1000.00; two lines from K1's account: 999.98 (within the 0.05 tolerance) then 1000.00 whose end-to-end id "AB12" names two waiting receipts ("AB-12" of C2, "ab12" of C3, normalized alike) and so clears nothing; the 1000.00 line is a rival for the invoice, so the 999.98 line must go to K1's account as ambiguous (DESIGN §11 rule 5, ProposeImported's godoc), got it paying the invoice with 0.02 written off because namesOther counts any end-to-end hit, ambiguous or not
func TestHrev167AmbiguousEndToEndStillARival(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "1000.00")
		i2 := f.invoice(t, "C2", d(3, 1), "50.00")
		i3 := f.invoice(t, "C3", d(3, 1), "60.00")
		h165Pay(t, f, reconcile.Inbound, "C2", "LCL", d(3, 5), "50.00", "AB-12", i2)
		h165Pay(t, f, reconcile.Inbound, "C3", "LCL", d(3, 5), "60.00", "ab12", i3)
		a := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("999.98"), Label: "VIR RECU",
			Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: h151K1}}}
		b := reconcile.BankEntry{Ref: "L2", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR RECU",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "AB12", CounterpartyIBAN: h151K1}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), a, b))
		require.NoError(t, err)
		ps := h167Propose(t, f, "LCL")
		require.Len(t, ps, 2)
		assert.False(t, ps[1].Matched && len(ps[1].Target.Payments) > 0, "the 1000.00 line clears no receipt: "+h151Desc(ps))
		assert.NotContains(t, ps[0].Target.Invoices, inv.ID, "999.98 took K1's invoice beside an exact rival: "+h151Desc(ps))
		assert.False(t, ps[0].Target.WriteOff, h151Desc(ps))
	})
}

// Pin (control of the test above): without an end-to-end id the 1000.00
// line from K1 is the 999.98 line's rival: posted to K1's account,
// ambiguous, nothing written off.
func TestHrev167ToleranceRivalWithoutEndToEnd(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "1000.00")
		a := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("999.98"), Label: "VIR RECU",
			Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: h151K1}}}
		b := reconcile.BankEntry{Ref: "L2", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR RECU",
			Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: h151K1}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), a, b))
		require.NoError(t, err)
		ps := h167Propose(t, f, "LCL")
		require.Len(t, ps, 2)
		assert.NotContains(t, ps[0].Target.Invoices, inv.ID, h151Desc(ps))
		assert.False(t, ps[0].Target.WriteOff, h151Desc(ps))
		assert.Contains(t, ps[0].Reason, "ambiguous", h151Desc(ps))
	})
}
