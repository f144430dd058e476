package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev28Case adds partners, one 500.00 invoice each, imports one entry
// of 500.00 from an unknown account carrying name, and returns its
// proposal.
func hrev28Case(t *testing.T, f *fixture, name string, partners ...ledger.Partner) reconcile.ImportedProposal {
	t.Helper()
	b := newRvBank(t, f)
	for _, p := range partners {
		require.NoError(t, f.book.AddPartner(ctx, p))
		f.invoice(t, p.Code, d(3, 2), "500.00")
	}
	props := b.nameEntry(t, d(3, 20), "500.00", name, "", reconcile.Rules{})
	require.Len(t, props, 1)
	return props[0]
}

// Was failing, fixed: a cut that lands on "ST" (the first two letters of "STEPHANE")
// is read as the abbreviation "SAINT" before the cut word is compared,
// so "PHARMACIE DU CENTRE VILLE DUPONT ST" (35 characters, a CFONB
// field, cut from "…DUPONT STEPHANE") is taken for the one partner whose
// next word is "Saint" — K4's invoice is lettered with K3's money.
// Expected: the cut last word is compared as written too ("ST" begins
// both "STEPHANE" and "SAINT"): ambiguous, left unmatched.
func TestHrev28CutOnStIsNotSaint(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		name := "PHARMACIE DU CENTRE VILLE DUPONT ST"
		require.Len(t, name, 35)
		pr := hrev28Case(t, f, name,
			ledger.Partner{Code: "K3", Name: "Pharmacie du Centre Ville Dupont Stéphane"},
			ledger.Partner{Code: "K4", Name: "Pharmacie du Centre Ville Dupont Saint-Jean"})
		require.NotEqual(t, "K4", pr.Target.Partner, "misattributed: %s", pr.Reason)
		require.False(t, pr.Matched, pr.Reason)
	})
}

// Was failing, fixed: same with "STE" cut from "STEPHANE" and read as "SOCIETE": the
// 32-character name (a CFONB 32 field) cut from "…Dumartin Stéphane"
// goes to the partner whose next word is "Société". Expected: ambiguous,
// left unmatched.
func TestHrev28CutOnSteIsNotSociete(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		name := "CABINET D EXPERTISE DUMARTIN STE"
		require.Len(t, name, 32)
		pr := hrev28Case(t, f, name,
			ledger.Partner{Code: "K3", Name: "Cabinet d'Expertise Dumartin Stéphane"},
			ledger.Partner{Code: "K4", Name: "Cabinet d'Expertise Dumartin Société Nouvelle"})
		require.NotEqual(t, "K4", pr.Target.Partner, "misattributed: %s", pr.Reason)
		require.False(t, pr.Matched, pr.Reason)
	})
}

// Was failing, fixed: a cut that lands on "SA" (of "SAINT-MALO") is read as the legal
// form and dropped, so "BOULANGERIE PATISSERIE DUPONT SA" (32 characters,
// exactly a CFONB field) is found whole as K4's name and K4 is credited
// with certainty, though it is just as well K3's name cut by the bank.
// Expected: a name of a field's length whose last word may be a cut
// word is not taken for one partner's whole name when it also begins
// another's: ambiguous, left unmatched.
func TestHrev28CutOnSaIsNotLegalForm(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		name := "BOULANGERIE PATISSERIE DUPONT SA"
		require.Len(t, name, 32)
		pr := hrev28Case(t, f, name,
			ledger.Partner{Code: "K3", Name: "Boulangerie Pâtisserie Dupont Saint-Malo"},
			ledger.Partner{Code: "K4", Name: "Boulangerie Pâtisserie Dupont"})
		require.False(t, pr.Matched, "%s", pr.Reason)
	})
}

// Was failing, fixed: a bank cuts at its field's width (27, 32, 35, 70…); a name that
// ends on a whole word at a length no field has (41, 29) was not cut: it
// is a whole name, another business's. It is taken for the beginning of
// the one partner whose name it begins ("…Quatre Saisons" for "…Quatre
// Saisons Nord", building "1" for building "12") and that partner is
// credited. Expected: such a name is no cut: unmatched (a cut ending on
// a word boundary can only be F or F-1 characters long, F a field width).
func TestHrev28WholeLongNameIsNotCut(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, partner string }{
		{"BOULANGERIE PATISSERIE DES QUATRE SAISONS", "Boulangerie Pâtisserie des Quatre Saisons Nord"},
		{"RESIDENCE DES PINS BATIMENT 1", "SCI Résidence des Pins Bâtiment 12"},
	} {
		t.Run(c.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				require.NotContains(t, []int{27, 32, 35, 70}, len(c.name))
				pr := hrev28Case(t, f, c.name, ledger.Partner{Code: "K3", Name: c.partner})
				require.False(t, pr.Matched, "misattributed: %s", pr.Reason)
			})
		})
	}
}
