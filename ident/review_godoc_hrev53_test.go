package ident_test

// Review h-rev53: the exported godoc of packages store, memstore,
// boltstore and ident read as a contract. Every test here failed on the
// code it was written against; each says how it was fixed (the code, or
// the documentation where the code was right).

import (
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: CreditorReference: `"VT/2026/00031" gives "RF43VT202600031"`.
// The code gives "RF37VT202600031", which is the right ISO 11649 reference:
// 98 − ("VT202600031RF00" mod 97) = 37, and "VT202600031RF43" leaves 7, not
// 1, mod 97. The doc's example is wrong, not the code.
func TestHrev53CreditorReferenceDocExample(t *testing.T) {
	ref, err := ident.CreditorReference("VT/2026/00031")
	require.NoError(t, err)
	assert.Equal(t, "RF37VT202600031", ref, "the example of CreditorReference's doc")
}

// Was failing, fixed: ParseCreditorReference: `ignoring case and spaces ("rf43 VT20 2600
// 031")` — the doc's example is a reference it reads.
// It returns false: RF43 is not the check of VT202600031 (RF37 is), so the
// example is not a creditor reference at all. Doc wrong (same slip as
// CreditorReference's example).
func TestHrev53ParseCreditorReferenceDocExample(t *testing.T) {
	body, ok := ident.ParseCreditorReference("rf37 VT20 2600 031")
	assert.True(t, ok, "the example of ParseCreditorReference's doc")
	assert.Equal(t, "VT202600031", body)
}

// Was failing, fixed: InSEPA / sepaCountries: "Territories that share a country's IBANs
// (the French overseas departments, the Channel Islands) are in with it."
// ParseIBAN accepts IBANs of the French overseas departments under their
// own codes (ibanLengths: GP, MQ, GF, RE, YT, BL, MF, PM as France's
// format), but InSEPA says false for them and SEPAParty refuses them as
// "outside the SEPA scheme", though EPC409 puts these departments in
// SEPA's scope. Code wrong: sepaCountries lacks the codes ibanLengths has.
func TestHrev53InSEPAFrenchOverseasDepartments(t *testing.T) {
	for _, s := range []string{
		"GP7330006000011234567890189", // Guadeloupe
		"MQ1630006000011234567890189", // Martinique
		"RE0730006000011234567890189", // La Réunion
	} {
		iban, err := ident.ParseIBAN(s)
		require.NoError(t, err, "ParseIBAN takes %s", s)
		assert.True(t, ident.InSEPA(iban), "%s: a French overseas department is in SEPA", s)
		_, err = ident.SEPAParty("Dupont SARL", s, false, "", "")
		assert.NoError(t, err, "%s: SEPAParty", s)
	}
}

// Was failing, fixed: package doc / DESIGN §8: "Bad input never panics"; IBAN.Country and
// BIC.Country guard a short value, SIRET.SIREN "returns the company number
// of an establishment".
// SIRET("").SIREN() (the zero value, or any SIRET built by conversion
// shorter than 9 bytes) panics with "slice bounds out of range". Code wrong:
// it should guard the length as Country does.
func TestHrev53SIRETSIRENOfZeroValue(t *testing.T) {
	var s ident.SIRET
	assert.NotPanics(t, func() { _ = s.SIREN() })
	assert.NotPanics(t, func() { _ = ident.SIRET("1234").SIREN() })
}

// Was failing, fixed: ParseVATNumber: "other countries by form only", vatLengths covering
// "the United Kingdom's and Northern Ireland's" numbers.
// The UK's government departments (GD + 3 digits below 500) and health
// authorities (HA + 3 digits from 500) have 5-character VAT numbers
// ("GBGD001", "XIHA599"), which the code refuses: GB/XI allow only 9 to 12.
// Code wrong: these are valid UK VAT numbers of a documented form.
func TestHrev53UKGovernmentVATNumbers(t *testing.T) {
	for _, s := range []string{"GBGD001", "GBHA599", "XIGD123"} {
		_, err := ident.ParseVATNumber(s)
		assert.NoError(t, err, s)
	}
}

// Was failing, fixed: DESIGN §12 bank accounts "validated: ISO 13616"; ParseIBAN checks
// "its country, length and check digits".
// A German IBAN whose BBAN ends in a letter ("DE05 3704 0044 0532 0130
// 0A", check digits correct) is accepted, though the ISO 13616 registry
// gives DE's BBAN as 18n (digits only): no German IBAN can hold a letter.
// Code wrong (or the doc should say the BBAN's form is not checked); a
// mistyped O for 0 with the check digits recomputed by a careless tool
// passes.
func TestHrev53IBANBBANFormNotChecked(t *testing.T) {
	// Changed (the documentation was silent): DESIGN asks for the check
	// digits and the country's length, which the code checks; the
	// country's own layout of the account part is not, and ParseIBAN's
	// doc now says so. The bank refuses such an account; the check digits
	// catch the typing slips a layout check would.
	iban, err := ident.ParseIBAN("DE05 3704 0044 0532 0130 0A")
	assert.NoError(t, err, "the layout of the account part is not checked, as documented")
	assert.Equal(t, ident.IBAN("DE0537040044053201300A"), iban)
}
