package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// Was failing, fixed: a name written in a statement line's texts is, by Rules'
// godoc (NoCounterpartyNames), "the last rule tried, after every
// reference and amount rule"; but byCounterpartyName runs before
// byLoneWaiting (the one payment waiting of that amount), and for a
// partner named in the text it always matches (forPartner's "posted to
// its account, to letter"). So a line of 250,00 € with no counterparty
// name whose remittance mentions someone ("LIVRAISON ARCHIBALD
// HADDOCK", the person delivered) is posted to Haddock's account while
// C1's registered receipt of 250,00 € waiting for the bank stays open.
// Expected: the waiting receipt is cleared (Target.Payments = [it]), as it
// is for the same line without the name (the first subtest, which passes); source: Rules
// godoc (autoscope.go) and DESIGN §11/§12 (the text name is the weakest
// evidence, "a name in a text may be anyone's mentioned there",
// remittanceName's own doc).
func TestHrev81TextNameComesAfterTheLoneWaitingPayment(t *testing.T) {
	t.Parallel()
	for _, remittance := range []string{"VIR SEPA RECU CMD 4411", "VIR SEPA RECU CMD 4411 LIVRAISON ARCHIBALD HADDOCK"} {
		t.Run(remittance, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newH73(t, f)
				require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "P1", Name: "Archibald Haddock"}))
				f.invoice(t, "P1", d(3, 1), "80.00") // Haddock owes something else
				pc := b.receiveRef(t, "C1", d(3, 5), "250.00", "CMD-4411")
				props := b.imports(t, nil, d(3, 12), reconcile.Rules{}, h73Entry{amount: "250.00", remittance: remittance})
				require.True(t, props[0].Matched, rvDescribe(props[0]))
				require.Equal(t, []journal.ID{pc.ID}, props[0].Target.Payments, rvDescribe(props[0]))
				require.NotEqual(t, "P1", props[0].Target.Partner, rvDescribe(props[0]))
			})
		})
	}
}

// Was failing, fixed: a partner's name found inside a longer name written in the text
// names it: "DUPONT JEAN-PIERRE" (Jean-Pierre Dupont, a hyphenated French
// first name) is read as the run "DUPONT JEAN", the whole name of
// partner Jean Dupont, and the 100,00 € is proposed as paying Jean
// Dupont's invoice. Expected: not matched to Jean Dupont (the payer is
// another person: the same name given by the bank as the counterparty,
// "DUPONT JEAN-PIERRE", names no partner, since nameOf compares whole
// names); source: remittanceName's doc ("a run of words that is the
// whole name of one partner") and the counterparty-name rule's whole-name
// comparison (DESIGN §12, Rules.NoCounterpartyNames).
func TestHrev81TextNameInsideAHyphenatedFirstName(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newH73(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "P1", Name: "Jean Dupont"}))
		inv := f.invoice(t, "P1", d(3, 1), "100.00")
		props := b.imports(t, nil, d(3, 12), reconcile.Rules{},
			h73Entry{amount: "100.00", name: "DUPONT JEAN-PIERRE", remittance: "LOYER MARS"},
			h73Entry{amount: "100.00", label: "VIR SEPA RECU /DE DUPONT JEAN-PIERRE /MOTIF LOYER MARS"})
		require.NotEqual(t, "P1", props[0].Target.Partner, "control, the bank's name: %s", rvDescribe(props[0]))
		require.NotEqual(t, "P1", props[1].Target.Partner, rvDescribe(props[1]))
		require.NotContains(t, props[1].Target.Invoices, inv.ID, rvDescribe(props[1]))
	})
}
