package bank_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
)

// oneByteSeeker is a seekable reader that returns one byte a read.
type oneByteSeeker struct{ *bytes.Reader }

func (o oneByteSeeker) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.Reader.Read(p)
}

// Review probe (passes): the CFONB reader gives the same statements
// whatever the reader (seekable or not, one byte a read), the line
// breaks (CRLF, LF, CR, none at the end), a BOM before Windows-1252 or
// UTF-8, and refuses a file past MaxBytes through a non-seekable reader
// with ErrTooLarge.
func TestReviewTwoProbeCFONBReaders(t *testing.T) {
	lines := strings.Split(strings.TrimRight(readFile(t, "cfonb120.txt"), "\r\n"), "\r\n")
	// An accented label (columns 49–79 of the first record 04).
	lat := append([]string(nil), lines...)
	lat[1] = lat[1][:48] + fmt.Sprintf("%-31s", "VIR SEPA DUPONT SARL é") + lat[1][79:]
	utf := strings.Join(lat, "\r\n")
	require.Equal(t, 120, len([]rune(lat[1])))
	cp := strings.ReplaceAll(utf, "é", "\xe9")
	want, err := bank.ReadCFONB120(strings.NewReader(utf), bank.ReadOptions{})
	require.NoError(t, err)
	require.Contains(t, want[0].Entries[0].Label, "é")
	for name, r := range map[string]io.Reader{
		"1252":                    strings.NewReader(cp),
		"1252 one byte":           iotest.OneByteReader(strings.NewReader(cp)),
		"1252 one byte seekable":  oneByteSeeker{bytes.NewReader([]byte(cp))},
		"utf-8 one byte":          iotest.OneByteReader(strings.NewReader(utf)),
		"utf-8 one byte seekable": oneByteSeeker{bytes.NewReader([]byte(utf))},
		"utf-8 LF no final break": strings.NewReader(strings.ReplaceAll(utf, "\r\n", "\n")),
		"utf-8 CR":                strings.NewReader(strings.ReplaceAll(utf, "\r\n", "\r") + "\r"),
		"BOM 1252":                strings.NewReader("\ufeff" + cp),
		"BOM utf-8":               strings.NewReader("\ufeff" + utf),
		"BOM utf-8 non-seekable":  iotest.OneByteReader(strings.NewReader("\ufeff" + utf)),
		"1252 half-read seekable": func() io.Reader { r := strings.NewReader("junk" + cp); r.Seek(4, io.SeekStart); return r }(),
	} {
		got, err := bank.ReadCFONB120(r, bank.ReadOptions{})
		require.NoError(t, err, name)
		require.Equal(t, want, got, name)
	}
	_, err = bank.ReadCFONB120(iotest.OneByteReader(strings.NewReader(cp)), bank.ReadOptions{MaxBytes: 500})
	require.ErrorIs(t, err, bank.ErrTooLarge)
	_, err = bank.ReadCFONB120(strings.NewReader(cp), bank.ReadOptions{MaxBytes: 500})
	require.ErrorIs(t, err, bank.ErrTooLarge)
	_, err = bank.ReadCFONB120(strings.NewReader(cp), bank.ReadOptions{MaxBytes: int64(len(cp))})
	require.NoError(t, err)
}
