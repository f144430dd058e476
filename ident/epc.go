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
// Ł → L), & becomes +, and any other character a full stop. Spaces are
// trimmed and runs of them kept as one. An n of 0 or less gives "".
func EPCText(s string, n int) string {
	if n <= 0 {
		return ""
	}
	var b strings.Builder
	space := false
	// Composed first: "é" typed as e and a combining accent (as macOS or
	// a PDF gives it) is one letter.
	for _, r := range norm.NFC.String(s) {
		t, ok := epcLatin[r]
		switch {
		case ok:
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u202f':
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

// latinBase is the letter an accented Latin letter decomposes to (Š → S,
// ő → o, ț → t: the EPC's conversion of letters of the other SEPA
// languages), else a full stop.
func latinBase(r rune) string {
	if d, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r))); d < utf8.RuneSelf && unicode.IsLetter(d) {
		return string(d)
	}
	return "."
}

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

// EPCCarries reports whether a SEPA message can carry s in a field of n
// characters (70 for a name, 35 for a town): whether EPCText, cut to n,
// leaves a letter or a digit of it (a name in Greek or Cyrillic letters
// leaves only full stops).
func EPCCarries(s string, n int) bool {
	return strings.ContainsFunc(EPCText(s, n), func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	})
}
