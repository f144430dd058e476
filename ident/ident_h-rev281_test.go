package ident_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ident"
)

// TestRev281BICPrimary pins the canonical form: XXX is the primary
// office, the same institution as the 8-character BIC; another branch is
// another office.
func TestRev281BICPrimary(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b    string
		primary string
		same    bool
	}{
		{"BNPAFRPP", "BNPAFRPPXXX", "BNPAFRPP", true},
		{"bnpa fr pp xxx", "BNPAFRPP", "BNPAFRPP", true},
		{"BNPAFRPPPAC", "BNPAFRPP", "BNPAFRPPPAC", false},
		{"COBADEFFXXX", "COBADEFF", "COBADEFF", true},
		{"COBADEFF", "DEUTDEFF", "COBADEFF", false},
	} {
		a, err := ident.ParseBIC(c.a)
		require.NoError(t, err)
		b, err := ident.ParseBIC(c.b)
		require.NoError(t, err)
		require.Equal(t, ident.BIC(c.primary), a.Primary(), c.a)
		require.Equal(t, c.same, a.Same(b), c.a+" "+c.b)
		require.Equal(t, c.same, b.Same(a), c.b+" "+c.a)
	}
	bic, err := ident.ParseBIC("BNPAFRPPXXX")
	require.NoError(t, err)
	require.Equal(t, ident.BIC("BNPAFRPPXXX"), bic, "parsing keeps the form given")
}

// TestRev281CreditorIDOutsideSEPA: a creditor identifier of a country
// outside the SEPA schemes is refused, with correct check digits; those
// of SEPA countries outside the EEA are not.
func TestRev281CreditorIDOutsideSEPA(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		id string
		ok bool
	}{
		{"FR72ZZZ123456", true},
		{"DE98ZZZ09999999999", true},
		{"CH" + "51ZZZ12345678901", true},
		{"US31ZZZ123456", false}, // check digits right: refused for its country alone
		{"CA53ZZZ123456", false},
		{"PF18ZZZ123456", false}, // French Polynesia: not SEPA
	} {
		_, err := ident.ParseCreditorID(c.id)
		if c.ok {
			require.NoError(t, err, c.id)
			continue
		}
		require.ErrorIs(t, err, ident.ErrCreditorID, c.id)
		require.ErrorContains(t, err, "not a country of the SEPA schemes", c.id)
	}
}
