package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/pgstore"
)

// opened is a book on its store; close releases the file or the
// connections.
type opened struct {
	book  *ledger.Book
	store bookStore
}

func (o *opened) close() error { return o.store.Close() }

// now returns the book's clock: --clock or LETTRAGE_NOW when set (RFC 3339
// or a date, read as midnight UTC), time.Now otherwise.
func (a *app) now() (func() time.Time, error) {
	if a.clock == "" {
		return time.Now, nil
	}
	t, err := time.Parse(time.RFC3339, a.clock)
	if err != nil {
		d, derr := journal.ParseDate(a.clock)
		if derr != nil {
			return nil, fmt.Errorf("clock %q: neither RFC 3339 nor a date", a.clock)
		}
		t = d.Time()
	}
	return func() time.Time { return t }, nil
}

// openBook opens the existing book at --book. A missing file, an empty one
// or one that is not a bbolt file is refused before anything writes to it;
// so is a PostgreSQL schema without a book. A bbolt book opened readOnly
// is shared with the other readers (boltstore.Options.ReadOnly); opened
// for writing, it is the process's alone.
func (a *app) openBook(readOnly bool) (*opened, error) {
	if isPostgres(a.bookPath) {
		return a.openPostgresBook()
	}
	path := a.bookPath
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("no book at %s (create one with 'lettrage init --book %s')", path, path)
	case err != nil:
		return nil, err
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a lettrage book: not a regular file", path)
	case fi.Size() == 0:
		return nil, fmt.Errorf("%s is not a lettrage book: the file is empty", path)
	}
	clock, err := a.now()
	if err != nil {
		return nil, err
	}
	st, err := a.openBolt(path, readOnly)
	if errors.Is(err, boltstore.ErrInvalidFile) {
		return nil, fmt.Errorf("%s is not a lettrage book: %w", path, err)
	} else if err != nil {
		return nil, err
	}
	book, err := ledger.Open(a.ctx, st, ledger.Options{Clock: clock})
	if err != nil {
		st.Close()
		if errors.Is(err, ledger.ErrNotABook) {
			return nil, fmt.Errorf("%s is not a lettrage book: %w", path, err)
		}
		return nil, err
	}
	return &opened{book: book, store: st}, nil
}

// waitDefault is how long a command waits, at most, for a bbolt book
// another process has (--wait): a command that writes needs the book
// alone, and a command that reads shares it with the other readers only.
const waitDefault = 30 * time.Second

// openBolt opens the bbolt book at path. While another process has it
// (boltstore.ErrLocked: a writer, or readers when this command writes),
// it tries again until the command's wait (--wait) is over, saying once
// on standard error that it waits; then it gives up with the store's
// ErrLocked, saying what to do, or with the context's error when a.ctx is
// cancelled. Each try waits for the file lock up to boltstore's
// Options.Timeout (a second), so --wait 0 gives up after one try. Within
// indexForReading it tries once: that loop does the waiting.
func (a *app) openBolt(path string, readOnly bool) (*boltstore.DB, error) {
	if err := a.resolveWait(); err != nil {
		return nil, err
	}
	for {
		st, err := boltstore.Open(path, boltstore.Options{ReadOnly: readOnly})
		if !errors.Is(err, boltstore.ErrLocked) {
			return st, err
		}
		if cerr := a.ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if a.waitWhy != "" {
			// indexForReading tries again itself, with a read-only open
			// between two tries: another report may index the book
			// meanwhile, and then it reads beside that one.
			return nil, err
		}
		if !a.waiting() {
			return nil, fmt.Errorf("%w: gave up after %s: run this command again once the other process ends (or give --wait a longer time)", err, a.wait)
		}
	}
}

// waiting starts the command's wait for the book if it has not started,
// says so on standard error the first time, and reports whether the wait
// is still on.
func (a *app) waiting() bool {
	now := time.Now()
	if a.waitUntil.IsZero() {
		a.waitUntil = now.Add(a.wait)
	}
	if !now.Before(a.waitUntil) {
		return false
	}
	if !a.waitTold {
		a.waitTold = true
		why := a.waitWhy
		if why == "" {
			why = "is in use by another process (another lettrage command, or a program using the book)"
		}
		fmt.Fprintf(a.stderr, "lettrage: %s %s: waiting for it (at most %s)\n", a.bookPath, why, a.wait)
	}
	return true
}

// openPostgresBook opens the book in the PostgreSQL schema --book names.
func (a *app) openPostgresBook() (*opened, error) {
	clock, err := a.now()
	if err != nil {
		return nil, err
	}
	st, err := a.openStore(false)
	if errors.Is(err, pgstore.ErrNoSchema) {
		err = ledger.ErrNotABook // a schema that was never made: no book, and nothing written
	} else if err != nil {
		return nil, err
	}
	var book *ledger.Book
	if err == nil {
		book, err = ledger.Open(a.ctx, st, ledger.Options{Clock: clock})
	}
	if err != nil {
		if st != nil {
			st.Close()
		}
		if errors.Is(err, ledger.ErrNotABook) {
			name := bookName(a.bookPath)
			return nil, fmt.Errorf("no book at %s (create one with 'lettrage init --book %s')", name, name)
		}
		return nil, err
	}
	return &opened{book: book, store: st}, nil
}

// withBook runs fn on the book opened for writing, and closes it. After
// fn, the indexes of what it posted are written, so that readers find a
// book they can read without writing (readBook).
func (a *app) withBook(fn func(b *ledger.Book) error) error {
	o, err := a.openBook(false)
	if err != nil {
		return err
	}
	err = fn(o.book)
	if err == nil {
		err = o.book.Index(a.ctx)
	}
	return a.closeBook(o, err)
}

// readBook runs fn, which only reads, on the book opened read-only: any
// number of commands that read may run at once, and a command that
// writes waits for them (as they wait for it). A book some writer left
// with writes still to make before it can be read (indexes of its last
// entries, a write-behind log) is first opened for writing once to make
// them (indexForReading).
func (a *app) readBook(fn func(b *ledger.Book) error) error {
	if isPostgres(a.bookPath) {
		// No file lock: PostgreSQL readers never wait for one another, and
		// a read writes nothing (no indexing after it, as a writer does).
		o, err := a.openBook(false)
		if err != nil {
			return err
		}
		return a.closeBook(o, fn(o.book))
	}
	o, err := a.openReadable()
	if needsIndexing(err) {
		o, err = a.indexForReading()
	}
	if err != nil {
		return err
	}
	return a.closeBook(o, fn(o.book))
}

// needsIndexing reports whether err is a read-only open's refusal of a
// book with writes still to make before it can be read: the indexes of
// its last entries (store.ErrReadOnly), a write-behind log
// (boltstore.ErrPendingLog).
func needsIndexing(err error) bool {
	return errors.Is(err, store.ErrReadOnly) || errors.Is(err, boltstore.ErrPendingLog)
}

// indexForReading writes what a book needs before it can be read (see
// needsIndexing) and opens it read-only. The write needs the book alone:
// while another process has it open (another report, which may be
// indexing it too, a command that writes, a program using the library),
// indexForReading tries again until the command's wait (--wait) is over,
// saying once on standard error that it waits, and reads the book as soon
// as it no longer needs indexing, whoever indexed it. Two reports started
// at once on such a book both find it so: one indexes it and reads it
// while the other waits, then reads it as indexed. Past the wait it gives
// up with an error matching boltstore.ErrLocked that says what to do; it
// stops with the context's error when a.ctx is cancelled. It writes
// nothing but the indexing.
func (a *app) indexForReading() (*opened, error) {
	a.waitWhy = "needs indexing and another process has it open"
	defer func() { a.waitWhy = "" }()
	for {
		locked := a.withBook(func(*ledger.Book) error { return nil })
		if locked != nil && !errors.Is(locked, boltstore.ErrLocked) {
			return nil, locked
		}
		o, err := a.openReadable()
		switch {
		case err == nil:
			return o, nil
		case errors.Is(err, boltstore.ErrLocked):
			locked = err // a writer has it: maybe another reader indexing it
		case !needsIndexing(err):
			return nil, err
		}
		if err := a.ctx.Err(); err != nil {
			return nil, err
		}
		if locked == nil {
			locked = err // indexed, and written to again before it could be read
		}
		if !a.waiting() {
			return nil, fmt.Errorf("%s needs indexing (the indexes of its last entries, or its write-behind log, are not written yet; that is a write, which needs the book alone) and is in use by another process (another lettrage command, or a program using the book): gave up after %s: run this command again once that process ends (or give --wait a longer time); it will index the book first: %w",
				a.bookPath, a.wait, locked)
		}
	}
}

// openReadable opens the book read-only and reads it once: a book whose
// last entries lag behind their indexes fails there, with an error
// matching store.ErrReadOnly. No writer can add to the lag while the
// book is open.
func (a *app) openReadable() (*opened, error) {
	o, err := a.openBook(true)
	if err != nil {
		return nil, err
	}
	if _, err := o.book.LockDates(a.ctx); err != nil {
		o.close()
		return nil, err
	}
	return o, nil
}

// closeBook closes o after a command that ended with err, and names the
// entries err mentions by their numbers.
func (a *app) closeBook(o *opened, err error) error {
	if err != nil {
		err = a.nameEntries(o.book, err)
	}
	if cerr := o.close(); err == nil {
		err = cerr
	}
	return err
}

// reconciler returns the lettering layer of b with the French defaults
// and the tolerances given.
// name is the command's, for a usage error.
func (a *app) reconciler(b *ledger.Book, name string, tolerances ...string) (*reconcile.Reconciler, error) {
	cfg := reconcile.Config{}
	for _, tolerance := range tolerances {
		if tolerance == "" {
			continue
		}
		t, err := toleranceOf(b.Currency(), tolerance)
		if err != nil {
			return nil, usagef(name, "--tolerance: %v", err)
		}
		if t.Sign() < 0 {
			return nil, usagef(name, "--tolerance: %s is negative: the most written off is 0 or more", tolerance)
		}
		if slices.ContainsFunc(cfg.Tolerance, func(x currency.Amount) bool { return x.Currency() == t.Currency() }) {
			return nil, usagef(name, "--tolerance: %s given twice", t.Currency().Code())
		}
		cfg.Tolerance = append(cfg.Tolerance, t)
	}
	return reconcile.New(a.ctx, b, cfg)
}

// toleranceOf reads a write-off tolerance: an amount in the company
// currency ("0,05"), or followed by another currency's code ("0.05 USD").
func toleranceOf(company currency.Currency, s string) (currency.Amount, error) {
	s = strings.TrimSpace(s)
	// A code is the last three letters, after a digit or a space: "EURO"
	// or "+inf" hold none, and are refused as they were typed.
	if n := len(s); n > 3 && (s[n-4] == ' ' || s[n-4] >= '0' && s[n-4] <= '9') {
		if code := strings.ToUpper(s[n-3:]); strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
			c, err := currency.Lookup(code)
			if err != nil {
				return currency.Amount{}, err
			}
			return parseAmount(c, strings.TrimSpace(s[:n-3]))
		}
	}
	return parseAmount(company, s)
}

// tolerancesFlag is --tolerance, repeatable, one amount (and currency)
// each: a decimal comma is no separator here.
type tolerancesFlag []string

func (l *tolerancesFlag) String() string { return strings.Join(*l, " ") }

func (l *tolerancesFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// emit prints v as JSON with --json, else runs text.
func (a *app) emit(v any, text func(w io.Writer) error) error {
	if a.json {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	return text(a.stdout)
}

// parseAmount reads an amount written with a decimal point or a decimal
// comma, spaces (also no-break ones) between thousands allowed: "1 234,56",
// "-1234.56". A comma and a point together are refused: which one groups
// thousands is a guess. Only plain decimals are amounts: an exponent
// ("1e3"), NaN, an infinity or hexadecimal digits are refused
// (currency.ErrSyntax), though the currency package reads some of them, as
// a slip of the keyboard, not a way to write money.
func parseAmount(c currency.Currency, s string) (currency.Amount, error) {
	if !thousandsSpaced(s) {
		return currency.Amount{}, fmt.Errorf("amount %q: %w: a space may only group thousands (\"1 234,56\"): a space for a decimal point reads a hundred times the amount", s, currency.ErrSyntax)
	}
	t := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f':
			return -1
		}
		return r
	}, s)
	if strings.Contains(t, ",") {
		if strings.Contains(t, ".") {
			return currency.Amount{}, fmt.Errorf("amount %q: both a comma and a point", s)
		}
		if strings.Count(t, ",") > 1 {
			return currency.Amount{}, fmt.Errorf("amount %q: more than one decimal comma", s)
		}
		t = strings.Replace(t, ",", ".", 1)
	}
	if !plainDecimal(t) {
		return currency.Amount{}, fmt.Errorf("amount %q: %w: write a plain decimal such as 1234.56 or \"1 234,56\" (no exponent, NaN, infinity or hexadecimal)", s, currency.ErrSyntax)
	}
	a, err := currency.Parse(c, t)
	if err != nil {
		return currency.Amount{}, fmt.Errorf("amount %q: %w", s, err)
	}
	return a, nil
}

// thousandsSpaced reports whether the spaces of s (also no-break ones),
// if any, only group the digits of its whole part by three: "1 234,56",
// "12 345 678", not "12 50" or "1 2,50". Spaces around it are trimmed.
func thousandsSpaced(s string) bool {
	isSpace := func(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' }
	s = strings.TrimFunc(s, isSpace)
	groups := strings.FieldsFunc(s, isSpace)
	if len(groups) <= 1 {
		return true // no space inside
	}
	for i, g := range groups[1:] {
		whole := g
		if i == len(groups)-2 {
			whole, _, _ = strings.Cut(strings.ReplaceAll(g, ",", "."), ".")
		}
		if len(whole) != 3 || strings.Trim(whole, "0123456789") != "" {
			return false
		}
	}
	first := strings.TrimLeft(groups[0], "+-")
	return len(first) >= 1 && len(first) <= 3 && strings.Trim(first, "0123456789") == "" &&
		strings.Count(s, " ")+strings.Count(s, "\u00a0")+strings.Count(s, "\u202f") == len(groups)-1
}

// plainDecimal reports whether s is a sign, digits and at most one
// decimal point, with at least one digit.
func plainDecimal(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	digits, point := 0, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// frenchDate writes an ISO date as the text output reads it, dd/mm/yyyy
// (the JSON output keeps the ISO date); anything else as it is.
func frenchDate(iso string) string {
	if d, err := journal.ParseDate(iso); err == nil {
		return d.French()
	}
	return iso
}

// parseDate reads an ISO date (2026-03-15) or a French one (15/03/2026).
func parseDate(s string) (journal.Date, error) {
	if d, err := journal.ParseDate(s); err == nil {
		return d, nil
	}
	if t, err := time.Parse("02/01/2006", s); err == nil {
		return journal.NewDate(t.Year(), t.Month(), t.Day())
	}
	// Written as a date is, but no day of the calendar: say so, rather
	// than blame its form (2026-02-30, 31/04/2026).
	var y, m, d int
	if n, _ := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); n == 3 && len(s) == 10 || isFrenchDate(s, &d, &m, &y) {
		last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		switch {
		case y < journal.DateYearMin || y > journal.DateYearMax:
			return journal.Date{}, fmt.Errorf("date %q: a year from %d to %d", s, journal.DateYearMin, journal.DateYearMax)
		case m < 1 || m > 12:
			return journal.Date{}, fmt.Errorf("date %q: there is no month %d", s, m)
		case d < 1:
			return journal.Date{}, fmt.Errorf("date %q: there is no day %d", s, d)
		}
		return journal.Date{}, fmt.Errorf("date %q: %s %d has %d days", s, time.Month(m), y, last)
	}
	return journal.Date{}, fmt.Errorf("date %q: want YYYY-MM-DD or DD/MM/YYYY", s)
}

// isFrenchDate reads s as DD/MM/YYYY into its day, month and year,
// whether or not that day exists.
func isFrenchDate(s string, d, m, y *int) bool {
	n, _ := fmt.Sscanf(s, "%2d/%2d/%4d", d, m, y)
	return n == 3 && len(s) == 10
}

// entryNamed reads the entry numbered number ("VT/2026/00042"), and says
// so in the command's words when the book has none.
func entryNamed(a *app, b *ledger.Book, number string) (journal.Entry, error) {
	e, err := b.EntryByNumber(a.ctx, number)
	if errors.Is(err, ledger.ErrNotFound) {
		return journal.Entry{}, fmt.Errorf("%s: the book has no entry of that number ('lettrage report journals' lists them)", number)
	}
	if err != nil {
		return journal.Entry{}, fmt.Errorf("%s: %w", number, err)
	}
	return e, nil
}

// lineRef reads "VT/2026/00042:1" (an entry's number and a line index
// from 0) into a posted line. Without ":INDEX", the line is the entry's
// first line with a partner, else its first line on account when given.
func lineRef(a *app, b *ledger.Book, s, account string) (journal.LineRef, error) {
	number, idx, hasIdx := strings.Cut(s, ":")
	e, err := entryNamed(a, b, number)
	if err != nil {
		return journal.LineRef{}, err
	}
	if hasIdx {
		var i int
		if _, err := fmt.Sscanf(idx, "%d", &i); err != nil || i < 0 || i >= len(e.Lines) {
			return journal.LineRef{}, fmt.Errorf("%s: no line %q (the entry has lines 0 to %d)", number, idx, len(e.Lines)-1)
		}
		return e.LineRef(i), nil
	}
	for i, l := range e.Lines {
		if (account == "" && l.Partner != "") || (account != "" && l.Account == account) {
			return e.LineRef(i), nil
		}
	}
	return journal.LineRef{}, fmt.Errorf("%s: no line with a partner; name one as %s:INDEX", number, number)
}

// number names a posted line by its entry's number: "VT/2026/00042:1".
func number(a *app, b *ledger.Book, r journal.LineRef) string {
	e, err := b.Entry(a.ctx, r.Entry)
	if err != nil {
		return r.String()
	}
	return fmt.Sprintf("%s:%d", e.Name(), r.Index)
}

// idPattern finds entry ids in error messages, with a line index after
// '#' when the message names a line.
var idPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(#[0-9]+)?`)

// namedError is an error whose message names entries by their numbers.
type namedError struct {
	msg string
	err error
}

func (e *namedError) Error() string { return e.msg }
func (e *namedError) Unwrap() error { return e.err }

// nameEntries rewrites the entry ids in err's message as the entries'
// numbers (VT/2026/00042, VT/2026/00042:1 for a line): people know their
// entries by number. Ids of no posted entry are left as they are.
func (a *app) nameEntries(b *ledger.Book, err error) error {
	msg := err.Error()
	named := idPattern.ReplaceAllStringFunc(msg, func(s string) string {
		id, line, _ := strings.Cut(s, "#")
		eid, perr := journal.ParseID(id)
		if perr != nil {
			return s
		}
		e, gerr := b.Entry(a.ctx, eid)
		if gerr != nil || e.Name() == "" {
			return s
		}
		if line != "" {
			return e.Name() + ":" + line
		}
		return e.Name()
	})
	if named == msg {
		return err
	}
	return &namedError{msg: named, err: err}
}

// plural counts things in English: "1 entry", "2 entries".
func plural(n int, thing string) string {
	switch {
	case n == 1:
		return "1 " + thing
	case strings.HasSuffix(thing, "y"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(thing, "y"))
	case strings.HasSuffix(thing, "ch"), strings.HasSuffix(thing, "s"):
		return fmt.Sprintf("%d %ses", n, thing)
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// isFlagSet reports whether the command line gave flag name, even empty.
func isFlagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
