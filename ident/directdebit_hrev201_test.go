package ident_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHrev201CreditorIDValid(t *testing.T) {
	for in, want := range map[string]ident.CreditorID{
		"FR72ZZZ123456":      "FR72ZZZ123456",      // the French example
		"fr72 zzz 123456":    "FR72ZZZ123456",      // as written on paper
		"FR72ABC123456":      "FR72ABC123456",      // the business code is left out of the check
		"DE98ZZZ09999999999": "DE98ZZZ09999999999", // the Bundesbank's test identifier
	} {
		got, err := ident.ParseCreditorID(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
		assert.Equal(t, string(want[:2]), got.Country())
	}
}

func TestHrev201CreditorIDInvalid(t *testing.T) {
	for _, in := range []string{
		"",
		"FR73ZZZ123456",                     // wrong check digits
		"FR72ZZZ123457",                     // a digit changed
		"DE97ZZZ09999999999",                // wrong check digits
		"FR72ZZZ12345",                      // a French national id of 5
		"XX72ZZZ123456",                     // no country
		"FRAAZZZ123456",                     // no check digits
		"FR72ZZZ12345é",                     // not alphanumeric
		"DE98ZZZ" + strings.Repeat("9", 29), // over 35
	} {
		_, err := ident.ParseCreditorID(in)
		assert.ErrorIs(t, err, ident.ErrCreditorID, in)
	}
	_, err := ident.ParseCreditorID("FR73ZZZ123456")
	assert.ErrorContains(t, err, "72 expected")
}

func TestHrev201MandateReference(t *testing.T) {
	for _, ok := range []string{"RUM-2026-0001", "A", strings.Repeat("X", 35), "c1/2026(a)+b"} {
		got, err := ident.ParseMandateReference(ok)
		require.NoError(t, err, ok)
		assert.Equal(t, ok, got)
	}
	for _, bad := range []string{"", strings.Repeat("X", 36), "RUM 1", "RUMé", "/RUM", "RUM/", "R//M", "RUM_1", "RUM&1"} {
		_, err := ident.ParseMandateReference(bad)
		assert.ErrorIs(t, err, ident.ErrMandateReference, bad)
	}
}
