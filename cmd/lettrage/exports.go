package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/report/hledger"
)

// fecOutput is what export fec wrote.
type fecOutput struct {
	File    string `json:"file"`
	Year    string `json:"year"`
	Entries int    `json:"entries"`
	Lines   int    `json:"lines"`
	Debit   string `json:"debit"`
	Credit  string `json:"credit"`
}

func cmdExportFEC(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Writes the FEC (fichier des écritures comptables) of a fiscal year to
--dir, named as the law asks: SIREN, "FEC" and the year's end date, with
".txt". Check it with 'lettrage validate-fec'.`}
	fs := a.flagSet(name)
	year := fs.String("year", "", "the fiscal `YEAR` (its label; default: the year of today)")
	siren := fs.String("siren", "", "the company's `SIREN`, which names the file (default 000000000)")
	dir := fs.String("dir", ".", "the `DIR`ectory to write to, made if missing")
	pipe := fs.Bool("pipe", false, "separate fields with '|' instead of a tab")
	opening := fs.String("opening-journal", "", "the journal `CODE` of the opening balances (default AN, or RAN when the book has a journal AN)")
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	s := "000000000"
	if *siren != "" {
		v, err := ident.ParseSIREN(*siren)
		if err != nil {
			return usagef(name, "--siren: %v", err)
		}
		s = string(v)
	}
	opts := report.FECOptions{Separator: fec.Tab, OpeningJournal: *opening}
	if *pipe {
		opts.Separator = fec.Pipe
	}
	if err := makeDir(*dir); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		fy, err := fiscalYear(a, b, *year)
		if err != nil {
			return err
		}
		path := filepath.Join(*dir, fec.FileName(s, fy.End)+".txt")
		var sum report.FECSummary
		err = writeFileAtomic(path, func(w io.Writer) error {
			var err error
			sum, err = report.WriteFEC(a.ctx, b, fy.Label, w, opts)
			return err
		})
		if err != nil {
			return err
		}
		o := fecOutput{File: path, Year: fy.Label, Entries: sum.Entries, Lines: sum.Lines, Debit: sum.Debit.Plain(), Credit: sum.Credit.Plain()}
		return a.emit(o, func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "%s: fiscal year %s, %d entries, %d lines, debit %s, credit %s\n",
				o.File, o.Year, o.Entries, o.Lines, sum.Debit.French(), sum.Credit.French())
			return err
		})
	})
}

// writeFileAtomic writes path through fn: to a temporary file renamed
// once complete, so that a failure leaves no half-written file. A path
// that is a symbolic link writes the file it points to, the link kept; a
// device or a pipe (/dev/stdout) is written in place. Errors name path.
func writeFileAtomic(path string, fn func(w io.Writer) error) error {
	target := path
	if real, err := filepath.EvalSymlinks(path); err == nil {
		target = real
	}
	if fi, err := os.Stat(target); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		return writeInPlace(path, target, fn)
	}
	f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*")
	if err != nil {
		return cannotWrite(path, err)
	}
	defer os.Remove(f.Name())
	if err := writeBuffered(f, fn); err != nil {
		return err
	}
	// The file gets the mode a new file gets (0666 less the umask),
	// or keeps the one it had: a temporary file is made 0600.
	mode := newFileMode()
	if fi, err := os.Stat(target); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), target); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		if fi, serr := os.Stat(target); serr == nil && fi.IsDir() {
			return fmt.Errorf("cannot write %s: it is a directory", path)
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// writeInPlace writes a device or a pipe (target, which path names)
// through fn: there is no file to replace.
func writeInPlace(path, target string, fn func(w io.Writer) error) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return cannotWrite(path, err)
	}
	if err := writeBuffered(f, fn); err != nil {
		return err
	}
	return f.Close()
}

// writeBuffered writes f through fn and a buffer, flushed; f is closed
// when either fails.
func writeBuffered(f *os.File, fn func(w io.Writer) error) error {
	bw := bufio.NewWriterSize(f, 1<<16)
	err := fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		f.Close()
	}
	return err
}

// cannotWrite says which file could not be written, and why (a missing
// directory...), without the name of a temporary file, which means
// nothing to the user.
// canWrite checks, before anything is booked, that the files a command
// writes after booking can be written: that a file can be made in the
// directory of each path ("" is skipped; the current directory for a
// default name), so that a run is not booked without its file.
func canWrite(paths ...string) error {
	for _, path := range paths {
		if path == "" {
			continue
		}
		target := path
		if real, err := filepath.EvalSymlinks(path); err == nil {
			target = real
		}
		if fi, err := os.Stat(target); err == nil && !fi.Mode().IsRegular() {
			if fi.IsDir() {
				return fmt.Errorf("cannot write %s: it is a directory", path)
			}
			continue // a device or a pipe: written in place
		}
		f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*")
		if err != nil {
			return cannotWrite(path, err)
		}
		f.Close()
		os.Remove(f.Name())
	}
	return nil
}

// makeDir makes the directory a command writes its files to, with its
// parents, when it does not exist, and checks that a file can be made in it.
func makeDir(dir string) error {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return cannotWrite(dir, err)
	}
	return canWrite(filepath.Join(dir, ".lettrage"))
}

func cannotWrite(path string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("cannot write %s: %w", path, err)
}

// newFileMode is the mode os.Create gives a new file: 0666 less the
// process's umask, read by creating a file of that mode in the temporary
// directory once.
var newFileMode = sync.OnceValue(func() os.FileMode {
	dir, err := os.MkdirTemp("", "lettrage-mode")
	if err != nil {
		return 0o644
	}
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "probe")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY, 0o666)
	if err != nil {
		return 0o644
	}
	f.Close()
	fi, err := os.Stat(name)
	if err != nil {
		return 0o644
	}
	return fi.Mode().Perm()
})

// output opens -o FILE, or standard output when it is "" or "-".
func (a *app) output(path string, fn func(w io.Writer) error) error {
	if path == "" || path == "-" {
		bw := bufio.NewWriterSize(a.stdout, 1<<16)
		if err := fn(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	return writeFileAtomic(path, fn)
}

func cmdExportCSV(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Writes the entries of a period as CSV in the format 'lettrage import
entries' reads, with a header: entry;date;journal;ref;type;label;account;
partner;due;debit;credit;currency;amount_currency;tax;tax_role;discount;
discount_until;entry_label;letter;letter_date;generated. The entry column
is the entry's number; label is the line's own, entry_label the entry's;
tax names a line's French VAT, tax_role says whether the line is its base
or its tax; discount and discount_until are an invoice's early-payment
discount offer, on its partner lines. letter is a lettered line's letter
code (lowercase for a group not fully lettered yet) and letter_date its
match's date; generated is "yes" on the entries the lettering posted
(exchange differences, cash-basis VAT, write-offs, discounts) and on
bad debts and impairments: 'lettrage import entries' letters the lines
again and leaves out the exchange difference and cash-basis entries,
which that lettering posts anew, each match under its code, and the bad
debts and impairments, which it posts anew as 'lettrage baddebt' and
'lettrage impair' do. A cancelled document's reversal is written with
the document's type, running the other way: the import takes it as the
reversal of the entry it mirrors. A period's export (--from, --to)
writes the code and date of a match with lines outside the period on its
lines in the file, which then do not balance: imported in date order,
the files of a book's periods letter each such match again, in part
with the first file, in full with the one that completes it, and post
its cash-basis and exchange entries once. A file whose lines end such a
match is refused while the book lacks the match's earlier lines (under
its code, or as the one open group they settle): import the periods in
date order. A group lettered in part (lower case) with a line outside
the period is carried likewise: a later file's lines of it, on one side,
are lettered with the one open group of the book they go on with; where
several could be, they are left unlettered with a warning.`}
	fs := a.flagSet(name)
	p := addPeriodFlags(fs)
	sep := fs.String("sep", ";", "the field separator: ';', ',' or 'tab'")
	comma := fs.Bool("decimal-comma", false, "write amounts with a decimal comma")
	out := fs.String("o", "", "the output `FILE` (default: standard output)")
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	r, err := separator(*sep)
	if err != nil {
		return usagef(name, "--sep: %v", err)
	}
	if *comma && r == ',' {
		return usagef(name, "--decimal-comma with --sep ','")
	}
	return a.readBook(func(b *ledger.Book) error {
		f, err := p.entryFilter(a, b)
		if err != nil {
			return err
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		letters, err := newLetterReader(a, b, rec)
		if err != nil {
			return err
		}
		entries, lines := 0, 0
		err = a.output(*out, func(w io.Writer) error {
			cw := csv.NewWriter(w)
			cw.Comma = r
			if err := cw.Write(csvKnownColumns); err != nil {
				return err
			}
			for pe, err := range b.Entries(a.ctx, f) {
				if err != nil {
					return err
				}
				entries++
				recs := csvRecords(&pe.Entry, *comma)
				if err := letters.fill(&pe.Entry, recs); err != nil {
					return err
				}
				for _, rec := range recs {
					lines++
					if err := cw.Write(rec); err != nil {
						return err
					}
				}
			}
			cw.Flush()
			return cw.Error()
		})
		if err != nil || *out == "" || *out == "-" {
			return err
		}
		o := map[string]any{"file": *out, "entries": entries, "lines": lines}
		return a.emit(o, func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "%s: %s, %s\n", *out, plural(entries, "entry"), plural(lines, "line"))
			return err
		})
	})
}

// csvRecords are the records of one entry in csvKnownColumns' order.
func csvRecords(e *journal.Entry, decimalComma bool) [][]string {
	num := func(a currency.Amount) string {
		if !a.IsSet() || a.IsZero() {
			return ""
		}
		s := a.Abs().Plain()
		if decimalComma {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	var recs [][]string
	for _, l := range e.Lines {
		var debit, credit string
		if l.Balance.Sign() < 0 {
			credit = num(l.Balance)
		} else if debit = num(l.Balance); debit == "" {
			debit = "0" // a line of zero keeps its place
		}
		due, cur, ac := "", "", ""
		if !l.DueDate.IsZero() {
			due = l.DueDate.String()
		}
		if !e.Currency.IsZero() && l.AmountCurrency.IsSet() {
			cur = e.Currency.Code()
			ac = l.AmountCurrency.Plain()
			if decimalComma {
				ac = strings.Replace(ac, ".", ",", 1)
			}
		}
		label := l.Label // the entry's own goes in entry_label
		var disc, until string
		if o := e.DiscountOffer; o != nil && l.Partner != "" {
			disc, until = o.Amount.Plain(), o.Until.String()
			if decimalComma {
				disc = strings.Replace(disc, ".", ",", 1)
			}
		}
		generated := ""
		if e.Origin != journal.NoID {
			generated = csvGenerated
		}
		recs = append(recs, []string{e.Name(), e.Date.String(), e.Journal, e.Ref, e.Type.String(), label,
			l.Account, l.Partner, due, debit, credit, cur, ac, lineTaxID(&l), lineTaxRole(&l), disc, until, e.Label,
			"", "", generated})
	}
	return recs
}

// letterReader reads the letter codes of the lines an export writes.
type letterReader struct {
	a           *app
	b           *ledger.Book
	rec         *reconcile.Reconciler
	reconciling map[string]bool // by account code
	// open are the codes written for the open groups, by the book's
	// provisional code, account and partner.
	open map[string]string
}

// openCodeLetters is the fewest letters of the code an export writes for
// an open group, the length of the book's provisional codes.
const openCodeLetters = 4

// openCode is the code an export writes for its n-th open group (from
// 0): aaaa, aaab, … zzzz, baaaa…, lower case, so that it cannot be taken
// for a match's code, and the same from one book to another with the same
// entries, unlike the book's provisional codes, made of ids.
func openCode(n int) string {
	var b []byte
	for n > 0 || len(b) < openCodeLetters {
		b = append(b, byte('a'+n%26))
		n /= 26
	}
	slices.Reverse(b)
	return string(b)
}

func newLetterReader(a *app, b *ledger.Book, rec *reconcile.Reconciler) (*letterReader, error) {
	accounts, err := b.Accounts(a.ctx)
	if err != nil {
		return nil, err
	}
	lr := &letterReader{a: a, b: b, rec: rec, reconciling: map[string]bool{}, open: map[string]string{}}
	for _, acc := range accounts {
		lr.reconciling[acc.Code] = acc.Reconcilable
	}
	return lr, nil
}

// fill writes the letter and letter_date columns of e's records: a
// match's code and date, for an open group a code of the file's
// (openCode), numbered in the order the groups first come. A match with
// lines outside the period exported has its code and date written on the
// lines in the file all the same: they do not balance, which tells the
// import that the match's other lines are in the files of other periods.
func (lr *letterReader) fill(e *journal.Entry, recs [][]string) error {
	for i := range e.Lines {
		if !lr.reconciling[e.Lines[i].Account] {
			continue
		}
		ref := e.LineRef(i)
		var m journal.Match
		var in bool
		err := lr.b.View(lr.a.ctx, func(t *ledger.Tx) error {
			var err error
			m, in, err = t.MatchOf(ref)
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
		if in {
			recs[i][csvLetterColumn], recs[i][csvLetterColumn+1] = m.Code, m.Date.String()
			continue
		}
		code, _, err := lr.rec.Code(lr.a.ctx, ref)
		if err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
		if code == "" {
			continue
		}
		key := code + "\x00" + e.Lines[i].Account + "\x00" + e.Lines[i].Partner
		if lr.open[key] == "" {
			lr.open[key] = openCode(len(lr.open))
		}
		recs[i][csvLetterColumn] = lr.open[key]
	}
	return nil
}

func cmdExportXLSX(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Writes the entries of a period to an Excel workbook, one line a row,
in the columns of 'lettrage export csv': dates are date cells, debit,
credit and amount_currency number cells (shown with their currency's
decimals).`}
	fs := a.flagSet(name)
	p := addPeriodFlags(fs)
	out := fs.String("o", "", "the output `FILE` (required)")
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		return usagef(name, "%s: -o FILE is required: a workbook is not text", name)
	}
	return a.readBook(func(b *ledger.Book) error {
		f, err := p.entryFilter(a, b)
		if err != nil {
			return err
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		letters, err := newLetterReader(a, b, rec)
		if err != nil {
			return err
		}
		entries, lines := 0, 0
		t := report.Table{Title: "Écritures", Sheet: "Écritures", Columns: xlsxEntryColumns(), Rows: func(yield func(report.Row, error) bool) {
			for pe, err := range b.Entries(a.ctx, f) {
				if err != nil {
					yield(report.Row{}, err)
					return
				}
				entries++
				recs := csvRecords(&pe.Entry, false)
				if err := letters.fill(&pe.Entry, recs); err != nil {
					yield(report.Row{}, err)
					return
				}
				for _, row := range xlsxEntryRows(&pe.Entry, recs) {
					lines++
					if !yield(row, nil) {
						return
					}
				}
			}
		}}
		if err := writeFileAtomic(*out, func(w io.Writer) error { return report.WriteXLSX(w, t) }); err != nil {
			return err
		}
		o := map[string]any{"file": *out, "entries": entries, "lines": lines}
		return a.emit(o, func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "%s: %s, %s\n", *out, plural(entries, "entry"), plural(lines, "line"))
			return err
		})
	})
}

// entryFilter is the entries of the period the flags give, or of the
// whole book when none is given.
func (p *periodFlags) entryFilter(a *app, b *ledger.Book) (ledger.EntryFilter, error) {
	var f ledger.EntryFilter
	if p.year == "" && p.from == "" && p.to == "" {
		return f, nil
	}
	per, err := p.period(a, b)
	if err != nil {
		return f, err
	}
	f.From, f.To = per.From, per.To
	return f, nil
}

// xlsxEntryColumns are the columns of 'export csv', with their kinds.
func xlsxEntryColumns() []report.Column {
	cols := make([]report.Column, len(csvKnownColumns))
	for i, n := range csvKnownColumns {
		cols[i] = report.Column{Name: n, Kind: report.ColText}
		switch n {
		case "date", "due", "discount_until", "letter_date":
			cols[i].Kind = report.ColDate
		case "debit", "credit", "amount_currency", "discount":
			cols[i].Kind = report.ColAmount
		}
	}
	return cols
}

// xlsxEntryRows are an entry's lines as rows of xlsxEntryColumns: the
// values of its csvRecords recs, dates and amounts typed.
func xlsxEntryRows(e *journal.Entry, recs [][]string) []report.Row {
	rows := make([]report.Row, 0, len(e.Lines))
	for i, rec := range recs {
		l := &e.Lines[i]
		cells := make([]report.Cell, len(rec))
		for j, v := range rec {
			cells[j].Text = v
		}
		cells[1] = report.Cell{Date: e.Date}
		cells[8] = report.Cell{Date: l.DueDate}
		switch s := l.Balance.Sign(); {
		case s < 0:
			cells[9], cells[10] = report.Cell{}, report.Cell{Amount: l.Balance.Abs()}
		default:
			cells[9], cells[10] = report.Cell{Amount: l.Balance}, report.Cell{}
		}
		cells[12] = report.Cell{}
		if rec[11] != "" {
			cells[12].Amount = l.AmountCurrency
		}
		cells[15], cells[16] = report.Cell{}, report.Cell{}
		if rec[15] != "" {
			cells[15], cells[16] = report.Cell{Amount: e.DiscountOffer.Amount}, report.Cell{Date: e.DiscountOffer.Until}
		}
		if d := rec[csvLetterColumn+1]; d != "" {
			date, err := journal.ParseDate(d)
			if err != nil {
				panic("lettrage: a letter date csvRecords wrote does not read back: " + d)
			}
			cells[csvLetterColumn+1] = report.Cell{Date: date}
		}
		rows = append(rows, report.Row{Cells: cells})
	}
	return rows
}

func cmdExportHledger(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Writes the entries (all, a fiscal year, or a period) as an hledger
journal: 'hledger -f FILE balance -B' gives the book's balances. The
lettering is not exported.`}
	fs := a.flagSet(name)
	year := fs.String("year", "", "only the fiscal `YEAR` with this label")
	from := fs.String("from", "", "only entries dated from `DATE`")
	to := fs.String("to", "", "only entries dated up to `DATE`")
	out := fs.String("o", "", "the output `FILE` (default: standard output)")
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	opts := hledger.Options{FiscalYear: *year}
	var err error
	if *from != "" {
		if opts.From, err = parseDate(*from); err != nil {
			return usagef(name, "--from: %v", err)
		}
	}
	if *to != "" {
		if opts.To, err = parseDate(*to); err != nil {
			return usagef(name, "--to: %v", err)
		}
	}
	if err := checkPeriod(name, opts.From, opts.To); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		var sum hledger.Summary
		err := a.output(*out, func(w io.Writer) error {
			var err error
			sum, err = hledger.Write(a.ctx, b, w, opts)
			return err
		})
		if err != nil || *out == "" || *out == "-" {
			return err
		}
		return a.emit(hledgerWriteViewOf(*out, sum), func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "%s: %d transactions, %d postings\n", *out, sum.Entries+sum.Results, sum.Postings)
			return err
		})
	})
}

// fecReport is what validate-fec found.
type fecReport struct {
	File     string   `json:"file"`
	Lines    int      `json:"lines"`
	Entries  int      `json:"entries"`
	Errors   int      `json:"errors"`
	Warnings int      `json:"warnings"`
	Debit    string   `json:"debit"`
	Credit   string   `json:"credit"`
	Findings []string `json:"findings"`
	Dropped  int      `json:"dropped,omitempty"`
}

func cmdValidateFEC(a *app, name string, args []string) error {
	l := leaf{name: name, args: "FILE", about: `Checks a FEC file, ours or another program's, as the tax
administration's tools do, and lists what it finds. Exits with 1 when it
finds an error (warnings alone exit with 0). The fiscal year's bounds come
from --start and --end, or from a file name of the legal form
(SIRENFECYYYYMMDD: the book's fiscal year ending that day, when --book
holds one, else a year of twelve months ending that day).`}
	fs := a.flagSet(name)
	start := fs.String("start", "", "the fiscal year's first `DATE`")
	end := fs.String("end", "", "the fiscal year's last `DATE`")
	global := fs.Bool("global-numbering", false, "EcritureNum is one sequence across journals")
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	opts := fec.Options{GlobalNumbering: *global}
	if *end != "" {
		if opts.YearEnd, err = parseDate(*end); err != nil {
			return usagef(name, "--end: %v", err)
		}
	} else if d, ok := fecNameEnd(rest[0]); ok {
		opts.YearEnd = d
		if *start == "" {
			if opts.YearStart, err = a.fiscalYearStart(d); err != nil {
				return err
			}
		}
	}
	if *start != "" {
		if opts.YearStart, err = parseDate(*start); err != nil {
			return usagef(name, "--start: %v", err)
		}
	}
	if !opts.YearStart.IsZero() && !opts.YearEnd.IsZero() && opts.YearEnd.Before(opts.YearStart) {
		return usagef(name, "--end %s is before --start %s", opts.YearEnd, opts.YearStart)
	}
	if rest[0] != "-" {
		opts.FileName = rest[0]
	}
	in, _, err := a.openInput(rest[0])
	if err != nil {
		return err
	}
	defer in.Close()
	rep, err := fec.Validate(in, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	o := fecReport{File: rest[0], Lines: rep.Lines, Entries: rep.Entries, Errors: rep.Errors, Warnings: rep.Warnings,
		Debit: rep.Debit().Text('f'), Credit: rep.Credit().Text('f'), Findings: []string{}, Dropped: rep.Dropped}
	for _, f := range rep.Findings {
		o.Findings = append(o.Findings, f.String())
	}
	err = a.emit(o, func(w io.Writer) error {
		fmt.Fprintf(w, "%s: %d lines, %d entries, debit %s, credit %s: %d errors, %d warnings\n",
			o.File, o.Lines, o.Entries, currency.FrenchDecimal(o.Debit), currency.FrenchDecimal(o.Credit), o.Errors, o.Warnings)
		for _, f := range o.Findings {
			fmt.Fprintf(w, "  %s\n", f)
		}
		if o.Dropped > 0 {
			fmt.Fprintf(w, "  … and %d more\n", o.Dropped)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("%s: %d errors: not a valid FEC", rest[0], rep.Errors)
	}
	return nil
}

// fiscalYearStart is the first day of the fiscal year ending on end: the
// book's, when there is a book holding one (a first year of eighteen
// months), else twelve months before. A book that cannot be read (another
// process holds it) is an error: guessing the year could report a valid
// file's entries outside it.
func (a *app) fiscalYearStart(end journal.Date) (journal.Date, error) {
	start := end.AddDays(1).AddMonths(-12)
	if !isPostgres(a.bookPath) {
		if _, err := os.Stat(a.bookPath); errors.Is(err, os.ErrNotExist) {
			return start, nil
		}
	}
	err := a.readBook(func(b *ledger.Book) error {
		fys, err := b.FiscalYears(a.ctx)
		for _, y := range fys {
			if y.End == end {
				start = y.Start
			}
		}
		return err
	})
	if err != nil {
		return start, fmt.Errorf("the fiscal year ending %s, from the book %s: %w (give --start, or --book)", end, bookName(a.bookPath), err)
	}
	return start, nil
}

// fecNameEnd reads the year's end from a FEC's legal file name.
func fecNameEnd(path string) (journal.Date, bool) {
	_, end, ok := fec.ParseFileName(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	return end, ok
}

// verifyOutput is what verify found.
type verifyOutput struct {
	Entries uint64 `json:"entries"`
	Check   string `json:"check"`
	Chains  string `json:"chains"`
}

func cmdVerify(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Reads the whole book and checks every invariant (balanced entries,
gapless numbers, balances, lettering, cash-basis VAT, indexes), then the
hash chains of every journal, the configuration and the lettering.
Exits with 1 and lists the problems when any is found.`}
	fs := a.flagSet(name)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		n, err := b.LastSeq(a.ctx)
		if err != nil {
			return err
		}
		o := verifyOutput{Entries: n, Check: "ok", Chains: "ok"}
		bar := a.newProgress(2, "checking invariants")
		checkErr := b.Check(a.ctx)
		bar.set(1)
		bar.describe("verifying hash chains")
		verifyErr := b.Verify(a.ctx)
		bar.set(2)
		bar.done()
		var ce *ledger.CheckError
		if errors.As(checkErr, &ce) {
			o.Check = fmt.Sprintf("%d problems", len(ce.Problems)+ce.Omitted)
			for _, p := range ce.Problems {
				fmt.Fprintf(a.stderr, "check: %s\n", p)
			}
		} else if checkErr != nil {
			return checkErr
		}
		var ve *ledger.VerifyError
		if errors.As(verifyErr, &ve) {
			o.Chains = ve.Error()
			fmt.Fprintf(a.stderr, "verify: %s\n", ve)
		} else if verifyErr != nil {
			return verifyErr
		}
		if err := a.emit(o, func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "%d entries; invariants: %s; hash chains: %s\n", o.Entries, o.Check, o.Chains)
			return err
		}); err != nil {
			return err
		}
		if checkErr != nil || verifyErr != nil {
			return fmt.Errorf("%s: the book is damaged", bookName(a.bookPath))
		}
		return nil
	})
}
