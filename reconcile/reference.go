package reconcile

import (
	"errors"
	"fmt"
	"strings"
)

// ErrCreditorReference is returned by CreditorReference for a number that
// cannot be the body of an ISO 11649 creditor reference.
var ErrCreditorReference = errors.New("reconcile: not a creditor reference body: 1 to 21 letters and digits")

// CreditorReferenceMax is the longest body of an ISO 11649 creditor
// reference: 25 characters in all, less "RF" and the two check digits.
const CreditorReferenceMax = 21

// CreditorReference returns the ISO 11649 structured creditor reference
// ("RF" + two check digits + body) of a document number or reference: the
// body is the number with its separators removed, "VT/2026/00031" gives
// "RF43VT202600031". A customer who copies it into a transfer lets
// automatic lettering find the invoice, and the check digits catch a typing
// slip. It returns ErrCreditorReference for an empty body, one longer
// than CreditorReferenceMax, or one with other characters than letters and
// digits.
func CreditorReference(number string) (string, error) {
	body := normalizeRef(number)
	if body == "" || len(body) > CreditorReferenceMax || !alnum(body) {
		return "", fmt.Errorf("%w (%q once separators are removed from %q)", ErrCreditorReference, body, number)
	}
	check := 98 - mod97(body+"RF00")
	return fmt.Sprintf("RF%02d%s", check, body), nil
}

// ParseCreditorReference returns the body of an ISO 11649 creditor
// reference, ignoring case and spaces ("rf43 VT20 2600 031"), and false
// when s is not one or its check digits are wrong (or outside 02–98).
func ParseCreditorReference(s string) (string, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) < 5 || len(s) > 4+CreditorReferenceMax || !strings.HasPrefix(s, "RF") ||
		s[2] < '0' || s[2] > '9' || s[3] < '0' || s[3] > '9' || !alnum(s[4:]) {
		return "", false
	}
	// Check digits run from 02 to 98: 98 − (0..96).
	if check := int(s[2]-'0')*10 + int(s[3]-'0'); check < 2 || check > 98 || mod97(s[4:]+s[:4]) != 1 {
		return "", false
	}
	return s[4:], true
}

// mod97 is the ISO 7064 MOD 97-10 remainder of s, letters counting A=10 to
// Z=35; s holds only upper-case letters and digits.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			v := int(c-'A') + 10
			r = (r*100 + v) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// normalizeRef is how references are compared: upper case, separators and
// spaces removed, so that "vt/2026/00031", "VT-2026-00031" and
// "VT 2026 00031" are one reference.
func normalizeRef(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '/', '-', '.', '_', '\\', '\t', '\u00a0', '\u202f':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// refTokens splits a payment's reference or label into the words that may
// name a document, each normalized, with the whole text normalized as one
// more: "Facture VT/2026/00031 et VT/2026/00032" names two invoices, "VT
// 2026 00031" one. An ISO 11649 reference with good check digits gives its
// body, flagged.
func refTokens(s string, out []refToken) []refToken {
	fields := refFields(s)
	add := func(t string, rf bool) {
		if len(t) < 3 {
			return
		}
		for _, o := range out {
			if o.text == t {
				return
			}
		}
		out = append(out, refToken{text: t, rf: rf})
	}
	for _, f := range fields {
		if body, ok := ParseCreditorReference(f); ok {
			add(body, true)
			continue
		}
		add(normalizeRef(f), false)
	}
	if body, ok := ParseCreditorReference(s); ok {
		add(body, true)
	} else {
		add(normalizeRef(s), false)
	}
	return out
}

// refFields splits a text into words on spaces and punctuation; a comma
// between two digits is a decimal comma ("450,00 EUR" is an amount, not
// the reference "450").
func refFields(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		sep := false
		switch r {
		case ' ', ';', ':', '+', '(', ')', '\t', '\n', '\r', '\u00a0', '\u202f':
			sep = true
		case ',':
			sep = !(i > 0 && isDigit(s[i-1]) && i+1 < len(s) && isDigit(s[i+1]))
		}
		switch {
		case sep && start >= 0:
			out = append(out, s[start:i])
			start = -1
		case !sep && start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// refToken is one normalized word of a payment's text.
type refToken struct {
	text string
	rf   bool // read from a valid ISO 11649 creditor reference
}
