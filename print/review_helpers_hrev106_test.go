package print_test

import (
	"regexp"
	"strings"
)

// regexpAll returns the matches in got of pattern, a row whose amounts
// are written as Amount.French writes them (narrow no-break spaces, which
// text reads back as spaces).
func regexpAll(pattern, got string) []string {
	pattern = strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(pattern)
	return regexp.MustCompile(pattern).FindAllString(got, -1)
}
