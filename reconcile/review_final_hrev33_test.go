package reconcile_test

// Review h-rev33 (final) of 5b0b1e2..HEAD: the "spent" path of
// byNamedDocuments (importrules.go), which sends an entry naming only
// documents earlier entries pay "in full" to the partner's account.

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev33ApplyAndResidual applies the proposals, checks the book and
// returns the residual of doc's receivable line.
func hrev33ApplyAndResidual(t *testing.T, f *fixture, props []reconcile.ImportedProposal, doc journal.Entry) string {
	t.Helper()
	outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	for i, o := range outs {
		if props[i].Matched {
			require.NoError(t, o.Err, rvDescribe(props[i]))
		}
	}
	f.check(t)
	return f.residual(t, line0(doc)).String()
}

// Was failing, fixed: customer K1 owes invoice A 1 000,00 € and has credit note N of
// 200,00 €. On one statement K1 pays 500,00 € "Facture A moins avoir N"
// (A is set off with N and paid 500,00 €: 300,00 € of A stays due), then
// 300,00 € "Solde facture A". Only a lone document paid in part is marked
// `partly`; a document paid in part beside a credit note is taken as paid
// in full, so the balance goes to "spent": posted to K1's account "to
// letter", with the false reason "names VT/2026/00001 of K1, which an
// earlier line pays" — A stays 300,00 € due beside an unlettered 300,00 €
// receipt. CHANGELOG: "it now pays the rest of the one it names; an entry
// naming only invoices earlier entries pay in full … goes to the
// partner's account". Expected: the second entry pays A's rest (Invoices
// [A]); applied, A is settled.
func TestHrev33SetOffThenBalancePaysTheRest(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "1000.00")
		n := f.creditNote(t, "K1", d(3, 2), "200.00")
		props := b.imports(t, d(3, 20), reconcile.Rules{},
			rvEntry{amount: "500.00", iban: rvK1IBAN, remittance: "Facture " + a.Name() + " moins avoir " + n.Name()},
			rvEntry{amount: "300.00", iban: rvK1IBAN, remittance: "Solde facture " + a.Name()})
		require.Len(t, props, 2)
		require.Equal(t, []journal.ID{a.ID, n.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		pr := props[1]
		require.NotContains(t, pr.Reason, "which an earlier line pays", "A is not paid in full by the first line: %s", rvDescribe(pr))
		require.Equal(t, []journal.ID{a.ID}, pr.Target.Invoices, rvDescribe(pr))
		require.Equal(t, "0.00 EUR", hrev33ApplyAndResidual(t, f, props, a), "A left part due")
	})
}

// Was failing, fixed: the same with two invoices named by one entry: K1 owes A
// 1 000,00 € and C 500,00 €, pays 1 200,00 € "Factures A C" (A in full,
// 200,00 € of C: 300,00 € of C stays due), then 300,00 € "Solde facture
// C". `partly` is set only when one document is named, so C counts as
// paid in full and the balance is posted to K1's account, reason "names
// VT/2026/00002 of K1, which an earlier line pays" (false). Expected: the
// second entry pays C's rest (Invoices [C]); applied, C is settled.
func TestHrev33TwoNamedThenBalancePaysTheRest(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		a := f.invoice(t, "K1", d(3, 1), "1000.00")
		c := f.invoice(t, "K1", d(3, 2), "500.00")
		props := b.imports(t, d(3, 20), reconcile.Rules{},
			rvEntry{amount: "1200.00", iban: rvK1IBAN, remittance: "Factures " + a.Name() + " " + c.Name()},
			rvEntry{amount: "300.00", iban: rvK1IBAN, remittance: "Solde facture " + c.Name()})
		require.Len(t, props, 2)
		require.Equal(t, []journal.ID{a.ID, c.ID}, props[0].Target.Invoices, rvDescribe(props[0]))
		pr := props[1]
		require.NotContains(t, pr.Reason, "which an earlier line pays", "C is not paid in full by the first line: %s", rvDescribe(pr))
		require.Equal(t, []journal.ID{c.ID}, pr.Target.Invoices, rvDescribe(pr))
		require.Equal(t, "0.00 EUR", hrev33ApplyAndResidual(t, f, props, c), "C left part due")
	})
}
