package bank

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Errors of the statement readers.
var (
	// ErrFormat is returned for a file that is not a well-formed statement
	// of its format: the error names the line.
	ErrFormat = errors.New("bank: malformed statement file")
	// ErrTooLarge is returned when a file goes past ReadOptions.MaxBytes.
	ErrTooLarge = errors.New("bank: statement file larger than the limit")
	// ErrOutsidePeriod is returned, as a *PeriodError, for a statement
	// entry booked before or after the period its statement covers.
	ErrOutsidePeriod = errors.New("bank: entry booked outside its statement's period")
)

// PeriodError is a statement entry booked outside the period its
// statement says it covers: a file that contradicts itself, refused whole
// (which of the entry's date or the period is wrong only the bank can
// say). errors.Is finds ErrOutsidePeriod and reconcile.ErrStatement
// through it.
type PeriodError struct {
	Where     string       // where the entry is in the file: "line 12", or "line 12, record 9" in CFONB
	Statement string       // the statement's id
	Ref       string       // the entry's reference; empty when the file gives none
	Booked    journal.Date // the entry's booking date
	From, To  journal.Date // the statement's period, both days included
}

// Error names the entry, its booking date and the period.
func (e *PeriodError) Error() string {
	entry := "an entry"
	if e.Ref != "" {
		entry = "entry " + e.Ref
	}
	return fmt.Sprintf("%v: %s: statement %s: %s is booked on %s, outside the statement's period %s to %s; "+
		"ask the bank for a corrected statement", ErrOutsidePeriod, e.Where, e.Statement, entry, e.Booked, e.From, e.To)
}

// Unwrap makes errors.Is match ErrOutsidePeriod and reconcile.ErrStatement.
func (e *PeriodError) Unwrap() []error { return []error{ErrOutsidePeriod, reconcile.ErrStatement} }

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
