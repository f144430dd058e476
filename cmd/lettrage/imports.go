package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report/hledger"
)

// openInput opens a file argument, "-" being standard input, and returns
// its size (-1 when unknown).
func (a *app) openInput(path string) (io.ReadCloser, int64, error) {
	if path == "-" {
		return &interruptible{r: a.stdin, ctx: a.ctx}, -1, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, fi.Size(), nil
}

// interruptible reads standard input until the command is interrupted: a
// read waiting on a terminal or a pipe returns when Ctrl-C cancels ctx,
// instead of holding the book until the input ends.
type interruptible struct {
	r   io.Reader
	ctx context.Context
	buf []byte // what a read fills, reused: one left behind is the last
}

func (in *interruptible) Read(b []byte) (int, error) {
	if err := in.ctx.Err(); err != nil {
		return 0, err
	}
	type read struct {
		n   int
		err error
	}
	// The read runs beside the wait: a blocked read of a terminal cannot
	// be cancelled, so on Ctrl-C it is left behind and the command ends.
	if cap(in.buf) < len(b) {
		in.buf = make([]byte, len(b))
	}
	buf := in.buf[:len(b)]
	done := make(chan read, 1)
	go func() {
		n, err := in.r.Read(buf)
		done <- read{n, err}
	}()
	select {
	case r := <-done:
		return copy(b, buf[:r.n]), r.err
	case <-in.ctx.Done():
		return 0, in.ctx.Err()
	}
}

func (in *interruptible) Close() error { return nil }

// counting counts the bytes read through it for a progress bar.
type counting struct {
	r io.Reader
	n int64
	p *progress
}

func (c *counting) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	c.p.set(c.n)
	return n, err
}

// importSummary is what import entries did.
type importSummary struct {
	File     string `json:"file"`
	Entries  int    `json:"entries"` // read from the file
	Posted   int    `json:"posted"`
	Replayed int    `json:"replayed"` // already in the book, from an earlier import
	// SkippedEntries counts the entries --skip-bad left out, Skipped
	// lists their problems.
	SkippedEntries int          `json:"skipped_entries,omitempty"`
	First          string       `json:"first,omitempty"`
	Last           string       `json:"last,omitempty"`
	Skipped        []csvProblem `json:"skipped,omitempty"`
	// Numbers are the numbers posted, per journal in the order the
	// journals first posted: "VT/2026/00001 to VT/2026/00040" each.
	Numbers []string `json:"numbers,omitempty"`
	// Letters counts the letter codes lettered again; LeftOut the
	// exchange-difference and cash-basis entries the file marks generated,
	// not imported; Generated the entries the lettering posted in their
	// stead.
	Letters   int `json:"letters,omitempty"`
	LeftOut   int `json:"left_out,omitempty"`
	Generated int `json:"generated,omitempty"`
	// Unlettered are the letter codes left unlettered, as lettering them
	// again would not post the file's generated entries (their
	// cash-basis and exchange entries left out, for lettering them later
	// to post once), each with why; and the cash-basis entries marked
	// generated that no letter code posts, imported as written.
	Unlettered []csvUnlettered `json:"unlettered,omitempty"`

	ranges []numberRange
}

// numberRange is the first and last entry a journal posted in an import.
type numberRange struct{ journal, first, last string }

// posted counts an entry posted by an import, in posting order.
func (s *importSummary) posted(e journal.Entry) {
	s.Posted++
	if s.First == "" {
		s.First = e.Name()
	}
	s.Last = e.Name()
	for i := range s.ranges {
		if s.ranges[i].journal == e.Journal {
			s.ranges[i].last = e.Name()
			return
		}
	}
	s.ranges = append(s.ranges, numberRange{e.Journal, e.Name(), e.Name()})
}

// numbers fills Numbers from the ranges counted.
func (s *importSummary) numbers() {
	for _, r := range s.ranges {
		if r.first == r.last {
			s.Numbers = append(s.Numbers, r.first)
		} else {
			s.Numbers = append(s.Numbers, r.first+" to "+r.last)
		}
	}
}

func cmdImportEntries(a *app, name string, args []string) error {
	l := leaf{name: name, args: "FILE.csv", about: `Imports entries from a CSV file ("-" for standard input), one record per
line of an entry: date;journal;ref;label;account;partner;debit;credit
with optional currency;amount_currency, or the columns a header names
(see 'go doc github.com/lettrage/lettrage/cmd/lettrage'). The lines of
one entry follow one another and share their ref (or entry column).

The lines sharing a letter code (letter column, on one account and
partner) are lettered together once the entries are posted, as 'lettrage
export csv' wrote them: upper case for a full match, whose lines must
balance (or, with a letter_date, a part of a match whose other lines are
in the files of other periods, imported in date order: see 'lettrage
export csv'), lower case for a group not fully lettered. The exchange
difference and cash-basis entries marked generated are left out: the
lettering posts them again. A code whose lettering would not post them
exactly as the file has them is left unlettered, named in a warning, and
they are left out all the same: lettering it later (by hand, or 'lettrage
auto') posts them once. A bad debt marked generated
is written off anew on its invoice, an impairment marked generated
posted anew as 'lettrage impair' posts it; either is imported as
written, with a warning, when that would post other entries.

The file is checked whole first. A bad line is reported with its line
number and nothing is imported; with --skip-bad the bad lines are listed
and the other entries imported, in one batch; a file whose every entry
is bad fails (exit 1), nothing posted. Importing a file again posts
nothing new.

A supplier bill or credit note whose supplier already has one under the
same reference (ref, compared without surrounding spaces and case) is
the same document entered twice, from another file or by 'lettrage
post': it is refused, naming the entry posted first, and nothing is
imported (with --skip-bad, it alone is left out). A reversed document
does not count. When the supplier really reused the number, import with
--allow-duplicate-ref.`}
	fs := a.flagSet(name)
	sep := fs.String("sep", ";", "the field separator: ';', ',' or 'tab'")
	skipBad := fs.Bool("skip-bad", false, "list the bad lines and import the other entries")
	allowDup := fs.Bool("allow-duplicate-ref", false, "post supplier bills and credit notes whose supplier already has one under the same reference")
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	comma, err := separator(*sep)
	if err != nil {
		return usagef(name, "--sep: %v", err)
	}
	in, size, err := a.openInput(rest[0])
	if err != nil {
		return err
	}
	defer in.Close()
	return a.withBook(func(b *ledger.Book) error {
		bar := a.newProgress(size, "reading "+rest[0])
		entries, problems, err := readCSVEntries(&counting{r: in, p: bar}, comma, b.Currency())
		bar.done()
		if err != nil {
			return fmt.Errorf("%s: %w", rest[0], err)
		}
		// A tax where it cannot mean anything (on a customer's line, a
		// base on another tax's account) is a bad line, as post refuses it.
		err = b.View(a.ctx, func(t *ledger.Tx) error {
			for _, e := range entries {
				if e.bad {
					continue
				}
				if i, err := taxedLineProblem(t.Account, e.entry); err != nil {
					e.bad = true
					line := e.first()
					if i < len(e.lines) {
						line = e.lines[i]
					}
					problems = append(problems, csvProblem{Line: line, Entry: strings.TrimSpace(e.key), Reason: err.Error()})
				} else if err := offerProblem(t.Account, e.entry); err != nil {
					e.bad = true
					problems = append(problems, csvProblem{Line: e.first(), Entry: strings.TrimSpace(e.key), Reason: err.Error()})
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(problems) > 0 && !*skipBad {
			a.listProblems(rest[0], problems)
			return fmt.Errorf("%s: %s; nothing imported", rest[0], plural(len(problems), "bad line"))
		}
		var good []*csvEntry
		for _, e := range entries {
			if !e.bad {
				good = append(good, e)
			}
		}
		if len(good) > ledger.BatchEntriesMax {
			return fmt.Errorf("%s: %d entries; one import takes at most %d", rest[0], len(good), ledger.BatchEntriesMax)
		}
		kinds, err := journalKinds(a, b, good)
		if err != nil {
			return err
		}
		accounts, err := b.Accounts(a.ctx)
		if err != nil {
			return err
		}
		accountKinds := make(map[string]ledger.AccountKind, len(accounts))
		for _, acc := range accounts {
			accountKinds[acc.Code] = acc.Kind
		}
		finishCSVEntries(good, kinds, accountKinds)
		if err := markBookReversals(a, b, good, func(code string) ledger.AccountKind {
			if k, ok := accountKinds[code]; ok {
				return k
			}
			return ledger.KindOfCode(code)
		}); err != nil {
			return err
		}
		if err := importDueEntries(a, b, good); err != nil {
			return err
		}
		groups := csvLetterGroups(good)
		if err := joinBook(a, b, groups, *skipBad); err != nil {
			return fmt.Errorf("%s: %w; nothing imported", rest[0], err)
		}
		lt := newCSVLettering(good, groups)
		lt.allowDupRef = *allowDup
		if (len(lt.groups) > 0 || len(lt.impairments) > 0) && !*skipBad {
			for _, g := range lt.groups {
				if err := g.check(b.Currency()); err != nil {
					if g.code == strings.ToUpper(g.code) {
						return fmt.Errorf("%s: %s: %w; nothing imported", rest[0], g, err)
					}
					// A group not fully lettered whose other lines are not in
					// the file (an export of a period): left unlettered.
					if g.cluster.off == "" {
						g.cluster.off = fmt.Sprintf("%s: %v", g, err)
					}
				}
			}
			return importLettered(a, b, rest[0], entries, good, lt)
		}
		// With --skip-bad the entries are posted first, the generated ones
		// that lettering posts anew after, with the lettering
		// (reletterSkipping).
		var left []*csvEntry
		good = slices.DeleteFunc(good, func(e *csvEntry) bool {
			if e.leftOut() {
				left = append(left, e)
			}
			return e.leftOut()
		})
		batch := make([]journal.Entry, len(good))
		for i, e := range good {
			batch[i] = e.entry
		}
		bar = a.newProgress(-1, fmt.Sprintf("posting %d entries", len(batch)))
		results, err := b.PostBatch(a.ctx, batch, ledger.BatchOptions{AllOrNothing: !*skipBad, AllowDuplicateRef: *allowDup})
		bar.done()
		if err != nil {
			return err
		}
		sum := importSummary{File: rest[0], Entries: len(entries), Skipped: problems}
		var refused []csvProblem
		unknownAccount, duplicate := false, false
		for i, r := range results {
			switch {
			case r.Err == nil && r.Replay:
				sum.Replayed++
			case r.Err == nil:
				sum.posted(r.Entry)
			case !errors.Is(r.Err, ledger.ErrBatchAborted):
				refused = append(refused, refusal(good[i], a.nameEntries(b, r.Err)))
				unknownAccount = unknownAccount || errors.Is(r.Err, ledger.ErrUnknownAccount)
				duplicate = duplicate || errors.Is(r.Err, ledger.ErrDuplicateReference)
			}
		}
		if len(refused) > 0 && !*skipBad {
			a.listProblems(rest[0], refused)
			if unknownAccount {
				return fmt.Errorf("%s: the book refused %s; nothing imported (add the accounts it lacks with 'lettrage account add CODE --name NAME', then import again)",
					rest[0], plural(len(refused), "entry"))
			}
			if duplicate {
				return fmt.Errorf("%s: the book refused %s; nothing imported (a supplier document already posted under the same reference is the same document entered twice; if the supplier really reused the number, import with --allow-duplicate-ref)",
					rest[0], plural(len(refused), "entry"))
			}
			return fmt.Errorf("%s: the book refused %s; nothing imported", rest[0], plural(len(refused), "entry"))
		}
		sum.Skipped = append(sum.Skipped, refused...)
		sum.SkippedEntries = len(entries) - len(good) - len(left) + len(refused)
		if len(lt.groups) > 0 || len(lt.impairments) > 0 {
			if err := reletterSkipping(a, b, &sum, lt, good, left, results); err != nil {
				return fmt.Errorf("%s: %w", rest[0], err)
			}
		} else {
			sum.Unlettered = lt.unlettered()
		}
		if len(sum.Skipped) > 0 {
			a.listProblems(rest[0], sum.Skipped)
		}
		if sum.SkippedEntries > 0 && sum.Posted == 0 && sum.Replayed == 0 {
			// Every entry skipped: the book is as it was, which a script
			// must not take for an import done.
			return fmt.Errorf("%s: no entry posted, all %s skipped (correct the lines listed above and import the file again)",
				rest[0], plural(sum.SkippedEntries, "entry"))
		}
		sum.numbers()
		return a.emit(sum, func(w io.Writer) error {
			fmt.Fprintf(w, "%s: %s read, %d posted", rest[0], plural(sum.Entries, "entry"), sum.Posted)
			if sum.Posted > 0 {
				// Per journal: "VT/2026/00001 to AC/2026/00001" named
				// neither the sales past the first nor the bank entries.
				fmt.Fprintf(w, " (%s)", strings.Join(sum.Numbers, ", "))
			}
			if sum.Replayed > 0 {
				fmt.Fprintf(w, ", %d already in the book", sum.Replayed)
			}
			if len(sum.Skipped) > 0 {
				fmt.Fprintf(w, ", %s skipped", plural(sum.SkippedEntries, "entry"))
			}
			_, err := fmt.Fprintln(w)
			if err == nil {
				err = sum.printLettering(w)
			}
			return err
		})
	})
}

// printLettering says what the import lettered and left out, and warns
// of the letter codes it left unlettered.
func (s *importSummary) printLettering(w io.Writer) error {
	if s.Letters > 0 || s.LeftOut > 0 {
		if _, err := fmt.Fprintf(w, "  %s lettered, %s marked generated left out, %s posted by the lettering\n",
			plural(s.Letters, "letter code"), plural(s.LeftOut, "entry"), plural(s.Generated, "entry")); err != nil {
			return err
		}
	}
	for _, u := range s.Unlettered {
		if _, err := fmt.Fprintf(w, "  warning: %s\n", u); err != nil {
			return err
		}
	}
	return nil
}

// importLettered posts the good entries of an import file and letters
// the groups of lines sharing a letter code, in one operation: all or
// nothing. The exchange-difference and cash-basis entries left out are
// posted again by the lettering; the codes whose lettering would not post
// them as the file has them are left unlettered with a warning, their
// cash-basis and exchange entries left out (csvLettering.post).
func importLettered(a *app, b *ledger.Book, file string, entries, good []*csvEntry, lt *csvLettering) error {
	out, groupOf, err := lt.post(a, b, good)
	if err != nil {
		if errors.Is(err, ledger.ErrUnknownAccount) {
			return fmt.Errorf("%s: %w; nothing imported (add the accounts it lacks with 'lettrage account add CODE --name NAME', then import again)", file, a.nameEntries(b, err))
		}
		if errors.Is(err, ledger.ErrDuplicateReference) {
			return fmt.Errorf("%s: %w; nothing imported (a supplier document already posted under the same reference is the same document entered twice; if the supplier really reused the number, import with --allow-duplicate-ref)", file, a.nameEntries(b, err))
		}
		return fmt.Errorf("%s: %w; nothing imported", file, a.nameEntries(b, err))
	}
	sum := importSummary{File: file, Entries: len(entries), Generated: len(out.Entries), Unlettered: lt.unlettered()}
	for _, e := range good {
		if e.leftOut() {
			sum.LeftOut++
		}
	}
	for i, e := range out.Posted {
		if out.Replayed[i] {
			sum.Replayed++
		} else {
			sum.posted(e)
		}
	}
	sum.Letters = lettered(&out, groupOf)
	sum.numbers()
	return a.emit(sum, func(w io.Writer) error {
		fmt.Fprintf(w, "%s: %s read, %d posted", file, plural(sum.Entries, "entry"), sum.Posted)
		if sum.Posted > 0 {
			fmt.Fprintf(w, " (%s)", strings.Join(sum.Numbers, ", "))
		}
		if sum.Replayed > 0 {
			fmt.Fprintf(w, ", %d already in the book", sum.Replayed)
		}
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
		return sum.printLettering(w)
	})
}

// reletterSkipping letters, after an import with --skip-bad, the groups
// whose entries were all posted (or were in the book already), and posts
// the generated entries left out of the import: anew by the lettering,
// those of a group left unlettered that lettering it does not post as
// written. A group with a line of an entry
// skipped, or that the file cannot letter, is listed and left unlettered.
func reletterSkipping(a *app, b *ledger.Book, sum *importSummary, lt *csvLettering, good, left []*csvEntry, results []ledger.PostResult) error {
	ok := map[*csvEntry]bool{}
	for i, r := range results {
		ok[good[i]] = r.Err == nil
	}
	for _, e := range left {
		ok[e] = true
	}
	for _, g := range lt.groups {
		err := g.check(b.Currency())
		for _, l := range g.lines {
			if err == nil && !ok[l.e] {
				err = fmt.Errorf("%w %s: not lettered: entry %s was skipped", errLetterCode, g.code, strings.TrimSpace(l.e.key))
			}
		}
		if err != nil {
			p := csvProblem{Line: g.all[0].e.lines[g.all[0].i], Reason: fmt.Sprintf("%s: %v", g, err)}
			sum.Skipped = append(sum.Skipped, p)
			a.listProblems(sum.File, []csvProblem{p})
			if g.cluster.off == "" {
				g.cluster.off = fmt.Sprintf("%s: %v", g, err)
			}
		}
	}
	// The entries posted, in the file's order with those left out: they
	// are posted again, which the book takes as replays.
	var posted []*csvEntry
	for _, e := range slices.Concat(good, left) {
		if ok[e] {
			posted = append(posted, e)
		}
	}
	slices.SortStableFunc(posted, func(x, y *csvEntry) int { return x.first() - y.first() })
	out, groupOf, err := lt.post(a, b, posted)
	if err != nil {
		return fmt.Errorf("the entries are imported, the lettering is not: %w; letter them with 'lettrage letter'", a.nameEntries(b, err))
	}
	for i, e := range out.Posted {
		if !out.Replayed[i] {
			sum.posted(e)
		}
	}
	for _, e := range left {
		if e.leftOut() {
			sum.LeftOut++
		}
	}
	sum.Letters, sum.Generated, sum.Unlettered = lettered(&out, groupOf), len(out.Entries), lt.unlettered()
	return nil
}

// importDueEntries is importDue on the entries of an import file.
func importDueEntries(a *app, b *ledger.Book, entries []*csvEntry) error {
	batch := make([]journal.Entry, len(entries))
	for i, e := range entries {
		batch[i] = e.entry
	}
	if err := importDue(a, b, batch); err != nil {
		return err
	}
	for i, e := range entries {
		e.entry = batch[i]
	}
	return nil
}

// refusal turns the book's refusal of an entry into a problem naming its
// file lines: the line itself when the error names one.
func refusal(e *csvEntry, err error) csvProblem {
	p := csvProblem{Line: e.first(), Last: e.last(), Entry: e.key, Reason: err.Error()}
	if errors.Is(err, ledger.ErrIdempotencyConflict) {
		// An imported entry's id is made of its content but for its taxes
		// and discount offer (finishCSVEntries): the same entry with other
		// ones is refused rather than posted a second time.
		p.Reason += ": this entry was imported before with other taxes or another discount offer (the tax, tax_role, discount and discount_until columns): the book keeps the entry it has, named above; to book these, reverse that entry with 'lettrage reverse' and import this one under another ref"
	}
	var le *journal.LineError
	if errors.As(err, &le) && le.Index >= 0 && le.Index < len(e.lines) {
		p.Line, p.Last = e.lines[le.Index], 0
	}
	p.Entry = strings.TrimSpace(p.Entry)
	return p
}

// listProblems prints bad lines on standard error, the first
// csvProblemsShown of them.
func (a *app) listProblems(file string, problems []csvProblem) {
	for i, p := range problems {
		if i == csvProblemsShown {
			fmt.Fprintf(a.stderr, "%s: … and %d more\n", file, len(problems)-i)
			break
		}
		fmt.Fprintf(a.stderr, "%s: %s\n", file, p)
	}
}

// journalKinds returns the kind of each journal the entries name; an
// unknown journal is left for the book to refuse.
func journalKinds(a *app, b *ledger.Book, entries []*csvEntry) (map[string]ledger.JournalKind, error) {
	kinds := map[string]ledger.JournalKind{}
	for _, e := range entries {
		code := e.entry.Journal
		if _, ok := kinds[code]; ok {
			continue
		}
		j, err := b.Journal(a.ctx, code)
		if err != nil && !errors.Is(err, ledger.ErrUnknownJournal) {
			return nil, err
		}
		kinds[code] = j.Kind
	}
	return kinds, nil
}

// separator reads --sep: ';', ',' or 'tab' (a tab itself too), the
// separators the CSV commands list.
func separator(s string) (rune, error) {
	switch s {
	case ";", ",":
		return rune(s[0]), nil
	case "tab", "\t":
		return '\t', nil
	}
	return 0, fmt.Errorf("%q is not a separator: give ';', ',' or 'tab'", s)
}

// statementOutput is one statement imported.
type statementOutput struct {
	Statement string `json:"statement"`
	Journal   string `json:"journal"`
	New       bool   `json:"new"`
	Entries   int    `json:"entries"`
}

// matchedLine is a statement line --match posted, and why.
type matchedLine struct {
	Journal   string `json:"journal"`
	Statement string `json:"statement"`
	Ref       string `json:"ref"`
	Date      string `json:"date"`
	Amount    string `json:"amount"`
	Currency  string `json:"currency"` // the statement's: a USD account's lines are in USD
	Reason    string `json:"reason"`
	cur       currency.Currency
}

// statementSummary is what a statement import did.
type statementSummary struct {
	File       string            `json:"file"`
	Statements []statementOutput `json:"statements"`
	Matched    int               `json:"matched,omitempty"`
	// Lines are the lines --match posted, each with what it paid or
	// cleared.
	Lines  []matchedLine `json:"lines,omitempty"`
	Failed []string      `json:"failed,omitempty"`
	// Unposted are the lines --match left: post them with statement post.
	Unposted []unpostedLine `json:"unposted,omitempty"`
}

func cmdImportCamt(a *app, name string, args []string) error {
	return a.importStatements(name, args, "camt.053", bank.ReadCamt053)
}

func cmdImportCFONB(a *app, name string, args []string) error {
	return a.importStatements(name, args, "CFONB 120", bank.ReadCFONB120)
}

func (a *app) importStatements(name string, args []string, format string,
	read func(io.Reader, bank.ReadOptions) ([]reconcile.BankStatement, error)) error {
	l := leaf{name: name, args: "FILE", about: fmt.Sprintf(`Imports the %s bank statements of FILE, each into the bank journal
holding its account's IBAN (see 'lettrage journal add --iban'). A
statement imported before is left alone. With --match, the statement
lines are then matched with the payments and invoices they settle, and
those left are listed: post each with 'lettrage statement post', to the
suspense account 471000 or to the account it belongs on (a fiscal year
holding an unposted line cannot be closed). A line names an invoice by
its number, or by its digits alone ("2026-00197" for VT/2026/00197)
unless --exact-references; its partner is the one holding the
counterparty's IBAN, or, when none does, the one whose name the
counterparty has, unless --iban-only.`, format)}
	fs := a.flagSet(name)
	match := fs.Bool("match", false, "match the imported lines with open payments and invoices")
	exactRefs := fs.Bool("exact-references", false, "with --match: name a document only by its number or reference as written")
	ibanOnly := fs.Bool("iban-only", false, "with --match: know a line's partner by the counterparty's IBAN only, not by its name")
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	if !*match && (*exactRefs || *ibanOnly) {
		return usagef(name, "%s: --exact-references and --iban-only go with --match", name)
	}
	in, _, err := a.openInput(rest[0])
	if err != nil {
		return err
	}
	defer in.Close()
	statements, err := read(in, bank.ReadOptions{})
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	return a.withBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		sum := statementSummary{File: rest[0]}
		// One transaction for the file: a statement refused imports none.
		imps, err := rec.ImportStatements(a.ctx, statements)
		if err != nil {
			return fmt.Errorf("%s: %w; nothing imported", rest[0], err)
		}
		journals := map[string]bool{}
		var order []string
		for _, imp := range imps {
			sum.Statements = append(sum.Statements, statementOutput{Statement: imp.Statement, Journal: imp.Journal, New: imp.New, Entries: imp.Entries})
			if !journals[imp.Journal] {
				journals[imp.Journal] = true
				order = append(order, imp.Journal)
			}
		}
		if *match {
			for _, j := range order {
				props, err := rec.ProposeImported(a.ctx, j, reconcile.Rules{NoReferenceDigits: *exactRefs, NoCounterpartyNames: *ibanOnly})
				if err != nil {
					return err
				}
				props = slices.DeleteFunc(props, func(p reconcile.ImportedProposal) bool { return !p.Matched })
				outs, err := rec.ApplyImported(a.ctx, journal.NoID, props)
				if err != nil {
					return err
				}
				for i, o := range outs {
					if o.Err != nil {
						sum.Failed = append(sum.Failed, fmt.Sprintf("%s %s: %v", j, props[i].Ref, o.Err))
					} else {
						sum.Matched++
						p := props[i]
						sum.Lines = append(sum.Lines, matchedLine{Journal: j, Statement: p.Statement, Ref: p.Ref, Date: p.BookingDate.String(),
							Amount: p.Amount.Plain(), Currency: p.Amount.Currency().Code(), Reason: p.Reason, cur: p.Amount.Currency()})
					}
				}
				open, err := rec.OpenImported(a.ctx, j)
				if err != nil {
					return err
				}
				for _, e := range open {
					sum.Unposted = append(sum.Unposted, unpostedOf(e))
				}
			}
		}
		return a.emit(sum, func(w io.Writer) error {
			for _, s := range sum.Statements {
				state := "imported"
				if !s.New {
					state = "already imported"
				}
				fmt.Fprintf(w, "Statement %s: %s into %s, %s\n", s.Statement, state, s.Journal, plural(s.Entries, "entry"))
			}
			if *match {
				fmt.Fprintf(w, "%s matched\n", plural(sum.Matched, "statement line"))
			}
			for _, l := range sum.Lines {
				fmt.Fprintf(w, "  %s %s %s %s: %s\n", l.Journal, l.Ref, frenchDate(l.Date), lineAmount(l.Amount, l.cur, b.Currency()), l.Reason)
			}
			for _, f := range sum.Failed {
				fmt.Fprintf(w, "not matched: %s\n", f)
			}
			for _, u := range sum.Unposted {
				fmt.Fprintf(w, "left to post: %s\n", u.text(b.Currency()))
			}
			if len(sum.Unposted) > 0 {
				fmt.Fprintln(w, "post them with 'lettrage statement post JOURNAL STATEMENT REF [--account 471000]'")
			}
			return nil
		})
	})
}

func cmdImportHledger(a *app, name string, args []string) error {
	l := leaf{name: name, args: "FILE", about: `Imports an hledger journal ("-" for standard input): every transaction
becomes an entry; accounts and partners it names that the book lacks are
added. The whole file is checked before anything is posted. Importing a
file again posts nothing new. Account names are the book's codes
("411000", "411000:C001" for a partner's); --map names others.

A supplier bill or credit note whose supplier already has one under the
same reference is refused as the same document entered twice, and
nothing is imported; when the supplier really reused the number (a book
read back from its own export that holds such a pair), import with
--allow-duplicate-ref.`}
	fs := a.flagSet(name)
	jr := fs.String("journal", "OD", "the `JOURNAL` of transactions whose code names none of the book's")
	allowDup := fs.Bool("allow-duplicate-ref", false, "post supplier bills and credit notes whose supplier already has one under the same reference")
	var maps multiFlag
	fs.Var(&maps, "map", "read hledger account `NAME=CODE` as the book's CODE (411000, or 411000:C001), repeatable")
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	accounts := map[string]string{}
	for _, m := range maps {
		from, to, ok := strings.Cut(m, "=")
		if !ok || strings.TrimSpace(from) == "" || strings.TrimSpace(to) == "" {
			return usagef(name, "--map: %q is not NAME=CODE", m)
		}
		accounts[strings.TrimSpace(from)] = strings.TrimSpace(to)
	}
	in, _, err := a.openInput(rest[0])
	if err != nil {
		return err
	}
	defer in.Close()
	return a.withBook(func(b *ledger.Book) error {
		bar := a.newProgress(-1, "importing "+rest[0])
		sum, err := hledger.Read(a.ctx, in, b, hledger.ReadOptions{Journal: *jr, Accounts: accounts, AllowDuplicateRef: *allowDup})
		bar.done()
		if errors.Is(err, hledger.ErrAccount) {
			return fmt.Errorf("%s: %w; name its code with --map NAME=CODE", rest[0], err)
		} else if errors.Is(err, ledger.ErrDuplicateReference) {
			return fmt.Errorf("%s: %w; nothing imported (if the supplier really reused the number: --allow-duplicate-ref)", rest[0], err)
		} else if err != nil {
			return fmt.Errorf("%s: %w", rest[0], err)
		}
		return a.emit(hledgerReadViewOf(rest[0], sum), func(w io.Writer) error {
			if _, err := fmt.Fprintf(w, "%s: %d transactions, %d posted, %d already in the book, %d accounts and %d partners added\n",
				rest[0], sum.Transactions, sum.Posted, sum.Replayed, sum.AccountsAdded, sum.PartnersAdded); err != nil {
				return err
			}
			// What was not read: said, not only counted in --json.
			if sum.Results > 0 {
				fmt.Fprintf(w, "  %d year-end result transactions skipped: the book computes the result\n", sum.Results)
			}
			if sum.SkippedDirectives > 0 {
				fmt.Fprintf(w, "  %d directives skipped (prices, periodic transactions, auto postings, payees, tags…): not applied\n", sum.SkippedDirectives)
			}
			if sum.Assertions > 0 {
				fmt.Fprintf(w, "  %d balance assertions not checked: compare the balances with 'lettrage report trial'\n", sum.Assertions)
			}
			return nil
		})
	})
}

// importDue gives the imported invoices' partner lines without a due
// date the partner's terms (partnerDue), as posting them would, in one
// read of the book. Ids come from the lines as written, so the same file
// imported again names the same entries; an entry already in the book
// takes the due dates it was posted with, whatever the partner's terms
// became since, so that the import replays it instead of refusing other
// content under its id.
func importDue(a *app, b *ledger.Book, batch []journal.Entry) error {
	if !slices.ContainsFunc(batch, func(e journal.Entry) bool { return needsDue(&e) }) {
		return nil
	}
	return b.View(a.ctx, func(t *ledger.Tx) error {
		terms := map[string]journal.DueRule{}
		for i := range batch {
			e := &batch[i]
			if !needsDue(e) {
				continue
			}
			e.Lines = slices.Clone(e.Lines) // the file's entry keeps its own lines
			posted, err := t.Entry(e.ID)
			if errors.Is(err, ledger.ErrNotFound) {
				if err := dueFromTerms(t, e, terms); err != nil {
					return err
				}
				continue
			} else if err != nil {
				return err
			}
			for j := range e.Lines {
				if e.Lines[j].DueDate.IsZero() && j < len(posted.Lines) {
					e.Lines[j].DueDate = posted.Lines[j].DueDate
				}
			}
		}
		return nil
	})
}
