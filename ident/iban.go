package ident

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrIBAN is returned for a string that is not a valid IBAN: unknown
// country, wrong length for the country, characters other than letters and
// digits, or wrong check digits.
var ErrIBAN = errors.New("ident: invalid IBAN")

// ErrRIBKey is the ErrIBAN of a French account part whose RIB key is
// wrong though the IBAN's own check digits hold: an IBAN computed from a
// mistyped RIB. (Releases before this check accepted it: a program
// reading identifiers it stored earlier can tell this case apart.)
var ErrRIBKey = fmt.Errorf("%w: wrong RIB key", ErrIBAN)

// IBAN is an International Bank Account Number in its electronic form:
// upper case, no spaces ("FR7630006000011234567890189").
type IBAN string

// ibanLengths is the length of an IBAN per country, from the ISO 13616
// registry (French overseas territories use France's format).
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
	"BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
	"EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
	"GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
	"JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
	"MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
	"NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
	"SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
	"GF": 27, "GP": 27, "MQ": 27, "RE": 27, "PF": 27, "TF": 27, "YT": 27, "NC": 27, "BL": 27, "MF": 27,
	"PM": 27, "WF": 27,
}

// ParseIBAN reads an IBAN written with or without spaces, in any case
// ("fr76 3000 6000 0112 3456 7890 189"), and checks its country, length
// and check digits (ISO 7064 MOD 97-10), and for a French account part
// (France, Monaco and the French overseas codes) its RIB key; not other
// countries' own layout of their account part (a letter where Germany has
// digits passes if the check digits hold). It returns ErrIBAN, saying
// which.
func ParseIBAN(s string) (IBAN, error) {
	c := compact(s)
	if len(c) < 4 {
		return "", fmt.Errorf("%w: %q is too short", ErrIBAN, s)
	}
	n, ok := ibanLengths[c[:2]]
	if !ok {
		return "", fmt.Errorf("%w: %q: no IBAN country %q", ErrIBAN, s, c[:2])
	}
	if len(c) != n {
		return "", fmt.Errorf("%w: %q has %d characters, an IBAN of %s has %d", ErrIBAN, s, len(c), c[:2], n)
	}
	if !isDigit(c[2]) || !isDigit(c[3]) || !alnum(c[4:]) {
		return "", fmt.Errorf("%w: %q: two check digits, then letters and digits only", ErrIBAN, s)
	}
	// Check digits run from 02 to 98; 00, 01 and 99 pass mod 97 as their
	// aliases do but are not IBANs.
	if check := int(c[2]-'0')*10 + int(c[3]-'0'); check < 2 || check > 98 || mod97(c[4:]+c[:4]) != 1 {
		return "", fmt.Errorf("%w: %q: wrong check digits", ErrIBAN, s)
	}
	// The French account part (France, Monaco and the overseas codes:
	// bank, branch, account, RIB key) carries its own check, which a
	// tool computing the IBAN from a mistyped RIB carries over: an IBAN
	// whose check digits hold over a wrong key names no account.
	if ribCountries[c[:2]] {
		key, err := ribKey(c[4:9], c[9:14], c[14:25])
		if err != nil || !digits(c[25:]) {
			return "", fmt.Errorf("%w: %q: a French account part is 5 digits of bank, 5 of branch, 11 letters or digits of account and a 2-digit RIB key", ErrIBAN, s)
		}
		if k := int(c[25]-'0')*10 + int(c[26]-'0'); k != key {
			return "", fmt.Errorf("%w %02d in %q, the account's is %02d", ErrRIBKey, k, s, key)
		}
	}
	return IBAN(c), nil
}

// HasFrenchRIB reports whether the IBAN's account part is a French RIB
// (bank, branch, account, RIB key): an IBAN of France, Monaco or a French
// overseas code.
func (i IBAN) HasFrenchRIB() bool { return len(i) == 27 && ribCountries[i.Country()] }

// ribCountries are the IBAN countries whose account part is a French RIB.
var ribCountries = map[string]bool{
	"FR": true, "MC": true, "GF": true, "GP": true, "MQ": true, "RE": true, "PF": true, "TF": true, "YT": true,
	"NC": true, "BL": true, "MF": true, "PM": true, "WF": true,
}

// ribKey is the RIB key of a French account: 97 − (89 × bank + 15 ×
// branch + 3 × account) mod 97, the account's letters counting as digits
// (A and J 1, B, K and S 2, …).
func ribKey(bank, branch, account string) (int, error) {
	if len(bank) != 5 || len(branch) != 5 || len(account) != 11 || !digits(bank) || !digits(branch) {
		return 0, fmt.Errorf("%w: bank %q, branch %q, account %q: 5, 5 and 11 characters", ErrIBAN, bank, branch, account)
	}
	var num strings.Builder
	for i := 0; i < len(account); i++ {
		c := account[i]
		switch {
		case isDigit(c):
			num.WriteByte(c)
		case isLetter(c):
			num.WriteByte("12345678912345678923456789"[c-'A'])
		default:
			return 0, fmt.Errorf("%w: account %q: letters and digits only", ErrIBAN, account)
		}
	}
	b, _ := strconv.ParseInt(bank, 10, 64)
	g, _ := strconv.ParseInt(branch, 10, 64)
	a, _ := strconv.ParseInt(num.String(), 10, 64)
	return int(97 - (89*b+15*g+3*a)%97), nil
}

// Country returns the IBAN's country code ("FR").
func (i IBAN) Country() string {
	if len(i) < 2 {
		return ""
	}
	return string(i[:2])
}

// Paper returns the IBAN in groups of four, as printed on a RIB:
// "FR76 3000 6000 0112 3456 7890 189".
func (i IBAN) Paper() string {
	var b strings.Builder
	for k := 0; k < len(i); k += 4 {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(i[k:min(k+4, len(i))]))
	}
	return b.String()
}

// compact upper-cases the ASCII letters of s and removes spaces (also the
// no-break ones banks print). Other characters stay as they are, to be
// refused: Unicode case mapping would turn "ſ" into "S".
func compact(s string) string {
	// Most texts have nothing to change (a reference already normalized,
	// an IBAN as stored): return them without a copy.
	if !strings.ContainsFunc(s, func(r rune) bool { return compactDrops(r) || r >= 'a' && r <= 'z' }) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case compactDrops(r):
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// compactDrops reports whether compact leaves r out: spaces, no-break
// ones included, and hyphens.
func compactDrops(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f' || r == '-'
}

// mod97 is the ISO 7064 MOD 97-10 remainder of s, letters counting A=10
// to Z=35; s holds only upper-case letters and digits.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			r = (r*100 + int(c-'A') + 10) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !isLetter(s[i]) {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// IBANOfRIB rebuilds a French IBAN from a RIB's bank code, branch code and
// account number, as French bank files give them: the RIB key is 97 − (89
// × bank + 15 × branch + 3 × account) mod 97, the account's letters
// counting as digits (A, J → 1; B, K, S → 2 …), then the IBAN's check
// digits. It returns ErrIBAN for numbers of the wrong form.
func IBANOfRIB(bank, branch, account string) (IBAN, error) {
	key, err := ribKey(bank, branch, account)
	if err != nil {
		return "", err
	}
	bban := fmt.Sprintf("%s%s%s%02d", bank, branch, account, key)
	return ParseIBAN(fmt.Sprintf("FR%02d%s", 98-mod97(bban+"FR00"), bban))
}

// InSEPA reports whether an IBAN is of a country in the SEPA schemes'
// geographical scope: a SEPA credit transfer can pay it.
func InSEPA(iban IBAN) bool { return len(iban) >= 2 && sepaCountries[string(iban[:2])] }

// InEEA reports whether an IBAN is of a country of the European Economic
// Area (the EU, Iceland, Liechtenstein, Norway; the French overseas
// regions in SEPA under their own codes, with France). A SEPA credit
// transfer to a bank outside it needs the bank's BIC and the payer's
// address (EPC rulebook; Regulation (EU) 2015/847).
func InEEA(iban IBAN) bool { return InSEPA(iban) && !outsideEEA[string(iban[:2])] }

// outsideEEA are the SEPA countries and territories outside the EEA
// (EPC409): the United Kingdom (and the Channel Islands and the Isle of
// Man on its IBANs), Switzerland, Monaco, San Marino, the Vatican,
// Andorra, Gibraltar, Albania, Moldova, Montenegro, North Macedonia and
// Serbia; and the two French overseas collectivities that are not part
// of the Union, Saint-Pierre-et-Miquelon and Saint-Barthélemy (overseas
// countries and territories, TFEU art. 355 and annex II; Saint-Barthélemy
// since 2012), whereas Guadeloupe, Martinique, French Guiana, Réunion,
// Mayotte and Saint-Martin are outermost regions of the Union.
var outsideEEA = map[string]bool{
	"AD": true, "AL": true, "BL": true, "CH": true, "GB": true, "GI": true, "MC": true, "MD": true, "ME": true, "MK": true,
	"PM": true, "RS": true, "SM": true, "VA": true,
}

// sepaCountries are the IBAN country codes of the SEPA schemes'
// geographical scope (EPC409): the EU and EEA, Switzerland, the United
// Kingdom, Monaco, San Marino, the Vatican, Andorra, Gibraltar, Albania,
// Moldova, Montenegro, North Macedonia and Serbia. Territories that share
// a country's IBANs (the Channel Islands, the Azores, the Canaries) are in
// with it, and so are the French overseas departments and collectivities
// in SEPA under their own IBAN codes (French Guiana, Guadeloupe,
// Martinique, Réunion, Mayotte, Saint-Barthélemy, Saint-Martin,
// Saint-Pierre-et-Miquelon); French Polynesia, New Caledonia, Wallis and
// Futuna and the Southern Territories, on the CFP franc, are not.
var sepaCountries = map[string]bool{
	"GF": true, "GP": true, "MQ": true, "RE": true, "YT": true, "BL": true, "MF": true, "PM": true,
	"AD": true, "AL": true, "AT": true, "BE": true, "BG": true, "CH": true, "CY": true, "CZ": true, "DE": true, "DK": true,
	"EE": true, "ES": true, "FI": true, "FR": true, "GB": true, "GI": true, "GR": true, "HR": true, "HU": true, "IE": true,
	"IS": true, "IT": true, "LI": true, "LT": true, "LU": true, "LV": true, "MC": true, "MD": true, "ME": true, "MK": true,
	"MT": true, "NL": true, "NO": true, "PL": true, "PT": true, "RO": true, "RS": true, "SE": true, "SI": true, "SK": true,
	"SM": true, "VA": true,
}
