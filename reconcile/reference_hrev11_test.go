package reconcile

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/lettrage/lettrage/ident"
	"github.com/stretchr/testify/require"
)

// The old reference functions (5fdcb8c), under other names: the model
// the cut allocations must agree with.

func normalizeRefOldHrev11(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return normalizeRefText(s)
		}
	}
	// ASCII, as most references are: the same, a byte at a time (the
	// rune-by-rune path was a tenth of auto-lettering's proposing).
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ' ', '\t', '\n', '\v', '\f', '\r', '/', '.', '_', '\\', '-':
			continue
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

func refKeyOldHrev11(s string) (string, bool) {
	k := normalizeRefOldHrev11(s)
	if body, ok := ident.ParseCreditorReference(k); ok {
		return body, true
	}
	return k, false
}

func refTokensOldHrev11(s string, out []refToken) []refToken {
	add := func(t string, rf bool) {
		if len(t) < 3 {
			return
		}
		for _, o := range out {
			if o.text == t {
				return
			}
		}
		out = append(out, refToken{text: t, rf: rf})
	}
	fields := refFields(s)
	for i := 0; i < len(fields); i++ {
		if bodies, n := groupedCreditorReference(fields[i:]); n > 0 {
			for _, body := range bodies {
				add(body, true)
			}
			i += n - 1 // its groups are parts of it, not references
			continue
		}
		add(refKeyOldHrev11(fields[i]))
		for _, p := range refPartsOldHrev11(fields[i]) {
			add(refKeyOldHrev11(p)) // the word itself when it has no sign: add keeps one
		}
	}
	add(refKeyOldHrev11(s))
	return out
}

func refPartsOldHrev11(w string) []string {
	if strings.IndexFunc(w, func(r rune) bool { return unicode.Is(unicode.Sc, r) }) >= 0 {
		return nil // "250€", "€250": an amount, not a sign before a reference
	}
	return strings.FieldsFunc(w, func(r rune) bool {
		if r == 'º' || r == 'ª' {
			return true
		}
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !isRefSeparator(r) && r != ','
	})
}

var hrev11Pieces = []string{"VT", "vt", "2026", "00031", "/", "-", "\u2013", "\u2014", "\u2212", ".", "_", "\\", " ", "  ", "\t", "\u00a0", "\u202f",
	"n°", "N°", "nº", "№", "#", "\"", "'", "«", "»", "€", "$", "£", "250€", "€250", "450,00", ",", ";", ":", "+", "(", ")",
	"RF18", "5390", "0754", "7034", "RF18539007547034", "rf18 5390 0754 7034", "RF00", "ÉTÉ", "é", "ß", "ǅ", "İ", "ﬁ", "Σ", "日本",
	"FACTURE", "Facture", "INV", "a", "ab", "abc", "1", "12", "123", "x", "\u00ad", "\u2044", "\u2215", "\uff0f", "ª", "º", "\xff", "VIR"}

func hrev11Text(r *rand.Rand) string {
	var b strings.Builder
	n := 1 + r.IntN(6)
	for i := 0; i < n; i++ {
		b.WriteString(hrev11Pieces[r.IntN(len(hrev11Pieces))])
	}
	return b.String()
}

func hrev11Set(ts []refToken) map[refToken]bool {
	m := map[refToken]bool{}
	for _, t := range ts {
		t.digits = false // since: which words may name by digits, tested in TestByDigits
		m[t] = true
	}
	return m
}

// refTokens gives the same set of tokens as before for any text, and
// normalizeRef the same key.
func TestHrev11RefTokensSameSetAsBefore(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(11, 13))
	texts := []string{"", "VT/2026/00031", "vt-2026-00031", "n°VT/2026/00031", "#VT/2026/00031", "RF18539007547034",
		"RF18 5390 0754 7034", "VIR RF18 5390 0754 7034 CLIENT", "450,00 EUR", "250€", "ABC", "AB", "Facture VT/2026/00031 et VT/2026/00032"}
	for i := 0; i < 100000; i++ {
		texts = append(texts, hrev11Text(r))
		if i%10 == 0 { // random bytes and runes too
			b := make([]byte, r.IntN(12))
			for k := range b {
				b[k] = byte(r.IntN(256))
			}
			texts = append(texts, string(b))
		}
		if i%10 == 1 {
			var b strings.Builder
			for k := r.IntN(8); k >= 0; k-- {
				b.WriteRune(rune(r.IntN(0x3000)))
			}
			texts = append(texts, b.String())
		}
	}
	// A valid creditor reference made of a random body, alone and in text.
	for i := 0; i < 200; i++ {
		body := strings.ToUpper(strings.ReplaceAll(hrev11Text(r), " ", ""))
		if rf, err := ident.CreditorReference(body); err == nil {
			texts = append(texts, rf, "VIR "+rf+" X", "n°"+rf)
		}
	}
	for _, s := range texts {
		require.Equal(t, normalizeRefOldHrev11(s), normalizeRef(s), "%q", s)
		// Changed: refTokens has since added the references a word joins
		// with slashes and numbers written with spaces inside a longer
		// text; the old tokens are all still there, and those are the
		// only new ones.
		want := hrev11Set(refTokensOldHrev11(s, nil))
		hrev11AddJoined(want, s)
		got := refTokens(s, nil)
		require.Equal(t, want, hrev11Set(got), "%q", s)
		require.Equal(t, len(want), len(got), "%q: duplicate tokens", s)
		// With tokens already in out, as the callers reuse it.
		pre := []refToken{{text: "PRE"}}
		wantPre := hrev11Set(refTokensOldHrev11(s, append([]refToken(nil), pre...)))
		hrev11AddJoined(wantPre, s)
		require.Equal(t, wantPre, hrev11Set(refTokens(s, append([]refToken(nil), pre...))), "%q", s)
		_ = utf8.ValidString
	}
}

// hrev11AddJoined adds to set the tokens refTokens adds beyond the old
// ones, in its order: the parts of slash-joined references and the
// numbers written with spaces (keys of three characters or more, a text
// already there kept once, as refTokens keeps it).
func hrev11AddJoined(set map[refToken]bool, s string) {
	add := func(w string) {
		k, rf := refKey(w)
		if len(k) < 3 || set[refToken{text: k}] || set[refToken{text: k, rf: true}] {
			return
		}
		set[refToken{text: k, rf: rf}] = true
	}
	fields := refFields(s)
	grouped := slices.ContainsFunc(fields, isCreditorReferenceHead)
	for i := 0; i < len(fields); i++ {
		for _, p := range slashedRefs(fields[i]) {
			add(p)
		}
		for j := i + 2; !grouped && j <= spacedRefEnd(fields, i); j++ {
			add(spacedRefHead(fields, i) + " " + strings.Join(fields[i+1:j], " "))
		}
	}
}
