package ident_test

import (
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/stretchr/testify/require"
)

// ISO 13616 check digits run from 02 to 98: "FR02…" is the IBAN of this
// BBAN, and "FR99…", which passes mod 97 too, is not an IBAN. (The BBAN
// has a letter in its account number and its right RIB key: a French
// account of digits only always gives FR76.)
func TestReviewIBANCheckDigits99(t *testing.T) {
	_, err := ident.ParseIBAN("FR02 3000 6000 1000 0000 0083 A46")
	require.NoError(t, err)
	_, err = ident.ParseIBAN("FR99 3000 6000 1000 0000 0083 A46")
	require.ErrorIs(t, err, ident.ErrIBAN, "check digits 99 are outside 02-98")
}

// An IBAN is ASCII letters and digits: U+017F (long s) is not an "S".
func TestReviewIBANNonASCII(t *testing.T) {
	_, err := ident.ParseIBAN("GB82 WEST 1234 5698 7654 32")
	require.NoError(t, err)
	_, err = ident.ParseIBAN("GB82 WE\u017fT 1234 5698 7654 32")
	require.ErrorIs(t, err, ident.ErrIBAN)
}

// A SIRET is a SIREN and an establishment number: 303265046 fails the
// SIREN's Luhn check, so no SIRET starts with it (La Poste aside).
func TestReviewSIRETOfInvalidSIREN(t *testing.T) {
	_, err := ident.ParseSIREN("303265046")
	require.ErrorIs(t, err, ident.ErrSIREN)
	_, err = ident.ParseSIRET("30326504600001") // passes the 14-digit Luhn check
	require.ErrorIs(t, err, ident.ErrSIRET)
}

// Monaco's companies have French VAT numbers: FR + key + 000 + a 6-digit
// number, the key computed as for a SIREN (python-stdnum's fr.tva).
func TestReviewMonacoVATNumber(t *testing.T) {
	_, err := ident.ParseVATNumber("FR53000004605")
	require.NoError(t, err)
}

// New-style French VAT keys are two characters of an alphabet without I
// and O, with their own check (python-stdnum fr.tva: "IO334175221" is
// refused, "K7399859412" accepted).
func TestReviewFrenchVATLetterKey(t *testing.T) {
	_, err := ident.ParseVATNumber("FRK7399859412")
	require.NoError(t, err)
	_, err = ident.ParseVATNumber("FRIO334175221")
	require.ErrorIs(t, err, ident.ErrVAT, "I and O are not key letters")
	_, err = ident.ParseVATNumber("FRXX303265045")
	require.ErrorIs(t, err, ident.ErrVAT, "XX is not the key of 303265045")
}
