package bank_test

import (
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lettrage/lettrage/bank"
	"github.com/stretchr/testify/require"
)

// TestCFONB120Encoding: a file with line breaks is in one encoding,
// decided on the whole of it: UTF-8 when all of it is valid UTF-8, else
// Windows-1252 — a line of Windows-1252 whose bytes happen to be valid
// UTF-8 ("Ã©" is C3 A9, "é" in UTF-8) is read as Windows-1252 whether
// the line that is not UTF-8 comes after it or before it. The labels
// under test are those of the first statement's first two movements
// (lines 2 and 6, after ASCII lines); each is given as the bytes of the
// file and read back as text.
func TestCFONB120Encoding(t *testing.T) {
	for _, tc := range []struct {
		name         string
		first, later string // the bytes of the two labels
		utf          bool   // the file is UTF-8: the labels' fields are counted in characters, not bytes
		want1, want2 string
	}{
		{"Windows-1252 valid as UTF-8 before a byte that is not", "CAF\xc3\xa9", "CAF\xe9", false, "CAFÃ©", "CAFé"},
		{"a byte that is not UTF-8 before Windows-1252 valid as UTF-8", "CAF\xe9", "CAF\xc3\xa9", false, "CAFé", "CAFÃ©"},
		{"Windows-1252 euro and quote after UTF-8-looking bytes", "N\xc2\xb0 12", "\x80 \x92OK\x92", false, "NÂ° 12", "€ ’OK’"},
		{"UTF-8 throughout", "CAF\xc3\xa9", "CAF\xc3\x83\xc2\xa9", true, "CAFé", "CAFÃ©"},
		{"UTF-8 in one line only", "ASCII", "N\xc2\xb0 12 \xe2\x82\xac", true, "ASCII", "N° 12 €"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := strings.Split(strings.TrimRight(readFile(t, "cfonb120.txt"), "\r\n"), "\r\n")
			label := func(line, text string) string {
				n := len(text)
				if tc.utf {
					n = utf8.RuneCountInString(text)
				}
				return line[:48] + text + strings.Repeat(" ", 31-n) + line[79:] // the label is columns 49–79
			}
			lines[1] = label(lines[1], tc.first)
			lines[5] = label(lines[5], tc.later)
			file := strings.Join(lines, "\r\n") + "\r\n"
			for name, r := range map[string]io.Reader{
				"seekable":     strings.NewReader(file),
				"not seekable": struct{ io.Reader }{strings.NewReader(file)},
			} {
				ss, err := bank.ReadCFONB120(r, bank.ReadOptions{})
				require.NoError(t, err, name)
				require.Equal(t, tc.want1, ss[0].Entries[0].Label, name)
				require.Equal(t, tc.want2, ss[0].Entries[1].Label, name)
				require.Equal(t, "1200.00", ss[0].Entries[0].Amount.Plain(), name)
			}
		})
	}
}

// TestCFONB120EncodingAcrossReads: a UTF-8 character cut by the end of
// one read of the file is still UTF-8. Empty lines before the records
// put the "é" of the first label on each side of 64 KiB.
func TestCFONB120EncodingAcrossReads(t *testing.T) {
	lines := strings.Split(strings.TrimRight(readFile(t, "cfonb120.txt"), "\r\n"), "\r\n")
	movement := lines[1]
	lines[1] = movement[:48] + "CAFé" + strings.Repeat(" ", 27) + movement[79:]
	body := strings.Join(lines, "\r\n") + "\r\n"
	at := strings.Index(body, "é")
	for _, shift := range []int{-2, -1, 0, 1} {
		pad := 64<<10 + shift - at
		file := strings.Repeat("\n", pad) + body
		ss, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
		require.NoError(t, err)
		require.Equal(t, "CAFé", ss[0].Entries[0].Label, "é at byte %d", pad+at)
	}
	// A file that ends in the middle of a character (the first byte of
	// "é" in the last column, reserved, of its last record) is not UTF-8:
	// the label's 4 characters are 5 bytes, 5 characters in
	// Windows-1252.
	lines[1] = movement[:48] + "CAFé" + strings.Repeat(" ", 26) + movement[79:]
	last := len(lines) - 1
	lines[last] = lines[last][:119] + "\xc3"
	ss, err := bank.ReadCFONB120(strings.NewReader(strings.Join(lines, "\r\n")), bank.ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, "CAFÃ©", ss[0].Entries[0].Label)
}

// TestCFONB120EncodingSeeksBack: a seekable file is read from where it
// stands, and left where the reading ends.
func TestCFONB120EncodingSeeksBack(t *testing.T) {
	file := readFile(t, "cfonb120.txt")
	r := strings.NewReader("HEADER" + file)
	_, err := r.Seek(6, io.SeekStart)
	require.NoError(t, err)
	ss, err := bank.ReadCFONB120(r, bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 2)
}

// TestCFONB120EncodingTooLarge: deciding the encoding keeps the limit.
func TestCFONB120EncodingTooLarge(t *testing.T) {
	file := readFile(t, "cfonb120.txt")
	for name, r := range map[string]io.Reader{
		"seekable":     strings.NewReader(file),
		"not seekable": struct{ io.Reader }{strings.NewReader(file)},
	} {
		_, err := bank.ReadCFONB120(r, bank.ReadOptions{MaxBytes: 500})
		require.ErrorIs(t, err, bank.ErrTooLarge, name)
	}
}
