package fec

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// LineBytesMaxDefault is the longest line a Reader accepts when not told
// otherwise. A FEC line is a few hundred bytes; the limit keeps a file
// without line breaks (a binary file, a file with CR-only line ends) from
// being read whole into memory.
const LineBytesMaxDefault = 64 << 10

// lineBytesMin is the smallest limit a Reader takes: bufio's smallest buffer.
const lineBytesMin = 16

// utf8BOM is the byte order mark some programs put before the header.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Reader reads a FEC line by line, in bounded memory: each line is split
// into fields on the separator found in line 1 (tab if it holds a tab,
// otherwise pipe if it holds a pipe). Line 1, the header, is returned like
// any other line. Lines may end with LF or CRLF; a UTF-8 byte order mark
// before the header is skipped. Fields are returned as they are, not
// trimmed and not decoded: text in another encoding than UTF-8 passes
// through unchanged.
//
// A Reader is not safe for concurrent use.
type Reader struct {
	br      *bufio.Reader
	lineMax int
	line    int
	sep     Separator
	fields  []string
	ascii   bool // the current line is ASCII, hence valid UTF-8
	lineErr error
	err     error
	done    bool
	sens    bool // the header puts Montant and Sens in place of Debit and Credit
}

// NewReader returns a Reader of r that accepts lines of at most
// lineBytesMax bytes, line break excluded (LineBytesMaxDefault when 0 or
// less; at least 16).
func NewReader(r io.Reader, lineBytesMax int) *Reader {
	if lineBytesMax <= 0 {
		lineBytesMax = LineBytesMaxDefault
	}
	lineBytesMax = max(lineBytesMax, lineBytesMin)
	return &Reader{
		br:      bufio.NewReaderSize(r, lineBytesMax+2), // +2: CRLF
		lineMax: lineBytesMax,
		fields:  make([]string, 0, ColumnCount),
	}
}

// Next advances to the next line and reports whether there is one. It
// returns false at the end of the input or on a read error (see Err).
func (r *Reader) Next() bool {
	if r.done {
		return false
	}
	b, err := r.br.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		r.line++
		r.fields, r.lineErr = r.fields[:0], ErrLineTooLong
		r.skipLine()
		return true
	case err == io.EOF:
		r.done = true
		if len(b) == 0 {
			return false
		}
	case err != nil:
		r.done, r.err = true, fmt.Errorf("fec: read: %w", err)
		return false
	}
	r.line++
	r.split(b)
	return true
}

// skipLine discards the rest of a line too long to hold.
func (r *Reader) skipLine() {
	for {
		_, err := r.br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF:
			r.done = true
		case err != nil:
			r.done, r.err = true, fmt.Errorf("fec: read: %w", err)
		}
		return
	}
}

func (r *Reader) split(b []byte) {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	b = bytes.TrimSuffix(b, []byte{'\r'})
	if r.line == 1 {
		b = bytes.TrimPrefix(b, utf8BOM)
		r.sep = detectSeparator(b)
	}
	r.fields, r.lineErr = r.fields[:0], nil
	if len(b) > r.lineMax { // r was a bufio.Reader larger than asked for
		r.lineErr = ErrLineTooLong
		return
	}
	var control bool
	if control, r.ascii = scan(b); control {
		r.lineErr = ErrBinary
		return
	}
	s := string(b) // one allocation a line: the fields share it
	if r.sep == 0 {
		r.fields = append(r.fields, s)
		return
	}
	for {
		i := strings.IndexByte(s, byte(r.sep))
		if i < 0 {
			r.fields = append(r.fields, s)
			if r.line == 1 {
				r.sens = isSensHeader(r.fields)
			}
			return
		}
		r.fields = append(r.fields, s[:i])
		s = s[i+1:]
	}
}

func detectSeparator(header []byte) Separator {
	switch {
	case bytes.IndexByte(header, byte(Tab)) >= 0:
		return Tab
	case bytes.IndexByte(header, byte(Pipe)) >= 0:
		return Pipe
	}
	return 0
}

// scan reports whether b holds a control character other than tab, and
// whether it is all ASCII, in one pass.
func scan(b []byte) (control, ascii bool) {
	high := byte(0)
	for _, c := range b {
		if (c < ' ' && c != '\t') || c == 0x7f {
			return true, false
		}
		high |= c
	}
	return false, high < 0x80
}

// Line returns the number of the current line, from 1 (the header).
func (r *Reader) Line() int { return r.line }

// Separator returns the separator found in line 1, or 0 when it has
// neither tab nor pipe (every line is then one field).
func (r *Reader) Separator() Separator { return r.sep }

// Fields returns the current line's fields, valid until the next call to
// Next, or ErrLineTooLong or ErrBinary for a line that could not be split
// (Next goes on with the following line).
func (r *Reader) Fields() ([]string, error) { return r.fields, r.lineErr }

// Err returns the read error that stopped Next, or nil at the end of the
// input.
func (r *Reader) Err() error { return r.err }

// Row returns the current line as a Row, its fields taken in the order of
// Header whatever the file's header says. It returns ErrHeaderLine on line
// 1, the errors of Fields, ErrFieldCount, ErrDate, or ErrAmount (for a
// Debit or Credit not exact in cents, or a Montantdevise not exact in its
// currency). Amounts may have a decimal comma or point. A file whose
// header puts Montant and Sens (D or C, +1 or -1) in place of Debit and
// Credit, the law's other form, is read as Debit and Credit. Row does not
// check the row (see Row.Check).
func (r *Reader) Row() (Row, error) {
	if r.line == 1 {
		return Row{}, ErrHeaderLine
	}
	if r.lineErr != nil {
		return Row{}, r.lineErr
	}
	return parseRow(r.fields, r.sens)
}
