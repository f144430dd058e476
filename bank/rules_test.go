package bank_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
)

// rulesBook is a book whose bank journal BNP imports statements, a
// customer C1 known by its IBAN with three invoices due in January,
// February and March, and a reconciler that writes off up to 0.05 €.
type rulesBook struct {
	b    *ledger.Book
	r    *reconcile.Reconciler
	inv  []journal.Entry
	next int // the next statement's number
	bal  currency.Amount
}

var eurR = currency.MustLookup("EUR")

func eR(v string) currency.Amount { return currency.MustParse(eurR, v) }

func dayR(m, d int) journal.Date { return journal.MustDate(2026, time.Month(m), d) }

func newRulesBook(t *testing.T, s storetest.Backend) *rulesBook {
	b, _ := bookWithBankAccount(t, s)
	r, err := reconcile.New(ctx, b, reconcile.Config{Tolerance: []currency.Amount{eR("0.05")}})
	require.NoError(t, err)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
	f := &rulesBook{b: b, r: r, bal: eR("0.00")}
	for i, amt := range []string{"100.00", "200.00", "300.00"} {
		res, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: dayR(1+i, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: eR(amt), DueDate: dayR(1+i, 28)}, {Account: "706000", Balance: eR(amt).Neg()}}})
		require.NoError(t, err)
		f.inv = append(f.inv, res.Entry)
	}
	return f
}

// receive imports a statement of one receipt from C1's account and
// returns its proposal under rules.
func (f *rulesBook) receive(t *testing.T, on journal.Date, amount, remittance string, rules reconcile.Rules) reconcile.ImportedProposal {
	t.Helper()
	f.next++
	closing := mustAddR(t, f.bal, eR(amount))
	_, err := f.r.ImportStatement(ctx, reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "S" + string(rune('0'+f.next)), Currency: eurR,
		Opening: f.bal, OpeningDate: on, Closing: closing, ClosingDate: on,
		Entries: []reconcile.BankEntry{{Ref: "L1", BookingDate: on, Amount: eR(amount), Label: "VIR RECU",
			Transactions: []reconcile.BankTransaction{{Counterparty: "Client", CounterpartyIBAN: "BE68539007547034", Remittance: remittance}}}}})
	require.NoError(t, err)
	f.bal = closing
	props, err := f.r.ProposeImported(ctx, "BNP", rules)
	require.NoError(t, err)
	require.Len(t, props, 1)
	return props[0]
}

func mustAddR(t *testing.T, a, b currency.Amount) currency.Amount {
	s, err := a.Add(b)
	require.NoError(t, err)
	return s
}

func (f *rulesBook) apply(t *testing.T, p reconcile.ImportedProposal) {
	t.Helper()
	outs, err := f.r.ApplyImported(ctx, journal.NoID, []reconcile.ImportedProposal{p})
	require.NoError(t, err)
	require.NoError(t, outs[0].Err, p.Reason)
	require.NoError(t, f.b.Check(ctx))
}

func (f *rulesBook) residual(t *testing.T, i int) string {
	t.Helper()
	st, err := f.r.State(ctx, f.inv[i].ID)
	require.NoError(t, err)
	return st.Residual.Plain()
}

// A customer known by its IBAN pays 250 € against 100, 200 and 300 €: no
// document or combination of that amount. By default the money waits on
// its account; with OldestFirst it pays January's invoice and 150 € of
// February's.
func TestImportedOldestFirst(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			f := newRulesBook(t, s)
			p := f.receive(t, dayR(4, 2), "250.00", "", reconcile.Rules{})
			require.Equal(t, reconcile.ImportedTarget{Partner: "C1", Account: "411000"}, p.Target, p.Reason)
			require.Contains(t, p.Reason, "posted to its account")

			p, err := oneProposal(f, reconcile.Rules{OldestFirst: true})
			require.NoError(t, err)
			require.Equal(t, reconcile.OldestFirst, p.Confidence)
			require.Equal(t, []journal.ID{f.inv[0].ID, f.inv[1].ID}, p.Target.Invoices, p.Reason)
			require.Contains(t, p.Reason, "oldest due first: VT/2026/00001, VT/2026/00002 (50,00\u00a0€ left on the last)")
			f.apply(t, p)
			require.Equal(t, "0.00", f.residual(t, 0))
			require.Equal(t, "50.00", f.residual(t, 1))
			require.Equal(t, "300.00", f.residual(t, 2))

			// More than everything owed: all paid, the rest unallocated.
			p = f.receive(t, dayR(4, 3), "400.00", "", reconcile.Rules{OldestFirst: true})
			require.Contains(t, p.Reason, "(50,00\u00a0€ unallocated)")
			f.apply(t, p)
			require.Equal(t, "0.00", f.residual(t, 1))
			require.Equal(t, "0.00", f.residual(t, 2))
		})
	}
}

func oneProposal(f *rulesBook, rules reconcile.Rules) (reconcile.ImportedProposal, error) {
	props, err := f.r.ProposeImported(ctx, "BNP", rules)
	if err != nil || len(props) != 1 {
		return reconcile.ImportedProposal{}, err
	}
	return props[0], nil
}

// Three cents short of February's invoice: paid, the difference written
// off, unless tolerance is turned off. Named in the remittance, the same.
func TestImportedWithinTolerance(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			f := newRulesBook(t, s)
			p := f.receive(t, dayR(3, 2), "199.97", "", reconcile.Rules{NoTolerance: true})
			require.Equal(t, reconcile.ImportedTarget{Partner: "C1", Account: "411000"}, p.Target, p.Reason)
			p, err := oneProposal(f, reconcile.Rules{})
			require.NoError(t, err)
			require.Equal(t, reconcile.WithinTolerance, p.Confidence, p.Reason)
			require.Equal(t, reconcile.ImportedTarget{Partner: "C1", Invoices: []journal.ID{f.inv[1].ID}, WriteOff: true}, p.Target)
			require.Contains(t, p.Reason, "0,03\u00a0€ difference written off")
			f.apply(t, p)
			require.Equal(t, "0.00", f.residual(t, 1))
			loss, err := f.b.Balance(ctx, ledger.BalanceQuery{Account: "658000"})
			require.NoError(t, err)
			require.Equal(t, "0.03", loss.Balance.Plain(), "the write-off")

			// Named, two cents over: paid, the two cents left to the
			// customer as an outstanding credit, or written off as a gain
			// when the rules say so.
			p = f.receive(t, dayR(3, 3), "300.02", "Facture VT/2026/00003", reconcile.Rules{})
			require.Equal(t, reconcile.ExactReference, p.Confidence)
			require.False(t, p.Target.WriteOff, p.Reason)
			require.Contains(t, p.Reason, "0,02\u00a0€ overpaid stays as an outstanding credit")
			p, err = oneProposal(f, reconcile.Rules{WriteOffOverpayment: true})
			require.NoError(t, err)
			require.True(t, p.Target.WriteOff, p.Reason)
			f.apply(t, p)
			require.Equal(t, "0.00", f.residual(t, 2))
			// Named, well short: a partial payment, nothing written off.
			p = f.receive(t, dayR(3, 4), "60.00", "VT/2026/00001", reconcile.Rules{})
			require.False(t, p.Target.WriteOff, p.Reason)
			f.apply(t, p)
			require.Equal(t, "40.00", f.residual(t, 0))
		})
	}
}

// The date window bounds the amount rules: January's 100 € paid in
// September is no exact-amount match under the default 120 days, and is
// under a year's window.
func TestImportedDateWindow(t *testing.T) {
	f := newRulesBook(t, storetest.Backends[0])
	p := f.receive(t, dayR(9, 1), "100.00", "", reconcile.Rules{})
	require.Contains(t, p.Reason, "posted to its account", "outside the window")
	p, err := oneProposal(f, reconcile.Rules{DateWindow: 365})
	require.NoError(t, err)
	require.Equal(t, reconcile.ExactAmount, p.Confidence)
	require.Equal(t, []journal.ID{f.inv[0].ID}, p.Target.Invoices, p.Reason)
}

// Each rule can be turned off: no reference, no combination.
func TestImportedRulesSwitches(t *testing.T) {
	f := newRulesBook(t, storetest.Backends[0])
	p := f.receive(t, dayR(3, 2), "300.00", "VT/2026/00001", reconcile.Rules{})
	require.Equal(t, []journal.ID{f.inv[0].ID}, p.Target.Invoices, "the reference wins: %s", p.Reason)
	p, err := oneProposal(f, reconcile.Rules{NoReference: true})
	require.NoError(t, err)
	require.Equal(t, []journal.ID{f.inv[2].ID}, p.Target.Invoices, "by amount: %s", p.Reason)
	// Without the exact-amount rule, the invoice of exactly 300 € keeps
	// the combination 100 + 200 from taking the money (as in automatic
	// lettering): the line goes to the partner's account, to letter.
	p, err = oneProposal(f, reconcile.Rules{NoReference: true, NoExactAmount: true})
	require.NoError(t, err)
	require.Equal(t, reconcile.ImportedTarget{Partner: "C1", Account: "411000"}, p.Target, p.Reason)
	require.Contains(t, p.Reason, "exact-amount rule is off")
	p, err = oneProposal(f, reconcile.Rules{NoReference: true, NoExactAmount: true, NoCombination: true})
	require.NoError(t, err)
	require.Equal(t, reconcile.ImportedTarget{Partner: "C1", Account: "411000"}, p.Target, p.Reason)

	_, err = f.r.ProposeImported(ctx, "BNP", reconcile.Rules{CombinationSize: 13})
	require.ErrorIs(t, err, reconcile.ErrRules)
}

// A statement line that writes off needs the invoices it pays, and a
// difference within the tolerance: else refused, nothing written.
func TestStatementLineWriteOffRefused(t *testing.T) {
	f := newRulesBook(t, storetest.Backends[0])
	before, err := f.b.Balance(ctx, ledger.BalanceQuery{Account: "512000"})
	require.NoError(t, err)
	_, err = f.r.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BNP", Date: dayR(3, 2), Amount: eR("99.00"), Partner: "C1", WriteOff: true})
	require.ErrorIs(t, err, reconcile.ErrNotDocument)
	_, err = f.r.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BNP", Date: dayR(3, 2), Amount: eR("99.00"), Partner: "C1",
		Invoices: []journal.ID{f.inv[0].ID}, WriteOff: true})
	require.ErrorIs(t, err, reconcile.ErrTolerance)
	after, err := f.b.Balance(ctx, ledger.BalanceQuery{Account: "512000"})
	require.NoError(t, err)
	require.Equal(t, before.Balance.Plain(), after.Balance.Plain(), "nothing written")
	require.Equal(t, "100.00", f.residual(t, 0))
}
