package ident

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// EPCText returns s in the EPC's Latin character set for SEPA messages
// (a–z A–Z 0–9 / - ? : ( ) . , ' + and space), cut to n characters:
// accented letters lose their accents (é → e, Œ → OE, ß → ss, Š → S,
// Ł → L), Greek and Cyrillic letters are transliterated as Greece and
// Bulgaria do it for Latin documents (Παπαδόπουλος → Papadopoulos,
// Θεσσαλονίκη → Thessaloniki, Ευάγγελος → Evangelos, Шишков → Shishkov,
// София → Sofia), &
// becomes +, a letter or digit written in a compatibility form its plain
// form (the ligatures Ĳ → IJ and ﬁ → fi, full-width Ｆ → F, Ⅻ → XII, ² →
// 2), any space a space, quotation marks « » “ ” are dropped, and any
// other character becomes a full stop (™, ½).
// Spaces are trimmed and
// runs of them kept as one. An n of 0 or less gives "".
func EPCText(s string, n int) string {
	if n <= 0 {
		return ""
	}
	var b strings.Builder
	space := false
	// Composed first: "é" typed as e and a combining accent (as macOS or
	// a PDF gives it) is one letter.
	rs := []rune(norm.NFC.String(s))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		t, ok := epcLatin[r]
		if !ok {
			t, ok = epcScript(rs, &i)
		}
		switch {
		case ok:
		case unicode.IsSpace(r): // the thin and narrow spaces of French amounts (1 200,00) too
			t = " "
		case r < utf8.RuneSelf && epcAllowed(byte(r)):
			t = string(r)
		case unicode.Is(unicode.Mn, r):
			t = "" // an accent left alone
		default:
			t = latinBase(r)
		}
		if t == "" {
			continue // a character dropped: the spaces around it are one
		}
		if t == " " {
			if space || b.Len() == 0 {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteString(t)
	}
	out := strings.TrimRight(b.String(), " ")
	if len(out) > n {
		out = strings.TrimRight(out[:n], " ")
	}
	return out
}

// latinBase is the letters an accented or compatibility Latin character decomposes to (Š → S,
// ő → o, ț → t: the EPC's conversion of letters of the other SEPA
// languages), else a full stop.
func latinBase(r rune) string {
	// Compatibility decomposition: a ligature (Ĳ, ﬁ) or a full-width
	// letter is the plain letters it stands for, which a bank reads; a
	// full stop would lose a Dutch name's first letter.
	d := norm.NFKD.String(string(r))
	switch {
	case unicode.IsLetter(r):
		// Its letters, its accents dropped, anything else a full stop
		// (the Catalan ŀ: l and a middle dot).
		var b strings.Builder
		for _, c := range d {
			switch {
			case c < utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsDigit(c)):
				b.WriteRune(c)
			case unicode.Is(unicode.Mn, c):
			default:
				b.WriteByte('.')
			}
		}
		if b.Len() > 0 {
			return b.String()
		}
	case unicode.IsNumber(r):
		// A number written otherwise (², Ⅻ, ⑴) when all of it is EPC
		// text; ½ is not "1.2".
		if d != string(r) && !strings.ContainsFunc(d, func(c rune) bool { return c >= utf8.RuneSelf || !epcAllowed(byte(c)) }) {
			return d
		}
	case unicode.IsSymbol(r):
		// A circled letter (Ⓐ) is that letter; a symbol spelt in letters
		// (™, ℃) is no part of a name.
		if len(d) == 1 && d[0] < utf8.RuneSelf && (unicode.IsLetter(rune(d[0])) || unicode.IsDigit(rune(d[0]))) {
			return d
		}
	}
	return "."
}

// epcScript transliterates the Greek or Cyrillic letter at rs[*i], with
// its accents (ά → a, ΐ → i; Й is a letter of its own), moving *i past a
// pair read as one. Greek follows ELOT 743: ου → ou; αυ, ευ, ηυ → av, ev,
// iv before a vowel or a voiced consonant, af, ef, if otherwise (Παύλος →
// Pavlos, Ναύπλιο → Nafplio), unless the first vowel bears the accent or
// the υ a diaeresis (άυλος → aylos); γ before γ, ξ or χ → n (Άγγελος →
// Angelos). Bulgarian ия ending a word → ia (София → Sofia). A capital
// written as several Latin letters is a capital and small ones before a
// small letter (Θεσσαλονίκη → Thessaloniki), all capitals otherwise
// (ΘΕΣΣΑΛΟΝΙΚΗ → THESSALONIKI). It returns false for any other character.
func epcScript(rs []rune, i *int) (string, bool) {
	first := rs[*i]
	c := unicode.ToLower(scriptBase(first))
	t, ok := epcGreekCyrillic[c]
	if !ok {
		return "", false
	}
	at := func(k int) rune { // the small base letter k places on, 0 past the end
		if *i+k < len(rs) {
			return unicode.ToLower(scriptBase(rs[*i+k]))
		}
		return 0
	}
	n := 1 // runes read
	switch next := at(1); {
	case (c == 'α' || c == 'ε' || c == 'η' || c == 'ο') && next == 'υ' && !marked(first, '\u0301') && !marked(rs[*i+1], '\u0308'):
		n = 2
		switch {
		case c == 'ο':
			t = "ou"
		case strings.ContainsRune("αεηιουωβγδζλμνρ", at(2)):
			t += "v"
		default:
			t += "f"
		}
	case c == 'γ' && (next == 'γ' || next == 'ξ' || next == 'χ'):
		t = "n"
	case c == 'и' && next == 'я' && !unicode.IsLetter(at(2)):
		n, t = 2, "ia"
	}
	// The case of the Latin letters: the first's, and for the others that
	// of the letter after the first.
	var after rune
	if *i+1 < len(rs) {
		after = rs[*i+1]
	}
	*i += n - 1
	switch {
	case !unicode.IsUpper(first):
	case len(t) > 1 && unicode.IsLower(after):
		t = strings.ToUpper(t[:1]) + t[1:]
	default:
		t = strings.ToUpper(t)
	}
	return t, true
}

// scriptBase is a Greek or Cyrillic letter without its accents; Й and й,
// letters of their own, stay.
func scriptBase(r rune) rune {
	if r == 'Й' || r == 'й' {
		return r
	}
	d, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r)))
	return d
}

// marked reports whether letter r bears the combining mark m (U+0301 an
// accent, U+0308 a diaeresis).
func marked(r, m rune) bool { return strings.ContainsRune(norm.NFD.String(string(r)), m) }

func epcAllowed(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("/-?:().,'+ ", c) >= 0
}

// epcLatin transliterates the letters of French and its neighbours.
var epcLatin = map[rune]string{
	'&': "+", '’': "'", '‘': "'", '«': "", '»': "", '“': "", '”': "", '–': "-", '—': "-", '_': "-",
	'à': "a", 'â': "a", 'ä': "a", 'á': "a", 'ã': "a", 'å': "a", 'æ': "ae",
	'À': "A", 'Â': "A", 'Ä': "A", 'Á': "A", 'Ã': "A", 'Å': "A", 'Æ': "AE",
	'ç': "c", 'Ç': "C", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'É': "E", 'È': "E", 'Ê': "E", 'Ë': "E",
	'î': "i", 'ï': "i", 'í': "i", 'ì': "i", 'Î': "I", 'Ï': "I", 'Í': "I", 'Ì': "I",
	'ô': "o", 'ö': "o", 'ó': "o", 'ò': "o", 'õ': "o", 'ø': "o", 'œ': "oe",
	'Ô': "O", 'Ö': "O", 'Ó': "O", 'Ò': "O", 'Õ': "O", 'Ø': "O", 'Œ': "OE",
	'ù': "u", 'û': "u", 'ü': "u", 'ú': "u", 'Ù': "U", 'Û': "U", 'Ü': "U", 'Ú': "U",
	'ÿ': "y", 'ý': "y", 'Ÿ': "Y", 'Ý': "Y", 'ñ': "n", 'Ñ': "N", 'ß': "ss",
	// Letters no decomposition reaches (latinBase does the others).
	'Ł': "L", 'ł': "l", 'Đ': "D", 'đ': "d", 'Ð': "D", 'ð': "d", 'Þ': "TH", 'þ': "th", 'ı': "i", 'Ħ': "H", 'ħ': "h",
}

// epcGreekCyrillic are the Latin letters of the Greek letters (ELOT 743,
// the transcription Greek passports and the EPC's conversion use) and of
// the Cyrillic ones (Bulgaria's official system, with the few letters of
// Russian, Ukrainian and Serbian it lacks). Accented letters are looked up
// by their base letter.
var epcGreekCyrillic = map[rune]string{
	'Α': "A", 'Β': "V", 'Γ': "G", 'Δ': "D", 'Ε': "E", 'Ζ': "Z", 'Η': "I", 'Θ': "TH",
	'Ι': "I", 'Κ': "K", 'Λ': "L", 'Μ': "M", 'Ν': "N", 'Ξ': "X", 'Ο': "O", 'Π': "P",
	'Ρ': "R", 'Σ': "S", 'Τ': "T", 'Υ': "Y", 'Φ': "F", 'Χ': "CH", 'Ψ': "PS", 'Ω': "O",
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th",
	'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p",
	'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",

	'А': "A", 'Б': "B", 'В': "V", 'Г': "G", 'Д': "D", 'Е': "E", 'Ж': "ZH", 'З': "Z",
	'И': "I", 'Й': "Y", 'К': "K", 'Л': "L", 'М': "M", 'Н': "N", 'О': "O", 'П': "P",
	'Р': "R", 'С': "S", 'Т': "T", 'У': "U", 'Ф': "F", 'Х': "H", 'Ц': "TS", 'Ч': "CH",
	'Ш': "SH", 'Щ': "SHT", 'Ъ': "A", 'Ь': "Y", 'Ю': "YU", 'Я': "YA",
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
	'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ch",
	'ш': "sh", 'щ': "sht", 'ъ': "a", 'ь': "y", 'ю': "yu", 'я': "ya",
	'Ы': "Y", 'ы': "y", 'Э': "E", 'э': "e", 'Є': "YE", 'є': "ye", 'І': "I", 'і': "i", 'Ґ': "G", 'ґ': "g",
	'Ђ': "DJ", 'ђ': "dj", 'Ј': "J", 'ј': "j", 'Љ': "LJ", 'љ': "lj", 'Њ': "NJ", 'њ': "nj", 'Ћ': "C", 'ћ': "c", 'Џ': "DZ", 'џ': "dz",
}

// EPCCarries reports whether a SEPA message can carry s in a field of n
// characters (70 for a name, 35 for a town): whether EPCText, cut to n,
// leaves a letter or a digit of it (a name of quotes and dashes leaves
// nothing, one in Chinese characters only full stops).
func EPCCarries(s string, n int) bool {
	return strings.ContainsFunc(EPCText(s, n), func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	})
}
