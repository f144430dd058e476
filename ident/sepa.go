package ident

import (
	"errors"
	"fmt"
)

// SEPAParty checks what a SEPA credit transfer needs of a party (EPC
// 2023): a name that leaves a Latin letter or digit in its 70 characters,
// an IBAN of a country in the SEPA scheme, and, when an address is given,
// its town (in 35 characters) and an ISO 3166 country. It returns the IBAN
// in its canonical form. A payment run checks its suppliers with it before
// booking anything, and the file writer its parties, so that the two never
// disagree.
func SEPAParty(name, iban string, hasAddress bool, town, country string) (IBAN, error) {
	if !EPCCarries(name, 70) {
		return "", fmt.Errorf("no name in Latin letters or digits (%q)", name)
	}
	ib, err := ParseIBAN(iban)
	if err != nil {
		return "", err
	}
	if !InSEPA(ib) {
		return "", fmt.Errorf("an account in %s, outside the SEPA scheme", string(ib)[:2])
	}
	if hasAddress {
		if !EPCCarries(town, 35) || country == "" {
			return "", errors.New("an address needs its town and country")
		}
		if !IsCountry(country) {
			return "", fmt.Errorf("country %q", country)
		}
	}
	return ib, nil
}
