package report

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// TestCutKeepsDocumentNumber pins how the text rendering cuts a cell: a
// cut is marked, and the number a generated label ends with stays.
func TestCutKeepsDocumentNumber(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"Facture FA-00001", 26, "Facture FA-00001"},
		{"Écart de règlement VT/2026/00001", 26, "Écart de rè… VT/2026/00001"},
		{"Écart de règlement VT/2026/00001", 32, "Écart de règlement VT/2026/00001"},
		{"Escompte VT/2026/00042", 18, "Esc… VT/2026/00042"},
		{"Différence de change BQ/2026/00012", 26, "Différence… BQ/2026/00012"},
		{"Différence de change VT/2026/00001", 32, "Différence de cha… VT/2026/00001"},
		// The last word is no number, or too long to keep: cut at the end.
		{"TVA déductible sur autres biens et services", 24, "TVA déductible sur autr…"},
		{"Résultat de l'exercice (bénéfice)", 24, "Résultat de l'exercice…"},
		{"Règlement VT/2026/00001", 14, "Règlement VT/…"},
		// Narrow columns.
		{"abc", 0, ""},
		{"abc", 1, "a"},
		{"abc", 2, "a…"},
		{"", 3, ""},
	} {
		got := cut(tc.in, tc.width)
		require.Equal(t, tc.want, got, "cut(%q, %d)", tc.in, tc.width)
		require.LessOrEqual(t, utf8.RuneCountInString(got), tc.width, "cut(%q, %d)", tc.in, tc.width)
	}
}
