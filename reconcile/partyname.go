package reconcile

import (
	"slices"
	"strings"
	"unicode/utf8"

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

// partyName is a name as it is compared: its words in the EPC's Latin
// letters (as a SEPA transfer carries it: "Société Générale" is
// "SOCIETE GENERALE"), upper case, in the name's order, "&" read as "ET",
// abbreviations spelt out ("STE" is "SOCIETE", "ST" "SAINT"), without the
// legal forms and titles banks add or leave out, whose kind it keeps.
type partyName struct {
	words  []string
	kind   partyKind
	source string // the text it was read from, in the spelling read
}

// parsePartyName returns the partyName of name.
func parsePartyName(name string) partyName { return parsePartyWords(name, false) }

// parsePartyWords returns the partyName of name; with asWritten, its last
// word is kept as written, neither dropped as a legal form or title nor
// spelt out: the word a bank cut ("ST" of "Stéphane", "SA" of
// "Saint-Malo").
func parsePartyWords(name string, asWritten bool) partyName {
	// EPCText writes "&" as "+", which SEPA converters also write for it,
	// between words or glued to them ("DUPONT+FILS").
	text := strings.ReplaceAll(strings.ToUpper(ident.EPCText(name, 1<<12)), "+", " ET ")
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !('A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	})
	n := partyName{words: words[:0], source: name}
	last := len(words) - 1
	for i, w := range words {
		if asWritten && i == last {
			n.words = append(n.words, w)
			continue
		}
		switch {
		case partyLegalForms[w]:
			n.kind = partyCompany
			continue
		case partyTitles[w]:
			if n.kind == partyUnsaid {
				n.kind = partyPerson
			}
			continue
		}
		if s, ok := partySynonyms[w]; ok {
			w = s
		}
		n.words = append(n.words, w)
	}
	if n.kind == partyPerson {
		// Joint holders: "M OU MME DUPONT JEAN", "M ET MME DUPONT".
		n.words = slices.DeleteFunc(n.words, func(w string) bool { return w == "ET" || w == "OU" })
	}
	return n
}

// partySpellings returns the ways a name may come written by a bank: as
// the EPC's Latin letters write it and, for a name with German umlauts,
// as German writes it without them ("Müller" is "MULLER" and "MUELLER";
// "Groß" is "GROSS" either way).
func partySpellings(name string) []partyName {
	out := []partyName{parsePartyName(name)}
	if strings.ContainsAny(name, "äöüÄÖÜ") {
		out = append(out, parsePartyName(germanUmlauts.Replace(name)))
	}
	return out
}

// cutReadings returns the ways a name a bank may have cut reads, each of
// its spellings (partySpellings) twice: as a whole name reads, and with
// its last word as written, which may be the beginning of a longer word
// ("DUPONT ST" is "Dupont Saint…" or "Dupont Stéphane", "DUPONT SA"
// "Dupont SA" or "Dupont Saint-Malo").
func cutReadings(spellings []partyName) []partyName {
	out := slices.Clone(spellings)
	for _, n := range spellings {
		w := parsePartyWords(n.source, true)
		if !slices.ContainsFunc(out, func(o partyName) bool { return o.kind == w.kind && slices.Equal(o.words, w.words) }) {
			out = append(out, w)
		}
	}
	return out
}

var germanUmlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "AE", "Ö", "OE", "Ü", "UE")

// key is how two names are found one party's: the words in alphabetical
// order ("DUPONT JEAN" is "Jean Dupont") unless the name has initials,
// which keep theirs. "SARL DUPONT & FILS" and "Dupont et Fils SARL" have
// one key; "SOCIETE GENERALE" and "La Générale" two. A name with no word
// of three letters or more ("B.D.S.", "SARL A") identifies nobody: "".
func (n partyName) key() string {
	long, initials := false, false
	for _, w := range n.words {
		long = long || len(w) >= 3
		initials = initials || len(w) == 1
	}
	if !long {
		return ""
	}
	words := n.words
	if !initials {
		words = slices.Sorted(slices.Values(words))
	}
	return strings.Join(words, " ")
}

// partyKey is the key of a name as the EPC's Latin letters write it, and
// the kind its extra words say.
func partyKey(name string) (string, partyKind) {
	n := parsePartyName(name)
	return n.key(), n.kind
}

// partyCutWidths are the widths banks cut a name at: 27 characters (a
// line of an MT940 field 86, DTAUS), 32 and 35 (older formats, SWIFT
// lines), 70 (a SEPA transfer's name, a CFONB 120 complement record) and
// 140 (an ISO 20022 name).
var partyCutWidths = []int{27, 32, 35, 70, 140}

// mayBeCut reports whether a counterparty's name may be one a bank cut:
// it is as long as a field (cut in a word, or after one), or one less
// (cut at a space, which the bank then trims). A long name of another
// length is whole, even when another's name begins with it.
func mayBeCut(name string) bool {
	n := utf8.RuneCountInString(strings.TrimSpace(name))
	return slices.Contains(partyCutWidths, n) || slices.Contains(partyCutWidths, n+1)
}

// text is n's words in order, joined by spaces.
func (n partyName) text() string { return strings.Join(n.words, " ") }

// cutOf reports whether n, a counterparty's name of a field's length
// (mayBeCut), is the beginning that a bank cut, maybe in the middle of a
// word, of a name of kind whose text (partyName.text) is full: every word
// of n but the last is that name's, in order, and the last begins its
// next — full begins with n's text.
func (n partyName) cutOf(full string, kind partyKind) bool {
	return n.mayCut() && sameParty(n.kind, kind) && strings.HasPrefix(full, n.text())
}

// mayCut reports whether n may be a cut name at all: it takes two words,
// one of three letters or more, so that a name cut to its first word
// ("DUPONT" of "Dupont et Fils") is no one's.
func (n partyName) mayCut() bool { return len(n.words) >= 2 && n.key() != "" }

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
// "STE" is "Société" (a bank's "STE GENERALE"), never "Sainte".
var partySynonyms = map[string]string{"STE": "SOCIETE", "STES": "SOCIETES", "ETS": "ETABLISSEMENTS", "CIE": "COMPAGNIE",
	"ST": "SAINT"}

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
