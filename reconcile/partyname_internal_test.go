package reconcile

import "testing"

func TestPartyKey(t *testing.T) {
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
