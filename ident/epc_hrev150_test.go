package ident_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/lettrage/lettrage/ident"
)

// Was failing, fixed: a letter whose compatibility decomposition holds a non-letter loses its letter: Catalan "Paraŀlel" (ŀ = l + middle dot) gives "Para.lel", want the l kept ("Paral.lel"), as the godoc promises for a letter in a compatibility form.
func TestHrev150EPCTextLetterWithMiddleDot(t *testing.T) {
	assert.Equal(t, "Paral.lel", ident.EPCText("Paraŀlel", 35))
}

// Was failing, fixed: a thin space (U+2009, the French thousands separator) or an en space is a space (NFKD " ") yet becomes a full stop, as before the change: "Facture 1\u2009200,00" gives "Facture 1.200,00" (reads as 1.2), want "Facture 1 200,00".
func TestHrev150EPCTextUnicodeSpaces(t *testing.T) {
	assert.Equal(t, "Facture 1 200,00", ident.EPCText("Facture 1\u2009200,00", 140))
	assert.Equal(t, "A B", ident.EPCText("A\u2002B", 35))
}

// Was failing, fixed: the trade mark sign ™ is no letter (the godoc: any other character becomes a full stop) but its compatibility form "TM" is glued to the name: "ACME™" gives "ACMETM", want "ACME." as before the change.
func TestHrev150EPCTextTradeMark(t *testing.T) {
	assert.Equal(t, "ACME.", ident.EPCText("ACME™", 70))
}

// Compatibility forms that are letters or digits become them; others a
// full stop; characters NFC already maps (Kelvin, ångström signs) and the
// table's letters (ß, ı) as before.
func TestHrev150EPCTextCompatibilityPins(t *testing.T) {
	for in, want := range map[string]string{
		"Eﬀel": "Effel", "ﬃ": "ffi", "Ĳsselstein": "IJsselstein", "Ǆuro": "DZuro", "ǅ": "Dz",
		"Ａｂｃ": "Abc", "Louis Ⅻ": "Louis XII", "\u212Aelvin": "Kelvin", "\u212Bngström": "Angstrom",
		"Straße": "Strasse", "Işık": "Isik", "İzmir": "Izmir", "Σίσυφος Papas": "Sisyfos Papas",
		"½ kg": ". kg", "20℃": "20.", "Nº 5": "No 5", "ſ": "s", "Ⓐ": "A", "m²": "m2",
	} {
		assert.Equal(t, want, ident.EPCText(in, 70), "%q", in)
	}
}

// Every character of the BMP and the next plane, alone or repeated past
// the cut, gives only characters of the EPC set and at most n of them.
func TestHrev150EPCTextEveryRuneInSet(t *testing.T) {
	const set = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ "
	for r := rune(1); r < 0x20000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		for _, n := range []int{1, 2, 5} {
			out := ident.EPCText(strings.Repeat(s, 4)+"x", n)
			if len(out) > n || strings.Trim(out, set) != "" {
				t.Fatalf("%U: EPCText(%q, %d) = %q", r, strings.Repeat(s, 4)+"x", n, out)
			}
		}
	}
}
