package ident_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ident"
)

// Saint-Pierre-et-Miquelon is in the SEPA schemes' scope but outside the
// EEA (an overseas collectivity, not part of the EU): a transfer to an
// account there needs the bank's BIC and the payer's address, as for
// Monaco or Switzerland.
// Was failing, fixed: InEEA("PM98…") is true (PM is in sepaCountries and missing from
// outsideEEA), so SEPAReach accepts the payment without BIC or address
// and WritePain001/RunPayments write a file the banks reject. Expected:
// InEEA false, SEPAReach an error without BIC. Sources: EPC409 (EPC list
// of countries and territories of the SEPA schemes: Saint Pierre and
// Miquelon, non-EEA); Odoo's SEPA documentation ("Non-EEA territories:
// Saint-Pierre-et-Miquelon, Guernsey, Jersey, Isle of Man"); Regulation
// (EU) 2015/847 art. 4 and 5 (payer's address outside the Union).
func TestHrev110SEPAReachSaintPierreEtMiquelon(t *testing.T) {
	pm, err := ident.ParseIBAN("PM9830006000011234567890189")
	require.NoError(t, err)
	require.True(t, ident.InSEPA(pm))
	assert.False(t, ident.InEEA(pm), "Saint-Pierre-et-Miquelon is outside the EEA")
	assert.Error(t, ident.SEPAReach(pm, "", false), "no BIC, no payer's address")
	assert.NoError(t, ident.SEPAReach(pm, "BDSPPMPMXXX", true))
	// Saint-Barthélemy left the Union in 2012 (an overseas country and
	// territory since): outside the EEA as well.
	bl, err := ident.ParseIBAN("BL3330006000011234567890189")
	require.NoError(t, err)
	assert.False(t, ident.InEEA(bl), "Saint-Barthélemy is outside the EEA")
}

// The EEA's own overseas regions (Guadeloupe, Réunion, Martinique,
// French Guiana, Mayotte) and non-EEA members of SEPA, each as SEPAReach
// treats them.
func TestHrev110SEPAReachCountries(t *testing.T) {
	for iban, inEEA := range map[string]bool{
		"GP7330006000011234567890189": true, "RE0730006000011234567890189": true,
		"CH9300762011623852957": false, "GB29NWBK60161331926819": false, "MC5811222000010123456789030": false,
		"SM86U0322509800000000270100": false, "AD1200012030200359100100": false, "VA59001123000012345678": false,
		"GI75NWBK000000007099453": false,
	} {
		ib, err := ident.ParseIBAN(iban)
		require.NoError(t, err, iban)
		if inEEA {
			assert.NoError(t, ident.SEPAReach(ib, "", false), iban)
		} else {
			assert.Error(t, ident.SEPAReach(ib, "", true), "%s without BIC", iban)
			assert.Error(t, ident.SEPAReach(ib, "BANKXXYY", false), "%s without the payer's address", iban)
		}
	}
}
