package reconcile

import (
	"slices"
	"testing"
)

func TestPartyKey(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ a, b string }{
		{"SARL DUPONT & FILS", "Dupont et Fils SARL"},
		{"DUPONT ET FILS", "Dupont & Fils"},
		{"Société Générale de Chauffage", "STE GENERALE DE CHAUFFAGE"},
		{"M. Jean-Pierre Lefèvre", "LEFEVRE JEAN PIERRE"},
		{"L'Atelier d'Émilie", "L ATELIER D EMILIE"},
		{"Müller GmbH", "MULLER"},
		{"Garage 2000", "GARAGE 2000"},
		{"SARL DUPONT&FILS", "Dupont & Fils SARL"},
		{"DUPONT+FILS", "Dupont et Fils"},
		{"M OU MME DUPONT JEAN", "Jean Dupont"},
		{"M. et Mme Jean Dupont", "DUPONT JEAN"},
		{"EARL DE LA FERME", "La Ferme (de)"},
	} {
		ka, kinda := partyKey(c.a)
		kb, kindb := partyKey(c.b)
		if ka != kb || ka == "" || !sameParty(kinda, kindb) {
			t.Errorf("partyKey(%q) = %q %v, partyKey(%q) = %q %v: want one party", c.a, ka, kinda, c.b, kb, kindb)
		}
	}
	for _, c := range []struct{ a, b string }{
		{"DUPONT", "Dupont et Fils"},
		{"MARTIN BTP", "MARTIN"},
		{"Client K1", "Client K2"},
		{"SOCIETE GENERALE", "La Générale"},
		{"M. MARTIN", "Martin SAS"},
		{"Garage 2001", "Garage 2000"},
	} {
		ka, kinda := partyKey(c.a)
		kb, kindb := partyKey(c.b)
		if ka == kb && sameParty(kinda, kindb) {
			t.Errorf("partyKey(%q) and partyKey(%q) = %q: want two parties", c.a, c.b, ka)
		}
	}
	for _, s := range []string{"", "SARL", "M. et Mme", "&", "B.D.S.", "S.D.B. SARL", "SARL A"} {
		if k, _ := partyKey(s); k != "" {
			t.Errorf("partyKey(%q) = %q, want none", s, k)
		}
	}
}

func TestPartySpellings(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		keys []string
	}{
		{"Müller GmbH", []string{"MULLER", "MUELLER"}},
		{"Großhandel Weiß", []string{"GROSSHANDEL WEISS"}},
		{"Öztürk Bäckerei", []string{"BACKEREI OZTURK", "BAECKEREI OEZTUERK"}},
		{"Dupont et Fils", []string{"DUPONT ET FILS"}},
		{"ST GOBAIN", []string{"GOBAIN SAINT"}},
		{"Saint-Gobain", []string{"GOBAIN SAINT"}},
	} {
		var keys []string
		for _, n := range partySpellings(c.name) {
			if k := n.key(); !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		if !slices.Equal(keys, c.keys) {
			t.Errorf("partySpellings(%q) keys = %q, want %q", c.name, keys, c.keys)
		}
	}
}

func TestPartyNameCutOf(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		cut, full string
		want      bool
	}{
		{"SARL DUPONT ET FILS MENUISERIE GEN", "Dupont et Fils Menuiserie Générale SARL", true},
		{"DUPONT ET FILS MENUISERIE", "Dupont et Fils Menuiserie Générale", true},
		{"DUPONT ET FILS MENUISERIE G", "Dupont et Fils Menuiserie Générale", true},
		{"DUPONT", "Dupont et Fils", false},                                        // one word: any Dupont's
		{"DUPONT ET FILT", "Dupont et Fils", false},                                // not its beginning
		{"FILS ET DUPONT MENUISERIE", "Dupont et Fils Menuiserie Générale", false}, // not in its order
		{"M DUPONT JEAN CHRISTOPHE ALEX", "Dupont Jean-Christophe Alexandre SARL", false},
		{"DUPONT ET FILS MENUISERIE GENERALE DU SUD", "Dupont et Fils Menuiserie Générale", false}, // longer
		{"A B", "A B C", false}, // no word of three letters
	} {
		full := parsePartyName(c.full)
		if got := parsePartyName(c.cut).cutOf(full.text(), full.kind); got != c.want {
			t.Errorf("%q cutOf %q = %v, want %v", c.cut, c.full, got, c.want)
		}
	}
	for _, c := range []struct {
		name string
		want bool
	}{
		{"DUPONT ET FILS MENUISERIE G", true},                                            // 27
		{"DUPONT ET FILS MENUISERIE GENERALE ", true},                                    // 34: cut at a space
		{"SARL DUPONT ET FILS MENUISERIE GENE", true},                                    // 35
		{"DUPONT ET FILS MENUISERIE", false},                                             // 25
		{"  DUPONT ET FILS MENUISERIE  ", false},                                         // 25
		{"BOULANGERIE PATISSERIE DES QUATRE SAISONS", false},                             // 41: whole
		{"RESIDENCE DES PINS BATIMENT 1", false},                                         // 29: whole
		{"SOCIETE COOPERATIVE AGRICOLE DES PRODUCTEURS DE LAIT DU GRAND OUEST AT", true}, // 70
	} {
		if got := mayBeCut(c.name); got != c.want {
			t.Errorf("mayBeCut(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}
