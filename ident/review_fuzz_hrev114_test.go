package ident_test

import (
	"math/big"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/ident"
)

// hrev114Mod97 is ISO 7064 MOD 97-10 done the textbook way: letters as
// two digits (A=10 … Z=35), the whole as one big number.
func hrev114Mod97(s string) int {
	var b strings.Builder
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			b.WriteString(big.NewInt(int64(c - 'A' + 10)).String())
		} else {
			b.WriteRune(c)
		}
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	if !ok {
		return -1
	}
	return int(new(big.Int).Mod(n, big.NewInt(97)).Int64())
}

func hrev114Luhn(s string) bool {
	sum := 0
	for i := 0; i < len(s); i++ {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			d = d*2/10 + d*2%10
		}
		sum += d
	}
	return sum%10 == 0
}

func hrev114Alnum(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func hrev114Digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// FuzzHrev114Checks compares the ident checks with textbook ones on
// inputs without spaces or lower case (what they compact away).
func FuzzHrev114Checks(f *testing.F) {
	for _, s := range []string{"FR7630006000011234567890189", "GB82WEST12345698765432", "RF18539007547034", "RF37VT202600031",
		"303265045", "30326504500011", "35600000000048", "35600000012345", "FR40303265045", "BNPAFRPPXXX"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, " \t-\u00a0\u202f") || strings.ToUpper(s) != s {
			return
		}
		// IBAN: a known country's length, check digits 02-98, mod 97 = 1.
		_, err := ident.ParseIBAN(s)
		ibanOK := len(s) >= 5 && hrev114Alnum(s) && hrev114Digits(s[2:4]) && s[2:4] >= "02" && s[2:4] <= "98" &&
			hrev114Mod97(s[4:]+s[:4]) == 1
		if err == nil && !ibanOK {
			t.Fatalf("ParseIBAN(%q) accepts an invalid IBAN", s)
		}
		// Creditor reference.
		body, ok := ident.ParseCreditorReference(s)
		rfOK := len(s) >= 5 && len(s) <= 25 && strings.HasPrefix(s, "RF") && hrev114Alnum(s[4:]) && hrev114Digits(s[2:4]) &&
			s[2:4] >= "02" && s[2:4] <= "98" && hrev114Mod97(s[4:]+s[:4]) == 1
		if ok != rfOK {
			t.Fatalf("ParseCreditorReference(%q) = %q, %v; textbook %v", s, body, ok, rfOK)
		}
		if ok {
			rf, err := ident.CreditorReference(body)
			if err != nil || rf != s {
				t.Fatalf("CreditorReference(%q) = %q, %v; parsed from %q", body, rf, err, s)
			}
		}
		// SIREN.
		_, err = ident.ParseSIREN(s)
		if sirenOK := len(s) == 9 && hrev114Digits(s) && hrev114Luhn(s); (err == nil) != sirenOK {
			t.Fatalf("ParseSIREN(%q): %v; textbook %v", s, err, sirenOK)
		}
		// SIRET (La Poste's establishments aside).
		if len(s) == 14 && !strings.HasPrefix(s, "356000000") {
			_, err = ident.ParseSIRET(s)
			if siretOK := hrev114Digits(s) && hrev114Luhn(s) && hrev114Luhn(s[:9]); (err == nil) != siretOK {
				t.Fatalf("ParseSIRET(%q): %v; textbook %v", s, err, siretOK)
			}
		}
		// French VAT with a numeric key.
		if len(s) == 13 && strings.HasPrefix(s, "FR") && hrev114Digits(s[2:]) && s[4:7] != "000" {
			_, err = ident.ParseVATNumber(s)
			n, _ := new(big.Int).SetString(s[4:], 10)
			key := (12 + 3*int(new(big.Int).Mod(n, big.NewInt(97)).Int64())) % 97
			vatOK := hrev114Luhn(s[4:]) && s[2:4] == big.NewInt(int64(key + 100)).String()[1:]
			if (err == nil) != vatOK {
				t.Fatalf("ParseVATNumber(%q): %v; textbook %v", s, err, vatOK)
			}
		}
	})
}
