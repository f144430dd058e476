package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// Banks cut a long name (27 characters a line of an MT940 field 86, 35
// of older formats, 70 of a SEPA transfer), often mid-word: the name
// they give, as long as their field, is the beginning of one partner's,
// and it is that partner's.
func TestProposeImportedByCounterpartyNameCut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: "Dupont et Fils Menuiserie Générale SARL"}))
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K4", Name: "Dupont et Fils"}))
		inv := f.invoice(t, "K3", d(3, 2), "500.00")
		f.invoice(t, "K4", d(3, 2), "500.00")
		props := b.nameEntry(t, d(3, 20), "500.00", "SARL DUPONT ET FILS MENUISERIE GEN", "", reconcile.Rules{})
		require.Len(t, props, 1)
		pr := props[0]
		require.True(t, pr.Matched, pr.Reason)
		require.Equal(t, "K3", pr.Target.Partner)
		require.Equal(t, []journal.ID{inv.ID}, pr.Target.Invoices)
		require.Equal(t, `"SARL DUPONT ET FILS MENUISERIE GEN" begins K3's name, cut by the bank; `+inv.Name()+
			" is its only open document of 500,00\u00a0€", pr.Reason)
		_, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.True(t, f.residual(t, line0(inv)).IsZero())
		f.check(t)

		// Names turned off: cut names too.
		props = b.nameEntry(t, d(3, 21), "500.00", "SARL DUPONT ET FILS MENUISERIE GEN", "", reconcile.Rules{NoCounterpartyNames: true})
		require.Len(t, props, 1)
		require.False(t, props[0].Matched, props[0].Reason)
	})
}

// What is not a cut name: a short name is a name of its own ("DUPONT ET
// FILS" is not "Dupont et Fils Menuiserie"); a long name that begins two
// partners' names is ambiguous; a name found whole is not taken for
// another's beginning; a person's name is not a company's.
func TestProposeImportedByCounterpartyNameNotCut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		for _, p := range []ledger.Partner{
			{Code: "K3", Name: "Dupont et Fils Menuiserie"},
			{Code: "K4", Name: "Transports Routiers du Grand Ouest Atlantique"},
			{Code: "K5", Name: "Transports Routiers du Grand Ouest Armor"},
			{Code: "K6", Name: "Boulangerie Pâtisserie des Quatre Saisons"},
			{Code: "K7", Name: "Boulangerie Pâtisserie des Quatre Saisons Nord"},
			{Code: "K8", Name: "Lefèvre Jean-Christophe Alexandre SARL"},
		} {
			require.NoError(t, f.book.AddPartner(ctx, p))
			f.invoice(t, p.Code, d(3, 2), "500.00")
		}
		for i, c := range []struct{ name, partner, reason string }{
			{"DUPONT ET FILS", "", ""},
			{"TRANSPORTS ROUTIERS DU GRAND OUEST", "", `ambiguous: "TRANSPORTS ROUTIERS DU GRAND OUEST" begins the name of K4, K5`},
			{"BOULANGERIE PATISSERIE DES QUATRE SAISONS", "K6", `"BOULANGERIE PATISSERIE DES QUATRE SAISONS" is K6's name`},
			{"M. LEFEVRE JEAN-CHRISTOPHE ALEXAN", "", ""},
			{"DUPONTEL ET FILS MENUISERIE GENERAL", "", ""},
		} {
			props := b.nameEntry(t, d(3, 20+i), "500.00", c.name, "", reconcile.Rules{})
			require.Len(t, props, i+1, "the unmatched entries stay, in statement order")
			pr := props[i]
			require.Equal(t, c.partner, pr.Target.Partner, "%s: %s", c.name, pr.Reason)
			require.Equal(t, c.partner != "", pr.Matched, "%s: %s", c.name, pr.Reason)
			if c.reason != "" {
				require.Contains(t, pr.Reason, c.reason)
			}
		}
	})
}

// German banks write an umlaut as two letters ("MUELLER"), French ones
// drop it ("MULLER"); "ST" is "Saint".
func TestProposeImportedByCounterpartyNameSpellings(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K3", Name: "Müller Präzisionstechnik GmbH"}))
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K4", Name: "Saint-Gobain Distribution"}))
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "K5", Name: "Großhandel Weiß KG"}))
		for i, c := range []struct{ name, partner string }{
			{"MUELLER PRAEZISIONSTECHNIK GMBH", "K3"},
			{"MULLER PRAZISIONSTECHNIK", "K3"},
			{"Müller Präzisionstechnik", "K3"},
			{"ST GOBAIN DISTRIBUTION", "K4"},
			{"GROSSHANDEL WEISS", "K5"},
		} {
			inv := f.invoice(t, c.partner, d(3, 1), "70"+string(rune('1'+i))+".00")
			props := b.nameEntry(t, d(3, 20+i), "70"+string(rune('1'+i))+".00", c.name, "", reconcile.Rules{})
			require.Len(t, props, 1)
			pr := props[0]
			require.True(t, pr.Matched, "%s: %s", c.name, pr.Reason)
			require.Equal(t, c.partner, pr.Target.Partner, "%s: %s", c.name, pr.Reason)
			require.Equal(t, []journal.ID{inv.ID}, pr.Target.Invoices, pr.Reason)
			_, err := f.rec.ApplyImported(ctx, journal.NoID, props)
			require.NoError(t, err)
		}
		f.check(t)
	})
}
