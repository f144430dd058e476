package journal

import (
	"fmt"
	"unicode/utf8"
)

// Text rules. Every text a book stores — labels, references, names, codes,
// reasons, kinds — goes through CheckText before anything is written,
// because a stored text the decoder refuses makes the record, and with it
// every read and update that touches it, unreadable. A text is accepted when
// it is:
//
//   - valid UTF-8;
//   - at most TextMax bytes long;
//   - free of control characters: C0 (U+0000–U+001F, tab, line feed and
//     carriage return included), DEL (U+007F), C1 (U+0080–U+009F), and the
//     line and paragraph separators U+2028 and U+2029.
//
// Tab and line breaks are refused on purpose, in every field: each text is
// a one-line value in listings, in the FEC (tab-separated, one record per
// line) and in CSV exports, where a tab or a line break would shift columns
// or split a record. A note that needs several lines belongs outside the
// book. The empty text is accepted; whether a field may be empty is the
// caller's rule.

// CheckText returns nil when s is acceptable text for field, or a
// *TextError naming field, the problem (ErrTextEncoding, ErrTextControl or
// ErrTextTooLong) and the byte offset where it is. Every *TextError also
// matches ErrText.
func CheckText(field, s string) error {
	if len(s) > TextMax {
		return &TextError{Field: field, Offset: TextMax, Err: ErrTextTooLong}
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return &TextError{Field: field, Offset: i, Err: ErrTextEncoding}
		case isControl(r):
			return &TextError{Field: field, Offset: i, Rune: r, Err: ErrTextControl}
		}
		i += size
	}
	return nil
}

// isControl reports whether r is a character no stored text may hold (see
// CheckText).
func isControl(r rune) bool {
	return r < 0x20 || r >= 0x7f && r < 0xa0 || r == '\u2028' || r == '\u2029'
}

// TextError is a text CheckText refused.
type TextError struct {
	Field  string // what the text is: "label", "partner name"…
	Offset int    // byte offset of the offending character; TextMax for a text too long
	Rune   rune   // the control character, for ErrTextControl
	Err    error  // ErrTextEncoding, ErrTextControl or ErrTextTooLong
}

// Error names the field, the problem and its byte offset.
func (e *TextError) Error() string {
	switch e.Err {
	case ErrTextControl:
		return fmt.Sprintf("journal: %s: control character %U at byte %d", e.Field, e.Rune, e.Offset)
	case ErrTextEncoding:
		return fmt.Sprintf("journal: %s: invalid UTF-8 at byte %d", e.Field, e.Offset)
	}
	return fmt.Sprintf("journal: %s: longer than %d bytes", e.Field, TextMax)
}

// Unwrap makes errors.Is match both ErrText and the precise problem.
func (e *TextError) Unwrap() []error { return []error{ErrText, e.Err} }
