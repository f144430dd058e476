package reconcile

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// normalizeRef is how references are compared: upper case, separators and
// spaces removed, so that "vt/2026/00031", "VT-2026-00031", "VT–2026–00031"
// and "VT 2026 00031" are one reference.
func normalizeRef(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return normalizeRefText(s)
		}
	}
	// ASCII, as most references are: the same, a byte at a time (the
	// rune-by-rune path was a tenth of auto-lettering's proposing), and s
	// itself when it has nothing to change.
	if asciiRefNormal(s) {
		return s
	}
	return string(appendNormalASCII(make([]byte, 0, len(s)), s))
}

// asciiRefNormal reports whether the ASCII text s is its own normal form:
// no separator, no lower-case letter.
func asciiRefNormal(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; isASCIIRefSeparator(c) || 'a' <= c && c <= 'z' {
			return false
		}
	}
	return true
}

// appendNormalASCII appends normalizeRef of the ASCII text s to b.
func appendNormalASCII(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isASCIIRefSeparator(c) {
			continue
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// refReading is the room appendRefTokens reads texts in, kept by a caller
// that reads many.
type refReading struct {
	fields []string
	normal []byte
	// known, when set, returns the string a caller already holds of a
	// key (one of its index's): a word naming a document then makes no
	// string of its own.
	known func(key []byte) (string, bool)
}

// key is refKey, the normal form of an ASCII text that changes written in
// r's room and taken from known when known has it.
func (r *refReading) key(s string) (string, bool) {
	if r == nil || r.known == nil {
		return refKey(s)
	}
	k := s
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return refKey(s)
		}
	}
	if !asciiRefNormal(s) {
		r.normal = appendNormalASCII(r.normal[:0], s)
		var ok bool
		if k, ok = r.known(r.normal); !ok {
			k = string(r.normal)
		}
	}
	if body, ok := ident.ParseCreditorReference(k); ok {
		return body, true
	}
	return k, false
}

// normalizesToCreditorHead reports whether normalizeRef(w) is the head of
// a creditor reference printed in groups ("RF18"), reading an ASCII w in
// place: true for any other text, which the caller normalizes to tell.
func normalizesToCreditorHead(w string) bool {
	var h [4]byte
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return true
		}
		if isASCIIRefSeparator(c) {
			continue
		}
		if n == len(h) {
			return false // longer than a head
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		h[n] = c
		n++
	}
	return n == len(h) && h[0] == 'R' && h[1] == 'F' && isDigit(h[2]) && isDigit(h[3])
}

// isASCIIRefSeparator is isRefSeparator of an ASCII byte.
func isASCIIRefSeparator(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r', '/', '.', '_', '\\', '-':
		return true
	}
	return false
}

// normalizeRefText is normalizeRef of any text.
func normalizeRefText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToUpper(s) {
		if isRefSeparator(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isRefSeparator reports whether r separates the parts of one reference:
// any space, '/', '.', '_', '\\' and every dash. Word processors and bank
// portals turn hyphens into en or em dashes and slashes into look-alikes;
// the reference is the same.
func isRefSeparator(r rune) bool {
	switch r {
	case '/', '.', '_', '\\', '\u00ad', '\u2212', '\u2044', '\u2215', '\uff0f':
		// soft hyphen, minus sign, fraction and division slashes,
		// full-width solidus
		return true
	}
	return unicode.IsSpace(r) || unicode.In(r, unicode.Zs, unicode.Pd)
}

// refKey is the key a reference is compared by: normalizeRef, and for a
// valid ISO 11649 creditor reference its body, flagged. A document whose
// reference is an RF and a payment quoting it, or quoting the document's
// number as an RF, meet on one key. A creditor reference with wrong check
// digits stays as written and names nothing.
func refKey(s string) (string, bool) {
	k := normalizeRef(s)
	if body, ok := ident.ParseCreditorReference(k); ok {
		return body, true
	}
	return k, false
}

// refTokens splits a payment's reference or label into the words that may
// name a document, each keyed by refKey, with the whole text as one more:
// "Facture VT/2026/00031 et VT/2026/00032" names two invoices, "VT 2026
// 00031" one, and so does "REGLEMENT VT 2026 00031" (a short prefix and its
// groups of digits, joined). A word glued to a sign ("n°VT/2026/00031",
// "#VT/2026/00031") also gives its parts, and references joined by a
// slash ("FA-2026-0042/FA-2026-0043") each. An ISO 11649 reference with good check digits
// gives its body, flagged, whether it is written in one word or printed in
// groups of four inside a longer text ("VIR RF18 5390 0754 7034 CLIENT").
func refTokens(s string, out []refToken) []refToken {
	return appendRefTokens(s, out, nil)
}

// appendRefTokens is refTokens reading in r's room (nil: none), for a
// caller reading many texts.
func appendRefTokens(s string, out []refToken, r *refReading) []refToken {
	add := func(t string, rf, digits bool) {
		if len(t) < 3 {
			return
		}
		for i, o := range out {
			if o.text == t {
				out[i].digits = o.digits || digits
				return
			}
		}
		out = append(out, refToken{text: t, rf: rf, digits: digits})
	}
	word := func(w string) {
		k, rf := r.key(w)
		add(k, rf, !rf && byDigits(w, k))
	}
	var fields []string
	if r != nil {
		r.fields = appendRefFields(s, r.fields[:0])
		fields = r.fields
	} else {
		fields = refFields(s)
	}
	whole := len(fields) == 1 && fields[0] == s // one word: it is the whole text
	for i := 0; i < len(fields); i++ {
		if bodies, n := groupedCreditorReference(fields[i:]); n > 0 {
			for _, body := range bodies {
				add(body, true, false)
			}
			i += n - 1 // its groups are parts of it, not references
			continue
		}
		word(fields[i])
		for _, p := range refParts(fields[i]) {
			word(p) // the word itself when it has no sign: add keeps one
		}
	}
	if !whole {
		k, rf := r.key(s)
		add(k, rf, false)
	}
	// Then the references written in pieces, after the words as written
	// so that a word keeps its own reading. A text printing a creditor
	// reference in groups ("RF45 VT20 2600 002") joins none: its groups
	// are the reference's, good or bad, not a number's.
	grouped := slices.ContainsFunc(fields, isCreditorReferenceHead)
	for i := 0; i < len(fields); i++ {
		for _, p := range slashedRefs(fields[i]) {
			word(p)
		}
		if grouped || i+1 == len(fields) || !isNumberGroup(fields[i+1]) {
			continue // a join needs a group of digits next
		}
		head := spacedRefHead(fields, i)
		for j := i + 2; j <= spacedRefEnd(fields, i); j++ {
			// Each length: "VT2026 00031 15 03 2026" is VT2026 00031
			// followed by a date.
			word(head + " " + strings.Join(fields[i+1:j], " "))
		}
	}
	return out
}

// spacedRefHead is the start of a number written with spaces at
// fields[i]: the field, or what follows its sign ("N°VT" is VT).
func spacedRefHead(fields []string, i int) string {
	if parts := refParts(fields[i]); len(parts) > 0 {
		return parts[len(parts)-1]
	}
	return fields[i]
}

// isCreditorReferenceHead reports whether a word is the head of an ISO
// 11649 creditor reference printed in groups: "RF" and two check digits.
func isCreditorReferenceHead(w string) bool {
	if len(w) < 4 || w[0]|0x20 != 'r' || w[1]|0x20 != 'f' {
		return false // most words, read without normalizing
	}
	h := normalizeRef(w)
	return len(h) == 4 && strings.HasPrefix(h, "RF") && isDigit(h[2]) && isDigit(h[3])
}

// slashedRefs returns the references a word joins with slashes when each
// is one ("FA-2026-0042/FA-2026-0043": both hold letters and digits); none
// for a number whose parts are separated by slashes ("VT/2026/00031").
func slashedRefs(w string) []string {
	if strings.IndexByte(w, '/') < 0 {
		return nil // most words: no allocation
	}
	for rest := w; ; {
		p, after, more := strings.Cut(rest, "/")
		if !strings.ContainsFunc(p, unicode.IsLetter) || !strings.ContainsFunc(p, unicode.IsDigit) {
			return nil // "VT/2026/00031": one number, checked without allocating
		}
		if !more {
			break
		}
		rest = after
	}
	return strings.Split(w, "/")
}

// spacedRefEnd returns the end of a number written with spaces that starts
// at fields[i] — a short prefix of letters ("VT", "FA", "N°VT"), a word
// with digits ("VT2026"), or digits after a word that announces a number
// ("FACTURE N° 2026 00031"), then one to three groups of digits or a
// two-year label: "REGLEMENT VT 2026 00031" names VT/2026/00031, "VT
// 2025-2026 00002" and "VT 2025 2026 00002" VT/2025-2026/00002 —; i+1
// when none starts there. Each shorter run is read too.
func spacedRefEnd(fields []string, i int) int {
	head := spacedRefHead(fields, i)
	allLetters := !strings.ContainsFunc(head, func(r rune) bool { return !unicode.IsLetter(r) })
	switch {
	case isDigits(head) && i > 0 && numberMarkers[strings.ToUpper(strings.TrimFunc(fields[i-1], func(r rune) bool {
		return !unicode.IsLetter(r)
	}))]:
		// Digits after "N°", "FACTURE", "FACT.": "FACTURE N° 2026 00031".
	case !strings.ContainsFunc(head, unicode.IsLetter) || !(allLetters && len(head) <= 4) && !strings.ContainsFunc(head, unicode.IsDigit):
		return i + 1
	}
	j := i + 1
	for j < len(fields) && j-i <= 3 && isNumberGroup(fields[j]) {
		j++
	}
	return j
}

// isNumberGroup reports whether a word is a group of a number written
// with spaces: digits, or a fiscal year's label of two years ("2025-2026",
// the year of a July–June company's numbers).
func isNumberGroup(w string) bool {
	if isDigits(w) {
		return true
	}
	a, b, ok := strings.Cut(w, "-")
	return ok && len(a) == 4 && len(b) == 4 && isDigits(a) && isDigits(b)
}

// numberMarkers are the words that announce a document's number in a
// payer's text, read without their signs ("N°", "FACT.").
var numberMarkers = map[string]bool{"N": true, "NO": true, "NUM": true, "NUMERO": true, "FACT": true, "FACTURE": true,
	"FAC": true, "FA": true, "REF": true, "REFERENCE": true}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// groupedCreditorReference reads an ISO 11649 creditor reference printed
// in groups of four characters at the start of words ("RF18", "5390",
// "0754", "7034"): the groups follow "RF" and its check digits, each of
// four characters but the last. It returns the body of every run of groups
// with good check digits, the longest first, and the number of words the
// longest spans; 0 when the words do not start one or no run checks. The
// words after a reference may be short too ("RF18 5390 0754 7034 19
// MARS"), and one run in 97 checks by chance: each body is tried, and
// only one that names a document counts.
func groupedCreditorReference(words []string) ([]string, int) {
	if !normalizesToCreditorHead(words[0]) {
		return nil, 0 // most words: told without making their normal form
	}
	head := normalizeRef(words[0])
	if len(head) != 4 || !strings.HasPrefix(head, "RF") || !isDigit(head[2]) || !isDigit(head[3]) {
		return nil, 0
	}
	ref := []string{head}
	for _, w := range words[1:] {
		g := normalizeRef(w)
		if g == "" || len(g) > 4 || len(strings.Join(ref, ""))+len(g) > 4+ident.CreditorReferenceMax {
			break
		}
		ref = append(ref, g)
		if len(g) < 4 {
			break
		}
	}
	var bodies []string
	span := 0
	for n := len(ref); n > 1; n-- {
		if body, ok := ident.ParseCreditorReference(strings.Join(ref[:n], "")); ok {
			bodies = append(bodies, body)
			span = max(span, n)
		}
	}
	return bodies, span
}

// refFields splits a text into words on spaces and punctuation; a comma
// between two digits is a decimal comma ("450,00 EUR" is an amount, not
// the reference "450").
func refFields(s string) []string { return appendRefFields(s, nil) }

// appendRefFields appends the words of refFields to out.
func appendRefFields(s string, out []string) []string {
	start := -1
	for i, r := range s {
		sep := false
		switch r {
		case ';', ':', '+', '(', ')':
			sep = true
		case ',':
			sep = !(i > 0 && isDigit(s[i-1]) && i+1 < len(s) && isDigit(s[i+1]))
		case ' ', '\t', '\n', '\v', '\f', '\r':
			sep = true
		default:
			// An ASCII letter, digit or sign is no space: the tables are
			// for the rest.
			sep = r >= utf8.RuneSelf && (unicode.IsSpace(r) || unicode.Is(unicode.Zs, r))
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

// refParts splits a word on the signs that cannot be part of a reference
// ("n°", "nº", "№", "#", quotes…): anything but letters, digits, the
// separators inside a reference and a decimal comma. The ordinal
// indicators º and ª are letters to Unicode but mark a number in French
// and Spanish ("nº"). A word with a currency sign is an amount and gives
// no parts; nor does a word without a sign, whose only part is itself.
func refParts(w string) []string {
	if refPartsNone(w) {
		return nil
	}
	if strings.IndexFunc(w, func(r rune) bool { return unicode.Is(unicode.Sc, r) }) >= 0 {
		return nil // "250€", "€250": an amount, not a sign before a reference
	}
	sign := func(r rune) bool {
		if r == 'º' || r == 'ª' {
			return true
		}
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !isRefSeparator(r) && r != ','
	}
	if strings.IndexFunc(w, sign) < 0 {
		return nil // no sign: its only part is the word itself, a token already
	}
	return strings.FieldsFunc(w, sign)
}

// refPartsNone reports, for an ASCII word, whether refParts returns nil:
// it has a dollar sign (ASCII's one currency sign), or nothing but
// letters, digits, the separators inside a reference and commas (no
// sign). False for any other word: refParts reads it.
func refPartsNone(w string) bool {
	sign := false
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= utf8.RuneSelf:
			return false
		case c == '$':
			return true
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == ',', isASCIIRefSeparator(c):
		default:
			sign = true
		}
	}
	return !sign
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// DigitsMin is the fewest digits by which a payment's word names a
// document whose number or reference has the same digits (see
// Rules.NoReferenceDigits): "Facture 2026-00197", "F202600197" and
// "n°2026/00197" name VT/2026/00197 when no document is numbered as
// they are written. Odoo's invoice matching takes four; five leave
// out what four digits in a bank label often are besides a number: a
// year, a day and month, the end of a card number. A whole date
// ("2026-03-15", "15/03/2026", "20260315") names nothing so either.
const DigitsMin = 5

// byDigits reports whether a payment's word (w as written, k its refKey)
// may name a document by its digits: at least DigitsMin of them, after
// no letters or a word customers write before an invoice's number ("F",
// "FACT", "INV", "N"…: another prefix, "VE2026…", names its document as
// written or nothing; see also refLead), and not an amount ("450,00",
// "-450.00", "1 250.00").
func byDigits(w, k string) bool {
	lead := refLead(k)
	n := 0
	for i := len(lead); i < len(k); i++ {
		if !isDigit(k[i]) {
			return false // a letter after a digit, a sign, an accent: not a number as customers write one
		}
		n++
	}
	return n >= DigitsMin && (lead == "" || digitsPrefixes[lead]) && !isAmount(w) && !isDate(w)
}

// isDate reports whether a word as written is a date: 2026-03-15,
// 15/03/2026, 15.03.26, or eight digits that read as one (20260315,
// 15032026). A label's date names no document by its digits.
func isDate(w string) bool {
	var parts []string
	for _, f := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '/' || r == '.' }) {
		for i := 0; i < len(f); i++ {
			if !isDigit(f[i]) {
				return false
			}
		}
		parts = append(parts, f)
	}
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	ymd := func(y, m, d string) bool {
		yy := num(y)
		if len(y) == 2 {
			yy += 2000
		}
		return (len(y) == 2 || len(y) == 4 && 1900 <= yy && yy <= 2099) && len(m) == 2 && 1 <= num(m) && num(m) <= 12 &&
			len(d) == 2 && 1 <= num(d) && num(d) <= 31
	}
	switch {
	case len(parts) == 3:
		return ymd(parts[0], parts[1], parts[2]) && len(parts[0]) == 4 || ymd(parts[2], parts[1], parts[0])
	case len(parts) == 1 && len(parts[0]) == 8:
		p := parts[0]
		return ymd(p[:4], p[4:6], p[6:]) || ymd(p[4:], p[2:4], p[:2])
	}
	return false
}

// refLead returns the letters A–Z a key starts with.
func refLead(k string) string {
	i := 0
	for i < len(k) && 'A' <= k[i] && k[i] <= 'Z' {
		i++
	}
	return k[:i]
}

// digitsPrefixes are the words a customer writes glued to an invoice's
// number ("F2026-00197", "FACT202600197", "N202600197").
var digitsPrefixes = map[string]bool{"F": true, "FA": true, "FAC": true, "FACT": true, "FACTURE": true, "FC": true,
	"INV": true, "INVOICE": true, "N": true, "NO": true, "NR": true, "NUM": true, "REF": true}

// isAmount reports whether a word as written is an amount: digits with
// spaces or thousands separators, and a decimal point or comma followed
// by two digits at its end, signed or not ("450.00", "1.250,00",
// "1 250,00", "-450.00", "450.00-").
func isAmount(w string) bool {
	w = strings.TrimRight(strings.TrimLeft(w, "+-"), "+-")
	if len(w) < 4 || w[len(w)-3] != '.' && w[len(w)-3] != ',' || !isDigit(w[len(w)-2]) || !isDigit(w[len(w)-1]) {
		return false
	}
	for _, r := range w {
		switch {
		case r < utf8.RuneSelf && isDigit(byte(r)), r == '.', r == ',', r == '\'', unicode.IsSpace(r), unicode.Is(unicode.Zs, r):
		default:
			return false
		}
	}
	return true
}

// digitsOf returns the digits of s in order, when there are at least
// DigitsMin: the key a document's number or reference is found by from
// a word byDigits accepts ("F2026-00197", "VT/2026/00197": 202600197).
func digitsOf(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b = append(b, s[i])
		}
	}
	if len(b) < DigitsMin {
		return "", false
	}
	return string(b), true
}

// refToken is one key of a payment's text.
type refToken struct {
	text string
	rf   bool // read from a valid ISO 11649 creditor reference
	// digits: a word that may name a document by its digits alone (see
	// byDigits), not the whole text or a creditor reference.
	digits bool
}

// journalCodes returns the book's journals by their codes as refKey keys
// them.
func journalCodes(t *ledger.Tx) (map[string]ledger.Journal, error) {
	js, err := t.Journals()
	if err != nil {
		return nil, err
	}
	codes := make(map[string]ledger.Journal, len(js))
	for _, j := range js {
		k, _ := refKey(j.Code)
		codes[k] = j
	}
	return codes, nil
}

// digitsShared reports whether another journal of the same kind (sales,
// purchases) has numbered an entry of the same digits as the document's
// number (of journal journalCode, dated date) in its fiscal year:
// VE/2026/00002 or the credit note AV/2026/00002 beside VT/2026/00002, the
// book numbering each journal from 1 every year; paid or open, of any
// partner. A word of those digits then names neither. A number the book
// did not write as journal/year/number is not checked. A read error
// counts as shared: the digits then name nothing.
func digitsShared(t *ledger.Tx, journals map[string]ledger.Journal, number, journalCode string, date journal.Date) bool {
	fy, err := t.FiscalYear(date)
	if err != nil {
		return true
	}
	rest, ok := strings.CutPrefix(number, journalCode+"/"+fy.Label+"/")
	n, err := strconv.ParseUint(rest, 10, 64)
	if !ok || err != nil {
		return false
	}
	k, _ := refKey(journalCode)
	own, ok := journals[k]
	if !ok {
		return false
	}
	for _, j := range journals {
		if j.Code == journalCode || j.Kind != own.Kind || strings.ContainsAny(j.Code, "0123456789") {
			continue
		}
		if c, err := t.Numbered(j.Code, fy); err != nil || c >= n {
			return true
		}
	}
	return false
}
