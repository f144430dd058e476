package reconcile_test

// Review h-rev151: money moving between the company's own accounts and
// the bank's clearing (DESIGN §5 bank clearing, §12).

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

const (
	h151BNP  = "FR7630006000011234567890189"
	h151LCL  = "FR7030002005500000157845Z02"
	h151K1   = "BE68539007547034"
	h151USDI = "FR7630004000031234567890240"
)

// h151Setup adds two EUR bank journals that use outstanding accounts:
// BNP (512000) and LCL (512300), and customer K1 known by its IBAN.
func h151Setup(t *testing.T, f *fixture) {
	t.Helper()
	require.NoError(t, f.book.AddAccount(ctx, ledger.NewAccount("512300", "Banque LCL", ledger.KindBank)))
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP", Kind: ledger.JournalBank,
		BankAccount: "512000", IBAN: h151BNP, UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"}))
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "LCL", Name: "LCL", Kind: ledger.JournalBank,
		BankAccount: "512300", IBAN: h151LCL, UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"}))
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K1", Name: "Client K1", BankAccounts: []ledger.BankAccount{{IBAN: h151K1}}}))
}

func h151Stmt(iban, id string, opening string, on journal.Date, entries ...reconcile.BankEntry) reconcile.BankStatement {
	s := reconcile.BankStatement{Account: ident.IBAN(iban), ID: id, Currency: eur, Opening: e(opening), OpeningDate: on, ClosingDate: on}
	closing := e(opening)
	for _, x := range entries {
		closing, _ = closing.Add(x.Amount)
	}
	s.Entries, s.Closing = entries, closing
	return s
}

func h151Bal(t *testing.T, f *fixture, acct, partner string) string {
	t.Helper()
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: acct, Partner: partner})
	require.NoError(t, err)
	return b.Balance.Plain()
}

func h151Desc(ps []reconcile.ImportedProposal) string {
	s := ""
	for _, p := range ps {
		s += fmt.Sprintf("[%s matched=%v target=%+v reason=%q] ", p.Ref, p.Matched, p.Target, p.Reason)
	}
	return s
}

// Was failing, fixed: both sides of an internal transfer (counterparty IBAN = the company's own other account) are proposed to clear a partner's waiting payment of 1000.00 (BNP -1000.00 clears S1's payment BNP/2026/00001, LCL +1000.00 clears K1's receipt LCL/2026/00001, "only payment waiting"); expected no customer or supplier payment proposed.
// An internal transfer of 1 000.00 from BNP to LCL, booked by BNP on 10
// March and by LCL on 11 March, while customer K1 owes 1 000.00 and has a
// receipt of 1 000.00 waiting on LCL's outstanding receipts: neither side
// of the transfer is K1's money; each posted to 580000, they clear each
// other there.
func TestHrev151InternalTransferNotTakenForCustomerReceipt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "1000.00")
		pay := f.receive(t, "LCL", "K1", d(3, 5), "1000.00", inv)
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		bill := f.bill(t, "S1", d(3, 1), "1000.00")
		sp, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("1000.00"), Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)

		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-1000.00"), Label: "VIR INTERNE VERS LCL",
			Transactions: []reconcile.BankTransaction{{Counterparty: "MA SOCIETE", CounterpartyIBAN: h151LCL, Remittance: "VIREMENT INTERNE"}}}
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR RECU MA SOCIETE",
			Transactions: []reconcile.BankTransaction{{Counterparty: "MA SOCIETE", CounterpartyIBAN: h151BNP, Remittance: "VIREMENT INTERNE"}}}
		_, err = f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		_, err = f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)

		pb, err := f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
		require.NoError(t, err)
		pl, err := f.rec.ProposeImported(ctx, "LCL", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, pb, 1)
		require.Len(t, pl, 1)
		// Neither side is a customer's or supplier's payment.
		assert.Empty(t, pb[0].Target.Partner, h151Desc(pb))
		assert.Empty(t, pb[0].Target.Payments, h151Desc(pb))
		assert.Empty(t, pl[0].Target.Partner, h151Desc(pl))
		assert.NotContains(t, pl[0].Target.Payments, pay.ID, "the internal transfer taken for K1's receipt: "+h151Desc(pl))
		assert.NotContains(t, pb[0].Target.Payments, sp.Entries[0].ID, "the internal transfer taken for S1's payment: "+h151Desc(pb))
		assert.False(t, pb[0].Matched)
		assert.Contains(t, pb[0].Reason, "a transfer between the company's own accounts (journal LCL): post it to the internal transfer account (580000)")
		assert.Contains(t, pl[0].Reason, "(journal BNP)")

	})
}

// An internal transfer of 1 000.00 from BNP to LCL, booked by BNP on 10
// March and by LCL on 11 March, while customer K1 owes 1 000.00 and has a
// receipt of 1 000.00 waiting on LCL's outstanding receipts: neither side
// of the transfer is K1's money; each posted to 580000, they clear each
// other there.
func TestHrev151InternalTransferBothSidesPosted(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "1000.00")
		f.receive(t, "LCL", "K1", d(3, 5), "1000.00", inv)
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		f.bill(t, "S1", d(3, 1), "1000.00")

		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-1000.00"), Label: "VIR INTERNE VERS LCL",
			Transactions: []reconcile.BankTransaction{{Counterparty: "MA SOCIETE", CounterpartyIBAN: h151LCL, Remittance: "VIREMENT INTERNE"}}}
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR RECU MA SOCIETE",
			Transactions: []reconcile.BankTransaction{{Counterparty: "MA SOCIETE", CounterpartyIBAN: h151BNP, Remittance: "VIREMENT INTERNE"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.NoError(t, err)
		_, err = f.rec.ImportStatement(ctx, h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.NoError(t, err)

		// Post both to 580000 and letter them there.
		rb, err := f.rec.PostImported(ctx, journal.NoID, "BNP", "BNP-03", "B1", reconcile.ImportedTarget{Account: "580000"})
		require.NoError(t, err)
		f.check(t)
		rl, err := f.rec.PostImported(ctx, journal.NoID, "LCL", "LCL-03", "L1", reconcile.ImportedTarget{Account: "580000"})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "0.00", h151Bal(t, f, "580000", ""))
		assert.Equal(t, "-1000.00", h151Bal(t, f, "512000", ""))
		assert.Equal(t, "1000.00", h151Bal(t, f, "512300", ""))
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{rb.Entries[0].LineRef(0), rl.Entries[0].LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Matches, 1)
		assert.Equal(t, "AAA", res.Matches[0].Code)
		require.Len(t, res.Partials, 1)
		assert.Equal(t, "1000.00", res.Partials[0].Amount.Plain())
		assert.Equal(t, d(3, 11), res.Partials[0].Date)
		assert.Empty(t, res.Entries, "a same-currency transfer generates nothing")
		// K1's receipt is still waiting for the bank.
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		assert.Equal(t, "1000.00", h151Bal(t, f, "512100", ""))
	})
}
