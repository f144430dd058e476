package ident_test

import (
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A French RIB is the account part of French, Monegasque and French
// overseas IBANs, not of other 27-character ones (Italy's).
func TestHasFrenchRIB(t *testing.T) {
	for s, want := range map[string]bool{
		"FR7630006000011234567890189": true,
		"MC5811222000010123456789030": true,
		"IT60X0542811101000000123456": false,
		"DE89370400440532013000":      false,
		"GB82WEST12345698765432":      false,
	} {
		iban, err := ident.ParseIBAN(s)
		require.NoError(t, err, s)
		assert.Equal(t, want, iban.HasFrenchRIB(), s)
	}
	assert.False(t, ident.IBAN("").HasFrenchRIB())
}
