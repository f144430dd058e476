package ident

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// hrev162OldCompact is compact as it was before its shortcut.
func hrev162OldCompact(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f' || r == '-':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Pin: every parser accepts and refuses as before the shortcut, with
// invalid UTF-8, odd spaces and Unicode look-alikes.
func TestHrev162CompactParsersUnchanged(t *testing.T) {
	bases := []string{"FR7630006000011234567890189", "BNPAFRPP", "BNPAFRPPXXX", "303265045", "30326504500011",
		"FR40303265045", "RF18539007547034", "RF37VT202600031", "GBGD001", "35600000000048"}
	mutate := []func(string) string{
		func(s string) string { return s },
		strings.ToLower,
		func(s string) string { return s[:4] + " " + s[4:] },
		func(s string) string { return s[:4] + "\u00a0" + s[4:] },
		func(s string) string { return s[:4] + "\u2009" + s[4:] }, // thin space: refused
		func(s string) string { return s[:4] + "\xff" + s[4:] },
		func(s string) string { return s[:len(s)-1] + "\xff" },
		func(s string) string { return s + "\xc3" },
		func(s string) string { return strings.ToLower(s) + "\xff" },
		func(s string) string { return s[:3] + "\u017f" + s[4:] }, // long s
		func(s string) string { return "\t" + s + "-" },
		func(s string) string { return s[:2] + "\ufffd" + s[3:] },
	}
	for _, base := range bases {
		for _, m := range mutate {
			s := m(base)
			old := hrev162OldCompact(s)
			_, e1 := ParseIBAN(s)
			_, e2 := ParseIBAN(old)
			require.Equal(t, e1 == nil, e2 == nil, "IBAN %q", s)
			_, e1 = ParseBIC(s)
			_, e2 = ParseBIC(old)
			require.Equal(t, e1 == nil, e2 == nil, "BIC %q", s)
			_, e1 = ParseSIREN(s)
			_, e2 = ParseSIREN(old)
			require.Equal(t, e1 == nil, e2 == nil, "SIREN %q", s)
			_, e1 = ParseSIRET(s)
			_, e2 = ParseSIRET(old)
			require.Equal(t, e1 == nil, e2 == nil, "SIRET %q", s)
			_, e1 = ParseVATNumber(s)
			_, e2 = ParseVATNumber(old)
			require.Equal(t, e1 == nil, e2 == nil, "VAT %q", s)
			b1, ok1 := ParseCreditorReference(s)
			b2, ok2 := ParseCreditorReference(old)
			require.Equal(t, ok1, ok2, "RF %q", s)
			require.Equal(t, b1, b2, "RF %q", s)
			c1, e1 := CreditorReference(s)
			c2, e2 := CreditorReference(old)
			require.Equal(t, e1 == nil, e2 == nil, "RF of %q", s)
			require.Equal(t, c1, c2, "RF of %q", s)
			if strings.ToValidUTF8(s, "?") == s {
				require.Equal(t, old, compact(s), "compact %q", s)
			}
		}
	}
	_, err := ParseIBAN("FR76\xff0006000011234567890189")
	require.True(t, errors.Is(err, ErrIBAN))
}
