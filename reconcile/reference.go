package reconcile

import (
	"strings"

	"github.com/lettrage/lettrage/ident"
)

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
		if body, ok := ident.ParseCreditorReference(f); ok {
			add(body, true)
			continue
		}
		add(normalizeRef(f), false)
	}
	if body, ok := ident.ParseCreditorReference(s); ok {
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
