package reconcile

import "testing"

func TestByDigits(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		word string
		ok   bool
	}{
		{"2026-00197", true},
		{"2026/00197", true},
		{"F2026-00197", true},
		{"FACT202600197", true},
		{"0012345678", true},
		{"VE2026-00197", false}, // a journal's own prefix: named as written or not at all
		{"C000123", false},      // a partner code
		{"FR7630004000031234", false},
		{"450.00", false}, // amounts
		{"1.250,00", false},
		{"12500,00", false},
		{"-450.00", false},
		{"450.00-", false},
		{"2026A00197", false}, // a letter after a digit
		{"2026", false},       // too few digits
		{"0512", false},
		{"N°202600197", false}, // a sign: its parts are read
		{"RÉF202600197", false},
	} {
		k, _ := refKey(c.word)
		if got := byDigits(c.word, k); got != c.ok {
			t.Errorf("byDigits(%q) = %v, want %v", c.word, got, c.ok)
		}
	}
	toks := refTokens("Règlement n°2026/00197 du 12.500,00", nil)
	var digits []string
	for _, tok := range toks {
		if tok.digits {
			digits = append(digits, tok.text)
		}
	}
	if len(digits) != 1 || digits[0] != "202600197" {
		t.Errorf("words named by digits: %q, want [202600197]", digits)
	}
	for _, w := range []string{"VT/2026/00197", "2026-00197", "F202600197"} {
		if k, ok := digitsOf(w); !ok || k != "202600197" {
			t.Errorf("digitsOf(%q) = %q, %v", w, k, ok)
		}
	}
	if _, ok := digitsOf("FA-1234"); ok {
		t.Error("digitsOf(FA-1234): four digits are not enough")
	}
}

func TestIsDate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		w    string
		date bool
	}{
		{"2026-03-15", true}, {"15/03/2026", true}, {"15.03.26", true}, {"20260315", true}, {"15032026", true},
		{"2026-00197", false}, {"2026/0315", false}, {"202600197", false}, {"20261399", false}, {"FA-2026-0315", false},
	} {
		if got := isDate(c.w); got != c.date {
			t.Errorf("isDate(%q) = %v, want %v", c.w, got, c.date)
		}
	}
}
