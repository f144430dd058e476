package ident_test

import (
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Check digits computed by hand: ISO 7064 MOD 97-10 over national id +
// country + "00", the business code left out.
//
//	"123456FR00"   -> 98 - (1234561527 00 mod 97) = 72
//	"ABC123FR00"   -> 22
//	"000000FR00"   -> 76
//	"1234567IT00"  -> 08
func TestHrev205CreditorIDHandComputed(t *testing.T) {
	for in, want := range map[string]ident.CreditorID{
		"FR72ZZZ123456":          "FR72ZZZ123456",
		"FR22ZZZABC123":          "FR22ZZZABC123",
		"FR76ZZZ000000":          "FR76ZZZ000000",
		"IT08ZZZ1234567":         "IT08ZZZ1234567",
		"FR72 123 123456":        "FR72123123456", // a numeric business code
		"  fr72zzz123456\t":      "FR72ZZZ123456",
		"DE98ZZZ09999999999":     "DE98ZZZ09999999999",
		"de98 zzz 0999 9999 999": "DE98ZZZ09999999999",
	} {
		got, err := ident.ParseCreditorID(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
}

func TestHrev205CreditorIDRefused(t *testing.T) {
	for _, in := range []string{
		"FR72123456ZZZ", // the business code in the national id's place
		"ZZZFR72123456", // business code first
		"FR22ZZZ123456", // another's check digits
		"FR0ZZZ123456",  // one check digit
		"FR72ZZZ1234567",
		"FR72ZZ123456",
		"FR72ZZZ12345!",
		"FR72ZZZ",
	} {
		_, err := ident.ParseCreditorID(in)
		assert.ErrorIs(t, err, ident.ErrCreditorID, in)
	}
	_, err := ident.ParseCreditorID("FR00ZZZABC123")
	assert.ErrorContains(t, err, "22 expected")
}

func TestHrev205MandateReferenceEdges(t *testing.T) {
	for _, ok := range []string{"RUM:2026?1", "a.b,c'd", "RUM/2026/1", "0"} {
		got, err := ident.ParseMandateReference(ok)
		require.NoError(t, err, ok)
		assert.Equal(t, ok, got)
	}
	for _, bad := range []string{"/", "//", "RUM\t1", "RUM\n", " RUM", "RUM ", "RUM€", "RUM*1", "RUM#1", "RUM;1", "RUM\"1"} {
		_, err := ident.ParseMandateReference(bad)
		assert.ErrorIs(t, err, ident.ErrMandateReference, bad)
	}
}
