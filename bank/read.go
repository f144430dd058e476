package bank

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Errors of the statement readers.
var (
	// ErrFormat is returned for a file that is not a well-formed statement
	// of its format: the error names the line.
	ErrFormat = errors.New("bank: malformed statement file")
	// ErrTooLarge is returned when a file goes past ReadOptions.MaxBytes.
	ErrTooLarge = errors.New("bank: statement file larger than the limit")
)

// DefaultMaxBytes is the largest file a reader accepts by default: 256 MiB,
// about a million statement lines.
const DefaultMaxBytes = 256 << 20

// ReadOptions bound what a reader accepts.
type ReadOptions struct {
	// MaxBytes is the most bytes read from the file; 0 means
	// DefaultMaxBytes. A larger file fails with ErrTooLarge.
	MaxBytes int64
}

func (o ReadOptions) limit(r io.Reader) *limitReader {
	n := o.MaxBytes
	if n <= 0 {
		n = DefaultMaxBytes
	}
	return &limitReader{r: r, left: n, max: n}
}

// limitReader fails with ErrTooLarge once more than max bytes are read.
type limitReader struct {
	r         io.Reader
	left, max int64
	over      bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells a file of exactly max bytes from a larger one.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			l.over = true
			return 0, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, l.max)
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// wrap turns a decoding error into ErrFormat with the line, or keeps
// ErrTooLarge.
func (l *limitReader) wrap(d *xml.Decoder, err error) error {
	if errors.Is(err, ErrTooLarge) || l.over {
		return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, l.max)
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	line, _ := d.InputPos()
	return fmt.Errorf("%w: line %d: %v", ErrFormat, line, err)
}
