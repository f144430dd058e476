package ident_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ident"
)

// Pins: a creditor identifier (ICS) of the SEPA countries outside the EU
// that the EPC list of SEPA scheme countries (EPC409-09) includes —
// Monaco, San Marino, Andorra, Vatican, the United Kingdom, Switzerland —
// and of Saint-Pierre-et-Miquelon (a French territory of the schemes) is
// accepted, in lower case with spaces too; the United States' is refused.
func TestHrev284CreditorIDSEPACountries(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"MC54ZZZ123456", "sm67 zzz 123456", "AD62ZZZ123456", "VA76ZZZ123456",
		"GB14ZZZ123456", "CH32ZZZ123456", "PM94ZZZ123456"} {
		_, err := ident.ParseCreditorID(s)
		require.NoError(t, err, s)
	}
	_, err := ident.ParseCreditorID("US31ZZZ123456")
	require.ErrorIs(t, err, ident.ErrCreditorID)
}

// Pins: BICs read in lower case with spaces compare by their primary
// office: "bnpa fr pp xxx" is BNPAFRPP's, a branch (PAC) is not.
func TestHrev284BICPrimaryParsed(t *testing.T) {
	t.Parallel()
	a, err := ident.ParseBIC("bnpa fr pp xxx")
	require.NoError(t, err)
	b, err := ident.ParseBIC("BNPAFRPP")
	require.NoError(t, err)
	c, err := ident.ParseBIC("bnpafrpppac")
	require.NoError(t, err)
	require.Equal(t, ident.BIC("BNPAFRPPXXX"), a, "written as given")
	require.Equal(t, ident.BIC("BNPAFRPP"), a.Primary())
	require.True(t, a.Same(b))
	require.False(t, c.Same(b))
	require.Equal(t, c, c.Primary())
}
