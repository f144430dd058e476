package ident

import (
	"errors"
	"fmt"
	"strings"
)

// ErrBIC is returned for a string that is not a BIC: 8 or 11 characters,
// four letters or digits for the party (ISO 9362:2014), a country, two
// letters or digits for the location, and optionally three for the
// branch.
var ErrBIC = errors.New("ident: invalid BIC")

// BIC is a Business Identifier Code (ISO 9362), upper case: "BNPAFRPP"
// or "BNPAFRPPXXX".
type BIC string

// ParseBIC reads a BIC in any case, spaces ignored, and checks its form
// and country (ISO 3166-1). It returns ErrBIC, saying which part is wrong.
func ParseBIC(s string) (BIC, error) {
	c := compact(s)
	switch {
	case len(c) != 8 && len(c) != 11:
		return "", fmt.Errorf("%w: %q has %d characters, a BIC has 8 or 11", ErrBIC, s, len(c))
	case !alnum(c[:4]):
		return "", fmt.Errorf("%w: %q: the party prefix is four letters or digits", ErrBIC, s)
	case !isCountry(c[4:6]):
		return "", fmt.Errorf("%w: %q: no country %q", ErrBIC, s, c[4:6])
	case !alnum(c[6:]):
		return "", fmt.Errorf("%w: %q: location and branch are letters and digits", ErrBIC, s)
	}
	return BIC(c), nil
}

// Primary returns the BIC of the institution's primary office in its
// 8-character form: "BNPAFRPPXXX" and "BNPAFRPP" are both "BNPAFRPP" ("XXX"
// is the primary office's branch code); a BIC of another branch
// ("BNPAFRPPPAC") is itself. Compare BICs by it; write the one given.
func (b BIC) Primary() BIC {
	if len(b) == 11 && b[8:] == "XXX" {
		return b[:8]
	}
	return b
}

// Same reports whether b and o name the same office: equal once in their
// 8-character form (Primary).
func (b BIC) Same(o BIC) bool { return b.Primary() == o.Primary() }

// Country returns the BIC's country code ("FR").
func (b BIC) Country() string {
	if len(b) < 6 {
		return ""
	}
	return string(b[4:6])
}

// countries are the ISO 3166-1 alpha-2 codes, and XK (Kosovo) which banks
// use.
const countries = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
	"MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
	"UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW"

func isCountry(c string) bool {
	return len(c) == 2 && isLetter(c[0]) && isLetter(c[1]) && strings.Contains(countries, c)
}

// IsCountry reports whether c is an ISO 3166-1 alpha-2 country code in
// upper case ("FR").
func IsCountry(c string) bool { return isCountry(c) }
