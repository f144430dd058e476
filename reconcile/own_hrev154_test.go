package reconcile_test

// Review h-rev154: statement matching of transfers between the company's
// own accounts (betweenOwnAccounts).

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

func h154Propose(t *testing.T, f *fixture, j string, s reconcile.BankStatement) []reconcile.ImportedProposal {
	t.Helper()
	_, err := f.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	ps, err := f.rec.ProposeImported(ctx, j, reconcile.Rules{})
	require.NoError(t, err)
	return ps
}

// The own IBAN written with spaces and in lower case, as a bank's text
// may give it, is still the company's own account.
func TestHrev154OwnIBANSpacedLowerCase(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR RECU MA SOCIETE",
			Transactions: []reconcile.BankTransaction{{Counterparty: "MA SOCIETE", CounterpartyIBAN: "fr76 3000 6000 0112 3456 7890 189", Remittance: "VIREMENT INTERNE"}}}
		ps := h154Propose(t, f, "LCL", h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.Len(t, ps, 1)
		assert.False(t, ps[0].Matched)
		assert.Contains(t, ps[0].Reason, "a transfer between the company's own accounts (journal BNP)", h151Desc(ps))
	})
}

// An entry of two transactions, one from the company's other account and
// one from customer K1 paying its invoice, is no internal transfer.
func TestHrev154MixedOwnAndCustomerNotTransfer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv := f.invoice(t, "K1", d(3, 1), "300.00")
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1300.00"), Label: "REMISE",
			Transactions: []reconcile.BankTransaction{
				{Amount: e("1000.00"), Counterparty: "MA SOCIETE", CounterpartyIBAN: h151BNP, Remittance: "VIREMENT INTERNE"},
				{Amount: e("300.00"), Counterparty: "CLIENT K1", CounterpartyIBAN: h151K1, Remittance: inv.Name()}}}
		ps := h154Propose(t, f, "LCL", h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.Len(t, ps, 1)
		assert.NotContains(t, ps[0].Reason, "own accounts", h151Desc(ps))
	})
}

// Without an internal transfer account in the chart, the reason names no
// account code.
func TestHrev154OwnTransferNoTransferAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		require.NoError(t, f.book.SetAccountActive(ctx, "580000", false))
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 11), Amount: e("1000.00"), Label: "VIR",
			Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: h151BNP}}}
		ps := h154Propose(t, f, "LCL", h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 11), in))
		require.Len(t, ps, 1)
		assert.Equal(t, "a transfer between the company's own accounts (journal BNP): post it to the internal transfer account and letter it with the other side", ps[0].Reason)
	})
}

// h154Return posts K1's transfer of 500.00 (end-to-end id K1E2E0001)
// to BNP, matched to its invoice, then imports its return on 20 March,
// flagged as a reversal naming the same end-to-end id, with the
// counterparty IBAN given, and proposes it.
func h154Return(t *testing.T, f *fixture, counterparty string) []reconcile.ImportedProposal {
	t.Helper()
	h151Setup(t, f)
	inv := f.invoice(t, "K1", d(3, 1), "500.00")
	rcv := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("500.00"), Label: "VIR RECU CLIENT K1",
		Transactions: []reconcile.BankTransaction{{EndToEndID: "K1E2E0001", Counterparty: "CLIENT K1", CounterpartyIBAN: h151K1, Remittance: inv.Name()}}}
	ps := h154Propose(t, f, "BNP", h151Stmt(h151BNP, "BNP-03", "0.00", d(3, 10), rcv))
	require.Len(t, ps, 1)
	require.True(t, ps[0].Matched, h151Desc(ps))
	outs, err := f.rec.ApplyImported(ctx, journal.NoID, ps)
	require.NoError(t, err)
	require.NoError(t, outs[0].Err)
	assert.Equal(t, reconcile.Paid, f.state(t, inv).State)

	ret := reconcile.BankEntry{Ref: "B2", BookingDate: d(3, 20), Amount: e("-500.00"), Reversal: true, BankCode: "PMNT/RCDT/RRTN", Label: "RETOUR VIR K1E2E0001",
		Transactions: []reconcile.BankTransaction{{EndToEndID: "K1E2E0001", Counterparty: "X", CounterpartyIBAN: ident.IBAN(counterparty)}}}
	return h154Propose(t, f, "BNP", h151Stmt(h151BNP, "BNP-03b", "500.00", d(3, 20), ret))
}

// The return of K1's transfer naming K1's account: the return of B1.
func TestHrev154ReturnNamingCustomerIBAN(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		ps := h154Return(t, f, h151K1)
		require.Len(t, ps, 1)
		require.NotNil(t, ps[0].Target.Returns, h151Desc(ps))
		assert.Equal(t, "B1", ps[0].Target.Returns.Ref)
		assert.Equal(t, "K1", ps[0].Target.Partner)
	})
}

// Was failing, fixed: a customer's transfer returned (Reversal, end-to-end id of receipt B1) whose counterparty IBAN the bank gives as the journal's own (BNP) is taken for "a transfer between the company's own accounts (journal BNP)"; expected byReturn: Target.Returns = B1, partner K1.
// The doc says "another of the company's own accounts": the journal's own
// account is not another one; a return naming our own account (the
// creditor of the money returned) is the impayé of B1.
func TestHrev154ReturnNamingJournalOwnIBAN(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		ps := h154Return(t, f, h151BNP)
		require.Len(t, ps, 1)
		require.NotNil(t, ps[0].Target.Returns, h151Desc(ps))
		assert.Equal(t, "B1", ps[0].Target.Returns.Ref)
		assert.Equal(t, "K1", ps[0].Target.Partner)
	})
}

// Was failing, fixed: our payment of 1000.00 to S1 waiting on BNP's outstanding payments, named exactly by the entry's end-to-end id, is not cleared when the bank gives LCL's IBAN as counterparty; expected byEndToEnd (Payments = the payment, "end-to-end id ... = our payment's reference"), got left for 580000.
// byEndToEnd's doc: an entry its end-to-end ids name is those payments'
// and no one else's; the id is the book's own reference.
func TestHrev154EndToEndToOwnAccountClears(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		bill := f.bill(t, "S1", d(3, 1), "1000.00")
		sp, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("1000.00"), Ref: "PAYS1E2E01", Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		require.Equal(t, "PAYS1E2E01", sp.Entries[0].Ref)
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-1000.00"), Label: "VIR SEPA PAYS1E2E01",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "PAYS1E2E01", Counterparty: "S1", CounterpartyIBAN: h151LCL}}}
		ps := h154Propose(t, f, "BNP", h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		require.Len(t, ps, 1)
		assert.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, []journal.ID{sp.Entries[0].ID}, ps[0].Target.Payments, h151Desc(ps))
	})
}

// Both sides of an internal transfer of 1 000.00 applied by hand to
// 580000 through ApplyImported, then lettered there: 580000 at 0.00, the
// partial dated the later side's date, the book checks.
func TestHrev154ApplyImportedTo580AndLetter(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		out := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-1000.00"), Label: "VIR INTERNE",
			Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: h151LCL}}}
		in := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 12), Amount: e("1000.00"), Label: "VIR INTERNE",
			Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: h151BNP}}}
		pb := h154Propose(t, f, "BNP", h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), out))
		pl := h154Propose(t, f, "LCL", h151Stmt(h151LCL, "LCL-03", "0.00", d(3, 12), in))
		require.Len(t, pb, 1)
		require.Len(t, pl, 1)
		pb[0].Target, pb[0].Matched = reconcile.ImportedTarget{Account: "580000"}, true
		pl[0].Target, pl[0].Matched = reconcile.ImportedTarget{Account: "580000"}, true
		ob, err := f.rec.ApplyImported(ctx, journal.NoID, pb)
		require.NoError(t, err)
		require.NoError(t, ob[0].Err)
		ol, err := f.rec.ApplyImported(ctx, journal.NoID, pl)
		require.NoError(t, err)
		require.NoError(t, ol[0].Err)
		f.check(t)
		assert.Equal(t, "0.00", h151Bal(t, f, "580000", ""))
		assert.Equal(t, "-1000.00", h151Bal(t, f, "512000", ""))
		assert.Equal(t, "1000.00", h151Bal(t, f, "512300", ""))
		var refs []journal.LineRef
		for x, err := range f.book.Entries(ctx, ledger.EntryFilter{}) {
			require.NoError(t, err)
			for i, l := range x.Entry.Lines {
				if l.Account == "580000" {
					refs = append(refs, x.Entry.LineRef(i))
					if x.Entry.Ref == "B1" {
						assert.Equal(t, d(3, 10), x.Entry.Date)
						assert.Equal(t, "1000.00", l.Balance.Plain())
					} else {
						assert.Equal(t, d(3, 12), x.Entry.Date)
						assert.Equal(t, "-1000.00", l.Balance.Plain())
					}
				}
			}
		}
		require.Len(t, refs, 2)
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: refs})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Partials, 1)
		assert.Equal(t, "1000.00", res.Partials[0].Amount.Plain())
		assert.Equal(t, d(3, 12), res.Partials[0].Date)
		assert.Empty(t, res.Entries)
		require.Len(t, res.Matches, 1)
		assert.Equal(t, "AAA", res.Matches[0].Code)
	})
}
