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
		if err := SEPAAddress(town, country); err != nil {
			return "", err
		}
	}
	return ib, nil
}

// SEPAAddress checks what a SEPA credit transfer needs of a party's
// address: its town, in 35 characters, and an ISO 3166 country code.
func SEPAAddress(town, country string) error {
	if !EPCCarries(town, 35) || country == "" {
		return errors.New("an address needs its town and country")
	}
	if !IsCountry(country) {
		return fmt.Errorf("country %q", country)
	}
	return nil
}

// SEPAReach checks what a SEPA credit transfer to account iban needs
// beyond its parties: outside the EEA (InEEA), the creditor's bank named
// by its BIC and the payer's address given (EPC rulebook; Regulation (EU)
// 2015/847). A payment run checks it before booking anything, and the
// file writer each payment, so that the two never disagree.
func SEPAReach(iban IBAN, bic BIC, payerAddressed bool) error {
	if InEEA(iban) {
		return nil
	}
	if len(iban) < 2 {
		return fmt.Errorf("%w: %q", ErrIBAN, iban)
	}
	if bic == "" {
		return fmt.Errorf("an account in %s, outside the EEA, needs its bank's BIC", string(iban)[:2])
	}
	if !payerAddressed {
		return fmt.Errorf("paying an account in %s, outside the EEA, needs the payer's address (its town and country at least)", string(iban)[:2])
	}
	return nil
}
