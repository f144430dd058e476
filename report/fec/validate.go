package fec

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/journal"
)

// FindingsMaxDefault is the number of findings a Report keeps when Options
// does not say: enough to fix a file, few enough to read.
const FindingsMaxDefault = 1000

// Limits on what Validate tracks, so that its memory stays bounded whatever
// the file: past them it reports CodeLimit once and checks less.
const (
	// journalsMax bounds the journals whose numbering and dates are followed.
	journalsMax = 10_000
	// entriesTrackedMax bounds the entries remembered to find one whose lines
	// are not together (about 50 bytes each).
	entriesTrackedMax = 1 << 20
)

// Options tune Validate. The zero value checks everything but the fiscal
// year.
type Options struct {
	// YearStart and YearEnd bound the fiscal year: an EcritureDate outside
	// is an error. A zero date leaves its bound unchecked.
	YearStart, YearEnd journal.Date
	// LineBytesMax is the longest line read (LineBytesMaxDefault when 0).
	LineBytesMax int
	// FindingsMax is the number of findings kept (FindingsMaxDefault when
	// 0); the others are only counted.
	FindingsMax int
	// GlobalNumbering says that EcritureNum is one sequence across all
	// journals rather than one per journal, as some programs number.
	GlobalNumbering bool
	// FileName, when given, is the file's name (a path or a base name,
	// with or without extension): a name other than the legal
	// SirenFECAAAAMMJJ is a CodeFileName warning, a SIREN whose check
	// digit is wrong (or 000000000) a CodeSIREN warning.
	FileName string
}

// requiredColumns are the columns that may never be empty.
var requiredColumns = [...]int{
	colJournalCode, colJournalLib, colEcritureNum, colEcritureDate, colCompteNum,
	colCompteLib, colPieceRef, colPieceDate, colEcritureLib, colValidDate,
}

// Validate reads a FEC from r — ours or another program's, tab or pipe
// separated — line by line in bounded memory, and reports what the tax
// administration's checks report: the header's names and order, 18 fields
// a line, dates, amounts, required columns, account numbers, columns that go
// in pairs, balanced entries, lines of an entry kept together, continuous
// numbering per journal, dates in order and within the fiscal year. See the
// Code constants for every check.
//
// A malformed file (empty, binary, without header, with a huge line) gives
// findings, never an error: Validate returns an error only when reading r
// fails, with the report of what was read so far.
func Validate(r io.Reader, opts Options) (Report, error) {
	v := newValidator(opts)
	if opts.FileName != "" {
		v.checkFileName(opts.FileName)
	}
	rd := NewReader(r, opts.LineBytesMax)
	for rd.Next() {
		v.readLine(rd)
	}
	if err := rd.Err(); err != nil {
		return v.rep, err
	}
	v.finish(rd.Line())
	return v.rep, nil
}

// validator holds the state of one Validate call.
type validator struct {
	opts     Options
	rep      Report
	ctx      *apd.Context
	col      [ColumnCount]int // field index of each column, -1 when missing
	width    int              // fields a line must have
	once     map[Code]bool    // findings reported once a file
	cur      entry
	taint    bool // a line could not be read: its entry, current or next, is not balanced
	seen     map[string]struct{}
	journals map[string]*journalState
	global   journalState
	d, c, m  apd.Decimal // scratch: the line's Debit, Credit, Montantdevise
	sens     bool        // the header puts Montant and Sens in place of Debit and Credit
}

// entry is the entry being read: a run of lines with one journal and number.
type entry struct {
	open          bool
	tainted       bool // a line could not be read whole: no balance check
	line          int
	journal, num  string
	date          uint32
	debit, credit apd.Decimal
}

// journalState follows a journal's numbering and dates.
type journalState struct {
	lastDate uint32
	last     string // the last EcritureNum
	prefix   string // last without its trailing digits
	n        uint64 // the value of its trailing digits
	numeric  bool   // last ends in digits
}

func newValidator(opts Options) *validator {
	if opts.FindingsMax <= 0 {
		opts.FindingsMax = FindingsMaxDefault
	}
	v := &validator{
		opts: opts, width: ColumnCount, once: map[Code]bool{},
		seen: map[string]struct{}{}, journals: map[string]*journalState{},
		ctx: &apd.Context{Precision: 100, MaxExponent: apd.MaxExponent, MinExponent: apd.MinExponent, Traps: apd.DefaultTraps},
	}
	for i := range v.col {
		v.col[i] = i
	}
	return v
}

// checkFileName checks the file's name against the law's.
func (v *validator) checkFileName(path string) {
	base := path
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	siren, _, ok := ParseFileName(base)
	switch {
	case !ok:
		v.add(0, -1, CodeFileName, Warning, "%q is not the legal name SirenFECAAAAMMJJ (SIREN, \"FEC\", the year's closing date)", base)
	case siren == "000000000" || CheckSIREN(siren) != nil:
		v.add(0, -1, CodeSIREN, Warning, "%q in the file name is not a SIREN", siren)
	}
}

// add records a finding; column is a column index or -1 for the line.
func (v *validator) add(line, column int, code Code, sev Severity, format string, args ...any) {
	if sev == Error {
		v.rep.Errors++
	} else {
		v.rep.Warnings++
	}
	if len(v.rep.Findings) >= v.opts.FindingsMax {
		v.rep.Dropped++
		return
	}
	f := Finding{Line: line, Code: code, Severity: sev, Message: fmt.Sprintf(format, args...)}
	if column >= 0 {
		f.Column = v.name(column)
	}
	v.rep.Findings = append(v.rep.Findings, f)
}

// name is column c's name in the file's header: Montant and Sens for
// Debit and Credit in the law's other form.
func (v *validator) name(c int) string {
	switch {
	case v.sens && c == colDebit:
		return nameMontant
	case v.sens && c == colCredit:
		return nameSens
	}
	return names[c]
}

// addOnce records a finding only the first time its code occurs.
func (v *validator) addOnce(line, column int, code Code, sev Severity, format string, args ...any) {
	if v.once[code] {
		return
	}
	v.once[code] = true
	v.add(line, column, code, sev, format, args...)
}

func (v *validator) readLine(rd *Reader) {
	n := rd.Line()
	fields, err := rd.Fields()
	if err != nil {
		v.lineError(n, err)
		return
	}
	if !rd.ascii && !v.once[CodeEncoding] {
		v.checkEncoding(n, fields)
	}
	if n == 1 {
		v.rep.Separator = rd.Separator()
		v.header(fields)
		return
	}
	v.rep.Lines++
	v.row(n, fields)
}

func (v *validator) lineError(n int, err error) {
	if n > 1 {
		v.rep.Lines++
	}
	v.cur.tainted, v.taint = true, true
	if err == ErrLineTooLong {
		v.add(n, -1, CodeLineTooLong, Error, "line longer than %d bytes, skipped", v.lineMax())
	} else {
		v.add(n, -1, CodeBinary, Error, "control character in line (binary data or CR-only line ends), skipped")
	}
	if n == 1 {
		v.add(1, -1, CodeNoHeader, Error, "line 1 is not a header")
	}
}

func (v *validator) lineMax() int {
	if v.opts.LineBytesMax <= 0 {
		return LineBytesMaxDefault
	}
	return max(v.opts.LineBytesMax, lineBytesMin)
}

func (v *validator) checkEncoding(n int, fields []string) {
	for _, f := range fields {
		if !utf8.ValidString(f) {
			v.addOnce(n, -1, CodeEncoding, Warning, "text is not UTF-8 (ISO 8859-15?); first such line")
			return
		}
	}
}

func (v *validator) finish(lines int) {
	v.closeEntry()
	switch {
	case lines == 0:
		v.add(0, -1, CodeEmptyFile, Error, "empty file: no header, no line")
	case v.rep.Lines == 0:
		v.add(1, -1, CodeNoRows, Warning, "header only: no entry")
	}
}

// get returns column c of a line, "" when the header lacks it or the line
// is short.
func (v *validator) get(f []string, c int) string {
	if i := v.col[c]; i >= 0 && i < len(f) {
		return f[i]
	}
	return ""
}

// missing reports a column the header lacks: the header's finding says it
// once, the lines do not repeat it.
func (v *validator) missing(c int) bool { return v.col[c] < 0 }

// formatDecimal writes d with a decimal comma, as a FEC does.
func formatDecimal(d *apd.Decimal) string {
	return strings.Replace(d.Text('f'), ".", ",", 1)
}
