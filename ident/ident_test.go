package ident_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/stretchr/testify/require"
)

func TestIBAN(t *testing.T) {
	for _, good := range []string{
		"FR76 3000 6000 0112 3456 7890 189", "fr7630006000011234567890189", "DE89 3704 0044 0532 0130 00",
		"GB82 WEST 1234 5698 7654 32", "BE68 5390 0754 7034", "NL91 ABNA 0417 1643 00", "CH93 0076 2011 6238 5295 7",
		"MC58 1122 2000 0101 2345 6789 030", "NO93 8601 1117 947",
	} {
		i, err := ident.ParseIBAN(good)
		require.NoError(t, err, good)
		require.Equal(t, strings.ToUpper(strings.ReplaceAll(good, " ", "")), string(i))
		again, err := ident.ParseIBAN(i.Paper())
		require.NoError(t, err)
		require.Equal(t, i, again)
	}
	for bad, why := range map[string]string{
		"":                                  "too short",
		"FR7":                               "too short",
		"ZZ76 3000 6000 0112 3456 7890 189": "no IBAN country",
		"FR76 3000 6000 0112 3456 7890 18":  "has 26 characters",
		"FR77 3000 6000 0112 3456 7890 189": "wrong check digits",
		"FR76 3000 6000 0112 3456 7890 198": "wrong check digits",
		"FRAB 3000 6000 0112 3456 7890 189": "two check digits",
		"FR76 3000 6000 0112 3456 7890 1*9": "letters and digits",
	} {
		_, err := ident.ParseIBAN(bad)
		require.ErrorIs(t, err, ident.ErrIBAN, bad)
		require.Contains(t, err.Error(), why, bad)
	}
	i, _ := ident.ParseIBAN("FR7630006000011234567890189")
	require.Equal(t, "FR", i.Country())
	require.Equal(t, "FR76 3000 6000 0112 3456 7890 189", i.Paper())
}

func TestBIC(t *testing.T) {
	for _, good := range []string{"BNPAFRPP", "bnpafrppxxx", "DEUT DE FF", "AGRIFRPP882"} {
		_, err := ident.ParseBIC(good)
		require.NoError(t, err, good)
	}
	// ISO 9362:2014 lets the party prefix hold digits.
	_, err := ident.ParseBIC("BNP1FRPP")
	require.NoError(t, err)
	for _, bad := range []string{"", "BNPAFRP", "BNPAFRPPXX", "BNP*FRPP", "BNPAZZPP", "BNPAFRP*", "BNPAFRPPXXXX", "BNPA1RPP"} {
		_, err := ident.ParseBIC(bad)
		require.ErrorIs(t, err, ident.ErrBIC, bad)
	}
	b, _ := ident.ParseBIC("bnpafrpp")
	require.Equal(t, "FR", b.Country())
}

func TestFrenchCompanyNumbers(t *testing.T) {
	s, err := ident.ParseSIREN("303 265 045")
	require.NoError(t, err)
	require.Equal(t, ident.VATNumber("FR40303265045"), ident.FrenchVATNumber(s))
	for _, bad := range []string{"303265046", "30326504", "3032650455", "30326504A", ""} {
		_, err := ident.ParseSIREN(bad)
		require.ErrorIs(t, err, ident.ErrSIREN, bad)
	}
	// A SIRET: the SIREN and an establishment number with a Luhn check.
	siret := ""
	for n := 0; n < 100; n++ {
		c := fmt.Sprintf("30326504500%03d", n)
		if _, err := ident.ParseSIRET(c); err == nil {
			siret = c
			break
		}
	}
	require.NotEmpty(t, siret)
	got, _ := ident.ParseSIRET(siret)
	require.Equal(t, s, got.SIREN())
	// La Poste: digit sum a multiple of five.
	_, err = ident.ParseSIRET("35600000000048")
	require.NoError(t, err)
	for _, bad := range []string{"30326504500010", "3032650450001", ""} {
		if bad == siret {
			continue
		}
		_, err := ident.ParseSIRET(bad)
		require.ErrorIs(t, err, ident.ErrSIRET, bad)
	}

	for _, good := range []string{"FR 40 303 265 045", "DE123456789", "BE0123456789", "ESX1234567X", "FRK7399859412", "FR53000004605"} {
		_, err := ident.ParseVATNumber(good)
		require.NoError(t, err, good)
	}
	for bad, why := range map[string]string{
		"FR41303265045": "wrong key", "FR40303265046": "SIREN", "US123456789": "no VAT country",
		"DE12345678": "DE numbers are 9 digits", "FR": "too short", "DE12345678*": "DE numbers are 9 digits",
	} {
		_, err := ident.ParseVATNumber(bad)
		require.ErrorIs(t, err, ident.ErrVAT, bad)
		require.Contains(t, err.Error(), why, bad)
	}
}

func ExampleParseIBAN() {
	i, err := ident.ParseIBAN("fr76 3000 6000 0112 3456 7890 189")
	fmt.Println(i, i.Paper(), err)
	_, err = ident.ParseIBAN("FR76 3000 6000 0112 3456 7890 198")
	fmt.Println(err)
	// Output:
	// FR7630006000011234567890189 FR76 3000 6000 0112 3456 7890 189 <nil>
	// ident: invalid IBAN: "FR76 3000 6000 0112 3456 7890 198": wrong check digits
}

func FuzzParseIBAN(f *testing.F) {
	f.Add("FR76 3000 6000 0112 3456 7890 189")
	f.Add("GB82WEST12345698765432")
	f.Add("ZZ")
	f.Fuzz(func(t *testing.T, s string) {
		i, err := ident.ParseIBAN(s)
		if err != nil {
			require.ErrorIs(t, err, ident.ErrIBAN)
			return
		}
		again, err := ident.ParseIBAN(i.Paper())
		require.NoError(t, err)
		require.Equal(t, i, again)
		_, _ = ident.ParseBIC(s)
		_, _ = ident.ParseVATNumber(s)
		_, _ = ident.ParseSIRET(s)
	})
}

func TestIBANOfRIB(t *testing.T) {
	i, err := ident.IBANOfRIB("30006", "00001", "12345678901")
	require.NoError(t, err)
	require.Equal(t, ident.IBAN("FR7630006000011234567890189"), i)
	for _, bad := range [][3]string{{"3000", "00001", "12345678901"}, {"30006", "0000A", "12345678901"}, {"30006", "00001", "1234567890*"}} {
		_, err := ident.IBANOfRIB(bad[0], bad[1], bad[2])
		require.ErrorIs(t, err, ident.ErrIBAN)
	}
}

func TestInEEA(t *testing.T) {
	for iban, want := range map[ident.IBAN]bool{
		"FR7630006000011234567890189": true, "DE89370400440532013000": true, "NO9386011117947": true,
		"CH9300762011623852957": false, "GB29NWBK60161331926819": false, "MC5811222000010123456789030": false,
		"US12345678901234567890": false,
	} {
		if got := ident.InEEA(iban); got != want {
			t.Errorf("InEEA(%s) = %v, want %v", iban, got, want)
		}
	}
}
