package ident

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Errors for French company numbers and VAT numbers.
var (
	// ErrSIREN is returned for a SIREN that is not nine digits passing the
	// Luhn check.
	ErrSIREN = errors.New("ident: invalid SIREN")
	// ErrSIRET is returned for a SIRET that is not fourteen digits passing
	// the Luhn check (La Poste's establishments: digit sum a multiple of 5).
	ErrSIRET = errors.New("ident: invalid SIRET")
	// ErrVAT is returned for a VAT number of an unknown country, of the
	// wrong form, or (French) with a wrong key.
	ErrVAT = errors.New("ident: invalid VAT number")
)

// SIREN is a French company number: nine digits.
type SIREN string

// SIRET is a French establishment number: the SIREN and five digits.
type SIRET string

// VATNumber is an intra-community VAT number: the country, then the
// national number ("FR40303265045").
type VATNumber string

// ParseSIREN reads a SIREN, spaces, hyphens and dots ignored ("303 265
// 045", "303.265.045").
func ParseSIREN(s string) (SIREN, error) {
	c := compact(withoutDots(s))
	if len(c) != 9 || !digits(c) || !luhn(c) {
		return "", fmt.Errorf("%w: %q: nine digits with a Luhn check", ErrSIREN, s)
	}
	return SIREN(c), nil
}

// ParseSIRET reads a SIRET, spaces, hyphens and dots ignored ("303 265
// 045 00011", "303.265.045.00011").
func ParseSIRET(s string) (SIRET, error) {
	c := compact(withoutDots(s))
	if len(c) != 14 || !digits(c) {
		return "", fmt.Errorf("%w: %q: fourteen digits", ErrSIRET, s)
	}
	if c[:9] == "356000000" && c != "35600000000048" { // La Poste's establishments (not its head office): digits sum to a multiple of 5
		if digitSum(c)%5 != 0 {
			return "", fmt.Errorf("%w: %q: wrong check digit", ErrSIRET, s)
		}
		return SIRET(c), nil
	}
	if !luhn(c) || !luhn(c[:9]) {
		return "", fmt.Errorf("%w: %q: wrong check digit (of the SIRET or of its SIREN)", ErrSIRET, s)
	}
	return SIRET(c), nil
}

// SIREN returns the company number of an establishment: its first nine
// digits; "" for a SIRET shorter than that (one never parsed).
func (s SIRET) SIREN() SIREN {
	if len(s) < 9 {
		return "" // not a SIRET (the zero value, or one never parsed)
	}
	return SIREN(s[:9])
}

// vatForms is the form of the national part of EU VAT numbers (and the
// United Kingdom's and Northern Ireland's), as the European Commission's
// VIES lists them, with its description for an error.
var vatForms = map[string]struct {
	re   *regexp.Regexp
	says string
}{
	"AT": {regexp.MustCompile(`^U\d{8}$`), "U and 8 digits"},
	"BE": {regexp.MustCompile(`^[01]\d{9}$`), "10 digits, the first 0 or 1"},
	"BG": {regexp.MustCompile(`^\d{9,10}$`), "9 or 10 digits"},
	"CY": {regexp.MustCompile(`^\d{8}[A-Z]$`), "8 digits and a letter"},
	"CZ": {regexp.MustCompile(`^\d{8,10}$`), "8 to 10 digits"},
	"DE": {regexp.MustCompile(`^\d{9}$`), "9 digits"},
	"DK": {regexp.MustCompile(`^\d{8}$`), "8 digits"},
	"EE": {regexp.MustCompile(`^\d{9}$`), "9 digits"},
	"EL": {regexp.MustCompile(`^\d{9}$`), "9 digits"},
	"ES": {regexp.MustCompile(`^[A-Z0-9]\d{7}[A-Z0-9]$`), "9 characters: a letter or digit, 7 digits, a letter or digit"},
	"FI": {regexp.MustCompile(`^\d{8}$`), "8 digits"},
	"FR": {regexp.MustCompile(`^[0-9A-HJ-NP-Z]{2}\d{9}$`), "a key of 2 characters and the 9-digit SIREN"},
	"HR": {regexp.MustCompile(`^\d{11}$`), "11 digits"},
	"HU": {regexp.MustCompile(`^\d{8}$`), "8 digits"},
	"IE": {regexp.MustCompile(`^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$`), "7 digits and 1 or 2 letters (or the older digit, letter, 5 digits, letter)"},
	"IT": {regexp.MustCompile(`^\d{11}$`), "11 digits"},
	"LT": {regexp.MustCompile(`^(\d{9}|\d{12})$`), "9 or 12 digits"},
	"LU": {regexp.MustCompile(`^\d{8}$`), "8 digits"},
	"LV": {regexp.MustCompile(`^\d{11}$`), "11 digits"},
	"MT": {regexp.MustCompile(`^\d{8}$`), "8 digits"},
	"NL": {regexp.MustCompile(`^\d{9}B\d{2}$`), "9 digits, B and 2 digits"},
	"PL": {regexp.MustCompile(`^\d{10}$`), "10 digits"},
	"PT": {regexp.MustCompile(`^\d{9}$`), "9 digits"},
	"RO": {regexp.MustCompile(`^\d{2,10}$`), "2 to 10 digits"},
	"SE": {regexp.MustCompile(`^\d{10}01$`), "12 digits ending in 01"},
	"SI": {regexp.MustCompile(`^\d{8}$`), "8 digits"},
	"SK": {regexp.MustCompile(`^\d{10}$`), "10 digits"},
	"GB": {regexp.MustCompile(`^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$`), "9 or 12 digits, or GD or HA and 3 digits"},
	"XI": {regexp.MustCompile(`^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$`), "9 or 12 digits, or GD or HA and 3 digits"},
}

// ParseVATNumber reads an intra-community VAT number, spaces ignored. A
// French number's key is checked against its SIREN ("FR" + key + SIREN,
// key = (12 + 3 × (SIREN mod 97)) mod 97); other countries by their form
// (VIES's: DE nine digits, NL nine digits, B and two digits, the United
// Kingdom's and Northern Ireland's government departments and health
// authorities GD or HA and three digits: GBGD001). Spaces, hyphens and
// dots are ignored.
func ParseVATNumber(s string) (VATNumber, error) {
	c := compact(withoutDots(s))
	if len(c) < 4 {
		return "", fmt.Errorf("%w: %q is too short", ErrVAT, s)
	}
	f, ok := vatForms[c[:2]]
	if !ok {
		return "", fmt.Errorf("%w: %q: no VAT country %q", ErrVAT, s, c[:2])
	}
	if !f.re.MatchString(c[2:]) {
		return "", fmt.Errorf("%w: %q: %s numbers are %s after the country", ErrVAT, s, c[:2], f.says)
	}
	if c[:2] == "FR" {
		if err := frenchVATKey(c[2:4], c[4:]); err != nil {
			return "", fmt.Errorf("%w: %q: %v", ErrVAT, s, err)
		}
	}
	return VATNumber(c), nil
}

// vatKeyAlphabet is the alphabet of the new French VAT keys: digits and
// letters but I and O.
const vatKeyAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// frenchVATKey checks a French VAT number's key against its nine-digit
// body: a SIREN (Monaco's numbers, 000 and six digits, are not), and a
// numeric key (12 + 3 × (body mod 97)) mod 97, or a key of two characters
// of the new alphabet checked modulo 11.
func frenchVATKey(key, body string) error {
	if len(body) != 9 || !digits(body) {
		return fmt.Errorf("nine digits after the key")
	}
	if body[:3] != "000" {
		if _, err := ParseSIREN(body); err != nil {
			return err
		}
	}
	n, _ := strconv.Atoi(body)
	if digits(key) {
		if k, _ := strconv.Atoi(key); k != (12+3*(n%97))%97 {
			return fmt.Errorf("wrong key %s for %s", key, body)
		}
		return nil
	}
	a, b := strings.IndexByte(vatKeyAlphabet, key[0]), strings.IndexByte(vatKeyAlphabet, key[1])
	if a < 0 || b < 0 {
		return fmt.Errorf("key %s: digits and letters but I and O", key)
	}
	var check int
	if isDigit(key[0]) {
		check = a*24 + b - 10
	} else {
		check = a*34 + b - 100
	}
	if (n+1+check/11)%11 != check%11 {
		return fmt.Errorf("wrong key %s for %s", key, body)
	}
	return nil
}

// withoutDots is s without its dots: company and VAT numbers are written
// with them as well as with spaces ("732.829.320"); an IBAN or a reference
// is not, and keeps its dots to be refused.
func withoutDots(s string) string { return strings.ReplaceAll(s, ".", "") }

// FrenchVATNumber returns the French VAT number of a SIREN.
func FrenchVATNumber(s SIREN) VATNumber {
	n, _ := strconv.Atoi(string(s))
	return VATNumber(fmt.Sprintf("FR%02d%s", (12+3*(n%97))%97, s))
}

// luhn reports whether a string of digits passes the Luhn check.
func luhn(s string) bool {
	sum := 0
	for i := 0; i < len(s); i++ {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

func digitSum(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n += int(s[i] - '0')
	}
	return n
}
