package bank

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/lettrage/lettrage/journal"
)

// charsetReader decodes the single-byte encodings statement files declare
// besides UTF-8 (<?xml version="1.0" encoding="ISO-8859-1"?>). ISO-8859-1
// is read as Windows-1252, as browsers do: files declared Latin-1 often
// hold Windows-1252 bytes (€, curly quotes), which Latin-1 would turn into
// control characters no stored text may hold.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "us-ascii", "ascii", "utf8":
		return input, nil // ASCII is UTF-8; "utf8" is a common misspelling
	case "utf-16", "utf-16le", "utf-16be", "utf16":
		return input, nil // a file with a byte order mark was decoded by it before (unicodeByBOM); one without is read as written
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819",
		"windows-1252", "cp1252", "x-cp1252":
		return charmap.Windows1252.NewDecoder().Reader(input), nil
	case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "latin-9", "l9":
		return charmap.ISO8859_15.NewDecoder().Reader(input), nil
	}
	return nil, fmt.Errorf("encoding %q: UTF-8, ISO-8859-1, ISO-8859-15 or Windows-1252 are read", label)
}

// unicodeByBOM decodes a file that starts with a byte order mark: UTF-16
// (XML saved by some Windows tools) to UTF-8, UTF-8 without its mark. It
// reports whether the file had one, and returns any other file as it is.
func unicodeByBOM(r io.Reader) (io.Reader, bool) {
	br := bufio.NewReader(r)
	bom, _ := br.Peek(3)
	switch {
	case string(bom) == "\xef\xbb\xbf":
		br.Discard(3)
		return br, true
	case len(bom) >= 2 && (string(bom[:2]) == "\xff\xfe" || string(bom[:2]) == "\xfe\xff"):
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder().Reader(br), true
	}
	return br, false
}

// bomCharsetReader is the charset reader of a file that started with a
// byte order mark: the mark told its encoding, and its text is UTF-8
// already, whatever its declaration names (an editor that saves a
// Latin-1 file as UTF-16 or UTF-8 keeps the declaration's text; decoding
// again by it would garble every accented letter).
func bomCharsetReader(_ string, input io.Reader) (io.Reader, error) { return input, nil }

// cleanText makes a bank's text storable: line breaks, tabs and runs of
// spaces become one space (banks wrap long texts over lines), other
// control characters are dropped, and a text longer than journal.TextMax
// is cut there, on a character boundary.
func cleanText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r < 0x20 || r >= 0x7f && r < 0xa0 || r == '\u2028' || r == '\u2029' || r == utf8.RuneError:
			continue
		}
		if space {
			if b.Len()+1+utf8.RuneLen(r) > journal.TextMax {
				break
			}
			b.WriteByte(' ')
			space = false
		}
		if b.Len()+utf8.RuneLen(r) > journal.TextMax {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}
