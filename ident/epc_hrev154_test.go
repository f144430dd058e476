package ident_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/lettrage/lettrage/ident"
)

func h154EPC(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("/-?:().,'+ ", c) >= 0) {
			return false
		}
	}
	return true
}

// The conversions the change names.
func TestHrev154EPCTextCases(t *testing.T) {
	for in, want := range map[string]string{
		"Paŀlaresa":       "Pal.laresa",
		"m²":              "m2",
		"⑴ x":             "(1) x",
		"½ kg":            ". kg",
		"Ⓐ B":             "A B",
		"ACME™":           "ACME.",
		"1\u202f200,00":   "1 200,00",
		"1\u2009200,00":   "1 200,00",
		"a\u3000\u2003b":  "a b",
		"a\u00a0 \tb":     "a b",
		"\u2003 a \u205f": "a",
		"Ⅻ":               "XII",
	} {
		assert.Equal(t, want, ident.EPCText(in, 70), "%q", in)
	}
	// The cut: at n characters, no space left at its end.
	assert.Equal(t, "ab", ident.EPCText("ab\u2003cd", 3))
	assert.Equal(t, "ab c", ident.EPCText("ab  \u3000 cd", 4))
	assert.Equal(t, "Pal", ident.EPCText("Paŀlaresa", 3))
	assert.Equal(t, "(1", ident.EPCText("⑴", 2))
	assert.Equal(t, "", ident.EPCText(" \u2003", 5))
}

// Every character, alone and between letters, gives EPC text only, no
// longer than n, neither starting nor ending with a space, with no run of
// spaces.
func TestHrev154EPCTextSweep(t *testing.T) {
	bad := 0
	for r := rune(0); r <= 0x10FFFF && bad < 10; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		for _, s := range []string{string(r), "a " + string(r) + " b", "a" + string(r) + string(r) + "b"} {
			for _, n := range []int{2, 70} {
				out := ident.EPCText(s, n)
				if !h154EPC(out) || len(out) > n || utf8.RuneCountInString(out) > n || strings.HasPrefix(out, " ") ||
					strings.HasSuffix(out, " ") || strings.Contains(out, "  ") {
					t.Errorf("EPCText(%q, %d) = %q", s, n, out)
					bad++
				}
			}
		}
	}
}

// Greek and Cyrillic pairs (transliterated with their neighbour) give EPC
// text only.
func TestHrev154EPCTextScriptPairs(t *testing.T) {
	bad := 0
	for a := rune(0x370); a <= 0x52F && bad < 10; a++ {
		for b := rune(0x370); b <= 0x52F; b++ {
			s := string(a) + string(b)
			if out := ident.EPCText(s, 70); !h154EPC(out) {
				t.Errorf("EPCText(%q) = %q", s, out)
				bad++
			}
		}
	}
}
