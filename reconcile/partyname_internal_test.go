package reconcile

import "testing"

func TestPartyKey(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"SARL DUPONT & FILS", "Dupont et Fils SARL"},
		{"DUPONT FILS", "Dupont & Fils"},
		{"Société Générale de Chauffage", "STE GENERALE DE CHAUFFAGE"},
		{"M. Jean-Pierre Lefèvre", "LEFEVRE JEAN PIERRE"},
		{"L'Atelier d'Émilie", "ATELIER EMILIE"},
		{"Müller GmbH", "MULLER"},
	} {
		if ka, kb := partyKey(c.a), partyKey(c.b); ka != kb || ka == "" {
			t.Errorf("partyKey(%q) = %q, partyKey(%q) = %q: want one key", c.a, ka, c.b, kb)
		}
	}
	for _, c := range []struct{ a, b string }{
		{"DUPONT", "Dupont et Fils"},
		{"MARTIN BTP", "MARTIN"},
		{"Client K1", "Client K2"},
	} {
		if ka, kb := partyKey(c.a), partyKey(c.b); ka == kb {
			t.Errorf("partyKey(%q) = partyKey(%q) = %q: want two keys", c.a, c.b, ka)
		}
	}
	for _, s := range []string{"", "SARL", "M. et Mme", "&"} {
		if k := partyKey(s); k != "" {
			t.Errorf("partyKey(%q) = %q, want none", s, k)
		}
	}
}
