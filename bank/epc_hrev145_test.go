package bank_test

import (
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/stretchr/testify/require"
)

// Pins: names and texts transliterated to the EPC set.
func TestHrev145EPCTextPins(t *testing.T) {
	for in, want := range map[string]string{
		"L’Oréal":           "L'Oreal",
		"Ærøskøbing":        "AEroskobing",
		"Zürich   Straße  ": "Zurich Strasse",
		"Łódź":              "Lodz",
		"Dvořák & Fils":     "Dvorak + Fils",
		"Ça va @ 10€":       "Ca va . 10.",
	} {
		require.Equal(t, want, bank.EPCText(in, 70), in)
	}
	require.Equal(t, "Societe Gen", bank.EPCText("Société Générale", 11))
}

// Was failing, fixed: Latin letters written in compatibility forms become full stops instead of their letters: "Ĳsselstein" gives ".sselstein" (want "IJsselstein"), "ﬁnale" (ligature fi, as text copied from a PDF) ".nale" (want "finale"), full-width "Ｆｕｌｌ" "...." (want "Full").
func TestHrev145EPCTextCompatibilityLetters(t *testing.T) {
	require.Equal(t, "IJsselstein BV", bank.EPCText("Ĳsselstein BV", 70))
	require.Equal(t, "Facture finale", bank.EPCText("Facture ﬁnale", 140))
	require.Equal(t, "Full", bank.EPCText("Ｆｕｌｌ", 70))
}
