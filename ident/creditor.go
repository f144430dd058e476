package ident

import (
	"errors"
	"fmt"
	"strings"
)

// ErrCreditorReference is returned by CreditorReference for a number that
// cannot be the body of an ISO 11649 creditor reference.
var ErrCreditorReference = errors.New("ident: not a creditor reference body: 1 to 21 letters and digits")

// CreditorReferenceMax is the longest body of an ISO 11649 creditor
// reference: 25 characters in all, less "RF" and the two check digits.
const CreditorReferenceMax = 21

// CreditorReference returns the ISO 11649 structured creditor reference
// ("RF" + two check digits + body) of a document number or reference: the
// body is the number with its separators removed, "VT/2026/00031" gives
// "RF37VT202600031". A customer who copies it into a transfer lets the
// bank statement name the invoice, and the check digits catch a typing
// slip. It returns ErrCreditorReference for an empty body, one longer than
// CreditorReferenceMax, or one with other characters than letters and
// digits.
func CreditorReference(number string) (string, error) {
	body := referenceBody(number)
	if body == "" || len(body) > CreditorReferenceMax || !alnum(body) {
		return "", fmt.Errorf("%w (%q once separators are removed from %q)", ErrCreditorReference, body, number)
	}
	return fmt.Sprintf("RF%02d%s", 98-mod97(body+"RF00"), body), nil
}

// ParseCreditorReference returns the body of an ISO 11649 creditor
// reference, ignoring case and spaces ("rf37 VT20 2600 031"), and false
// when s is not one or its check digits are wrong (or outside 02–98).
func ParseCreditorReference(s string) (string, bool) {
	s = compact(s)
	if len(s) < 5 || len(s) > 4+CreditorReferenceMax || !strings.HasPrefix(s, "RF") ||
		!isDigit(s[2]) || !isDigit(s[3]) || !alnum(s[4:]) {
		return "", false
	}
	if check := int(s[2]-'0')*10 + int(s[3]-'0'); check < 2 || check > 98 || mod97(s[4:]+s[:4]) != 1 {
		return "", false
	}
	return s[4:], true
}

// referenceBody upper-cases the ASCII letters of a number and removes its
// separators and spaces.
func referenceBody(s string) string {
	var b strings.Builder
	for _, r := range compact(s) {
		switch r {
		case '/', '.', '_', '\\':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
