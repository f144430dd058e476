package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// A partner's name written in a statement line's texts names it when the
// bank gives no counterparty's name and the account is no one's: only a
// whole name of two words or more, in any order, one partner's; a known
// account or the rule turned off decides otherwise.
func TestPartnerNameInTexts(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		entry   h73Entry
		rules   reconcile.Rules
		partner string // "" when nothing is matched
	}{
		{"remittance", h73Entry{amount: "100.00", remittance: "VIR 1234 HADDOCK ARCHIBALD"}, reconcile.Rules{}, "P1"},
		{"label, words in another order", h73Entry{amount: "100.00", label: "PAIEMENT Archibald Haddock"}, reconcile.Rules{}, "P1"},
		{"one word of the name", h73Entry{amount: "100.00", remittance: "HADDOCK"}, reconcile.Rules{}, ""},
		{"a one-word name", h73Entry{amount: "100.00", remittance: "CASTAFIORE 2026"}, reconcile.Rules{}, ""},
		{"two partners named", h73Entry{amount: "100.00", remittance: "ARCHIBALD HADDOCK ET TRYPHON TOURNESOL"}, reconcile.Rules{}, ""},
		{"turned off", h73Entry{amount: "100.00", remittance: "HADDOCK ARCHIBALD"}, reconcile.Rules{NoCounterpartyNames: true}, ""},
		{"a known account decides", h73Entry{amount: "100.00", iban: rvK1IBAN, remittance: "HADDOCK ARCHIBALD"}, reconcile.Rules{}, "K1"},
		{"the bank's name decides", h73Entry{amount: "100.00", name: "TRYPHON TOURNESOL", remittance: "HADDOCK ARCHIBALD"}, reconcile.Rules{}, "P3"},
	} {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				b := newH73(t, f)
				require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "P1", Name: "Archibald Haddock"}))
				require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "P2", Name: "Castafiore"}))
				require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "P3", Name: "Tryphon Tournesol"}))
				docs := map[string]journal.Entry{}
				for _, p := range []string{"P1", "P2", "P3", "K1"} {
					docs[p] = f.invoice(t, p, d(3, 1), "100.00")
				}
				props := b.imports(t, nil, d(3, 20), c.rules, c.entry)
				if c.partner == "" {
					require.False(t, props[0].Matched, rvDescribe(props[0]))
					return
				}
				require.True(t, props[0].Matched, rvDescribe(props[0]))
				require.Equal(t, c.partner, props[0].Target.Partner, rvDescribe(props[0]))
				require.Equal(t, []journal.ID{docs[c.partner].ID}, props[0].Target.Invoices, rvDescribe(props[0]))
				if c.name == "remittance" {
					require.Contains(t, props[0].Reason, `the text's "HADDOCK ARCHIBALD" is P1's name`)
				}
			})
		})
	}
}
