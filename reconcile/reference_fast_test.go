package reconcile

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestNormalizesToCreditorHead pins the in-place test groupedCreditorReference
// makes before normalizing a word: it must never say no to a word whose
// normal form is the head of a creditor reference printed in groups, and
// reads an ASCII word exactly.
func TestNormalizesToCreditorHead(t *testing.T) {
	t.Parallel()
	for _, w := range []string{
		"RF18", "rf18", "Rf18", "R-F18", "/RF18", "RF18/", "r.f.1.8", "R F 1 8", "RF_18", "RF\\18",
		"RF1", "RF188", "RFAB", "RF1A", "RF", "", "VT/2026/00001", "VIR", "C000123", "18RF",
		"ＲＦ18", "RF１８", "RF18€", "n°RF18", "RF–18", "RF\u00a018", "R\u2212F18",
	} {
		h := normalizeRef(w)
		head := len(h) == 4 && strings.HasPrefix(h, "RF") && isDigit(h[2]) && isDigit(h[3])
		got := normalizesToCreditorHead(w)
		if head && !got {
			t.Errorf("%q normalizes to the head %q, read in place as no head", w, h)
		}
		if isASCII(w) && got != head { // an ASCII word is read exactly
			t.Errorf("%q (normal form %q): in place %v, normalized %v", w, h, got, head)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// TestRefPartsNone pins the in-place test refParts makes first against
// what refParts read before it, rune by rune: a word it says has no parts
// has a currency sign, or no sign at all.
func TestRefPartsNone(t *testing.T) {
	t.Parallel()
	hasSign := func(w string) bool {
		return strings.IndexFunc(w, func(r rune) bool {
			if r == 'º' || r == 'ª' {
				return true
			}
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !isRefSeparator(r) && r != ','
		}) >= 0
	}
	hasCurrency := func(w string) bool {
		return strings.IndexFunc(w, func(r rune) bool { return unicode.Is(unicode.Sc, r) }) >= 0
	}
	words := []string{"VT/2026/00001", "VIR", "C000123", "n°VT/2026/00031", "#VT-1", "450,00", "250$", "$#1", "#1$",
		"FA_1\\2", "a.b-c", "(1)", "'VT1'", "VT1\"", "nº12", "250€", "", "a b", "a\tb", "x@y", "ÀB1", "1º"}
	for c := 0; c < 128; c++ {
		words = append(words, "VT"+string(rune(c))+"1")
	}
	for _, w := range words {
		none := hasCurrency(w) || !hasSign(w)
		if refPartsNone(w) && !none {
			t.Errorf("%q: read in place as having no parts, it has", w)
		}
		if isASCII(w) && refPartsNone(w) != none {
			t.Errorf("%q: in place %v, rune by rune %v", w, refPartsNone(w), none)
		}
	}
}

// TestAppendQuoteClipped pins the reason's quoted text, clipped in place,
// to the quoted clipped text it replaced, on texts of every length around
// the cut, with runes of several bytes, quotes, controls and bytes that
// are no UTF-8 across it.
func TestAppendQuoteClipped(t *testing.T) {
	t.Parallel()
	texts := []string{"", "VIR C000123", "Factures VT/2026/00001 VT/2026/00002 VT/2026/00003",
		strings.Repeat("é", 30), strings.Repeat("a", 39) + "€€", "a\"b\\c\td\x00e" + strings.Repeat("x", 40),
		strings.Repeat("y", 38) + "\xe2\x80" + "zz", strings.Repeat("ü", 19) + "\xff" + strings.Repeat("w", 5), "日本語のテキスト、請求書番号 VT/2026/00001 を参照"}
	for _, s := range texts {
		for n := 0; n <= len(s)+1; n++ {
			want := strconv.Quote(clip(s, n))
			if got := string(appendQuoteClipped([]byte("x "), s, n)); got != "x "+want {
				t.Errorf("clip %q at %d: %s, want %s", s, n, got, "x "+want)
			}
		}
	}
}
