package ident

import (
	"errors"
	"fmt"
	"strings"
)

// ErrCreditorID is returned by ParseCreditorID for a string that is not a
// SEPA creditor identifier: not a country code, two check digits, a
// 3-character business code and a national identifier, or wrong check
// digits.
var ErrCreditorID = errors.New("ident: invalid SEPA creditor identifier")

// ErrMandateReference is returned by ParseMandateReference for a unique
// mandate reference a SEPA direct debit cannot carry.
var ErrMandateReference = errors.New("ident: invalid SEPA mandate reference")

// CreditorID is a SEPA creditor identifier (identifiant créancier SEPA,
// ICS) in its electronic form: "FR72ZZZ123456". A company collecting by
// SEPA direct debit gets it from its bank (in France, from the Banque de
// France) and writes it in every collection.
type CreditorID string

// CreditorIDMax is the longest creditor identifier (Max35Text).
const CreditorIDMax = 35

// frenchNationalIDLen is the length of a French creditor's national
// identifier: "FR72ZZZ123456" is 13 characters in all.
const frenchNationalIDLen = 6

// ParseCreditorID reads a SEPA creditor identifier written with or
// without spaces, in any case ("fr72 zzz 123456"), and checks it: a
// country of the SEPA schemes (as InSEPA's), two check digits, a
// creditor business code of 3 letters or digits ("ZZZ" when the creditor
// has none), then the national identifier (6 characters for France). The check digits are computed as
// an IBAN's (ISO 7064 MOD 97-10) over the national identifier and the
// country, the business code left out: a creditor may change it without
// changing its identifier. It returns ErrCreditorID, saying which part is
// wrong.
func ParseCreditorID(s string) (CreditorID, error) {
	c := compact(s)
	if len(c) < 8 || len(c) > CreditorIDMax || !alnum(c) {
		return "", fmt.Errorf("%w: %q: 8 to %d letters and digits, such as FR72ZZZ123456", ErrCreditorID, s, CreditorIDMax)
	}
	if !isCountry(c[:2]) {
		return "", fmt.Errorf("%w: %q does not start with a country code such as FR", ErrCreditorID, s)
	}
	if !sepaCountries[c[:2]] {
		// Only the SEPA communities issue creditor identifiers: an
		// identifier of another country is no SEPA creditor's.
		return "", fmt.Errorf("%w: %q: %s is not a country of the SEPA schemes", ErrCreditorID, s, c[:2])
	}
	if !isDigit(c[2]) || !isDigit(c[3]) {
		return "", fmt.Errorf("%w: %q: the country is followed by two check digits", ErrCreditorID, s)
	}
	national := c[7:]
	if c[:2] == "FR" && len(national) != frenchNationalIDLen {
		return "", fmt.Errorf("%w: %q: a French identifier has %d characters after the business code, not %d",
			ErrCreditorID, s, frenchNationalIDLen, len(national))
	}
	if check := int(c[2]-'0')*10 + int(c[3]-'0'); check < 2 || check > 98 || mod97(national+c[:4]) != 1 {
		return "", fmt.Errorf("%w: %q: wrong check digits (%02d expected)", ErrCreditorID, s, 98-mod97(national+c[:2]+"00"))
	}
	return CreditorID(c), nil
}

// Country returns the creditor identifier's country code ("FR").
func (c CreditorID) Country() string {
	if len(c) < 2 {
		return ""
	}
	return string(c[:2])
}

// MandateReferenceMax is the longest unique mandate reference (UMR).
const MandateReferenceMax = 35

// ParseMandateReference checks a unique mandate reference (référence
// unique de mandat, RUM): 1 to MandateReferenceMax characters of the SEPA
// set (letters, digits and / - ? : ( ) . , ' +), no space, and no slash
// at its start or end nor two together, as the EPC guidelines want of
// every identifier. It returns the reference as given: banks compare
// references without regard to case, and so does a book holding two. It
// returns ErrMandateReference, saying what is wrong.
func ParseMandateReference(s string) (string, error) {
	if s == "" || len(s) > MandateReferenceMax {
		return "", fmt.Errorf("%w: %q: 1 to %d characters", ErrMandateReference, s, MandateReferenceMax)
	}
	for i := 0; i < len(s); i++ {
		if !epcAllowed(s[i]) || s[i] == ' ' {
			return "", fmt.Errorf("%w: %q: letters, digits and / - ? : ( ) . , ' + only, no space nor accent", ErrMandateReference, s)
		}
	}
	if strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/") || strings.Contains(s, "//") {
		return "", fmt.Errorf("%w: %q: no slash at its start or end, nor two together", ErrMandateReference, s)
	}
	return s, nil
}
