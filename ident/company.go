package ident

import (
	"errors"
	"fmt"
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

// ParseSIREN reads a SIREN, spaces ignored ("303 265 045").
func ParseSIREN(s string) (SIREN, error) {
	c := compact(s)
	if len(c) != 9 || !digits(c) || !luhn(c) {
		return "", fmt.Errorf("%w: %q: nine digits with a Luhn check", ErrSIREN, s)
	}
	return SIREN(c), nil
}

// ParseSIRET reads a SIRET, spaces ignored ("303 265 045 00011").
func ParseSIRET(s string) (SIRET, error) {
	c := compact(s)
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

// vatLengths is the length of the national part of EU VAT numbers (and
// the United Kingdom's and Northern Ireland's): the smallest and largest.
var vatLengths = map[string][2]int{
	"AT": {9, 9}, "BE": {10, 10}, "BG": {9, 10}, "CY": {9, 9}, "CZ": {8, 10}, "DE": {9, 9}, "DK": {8, 8},
	"EE": {9, 9}, "EL": {9, 9}, "ES": {9, 9}, "FI": {8, 8}, "FR": {11, 11}, "HR": {11, 11}, "HU": {8, 8},
	"IE": {8, 9}, "IT": {11, 11}, "LT": {9, 12}, "LU": {8, 8}, "LV": {11, 11}, "MT": {8, 8}, "NL": {12, 12},
	"PL": {10, 10}, "PT": {9, 9}, "RO": {2, 10}, "SE": {12, 12}, "SI": {8, 8}, "SK": {10, 10},
	"GB": {9, 12}, "XI": {9, 12},
}

// ParseVATNumber reads an intra-community VAT number, spaces ignored. A
// French number's key is checked against its SIREN ("FR" + key + SIREN,
// key = (12 + 3 × (SIREN mod 97)) mod 97); other countries by form only
// (the United Kingdom's and Northern Ireland's government departments
// and health authorities by GD or HA and three digits: GBGD001).
func ParseVATNumber(s string) (VATNumber, error) {
	c := compact(s)
	if len(c) < 4 {
		return "", fmt.Errorf("%w: %q is too short", ErrVAT, s)
	}
	n, ok := vatLengths[c[:2]]
	if !ok {
		return "", fmt.Errorf("%w: %q: no VAT country %q", ErrVAT, s, c[:2])
	}
	if l := len(c) - 2; (l < n[0] || l > n[1] || !alnum(c[2:])) && !ukPublicBody(c) {
		return "", fmt.Errorf("%w: %q: %s numbers have %d to %d letters and digits", ErrVAT, s, c[:2], n[0], n[1])
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

// ukPublicBody reports whether c is the VAT number of a United Kingdom or
// Northern Ireland government department (GD) or health authority (HA):
// the two letters and three digits.
func ukPublicBody(c string) bool {
	return len(c) == 7 && (c[:2] == "GB" || c[:2] == "XI") && (c[2:4] == "GD" || c[2:4] == "HA") && digits(c[4:])
}
