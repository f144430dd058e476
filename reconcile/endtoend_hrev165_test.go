package reconcile_test

// Review h-rev165: a waiting payment named by a bank transaction's
// end-to-end id, whatever its direction, except a receipt named by a
// transfer from another of the company's accounts (c14020e).

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

func h165Pay(t *testing.T, f *fixture, dir reconcile.Direction, partner, jc string, date journal.Date, amount, ref string, docs ...journal.Entry) journal.ID {
	t.Helper()
	ids := make([]journal.ID, len(docs))
	for i, x := range docs {
		ids[i] = x.ID
	}
	r, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: dir, Partner: partner, Journal: jc, Date: date,
		Method: reconcile.MethodTransfer, Amount: e(amount), Ref: ref, Invoices: ids})
	require.NoError(t, err)
	return r.Entries[0].ID
}

// Pin: a receipt whose reference our other account's transfer carries as
// its end-to-end id, that account's IBAN written with spaces and small
// letters, is not cleared: the transfer is ours.
func TestHrev165ReceiptNotNamedByOwnTransferLooseIBAN(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv := f.invoice(t, "C1", d(3, 1), "1000.00")
		r1 := h165Pay(t, f, reconcile.Inbound, "C1", "LCL", d(3, 5), "1000.00", "A1B2C3", inv)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR RECU",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "A1B2C3", CounterpartyIBAN: "fr76 3000 6000 0112 3456 7890 189"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		assert.False(t, ps[0].Matched, h151Desc(ps))
		assert.NotContains(t, ps[0].Target.Payments, r1, h151Desc(ps))
		assert.Contains(t, ps[0].Reason, "a transfer between the company's own accounts (journal BNP)", h151Desc(ps))
	})
}

// Was failing, fixed: an entry of two transactions, 600.00 from customer K1 naming K1's receipt by end-to-end id and 400.00 from our own BNP account, is proposed to clear C2's waiting receipt of 400.00 with our own transfer's money (byTransactions); expected C2's receipt left waiting (the entry not matched, or only K1's part), got both receipts cleared
func TestHrev165MixedEntryOwnTransferNotTakenForReceipt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv1 := f.invoice(t, "K1", d(3, 1), "600.00")
		inv2 := f.invoice(t, "C2", d(3, 1), "400.00")
		r1 := h165Pay(t, f, reconcile.Inbound, "K1", "LCL", d(3, 5), "600.00", "A1B2C3", inv1)
		r2 := h165Pay(t, f, reconcile.Inbound, "C2", "LCL", d(3, 5), "400.00", "Q7W8E9", inv2)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIREMENTS RECUS",
			Transactions: []reconcile.BankTransaction{
				{Amount: e("600.00"), EndToEndID: "A1B2C3", CounterpartyIBAN: h151K1},
				{Amount: e("400.00"), EndToEndID: "Q7W8E9", CounterpartyIBAN: h151BNP, Counterparty: "MA SOCIETE"},
			}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		_ = r1
		assert.NotContains(t, ps[0].Target.Payments, r2, "our own transfer taken for C2's receipt: "+h151Desc(ps))
	})
}

// Pin: the statement's own IBAN as counterparty (a bank's error, a
// return) does not stop the end-to-end id naming a receipt.
func TestHrev165ReceiptNamedWhenCounterpartyIsThisAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv1 := f.invoice(t, "C1", d(3, 1), "1000.00")
		inv2 := f.invoice(t, "C2", d(3, 1), "1000.00")
		r1 := h165Pay(t, f, reconcile.Inbound, "C1", "LCL", d(3, 5), "1000.00", "A1B2C3", inv1)
		h165Pay(t, f, reconcile.Inbound, "C2", "LCL", d(3, 5), "1000.00", "Q7W8E9", inv2)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR RECU",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "A1B2C3", CounterpartyIBAN: h151LCL}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, []journal.ID{r1}, ps[0].Target.Payments)
	})
}

// Pin: a payment we sent to our other account, named by its end-to-end
// id, is cleared (the rule before the own-accounts one).
func TestHrev165OutgoingToOwnAccountNamedByEndToEnd(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		b := f.bill(t, "S1", d(3, 1), "700.00")
		p := h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "700.00", "E2EOWN0001", b)
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-700.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "E2EOWN0001", CounterpartyIBAN: h151LCL}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, []journal.ID{p}, ps[0].Target.Payments)
	})
}

// Pin: a receipt named by end-to-end id, the bank's fee (10.00, within
// 5 %) taken off: cleared with the fee to the bank fees account; applied
// twice under one operation, written once.
func TestHrev165ReceiptByEndToEndWithFeeApplyTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv1 := f.invoice(t, "C1", d(3, 1), "1000.00")
		inv2 := f.invoice(t, "C2", d(3, 1), "1000.00")
		r1 := h165Pay(t, f, reconcile.Inbound, "C1", "LCL", d(3, 5), "1000.00", "A1B2C3", inv1)
		h165Pay(t, f, reconcile.Inbound, "C2", "LCL", d(3, 5), "1000.00", "Q7W8E9", inv2)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("990.00"), Label: "VIR RECU",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "A1B2C3", CounterpartyIBAN: h151K1}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, []journal.ID{r1}, ps[0].Target.Payments)
		assert.True(t, ps[0].Target.BankFees)
		op := journal.NewID()
		out, err := f.rec.ApplyImported(ctx, op, ps)
		require.NoError(t, err)
		require.Len(t, out, 1)
		require.NoError(t, out[0].Err)
		f.check(t)
		before := f.snapshot(t)
		out2, err := f.rec.ApplyImported(ctx, op, ps)
		require.NoError(t, err)
		require.Len(t, out2, 1)
		require.NoError(t, out2[0].Err)
		f.unchanged(t, before)
		assert.Equal(t, "990.00", h151Bal(t, f, "512300", ""))
		assert.Equal(t, "1000.00", h151Bal(t, f, "512100", ""), "C2's receipt still waits")
		assert.Equal(t, reconcile.Paid, f.state(t, inv1).State)
		assert.Equal(t, reconcile.InPayment, f.state(t, inv2).State)
		ps, err = f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		assert.Empty(t, ps)
	})
}

// Was failing, fixed: DESIGN §11 rule 1 compares an EndToEndId with a payment's reference "normalised (case, spaces, separators)"; a receipt registered with reference "a1b2-c3" is not found by the bank line whose end-to-end id is "A1B2C3" (a twin receipt of 1000.00 waits); expected C1's receipt cleared, got the line unmatched
func TestHrev165EndToEndNormalisedAgainstReference(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv1 := f.invoice(t, "C1", d(3, 1), "1000.00")
		inv2 := f.invoice(t, "C2", d(3, 1), "1000.00")
		r1 := h165Pay(t, f, reconcile.Inbound, "C1", "LCL", d(3, 5), "1000.00", "a1b2-c3", inv1)
		h165Pay(t, f, reconcile.Inbound, "C2", "LCL", d(3, 5), "1000.00", "Q7W8E9", inv2)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR SEPA RECU",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "A1B2C3"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, []journal.ID{r1}, ps[0].Target.Payments)
	})
}

// Pin: a payment run's two transfers booked as one entry of two
// transactions, each named by its end-to-end id, clear both.
func TestHrev165TwoOutgoingNamedInOneEntry(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		b1 := f.bill(t, "S1", d(3, 1), "300.00")
		b2 := f.bill(t, "S1", d(3, 2), "700.00")
		p1 := h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "300.00", "E2EONE0001", b1)
		p2 := h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "700.00", "E2ETWO0002", b2)
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-1000.00"), Label: "REMISE VIREMENTS",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "E2EONE0001"}, {EndToEndID: "E2ETWO0002"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, []journal.ID{p1, p2}, ps[0].Target.Payments)
	})
}

// Pin: a receipt cleared by its end-to-end id and posted, then returned
// by the bank under the same id, the return names that entry; posting it
// reopens the customer's invoice and the book holds.
func TestHrev165ReturnOfReceiptNamedByEndToEnd(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv1 := f.invoice(t, "C1", d(3, 1), "1000.00")
		inv2 := f.invoice(t, "C2", d(3, 1), "1000.00")
		h165Pay(t, f, reconcile.Inbound, "C1", "LCL", d(3, 5), "1000.00", "A1B2C3", inv1)
		h165Pay(t, f, reconcile.Inbound, "C2", "LCL", d(3, 5), "1000.00", "Q7W8E9", inv2)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR RECU",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "A1B2C3", CounterpartyIBAN: h151K1}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		out, err := f.rec.ApplyImported(ctx, journal.NoID, ps)
		require.NoError(t, err)
		require.NoError(t, out[0].Err)
		ret := reconcile.BankEntry{Ref: "L2", BookingDate: d(3, 14), Amount: e("-1000.00"), Label: "RETOUR VIR", Reversal: true,
			Transactions: []reconcile.BankTransaction{{EndToEndID: "A1B2C3", CounterpartyIBAN: h151K1}}}
		_, err = f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-04", "1000.00", d(3, 14), ret))
		require.NoError(t, err)
		ps, err = f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		require.NotNil(t, ps[0].Target.Returns, h151Desc(ps))
		out, err = f.rec.ApplyImported(ctx, journal.NoID, ps)
		require.NoError(t, err)
		require.NoError(t, out[0].Err)
		f.check(t)
		assert.Equal(t, "0.00", h151Bal(t, f, "512300", ""))
		assert.Equal(t, "1000.00", h151Bal(t, f, "411000", "C1"))
		assert.Equal(t, "1000.00", h151Bal(t, f, "512100", ""), "C2's receipt still waits")
	})
}

// Pin: on a journal that books payments straight to the bank, a receipt
// booked there is not named by the end-to-end id of a transfer from our
// other account.
func TestHrev165BookedJournalReceiptNotNamedByOwnTransfer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "SG", Kind: ledger.JournalBank,
			BankAccount: "512000", IBAN: h151BNP}))
		require.NoError(t, f.book.AddAccount(ctx, ledger.NewAccount("512300", "Banque LCL", ledger.KindBank)))
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "LCL", Name: "LCL", Kind: ledger.JournalBank,
			BankAccount: "512300", IBAN: h151LCL}))
		inv := f.invoice(t, "C1", d(3, 1), "1000.00")
		r1 := h165Pay(t, f, reconcile.Inbound, "C1", "LCL", d(3, 5), "1000.00", "A1B2C3", inv)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR RECU",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "A1B2C3", CounterpartyIBAN: h151BNP}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)
		ps, err := f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, ps, 1)
		assert.NotContains(t, ps[0].Target.Booked, r1, h151Desc(ps))
		assert.False(t, ps[0].Matched, h151Desc(ps))
	})
}
