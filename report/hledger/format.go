package hledger

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
)

// Text escaping. hledger gives a meaning to a few characters in free text:
// ';' ends a description, leading and trailing spaces are trimmed, and in
// comments "date:" and "date2:" tags and bracketed [dates] change a
// posting's date. Write escapes them as %XX (and '%' itself when it is
// followed by two hex digits, so that the escape reverses exactly); Read
// decodes every %XX. Nothing else is escaped: tab and line breaks never
// reach a stored text (journal.CheckText refuses them), and account names
// are digits and partner codes, which hledger reads as they are.

// escapeDescription escapes a transaction description.
func escapeDescription(s string) string { return escape(s, false) }

// escapeComment escapes the text of a comment.
func escapeComment(s string) string { return escape(s, true) }

func escape(s string, comment bool) string {
	// Spaces at either end, a no-break one too: Read trims them off.
	head, tail := 0, len(s)
	if r, n := utf8.DecodeRuneInString(s); unicode.IsSpace(r) {
		head = n
	}
	if r, n := utf8.DecodeLastRuneInString(s); unicode.IsSpace(r) {
		tail = len(s) - n
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i < head || i >= tail:
			b.WriteString(pctByte(c))
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteString("%25")
		case c == ';' && !comment:
			b.WriteString("%3B")
		case (c == '[' || c == ']') && comment:
			b.WriteString(pctByte(c))
		case c == ':' && comment && endsWithTagWord(s[:i]):
			b.WriteString("%3A")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// escapeTagValue escapes a tag's value as a comment's text, and the
// commas in it that a tag would follow (", service: compta"): hledger
// ends a tag's value at a comma, and a word and its colon after it are
// another tag.
func escapeTagValue(s string) string {
	s = escapeComment(s)
	if !strings.Contains(s, ",") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == ',' && startsWithTag(s[i+1:]) {
			b.WriteString("%2C")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// startsWithTag reports whether s, past its leading spaces, begins with a
// word and its colon.
func startsWithTag(s string) bool {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	word, _, ok := strings.Cut(s, ":")
	return ok && word != "" && !strings.ContainsFunc(word, isTagBreak)
}

// endsWithTagWord reports whether s ends, after a space (any), a comma
// or nothing, with the name of a tag that gives a posting a meaning:
// "date" or "date2" (in any case), which hledger reads, or a tag Read
// reads.
func endsWithTagWord(s string) bool {
	w := s[lastTagBreak(s):]
	switch w {
	case "due", "tax", "tax-role", "id", "ref", "type", discountTag, resultTag, currencyTag:
		return true
	default:
		w = strings.ToLower(w)
		return w == "date" || w == "date2"
	}
}

// lastTagBreak is where the last word of s begins: after its last space
// (any) or comma, 0 for none; hledger's tag names are such words.
func lastTagBreak(s string) int {
	i := strings.LastIndexFunc(s, isTagBreak)
	if i < 0 {
		return 0
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return i + n
}

func isTagBreak(r rune) bool { return unicode.IsSpace(r) || r == ',' }

func pctByte(c byte) string {
	const hex = "0123456789ABCDEF"
	return string([]byte{'%', hex[c>>4], hex[c&15]})
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// unescape decodes every %XX of s.
func unescape(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// commodity returns c's hledger symbol: its code, quoted when it holds
// anything but letters (hledger reads digits as part of the quantity).
func commodity(c currency.Currency) string {
	code := c.Code()
	for i := 0; i < len(code); i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return `"` + code + `"`
		}
	}
	return code
}

// amount formats a as hledger reads it unambiguously: a plain decimal
// with a decimal point and all the currency's decimals, no digit groups,
// the commodity after a space.
func amount(a currency.Amount) string { return a.Plain() + " " + commodity(a.Currency()) }

// commodityDirective declares c with its decimals and a decimal point: a
// trailing point for a currency without decimals ("1000. JPY"), so that
// hledger never takes a point for a digit-group mark.
func commodityDirective(c currency.Currency) string {
	sample := "1000."
	if c.Digits() > 0 {
		sample += strings.Repeat("0", c.Digits())
	}
	return "commodity " + sample + " " + commodity(c)
}

// accountType returns the hledger account type of a: A, L, E, R or X,
// from its kind where the kind says it and its PCG class otherwise, "" for
// class 8 (special accounts, which hledger has no type for).
func accountType(a ledger.Account) string {
	switch a.Kind {
	case ledger.KindReceivable, ledger.KindSupplierAdvance, ledger.KindUnrealisedFXAsset, ledger.KindBank,
		ledger.KindCash, ledger.KindOutstandingReceipts, ledger.KindOutstandingPayments:
		return "A"
	case ledger.KindPayable, ledger.KindCustomerAdvance, ledger.KindUnrealisedFXLiability:
		return "L"
	case ledger.KindEquity:
		return "E"
	}
	code := a.Code
	switch code[0] {
	case '1':
		if code[1] <= '4' {
			return "E" // capital, reserves, result, grants, regulated provisions
		}
		return "L" // provisions for risks, borrowings
	case '2', '3', '5':
		return "A"
	case '4':
		for _, p := range []string{"409", "41", "425", "4456", "4458", "467", "476", "486"} {
			if strings.HasPrefix(code, p) && !strings.HasPrefix(code, "419") {
				return "A"
			}
		}
		return "L"
	case '6':
		return "X"
	case '7':
		return "R"
	}
	return ""
}
