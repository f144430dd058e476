package reconcile

import (
	"slices"
	"strings"

	"github.com/lettrage/lettrage/ident"
)

// partyKey is how a bank line's counterparty name and a partner's name
// are compared: the words of the name in the EPC's Latin letters (as a
// SEPA transfer carries it: "Société Générale" is "SOCIETE GENERALE"),
// upper case, in alphabetical order, without the legal forms, articles
// and titles banks add or leave out. "SARL DUPONT & FILS", "Dupont et
// Fils SARL" and "DUPONT FILS" have one key; "" for a name of no word left.
func partyKey(name string) string {
	words := strings.FieldsFunc(strings.ToUpper(ident.EPCText(name, 1<<12)), func(r rune) bool {
		return !('A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	})
	words = slices.DeleteFunc(words, func(w string) bool { return partyNoise[w] })
	slices.Sort(words)
	return strings.Join(words, " ")
}

// partyNoise are the words a name is compared without: legal forms
// (French and of the neighbouring countries a French company trades
// with), articles and conjunctions, titles.
var partyNoise = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`SA SAS SASU SARL EURL SNC SCI SCOP SCP SCM SEL SELARL SELAS EI EIRL GIE
		ETS STE SOCIETE ETABLISSEMENTS CIE
		GMBH AG KG UG BV NV BVBA SPRL SRL SPA SL LTD LLC INC PLC
		ET DE DU DES LA LE LES L D A AU AUX EN
		M MR MME MLLE MM MMES MONSIEUR MADAME MADEMOISELLE`) {
		m[w] = true
	}
	return m
}()
