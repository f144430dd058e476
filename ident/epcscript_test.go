package ident_test

import (
	"testing"

	"github.com/lettrage/lettrage/ident"
)

// Greek and Cyrillic names reach a SEPA message in Latin letters, as
// Greece (ELOT 743) and Bulgaria (its official system) write them.
func TestEPCTextGreekAndCyrillic(t *testing.T) {
	for in, want := range map[string]string{
		"Παπαδόπουλος ΑΕ":    "Papadopoulos AE",
		"ΠΑΠΑΔΟΠΟΥΛΟΣ":       "PAPADOPOULOS",
		"Θεσσαλονίκη":        "Thessaloniki",
		"ΘΕΣΣΑΛΟΝΙΚΗ":        "THESSALONIKI",
		"Αθήνα":              "Athina",
		"Χανιά Ψυχικό":       "Chania Psychiko",
		"Προϋπολογισμός":     "Proypologismos", // ϋ: two sounds, not ou
		"Οικονόμου":          "Oikonomou",
		"Ουρανία":            "Ourania",
		"Διονύσιος & Υιοί":   "Dionysios + Yioi",
		"Шишков ООД":         "Shishkov OOD",
		"ЩЕРБАКОВ":           "SHTERBAKOV",
		"София":              "Sofia",
		"Пловдив, ул. Юрий":  "Plovdiv, ul. Yuriy",
		"Йорданка Ѝ":         "Yordanka I",
		"Сърбия, Ђорђе Џаја": "Sarbia, Djordje Dzaja",
		"東京":                 "..",
	} {
		if got := ident.EPCText(in, 70); got != want {
			t.Errorf("EPCText(%q) = %q, want %q", in, got, want)
		}
	}
	// Cut after transliteration: a field holds n Latin characters.
	if got := ident.EPCText("Щщщ", 4); got != "Shts" {
		t.Errorf("cut: %q", got)
	}
	for s, want := range map[string]bool{"Παπαδόπουλος": true, "Иванов": true, "東京": false} {
		if got := ident.EPCCarries(s, 70); got != want {
			t.Errorf("EPCCarries(%q) = %v, want %v", s, got, want)
		}
	}
}
