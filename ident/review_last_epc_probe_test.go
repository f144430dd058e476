package ident_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/ident"
)

// Review probe: EPCCarries refuses empty, blank and punctuation-only
// texts, accepts any with a Latin letter (accented or not), a digit, or a
// Greek or Cyrillic letter (transliterated); EPCText keeps its behaviour (same results as bank's).
func TestReviewLastProbeEPCCarries(t *testing.T) {
	for s, want := range map[string]bool{
		"": false, "   ": false, "\u00a0\t": false, "&": false, "« »": false, "...": false, "Παπαδόπουλος": true, "Иванов": true, "東京": false,
		"Łódź": true, "É": true, "Ω 1": true, "Θεσσαλονίκη Thessaloniki": true, "e\u0301": true, "ß": true,
	} {
		if got := ident.EPCCarries(s, 70); got != want {
			t.Errorf("EPCCarries(%q) = %v, want %v", s, got, want)
		}
	}
	if got := ident.EPCText("Atelier Lévêque & Fils", 70); got != "Atelier Leveque + Fils" {
		t.Errorf("EPCText: %q", got)
	}
	if got := ident.EPCText(strings.Repeat("ab ", 50), 10); got != "ab ab ab a" {
		t.Errorf("cut: %q", got)
	}
	if ident.EPCText("x", 0) != "" || ident.EPCText("x", -1) != "" {
		t.Error("n <= 0")
	}
}
