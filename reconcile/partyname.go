package reconcile

import (
	"slices"
	"strings"

	"github.com/lettrage/lettrage/ident"
)

// partyKind is what a name's extra words say its bearer is: a person
// (a title: "M.", "Mme") or a company (a legal form: "SARL", "GmbH").
// A person's name and a company's are never the same party's.
type partyKind uint8

const (
	partyUnsaid partyKind = iota
	partyPerson
	partyCompany
)

// sameParty reports whether names of kinds a and b may be one party's.
func sameParty(a, b partyKind) bool { return a == b || a == partyUnsaid || b == partyUnsaid }

// partyKey is how a bank line's counterparty name and a partner's name
// are compared: the words of the name in the EPC's Latin letters (as a
// SEPA transfer carries it: "Société Générale" is "SOCIETE GENERALE"),
// upper case, "&" read as "ET", "STE" as "SOCIETE", without the legal
// forms and titles banks add or leave out (the kind they say is
// returned), in alphabetical order ("DUPONT JEAN" is "Jean Dupont") unless
// the name has initials, which keep theirs. "SARL DUPONT & FILS" and
// "Dupont et Fils SARL" have one key; "SOCIETE GENERALE" and "La
// Générale" two. A name with no word of three letters or more left
// ("B.D.S.", "SARL A") identifies nobody: "".
func partyKey(name string) (string, partyKind) {
	// EPCText writes "&" as "+", which SEPA converters also write for it,
	// between words or glued to them ("DUPONT+FILS").
	text := strings.ReplaceAll(strings.ToUpper(ident.EPCText(name, 1<<12)), "+", " ET ")
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !('A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	})
	kind := partyUnsaid
	long, initials := false, false
	out := words[:0]
	for _, w := range words {
		switch {
		case partyLegalForms[w]:
			kind = partyCompany
			continue
		case partyTitles[w]:
			if kind == partyUnsaid {
				kind = partyPerson
			}
			continue
		}
		if s, ok := partySynonyms[w]; ok {
			w = s
		}
		long = long || len(w) >= 3
		initials = initials || len(w) == 1
		out = append(out, w)
	}
	if kind == partyPerson {
		// Joint holders: "M OU MME DUPONT JEAN", "M ET MME DUPONT".
		out = slices.DeleteFunc(out, func(w string) bool { return w == "ET" || w == "OU" })
	}
	if !long {
		return "", kind
	}
	if !initials {
		slices.Sort(out)
	}
	return strings.Join(out, " "), kind
}

// partyLegalForms are the legal forms a company's name is compared
// without: French, and of the countries a French company trades with most.
var partyLegalForms = wordSet(`SA SAS SASU SARL EURL SNC SCI SCOP SCP SCM SEL SELARL SELAS SELAFA EI EIRL GIE
	EARL GAEC SCEA GFA
	GMBH AG KG UG OHG BV NV BVBA SPRL SRL SPA SL SLU LTD LLC INC PLC`)

// partyTitles are the titles a person's name is compared without.
// "Dr" and "Maître" are left out: they begin company names too ("Dr.
// Oetker", "Maître Kanter").
var partyTitles = wordSet(`M MR MME MLLE MM MMES MRS MS MONSIEUR MADAME MADEMOISELLE`)

// partySynonyms are the abbreviations banks write for a word of a name.
var partySynonyms = map[string]string{"STE": "SOCIETE", "STES": "SOCIETES", "ETS": "ETABLISSEMENTS", "CIE": "COMPAGNIE"}

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
