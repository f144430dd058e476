package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
)

// errLetterCode is returned for an import file whose letter codes cannot
// be lettered as the file says.
var errLetterCode = errors.New("letter code")

// csvLetterGroup is the lines of an import file sharing a letter code on
// one account and partner: the lines the import letters together.
type csvLetterGroup struct {
	code, account, partner string
	lines                  []csvLetterLine // of the entries the import posts
	all                    []csvLetterLine // with the entries the lettering posts anew
	cluster                *csvLetterCluster
	// date is the latest letter_date of its lines, zero when the file
	// gives none.
	date journal.Date
	// crossing is set for a part of a match or open group whose other
	// lines are in the files of other periods (crossingMatch, or a
	// lower-case group on one side); book are then the lines of the book
	// lettered with the file's: those an earlier file's import kept the
	// code on, or the open lines of the one open group of the book the
	// file's lines complete or go on with (openGroupOf). bookDebit and
	// bookCredit are the sides of what remains of them, bookDocs their
	// entries (and those of a match the file's lines are in already),
	// which the file's generated entries may name (from).
	crossing              bool
	book                  []journal.LineRef
	bookDebit, bookCredit bool
	bookDocs              []*journal.Entry
	// off says why the import leaves the group unlettered, "" while it
	// letters it (set on its cluster once the clusters are gathered).
	off string
}

// csvLetterLine is line i of entry e.
type csvLetterLine struct {
	e *csvEntry
	i int
}

func (l csvLetterLine) line() *journal.Line { return &l.e.entry.Lines[l.i] }

func (l csvLetterLine) ref() journal.LineRef { return l.e.entry.LineRef(l.i) }

// moved reports whether l is a line a move to doubtful customers puts the
// debt on (csvEntry.doubtful): lettered with what is received there.
func (l csvLetterLine) moved() bool {
	return l.e.doubtful() && l.line().Account == csvDoubtfulAccount
}

func (g *csvLetterGroup) String() string {
	s := fmt.Sprintf("letter code %s on %s", g.code, g.account)
	if g.partner != "" {
		s += " " + g.partner
	}
	return s
}

// csvLetterGroups gathers the lettered lines of entries (the good ones),
// in the order of their first line.
func csvLetterGroups(entries []*csvEntry) []*csvLetterGroup {
	var groups []*csvLetterGroup
	byKey := map[string]*csvLetterGroup{}
	for _, ce := range entries {
		for i, code := range ce.letters {
			if code == "" || i >= len(ce.entry.Lines) {
				continue
			}
			l := &ce.entry.Lines[i]
			key := code + "\x00" + l.Account + "\x00" + l.Partner
			g := byKey[key]
			if g == nil {
				g = &csvLetterGroup{code: code, account: l.Account, partner: l.Partner}
				byKey[key] = g
				groups = append(groups, g)
			}
			g.all = append(g.all, csvLetterLine{ce, i})
			if i < len(ce.letterDates) && ce.letterDates[i].After(g.date) {
				g.date = ce.letterDates[i]
			}
			if !ce.regenerated() {
				g.lines = append(g.lines, csvLetterLine{ce, i})
			}
		}
	}
	return groups
}

// check refuses a group the import cannot letter as the file says: an
// upper-case code (a full match) whose lines do not add up to zero and
// carry no letter_date, and a group without lines on both sides. An
// upper-case code whose lines do not balance but carry the match's date
// is a part of a match whose other lines are in the files of other
// periods (crossingMatch, which joinBook sets crossing by): it is
// lettered with them.
func (g *csvLetterGroup) check(company currency.Currency) error {
	if g.crossing {
		return nil
	}
	if g.code != strings.ToUpper(g.code) && !slices.ContainsFunc(g.all, func(l csvLetterLine) bool { return !l.moved() }) {
		// A debt moved to doubtful customers, received there in the
		// files of later periods: its line keeps the code for them.
		return nil
	}
	debit, credit := false, false
	for _, l := range g.all {
		if l.e.regenerated() && !l.e.badDebt() && !l.e.doubtful() {
			continue // an exchange difference balances what is lettered
		}
		s := lineSide(l.line())
		debit, credit = debit || s > 0, credit || s < 0
	}
	if !debit || !credit {
		return fmt.Errorf("%w %s: %s, nothing to letter them with: the lines of a code are lettered together, debits with credits",
			errLetterCode, g.code, plural(len(g.lines), "line")+" on one side")
	}
	if g.code != strings.ToUpper(g.code) {
		return nil // a group not fully lettered: what is left open is its own
	}
	sum, sumCur, err := g.sum(company)
	if err != nil {
		return err
	}
	if !sum.IsZero() || sumCur.IsSet() && !sumCur.IsZero() {
		what := sum.String()
		if sum.IsZero() {
			what = sumCur.String()
		}
		return fmt.Errorf("%w %s: its lines add up to %s, not zero: an upper-case code is a full match, whose lines balance; give the lines of a group not fully lettered a lower-case code, or leave the letter column empty",
			errLetterCode, g.code, what)
	}
	return nil
}

// crossingMatch reports whether g is a part of a match whose other lines
// are in the files of other periods, as the export of a period writes
// it: an upper-case code with a letter_date whose lines do not balance.
func (g *csvLetterGroup) crossingMatch(company currency.Currency) (bool, error) {
	if g.code != strings.ToUpper(g.code) || g.date.IsZero() {
		return false, nil
	}
	sum, sumCur, err := g.sum(company)
	if err != nil {
		return false, err
	}
	return !sum.IsZero() || sumCur.IsSet() && !sumCur.IsZero(), nil
}

// sum adds up the balances of g's lines (those the lettering posts anew
// included) and their amounts in their currency, unset when the lines are
// of two currencies or none.
func (g *csvLetterGroup) sum(company currency.Currency) (sum, sumCur currency.Amount, err error) {
	sum = currency.Zero(company)
	for _, l := range g.all {
		ln := l.line()
		if ln.Balance.IsSet() {
			if sum, err = sum.Add(ln.Balance); err != nil {
				return sum, sumCur, err
			}
		}
		if c := l.e.entry.Currency; !c.IsZero() && ln.AmountCurrency.IsSet() {
			if !sumCur.IsSet() {
				sumCur = currency.Zero(c)
			}
			if sumCur.Currency() != c {
				sumCur = currency.Amount{} // lines of two currencies letter in the company's
				continue
			}
			if sumCur, err = sumCur.Add(ln.AmountCurrency); err != nil {
				return sum, sumCur, err
			}
		}
	}
	return sum, sumCur, nil
}

// lineSide is the sign of a line: of its balance, or of its amount in
// its currency when the book is to convert it.
func lineSide(l *journal.Line) int {
	if l.Balance.IsSet() && !l.Balance.IsZero() {
		return l.Balance.Sign()
	}
	if l.AmountCurrency.IsSet() {
		return l.AmountCurrency.Sign()
	}
	return 0
}

// csvLetterCluster is the letter groups an import letters, or leaves
// unlettered, together: those whose lettering posts one same generated
// entry of the file (a payment lettered with two invoices in two codes,
// say).
type csvLetterCluster struct {
	groups []*csvLetterGroup
	// left are the file's exchange-difference and cash-basis entries
	// marked generated that lettering the groups posts anew, in file
	// order: left out of the import while the groups are lettered.
	left []*csvEntry
	// off says why the import leaves the groups unlettered, "" while it
	// letters them: the entries of left that lettering them by hand posts
	// anew are left out all the same (csvEntry.leftOut), the others
	// imported as plain entries.
	off string
	// unkept is set when the import cannot keep the codes of the groups
	// it leaves unlettered on their lines (csvPlan.keepCode).
	unkept bool
}

// codes are the cluster's letter codes, as the file writes them.
func (c *csvLetterCluster) codes() []string {
	var codes []string
	for _, g := range c.groups {
		if !slices.Contains(codes, g.code) {
			codes = append(codes, g.code)
		}
	}
	return codes
}

// leftOut reports whether the import leaves e out: a generated entry that
// lettering its lines again posts anew. A cluster left unlettered leaves
// out its exchange-difference and cash-basis entries all the same, as
// lettering its lines later (by hand, or 'lettrage auto') posts them:
// imported as written they would be made due twice. It imports as written
// what such a lettering does not post: a write-off, discount, bad debt or
// move to doubtful customers, and the cash-basis entries of what was
// received on a move the file has (onMove), which the book does not take
// for one once imported as written.
func (e *csvEntry) leftOut() bool {
	return e.regenerated() && e.cluster != nil && (e.cluster.off == "" || e.reposted()) ||
		e.impairment != nil && e.impairment.off == ""
}

// reposted reports whether lettering the lines of e's cluster by hand
// posts e anew: an exchange-difference or cash-basis entry, but not one
// made due by a receipt on a move imported as written (onMove).
func (e *csvEntry) reposted() bool {
	return e.entry.Type == journal.TypeExchangeDifference || e.entry.Type == journal.TypeCashBasis && !e.onMove
}

// csvLettering is what an import letters: the groups of lines sharing a
// letter code, gathered in clusters, and where each generated entry of
// the file comes from.
type csvLettering struct {
	groups   []*csvLetterGroup
	clusters []*csvLetterCluster
	byLine   map[csvLetterLine]*csvLetterGroup
	byKey    map[string]*csvEntry // by the file's entry column (or ref)
	// impairments are the runs of impairment entries marked generated, in
	// file order.
	impairments []*csvImpairRun

	allowDupRef bool // --allow-duplicate-ref: supplier references may repeat
	// replayed are the bad debts and impairment runs the book holds
	// already (the file imported again): neither posted nor posted anew.
	replayed map[any]bool
	// bookInvoices are the invoices of the book, by id, that bad debts of
	// the file write off (invoiceOf): the invoices of earlier files.
	bookInvoices map[journal.ID]*csvEntry
	// moves are the file's moves to doubtful customers (csvEntry.doubtful)
	// by the ref naming their invoice: lettering their lines there posts
	// the invoice's cash-basis entries too (from).
	moves map[string][]*csvEntry
	// stray are the cash-basis entries marked generated that name an
	// invoice of the file whose lines no letter code of the file letters:
	// imported as written, with a warning (unlettered).
	stray []*csvEntry
}

// newCSVLettering gathers the groups of entries in clusters. A generated
// entry that no group of the file posts (a cash-basis entry whose
// invoice is not in the file) is imported as a plain entry.
func newCSVLettering(entries []*csvEntry, groups []*csvLetterGroup) *csvLettering {
	lt := &csvLettering{groups: groups, byLine: map[csvLetterLine]*csvLetterGroup{}, byKey: map[string]*csvEntry{}}
	for _, g := range groups {
		for _, l := range g.all {
			lt.byLine[l] = g
		}
	}
	for _, ce := range entries {
		lt.byKey[strings.TrimSpace(ce.key)] = ce
		if ce.doubtful() {
			if lt.moves == nil {
				lt.moves = map[string][]*csvEntry{}
			}
			lt.moves[ce.entry.Ref] = append(lt.moves[ce.entry.Ref], ce)
		}
	}
	// Groups posting one same entry are joined, union-find on the groups.
	parent := map[*csvLetterGroup]*csvLetterGroup{}
	var root func(g *csvLetterGroup) *csvLetterGroup
	root = func(g *csvLetterGroup) *csvLetterGroup {
		if p, ok := parent[g]; ok && p != g {
			r := root(p)
			parent[g] = r
			return r
		}
		return g
	}
	for _, ce := range entries {
		if !ce.regenerated() {
			continue
		}
		from := lt.from(ce)
		for _, g := range from[min(1, len(from)):] {
			if r0, r := root(from[0]), root(g); r0 != r {
				parent[r] = r0
			}
		}
	}
	byRoot := map[*csvLetterGroup]*csvLetterCluster{}
	for _, g := range groups {
		c := byRoot[root(g)]
		if c == nil {
			c = &csvLetterCluster{}
			byRoot[root(g)] = c
			lt.clusters = append(lt.clusters, c)
		}
		c.groups = append(c.groups, g)
		g.cluster = c
		if c.off == "" {
			c.off = g.off
		}
	}
	reversed := map[journal.ID]bool{} // by an entry of the file
	for _, ce := range entries {
		if ce.entry.ReversalOf != journal.NoID {
			reversed[ce.entry.ReversalOf] = true
		}
	}
	for _, ce := range entries {
		if from := lt.from(ce); ce.regenerated() && len(from) > 0 {
			ce.cluster = from[0].cluster
			ce.cluster.left = append(ce.cluster.left, ce)
			ce.onMove = lt.receivedOnMove(ce)
			if ce.badDebt() && ce.cluster.off == "" && lt.invoiceOf(ce) == nil {
				ce.cluster.off = fmt.Sprintf("the bad debt %s writes off %s, not an invoice of the file", strings.TrimSpace(ce.key), ce.entry.Ref)
			}
			if ce.doubtful() && ce.cluster.off == "" && lt.invoiceOf(ce) == nil {
				ce.cluster.off = fmt.Sprintf("the move to doubtful customers %s moves %s, not an invoice of the file", strings.TrimSpace(ce.key), ce.entry.Ref)
			}
		} else if doc := lt.byKey[ce.entry.Ref]; ce.regenerated() && ce.entry.Type == journal.TypeCashBasis && ce.entry.ReversalOf == journal.NoID &&
			!reversed[ce.entry.ID] && doc != nil && doc != ce && !doc.regenerated() {
			lt.stray = append(lt.stray, ce)
		}
	}
	lt.impairments = csvImpairRuns(entries)
	return lt
}

// receivedOnMove reports whether the cash-basis entry ce was made due by
// a receipt on the doubtful customers' account: dated as a line lettered
// there for the partner of the file's invoice it names, and as none
// lettered with the invoice itself. Left unlettered, such a receipt stays
// apart from the invoice: lettering it with the move (imported as
// written, which the book does not take for a move) makes no VAT due.
func (lt *csvLettering) receivedOnMove(ce *csvEntry) bool {
	doc := lt.byKey[ce.entry.Ref]
	if ce.entry.Type != journal.TypeCashBasis || doc == nil || doc == ce {
		return false
	}
	dated := func(g *csvLetterGroup) bool {
		return slices.ContainsFunc(g.lines, func(l csvLetterLine) bool {
			return l.e != doc && !l.moved() && l.e.entry.Date == ce.entry.Date
		})
	}
	var partners []string
	for i := range doc.entry.Lines {
		if g := lt.byLine[csvLetterLine{doc, i}]; g != nil {
			if dated(g) {
				return false
			}
			partners = append(partners, g.partner)
		}
	}
	return slices.ContainsFunc(lt.groups, func(g *csvLetterGroup) bool {
		return g.account == csvDoubtfulAccount && slices.Contains(partners, g.partner) && dated(g)
	})
}

// replayedAll reports whether the generated entries of c are all bad
// debts the book holds written off already, or moves to doubtful
// customers it holds (a later period's file imported again, its invoice
// in an earlier one's): nothing to letter nor post anew.
func (lt *csvLettering) replayedAll(c *csvLetterCluster) bool {
	return len(c.left) > 0 && !slices.ContainsFunc(c.left, func(ce *csvEntry) bool { return !ce.badDebt() && !ce.doubtful() || !lt.replayed[ce] })
}

// invoiceOf is the invoice that the bad debt ce writes off (or the move
// ce moves to doubtful customers): the file's
// that its ref names or, when the file has no entry of that name, the
// invoice came in the file of an earlier period: the one invoice of the
// book among the entries of the lines its letter code is lettered with
// (those an earlier file's import kept the code on, or lettered in the
// open group the bad debt settles: joinBook), of the journal and year its
// ref names. It is nil when there is none, or several.
func (lt *csvLettering) invoiceOf(ce *csvEntry) *csvEntry {
	if doc := lt.byKey[ce.entry.Ref]; doc != nil {
		if doc.entry.Type != journal.TypeInvoice || doc.regenerated() {
			return nil
		}
		return doc
	}
	var found *journal.Entry
	for i := range ce.entry.Lines {
		g := lt.byLine[csvLetterLine{ce, i}]
		if g == nil || !g.crossing {
			continue
		}
		for _, d := range g.bookDocs {
			if d.Type != journal.TypeInvoice || !bookDocNamed(ce, d) {
				continue
			}
			if found != nil && found.ID != d.ID {
				return nil // the import does not guess
			}
			found = d
		}
	}
	if found == nil {
		return nil
	}
	if inv := lt.bookInvoices[found.ID]; inv != nil {
		return inv
	}
	if lt.bookInvoices == nil {
		lt.bookInvoices = map[journal.ID]*csvEntry{}
	}
	inv := &csvEntry{key: found.Name(), entry: *found}
	lt.bookInvoices[found.ID] = inv
	return inv
}

// from is the groups whose lettering posts the generated entry ce: those
// of its own lettered lines (an exchange difference), or of the document
// its reference names (a cash-basis entry names its invoice), in the file
// or, for a part of a match crossing the file's bounds, in the book
// (bookDocsNamed).
func (lt *csvLettering) from(ce *csvEntry) []*csvLetterGroup {
	var from []*csvLetterGroup
	for i := range ce.entry.Lines {
		if g := lt.byLine[csvLetterLine{ce, i}]; g != nil && !slices.Contains(from, g) {
			from = append(from, g)
		}
	}
	if doc := lt.byKey[ce.entry.Ref]; ce.entry.Ref != "" && doc != nil && doc != ce {
		// A debt moved to doubtful customers is paid on the move's lines.
		for _, d := range append([]*csvEntry{doc}, lt.moves[ce.entry.Ref]...) {
			for i := range d.entry.Lines {
				if g := lt.byLine[csvLetterLine{d, i}]; g != nil && !slices.Contains(from, g) {
					from = append(from, g)
				}
			}
		}
	} else if doc == nil && ce.entry.Ref != "" {
		for _, g := range lt.groups {
			if !slices.Contains(from, g) && g.datesOf(ce) && slices.ContainsFunc(g.bookDocs, func(d *journal.Entry) bool { return bookDocNamed(ce, d) }) {
				from = append(from, g)
			}
		}
	}
	return from
}

// datesOf reports whether lettering g's lines may post the generated
// entry ce: it is dated as one of them, or as the match (the date of the
// lettering that posts it).
func (g *csvLetterGroup) datesOf(ce *csvEntry) bool {
	d := ce.entry.Date
	return d == g.date || slices.ContainsFunc(g.lines, func(l csvLetterLine) bool { return l.e.entry.Date == d })
}

// bookDocNamed reports whether the generated entry ce of a file may name
// d, an entry of the book, as its document. The file names it by its
// number in the book the file comes from, which the book it is imported
// into may give another entry (its own entries shift the numbers): what
// stays is the journal and fiscal year of the number, and, for a
// cash-basis entry, a tax of the document's lines; from asks besides
// that the entry be dated as the group's lines (datesOf). Two documents
// of a file's groups alike in these put the groups in one cluster, whose
// lettering must post the file's generated entries all the same.
func bookDocNamed(ce *csvEntry, d *journal.Entry) bool {
	parts := strings.Split(ce.entry.Ref, "/")
	if len(parts) != 3 || !d.IsDocument() || parts[0] != d.Journal || parts[1] != d.FiscalYear {
		return false
	}
	if ce.entry.Type != journal.TypeCashBasis {
		return true
	}
	for _, l := range ce.entry.Lines {
		for _, tx := range l.Taxes {
			for _, dl := range d.Lines {
				if slices.ContainsFunc(dl.Taxes, func(x tax.Tax) bool { return x.ID == tx.ID }) {
					return true
				}
			}
		}
	}
	return false
}

// csvPlan is the steps of one try of an import that letters.
type csvPlan struct {
	lt    *csvLettering
	steps []reconcile.PostLetterStep
	// groupOf is, for each step, the group it letters or writes a bad
	// debt off in (nil for an entry or an impairment); impairmentOf, for
	// an impairment step, its run; slot, for each step, how many entries
	// the steps before it post.
	groupOf      []*csvLetterGroup
	impairmentOf map[int]*csvImpairRun
	slot         []int
	// leftAt is, for each entry left out, its index in the file's entries
	// and its slot: how many entries the import posts before it.
	leftAt map[*csvEntry][2]int
	// keeps are the steps keeping the code of a group left unlettered.
	keeps map[int]bool
}

// plan is the steps of an import that letters: the entries posted in the
// file's order and, where the file has an entry the lettering posts anew,
// the lettering of the groups it comes from, with the lines posted so
// far, so that the new entry takes its place among the others; then the
// lettering of every group in full. The groups of a cluster set off are
// not lettered, and of their generated entries only those that lettering
// them later does not post anew are posted, as written (leftOut). A full
// match asks for the file's code, which the fresh book gives whatever the
// order the groups are lettered in; the lettering a generated entry of
// the file comes from dates the entries it posts no earlier than it.
func (lt *csvLettering) plan(entries []*csvEntry) *csvPlan {
	p := &csvPlan{lt: lt, leftAt: map[*csvEntry][2]int{}, impairmentOf: map[int]*csvImpairRun{}, keeps: map[int]bool{}}
	posted := map[*csvEntry]bool{}
	// moved are the moves to doubtful customers a step posted, or the book
	// holds: their lines there are lettered as the file's.
	moved := map[*csvEntry]bool{}
	lettered := map[*csvLetterGroup]int{} // how many of its lines the last step named
	letter := func(g *csvLetterGroup, notBefore journal.Date) {
		if g.cluster.off != "" {
			return
		}
		// A part of a match crossing the file's bounds is lettered with
		// the book's lines of it, or alone to keep its code when its
		// lines are on one side: the match's other lines come later.
		refs := slices.Clone(g.book)
		debit, credit := g.bookDebit, g.bookCredit
		own := 0 // of g.lines
		for _, l := range g.all {
			// A move's line on the receivable account is lettered by the
			// step that posts it.
			if posted[l.e] && !l.e.regenerated() || (moved[l.e] || lt.replayed[l.e]) && l.moved() {
				if !l.e.regenerated() {
					own++
				}
				refs = append(refs, l.ref())
				s := lineSide(l.line())
				debit, credit = debit || s > 0, credit || s < 0
			}
		}
		// A move's line alone keeps its lower-case code, for the files of
		// later periods to letter what is received there with it.
		keep := len(g.book) == 0 && g.code != strings.ToUpper(g.code) && slices.ContainsFunc(g.all, func(l csvLetterLine) bool {
			return l.moved() && moved[l.e]
		})
		if len(refs) == lettered[g] || len(refs) == len(g.book) || (!debit || !credit) && !g.crossing && !keep {
			return
		}
		lettered[g] = len(refs)
		step := reconcile.PostLetterStep{Letter: refs, NotBefore: notBefore}
		if g.code == strings.ToUpper(g.code) {
			step.Code = g.code // a full match keeps its code, whatever the order
		} else if len(g.code) >= 3 && len(g.code) <= 13 {
			// Kept on the lines, which tells the group from the book's own
			// for a later file's lines to go on with (openGroupOf); a code
			// of 3 to 13 letters is one PostAndLetter takes.
			step.Code = g.code
		}
		if own == len(g.lines) {
			// The lettering of its last lines is the one that wrote off
			// what they left open, or took the discount.
			step.WriteOffDate, step.WriteOff = lt.writesOff(g)
			step.EarlyDiscount = lt.discountOf(g)
		}
		p.add(step, g, len(posted))
	}
	for i, ce := range entries {
		if !ce.leftOut() {
			p.add(reconcile.PostLetterStep{Entry: &ce.entry}, nil, len(posted))
			posted[ce] = true
			continue
		}
		p.leftAt[ce] = [2]int{i, len(posted)}
		if run := ce.impairment; run != nil {
			if ce == run.entries[0] && !lt.replayed[run] {
				p.impairmentOf[len(p.steps)] = run
				p.add(reconcile.PostLetterStep{Impairment: run.request()}, nil, len(posted))
			}
			continue
		}
		for _, g := range lt.from(ce) {
			// Dated no earlier than the file's entry: a lock may have moved
			// it past the payment's date in the book the file comes from.
			letter(g, ce.entry.Date)
		}
		if ce.badDebt() && !lt.replayed[ce] {
			p.add(lt.badDebtStep(ce), lt.from(ce)[0], len(posted))
		}
		if ce.doubtful() && !lt.replayed[ce] {
			p.add(lt.doubtfulStep(ce), lt.from(ce)[0], len(posted))
			moved[ce] = true
		}
	}
	for _, g := range lt.groups {
		if g.cluster.off != "" {
			p.keepCode(g, posted)
			continue
		}
		letter(g, journal.Date{})
	}
	return p
}

// keepCode keeps the code of g, a group the import leaves unlettered, on
// each of its lines the import posts, a step a line: lettered as the
// import tells (by hand or by 'lettrage auto'), they are the group the
// lines of that code in a later period's file go on with (join). A line
// lettered already (the file imported again) is skipped.
func (p *csvPlan) keepCode(g *csvLetterGroup, posted map[*csvEntry]bool) {
	if g.cluster.unkept || g.code != strings.ToUpper(g.code) && (len(g.code) < 3 || len(g.code) > 13) {
		return
	}
	for _, l := range g.all {
		if posted[l.e] && !l.e.regenerated() {
			p.keeps[len(p.steps)] = true
			p.add(reconcile.PostLetterStep{Letter: []journal.LineRef{l.ref()}, Code: g.code}, g, len(posted))
		}
	}
}

// writesOff reports whether the file has a write-off the lettering of g
// posted (csvEntry.writeOff), one of its lines in g, and its date.
func (lt *csvLettering) writesOff(g *csvLetterGroup) (journal.Date, bool) {
	for _, ce := range g.cluster.left {
		if ce.writeOff() && slices.ContainsFunc(g.all, func(l csvLetterLine) bool { return l.e == ce }) {
			return ce.entry.Date, true
		}
	}
	return journal.Date{}, false
}

// discountOf is the early-payment discount of the file that a payment
// lettered in g took (csvEntry.discount), as the file's entry shows it:
// on the line of g of the invoice its ref names, of the file or, for a
// part of a match crossing the file's bounds, of the book (bookDocNamed);
// nil when there is none, or no such line.
func (lt *csvLettering) discountOf(g *csvLetterGroup) *reconcile.StepDiscount {
	for _, ce := range g.cluster.left {
		if !ce.discount() || lt.byLine[csvLetterLine{ce, 0}] != g {
			continue
		}
		l := &ce.entry.Lines[0]
		amount := l.Balance
		if !ce.entry.Currency.IsZero() && l.AmountCurrency.IsSet() {
			amount = l.AmountCurrency
		}
		d := &reconcile.StepDiscount{Amount: amount.Abs(), Date: ce.entry.Date}
		if doc := lt.byKey[ce.entry.Ref]; doc != nil {
			for i := range doc.entry.Lines {
				if lt.byLine[csvLetterLine{doc, i}] == g && !doc.regenerated() {
					d.Invoice = doc.entry.LineRef(i)
					return d
				}
			}
			return nil
		}
		for _, ref := range g.book {
			if slices.ContainsFunc(g.bookDocs, func(e *journal.Entry) bool {
				return e.ID == ref.Entry && e.Type == journal.TypeInvoice && bookDocNamed(ce, e)
			}) {
				d.Invoice = ref
				return d
			}
		}
		return nil
	}
	return nil
}

// badDebtStep is the step writing the bad debt ce off again, on the
// invoice of the file it names, as the file dates and labels it; a full
// match keeps its code.
func (lt *csvLettering) badDebtStep(ce *csvEntry) reconcile.PostLetterStep {
	step := reconcile.PostLetterStep{BadDebt: &reconcile.BadDebt{Invoice: lt.invoiceOf(ce).entry.ID, Date: ce.entry.Date,
		Journal: ce.entry.Journal, Label: ce.entry.Label}}
	if g := lt.from(ce)[0]; g.code == strings.ToUpper(g.code) {
		step.Code = g.code
	}
	return step
}

// doubtfulStep is the step moving the debt of the invoice ce names to
// doubtful customers again, as the file dates and labels it, its entry
// under ce's id for later steps to letter its lines; a full match keeps
// its code.
func (lt *csvLettering) doubtfulStep(ce *csvEntry) reconcile.PostLetterStep {
	step := reconcile.PostLetterStep{Doubtful: &reconcile.DoubtfulMove{Invoice: lt.invoiceOf(ce).entry.ID, Date: ce.entry.Date,
		Journal: ce.entry.Journal, Label: ce.entry.Label}, DoubtfulEntry: ce.entry.ID}
	if g := lt.from(ce)[0]; g.code == strings.ToUpper(g.code) {
		step.Code = g.code
	}
	return step
}

func (p *csvPlan) add(s reconcile.PostLetterStep, g *csvLetterGroup, slot int) {
	p.steps, p.groupOf, p.slot = append(p.steps, s), append(p.groupOf, g), append(p.slot, slot)
}

// csvUnlettered is a cluster of letter codes an import left unlettered,
// and why.
type csvUnlettered struct {
	Codes  []string `json:"codes"`
	Reason string   `json:"reason"`
	// leftOut and written count its generated entries left out (which
	// lettering its lines posts) and imported as written.
	leftOut, written int
	stray            bool // a generated entry of no letter code: Reason says it all
}

func (u csvUnlettered) String() string {
	if u.stray {
		return u.Reason
	}
	if len(u.Codes) == 0 {
		return u.Reason + ": its entries imported as they are"
	}
	codes := strings.Join(u.Codes, ", ")
	switch {
	case u.leftOut == 0:
		return fmt.Sprintf("%s: left unlettered, its generated entries imported as they are: letter the lines of %s by hand ('lettrage letter')", u.Reason, codes)
	case u.written == 0:
		return fmt.Sprintf("%s: left unlettered, its generated entries left out (%s): letter the lines of %s ('lettrage letter', or 'lettrage auto'), which posts them once",
			u.Reason, plural(u.leftOut, "cash-basis or exchange entry"), codes)
	}
	return fmt.Sprintf("%s: left unlettered, %s left out, %s imported as written: letter the lines of %s ('lettrage letter', or 'lettrage auto'), which posts what was left out once",
		u.Reason, plural(u.leftOut, "cash-basis or exchange entry"), plural(u.written, "other generated entry"), codes)
}

// csvUnletteredError is returned by csvLettering.check, rolling the
// import back, when clusters it letters do not post the file's generated
// entries again: off says why, for each. The check sets nothing itself,
// as a transaction the store retries runs it again.
type csvUnletteredError struct {
	off     map[*csvLetterCluster]string
	offRuns map[*csvImpairRun]string // the impairments not posted again as the file has them
}

func (e *csvUnletteredError) Error() string {
	return fmt.Sprintf("%s and %s do not post again as the file says", plural(len(e.off), "letter code cluster"), plural(len(e.offRuns), "impairment"))
}

// check is PostAndLetter's Check of an import: each cluster of letter
// codes must post anew exactly the generated entries the file has for it,
// in the file's order (same dates, journals, types, accounts, partners
// and amounts), and each at its place among the others, which gives it
// the file's number in a fresh book. For the clusters that do not it
// returns a *csvUnletteredError with the first difference of each; a
// cluster whose steps were all skipped (the file imported again) posts
// nothing and is right.
func (p *csvPlan) check(done *reconcile.PostLetterResult) error {
	got := map[*csvLetterCluster][]*journal.Entry{}
	impaired := map[*csvImpairRun][]*journal.Entry{}
	for i, step := range done.EntrySteps {
		if run := p.impairmentOf[step]; run != nil {
			impaired[run] = append(impaired[run], &done.Entries[i])
			continue
		}
		c := p.groupOf[step].cluster
		got[c] = append(got[c], &done.Entries[i])
	}
	// An impairment run posts the file's entries, at their place.
	offRuns := map[*csvImpairRun]string{}
	for step, run := range p.impairmentOf {
		if why := run.difference(impaired[run]); why != "" {
			offRuns[run] = why
		} else if p.slot[step] != p.leftAt[run.entries[0]][1] {
			offRuns[run] = fmt.Sprintf("bringing the impairment of %s to %s again would post its entries at another place among the entries than the file has them (their numbers would change)",
				run.partner, currency.FrenchNumber(run.target))
		}
	}
	skipped, stepped := map[*csvLetterCluster]int{}, map[*csvLetterCluster]int{}
	for _, step := range done.SkippedSteps {
		skipped[p.groupOf[step].cluster]++
	}
	for _, g := range p.groupOf {
		if g != nil {
			stepped[g.cluster]++
		}
	}
	off := map[*csvLetterCluster]string{}
	for _, c := range p.lt.clusters {
		if c.off != "" || stepped[c] > 0 && skipped[c] == stepped[c] || stepped[c] == 0 && p.lt.replayedAll(c) {
			continue
		}
		if why := c.difference(got[c]); why != "" {
			off[c] = why
		}
	}
	// In order: the k-th entry a cluster posts is the k-th the file has
	// for it; it must come after the same entries posted, and after the
	// entries posted anew before it in the file.
	seen, last := map[*csvLetterCluster]int{}, -1
	for i, step := range done.EntrySteps {
		if p.groupOf[step] == nil {
			continue // an impairment, checked above
		}
		c := p.groupOf[step].cluster
		k := seen[c]
		seen[c]++
		if _, bad := off[c]; bad || c.off != "" {
			continue
		}
		at := p.leftAt[c.left[k]]
		if p.slot[step] != at[1] || at[0] < last {
			off[c] = fmt.Sprintf("lettering %s again would post %s at another place among the entries than the file has it (its number would change)",
				strings.Join(c.codes(), ", "), generatedText(&done.Entries[i]))
			continue
		}
		last = at[0]
	}
	if len(off) > 0 || len(offRuns) > 0 {
		return &csvUnletteredError{off: off, offRuns: offRuns}
	}
	return nil
}

// difference says how the entries lettering c posted differ from the
// file's, "" when they are the same.
func (c *csvLetterCluster) difference(got []*journal.Entry) string {
	what := "lettering " + strings.Join(c.codes(), ", ") + " again would post "
	for i := 0; i < max(len(got), len(c.left)); i++ {
		switch {
		case i >= len(got):
			return what + "no more entries, the file has " + generatedText(&c.left[i].entry)
		case i >= len(c.left):
			return what + generatedText(got[i]) + ", the file has none"
		}
		g, f := got[i], &c.left[i].entry
		if g.Type != f.Type || g.Journal != f.Journal || g.Date != f.Date || entryDebits(g) != entryDebits(f) {
			return what + generatedText(g) + ", the file has " + generatedText(f)
		}
		if !sameLines(g.Lines, f.Lines) {
			return what + generatedText(g) + " on other lines than the file's"
		}
	}
	return ""
}

// sameLines reports whether two entries' lines are the same accounts,
// partners and amounts, in the same order. An amount in a currency is
// compared where both have one: the book keeps a company-currency line's
// balance there too, a file leaves it out.
func sameLines(a, b []journal.Line) bool {
	return slices.EqualFunc(a, b, func(x, y journal.Line) bool {
		return x.Account == y.Account && x.Partner == y.Partner && amountText(x.Balance) == amountText(y.Balance) &&
			(!x.AmountCurrency.IsSet() || !y.AmountCurrency.IsSet() || amountText(x.AmountCurrency) == amountText(y.AmountCurrency))
	})
}

// entryDebits is what an entry moves, in French: the total of its
// accounts' net debits (a cash-basis entry's base lines, a debit and a
// credit on one account, move nothing).
func entryDebits(e *journal.Entry) string {
	var accounts []string
	net := map[string]currency.Amount{}
	for _, l := range e.Lines {
		if !l.Balance.IsSet() {
			continue
		}
		n, ok := net[l.Account]
		if !ok {
			accounts = append(accounts, l.Account)
			n = currency.Zero(l.Balance.Currency())
		}
		var err error
		if net[l.Account], err = n.Add(l.Balance); err != nil {
			panic("lettrage: the balances of one entry in two currencies: " + err.Error())
		}
	}
	if len(accounts) == 0 {
		return "0,00"
	}
	sum := currency.Zero(net[accounts[0]].Currency())
	for _, acc := range accounts {
		if n := net[acc]; n.Sign() > 0 {
			var err error
			if sum, err = sum.Add(n); err != nil {
				panic("lettrage: the balances of one entry in two currencies: " + err.Error())
			}
		}
	}
	return currency.FrenchNumber(sum)
}

// generatedText names a generated entry: "a cash-basis entry of 33,33 on
// 2026-04-02".
func generatedText(e *journal.Entry) string {
	kind := "an exchange-difference"
	switch e.Type {
	case journal.TypeCashBasis:
		kind = "a cash-basis"
	case journal.TypeExchangeDifference:
	default:
		kind = "a " + e.Type.String()
	}
	return fmt.Sprintf("%s entry of %s on %s", kind, entryDebits(e), e.Date)
}

// post posts entries and letters lt's groups in one operation, all or
// nothing, leaving unlettered the clusters whose lettering would not post
// the file's generated entries again (leftOut says which of their
// generated entries are posted as written): it tries, rolls back, sets
// them off and tries again, at most once a cluster more. It returns what the last try did, and the
// group of each of its steps.
func (lt *csvLettering) post(a *app, b *ledger.Book, entries []*csvEntry) (reconcile.PostLetterResult, []*csvLetterGroup, error) {
	rec, err := a.reconciler(b, "import entries", "")
	if err != nil {
		return reconcile.PostLetterResult{}, nil, err
	}
	if err := lt.findReplayed(a, b); err != nil {
		return reconcile.PostLetterResult{}, nil, err
	}
	for try := 0; ; try++ {
		if try > 2*len(lt.clusters)+len(lt.impairments) {
			panic("lettrage: an import set no cluster of letter codes off and tried again")
		}
		p := lt.plan(entries)
		groupOf := p.groupOf
		bar := a.newProgress(-1, fmt.Sprintf("posting %d entries and lettering %s", len(entries), plural(len(lt.groups), "code")))
		out, err := rec.PostAndLetter(a.ctx, reconcile.PostLetterRequest{Steps: p.steps, Check: p.check, AllowDuplicateRef: lt.allowDupRef})
		bar.done()
		var ue *csvUnletteredError
		var se *reconcile.StepError
		switch {
		case errors.As(err, &ue):
			for c, why := range ue.off {
				c.off = why
			}
			for run, why := range ue.offRuns {
				run.off = why
			}
		case errors.As(err, &se) && p.keeps[se.Step] && letterRefused(se.Err):
			groupOf[se.Step].cluster.unkept = true
		case errors.As(err, &se) && p.impairmentOf[se.Step] != nil && impairRefused(se.Err):
			run := p.impairmentOf[se.Step]
			run.off = fmt.Sprintf("the impairment of %s would not be brought to %s again (%v)", run.partner, currency.FrenchNumber(run.target), se.Err)
		case errors.As(err, &se) && p.steps[se.Step].BadDebt != nil && badDebtRefused(se.Err):
			g := groupOf[se.Step]
			g.cluster.off = fmt.Sprintf("lettering %s again would not write its bad debt off as the file has it (%v)", strings.Join(g.cluster.codes(), ", "), se.Err)
		case errors.As(err, &se) && p.steps[se.Step].Doubtful != nil && (badDebtRefused(se.Err) || errors.Is(se.Err, reconcile.ErrIdempotencyConflict)):
			g := groupOf[se.Step]
			g.cluster.off = fmt.Sprintf("lettering %s again would not move its debt to doubtful customers as the file has it (%v)", strings.Join(g.cluster.codes(), ", "), se.Err)
		case errors.As(err, &se) && groupOf[se.Step] != nil && letterRefused(se.Err):
			// Lettered step by step, as the file's generated entries come,
			// the lines letter otherwise than in the file's book (a part
			// of them made a full match, say).
			g := groupOf[se.Step]
			g.cluster.off = fmt.Sprintf("lettering %s again would letter its lines otherwise than the file (%v)", strings.Join(g.cluster.codes(), ", "), se.Err)
		default:
			return out, groupOf, err
		}
	}
}

// letterRefused reports whether err is the reconciler's refusal of lines
// to letter, rather than a failure.
func letterRefused(err error) bool {
	for _, refusal := range []error{reconcile.ErrMatched, reconcile.ErrNothingToLetter, reconcile.ErrSettled,
		reconcile.ErrOverAllocation, reconcile.ErrAmount, reconcile.ErrAccount, reconcile.ErrPartner, reconcile.ErrTolerance,
		reconcile.ErrDiscount} {
		if errors.Is(err, refusal) {
			return true
		}
	}
	return false
}

// lettered counts the groups out lettered: those with a step not
// skipped, nor only keeping its code.
func lettered(out *reconcile.PostLetterResult, groupOf []*csvLetterGroup) int {
	skipped := map[int]bool{}
	for _, i := range slices.Concat(out.SkippedSteps, out.KeptSteps) {
		skipped[i] = true
	}
	done := map[*csvLetterGroup]bool{}
	for i, g := range groupOf {
		if g != nil && !skipped[i] {
			done[g] = true
		}
	}
	return len(done)
}

// unlettered are the clusters left unlettered, in file order, then the
// impairments imported as written.
func (lt *csvLettering) unlettered() []csvUnlettered {
	var u []csvUnlettered
	for _, c := range lt.clusters {
		if c.off != "" {
			un := csvUnlettered{Codes: c.codes(), Reason: c.off}
			for _, ce := range c.left {
				if ce.leftOut() {
					un.leftOut++
				} else {
					un.written++
				}
			}
			u = append(u, un)
		}
	}
	for _, run := range lt.impairments {
		if run.off != "" {
			u = append(u, csvUnlettered{Reason: run.off})
		}
	}
	for _, ce := range lt.stray {
		key, doc := strings.TrimSpace(ce.key), ce.entry.Ref
		u = append(u, csvUnlettered{Reason: fmt.Sprintf("%s, a cash-basis entry marked generated, makes VAT of %s due, whose lines the file does not letter: imported as written; "+
			"lettering %s later (by hand, or 'lettrage auto') makes that VAT due again: reverse %s first ('lettrage reverse %s')",
			key, doc, doc, key, key), stray: true})
	}
	return u
}

// joinBook prepares the groups of a file that are parts of matches
// crossing its bounds (crossingMatch) to be lettered with the lines the
// book holds of those matches: the lines an earlier file's import kept
// the same code on, for the same account and partner. A group is set off,
// to be left unlettered with a warning, when the book's code names
// another group (a match of that code on other lines), or when the
// file's lines would settle more than what remains of the book's. It
// returns an error, and the import writes nothing, for a group holding
// the last lines of its match (dated its letter_date) whose earlier lines
// the book does not hold under that code, unless the book has one open
// group those lines settle exactly (the earlier lines imported from a file
// of a period when the match was still open, under a lower-case code):
// they are lettered with it; when several could be, the group is left
// unlettered with a warning and its generated entries left out. Without
// either it is a file of a later period imported before an earlier one,
// which lettered apart would make the lettering post its cash-basis and
// exchange entries twice.
//
// A lower-case group with lines on one side only is the part of an open
// group whose other lines are in the files of other periods: it is
// lettered with the one open group of the book its lines go on with
// (which they leave open), left unlettered with a warning and its
// generated entries left out when several could be.
//
// The lines of one code on two partners or accounts that balance
// together, a file edited by hand, are refused as such; with skipBad
// both groups are left unlettered instead.
func joinBook(a *app, b *ledger.Book, groups []*csvLetterGroup, skipBad bool) error {
	var rec *reconcile.Reconciler
	for _, g := range groups {
		crossing, err := g.crossingMatch(b.Currency())
		if err != nil || !crossing && !g.openPart() {
			continue // check says what is wrong with it
		}
		var acc ledger.Account
		err = b.View(a.ctx, func(t *ledger.Tx) error {
			var err error
			acc, err = t.Account(g.account)
			return err
		})
		if err != nil || !acc.Reconcilable {
			continue // refused when posted, or by check
		}
		if rec == nil {
			if rec, err = a.reconciler(b, "import entries", ""); err != nil {
				return err
			}
		}
		if !crossing {
			if err := g.joinOpen(a, b, rec); err != nil {
				return err
			}
			continue
		}
		g.crossing = true
		if err := g.join(a, b, rec, groups, skipBad); err != nil {
			return err
		}
	}
	return nil
}

// openPart reports whether g is a lower-case group whose lines are on
// one side: the part of an open group whose other lines are in the files
// of other periods.
func (g *csvLetterGroup) openPart() bool {
	if g.code == strings.ToUpper(g.code) || len(g.lines) == 0 {
		return false
	}
	debit, credit := false, false
	for _, l := range g.lines {
		s := lineSide(l.line())
		debit, credit = debit || s > 0, credit || s < 0
	}
	return debit != credit
}

// joinOpen is joinBook for a lower-case group on one side (openPart):
// lettered with the one open group of the book its lines go on with,
// left unlettered when there is none (check says why) or several. A file
// imported again, its lines in the book and lettered, letters nothing.
func (g *csvLetterGroup) joinOpen(a *app, b *ledger.Book, rec *reconcile.Reconciler) error {
	for _, l := range g.lines {
		code, provisional, err := rec.Code(a.ctx, l.ref())
		if errors.Is(err, reconcile.ErrNotPosted) {
			continue
		} else if err != nil {
			return err
		}
		if code != "" {
			g.crossing = true
			return g.lettered(a, b, rec, code, provisional)
		}
	}
	found, err := g.openGroupOf(a, b, rec, false)
	if err != nil {
		return err
	}
	if len(found) == 0 && len(g.code) >= 3 && len(g.code) <= 13 {
		// A debt an earlier file moved to doubtful customers: its line
		// there kept the code, alone.
		kept, err := rec.KeptOpenLines(a.ctx, g.account, g.partner, g.code)
		if errors.Is(err, reconcile.ErrLetterCode) {
			return nil // not a code the book keeps: check says what is wrong
		}
		if err != nil || len(kept) == 0 {
			return err
		}
		g.crossing = true
		return g.withBook(a, b, kept)
	}
	if len(found) == 0 {
		return nil
	}
	if len(found) > 1 {
		return g.setAmbiguous(a, b, found)
	}
	g.crossing = true
	return g.withBook(a, b, found[0].lines)
}

// lettered sets the entries of the lines of the book lettered with g's
// under code (an open group's provisional code, or a match's) as g's
// bookDocs: the file imported again, its generated entries, which name
// them, are those the lettering posted then.
func (g *csvLetterGroup) lettered(a *app, b *ledger.Book, rec *reconcile.Reconciler, code string, provisional bool) error {
	var lines []journal.LineRef
	if provisional {
		found, err := g.openGroups(a, b, rec)
		if err != nil {
			return err
		}
		for _, bg := range found {
			if bg.code == code {
				lines = bg.lines
			}
		}
	}
	return b.View(a.ctx, func(t *ledger.Tx) error {
		if !provisional {
			m, err := t.MatchByCode(g.account, g.partner, code)
			if err != nil {
				return err
			}
			lines = m.Lines
		}
		for _, l := range lines {
			if err := g.addBookDoc(t, l); err != nil {
				return err
			}
		}
		return nil
	})
}

// bookOpenGroup is an open group of the book (lettered in part): its
// provisional code, open lines and what remains of them.
type bookOpenGroup struct {
	code          string
	lines         []journal.LineRef
	owed, owedCur currency.Amount // owedCur unset for lines of two currencies
}

// openGroupOf returns the open groups of the book on g's account and
// partner that g's lines settle exactly (complete), or, otherwise, leave
// open, their lines on the other side of what remains of the group. A
// group in a currency is weighed in it, as its lines letter. Only a group
// whose lines earlier files' imports lettered, keeping their codes on
// them (reconcile.Reconciler.KeptOpenGroup), may be one: the book's own
// groups, lettered otherwise, are not the file's.
func (g *csvLetterGroup) openGroupOf(a *app, b *ledger.Book, rec *reconcile.Reconciler, complete bool) ([]*bookOpenGroup, error) {
	groups, err := g.openGroups(a, b, rec)
	if err != nil {
		return nil, err
	}
	imported := groups[:0]
	for _, bg := range groups {
		kept, err := rec.KeptOpenGroup(a.ctx, bg.lines[0])
		if err != nil {
			return nil, err
		}
		if kept {
			imported = append(imported, bg)
		}
	}
	groups = imported
	sum, sumCur, err := g.sum(b.Currency())
	if err != nil {
		return nil, err
	}
	var found []*bookOpenGroup
	for _, bg := range groups {
		owed, paid := bg.owed, sum
		if sumCur.IsSet() && !sumCur.IsZero() && bg.owedCur.IsSet() && bg.owedCur.Currency() == sumCur.Currency() {
			owed, paid = bg.owedCur, sumCur
		}
		left, err := owed.Add(paid)
		if err != nil {
			continue // another currency: not this group
		}
		if complete && left.IsZero() ||
			!complete && owed.Sign() != 0 && paid.Sign() == -owed.Sign() && left.Sign() == owed.Sign() {
			found = append(found, bg)
		}
	}
	return found, nil
}

// openGroups returns the open groups of the book on g's account and
// partner, by their open lines in the order of OpenItems.
func (g *csvLetterGroup) openGroups(a *app, b *ledger.Book, rec *reconcile.Reconciler) ([]*bookOpenGroup, error) {
	var items []ledger.OpenItem
	err := b.View(a.ctx, func(t *ledger.Tx) error {
		var err error
		items, err = t.OpenItems(g.account, g.partner)
		return err
	})
	if err != nil {
		return nil, err
	}
	var groups []*bookOpenGroup
	byCode := map[string]*bookOpenGroup{}
	for _, it := range items {
		if it.Partner != g.partner {
			continue
		}
		code, provisional, err := rec.Code(a.ctx, it.Ref)
		if err != nil {
			return nil, err
		}
		if !provisional {
			continue // not lettered: no group
		}
		bg := byCode[code]
		if bg == nil {
			bg = &bookOpenGroup{code: code, owed: currency.Zero(b.Currency())}
			if it.Residual.AmountCurrency.IsSet() {
				bg.owedCur = currency.Zero(it.Residual.AmountCurrency.Currency())
			}
			byCode[code] = bg
			groups = append(groups, bg)
		}
		bg.lines = append(bg.lines, it.Ref)
		if bg.owed, err = bg.owed.Add(it.Residual.Balance); err != nil {
			return nil, err
		}
		if r := it.Residual.AmountCurrency; bg.owedCur.IsSet() && r.IsSet() && r.Currency() == bg.owedCur.Currency() {
			if bg.owedCur, err = bg.owedCur.Add(r); err != nil {
				return nil, err
			}
		} else {
			bg.owedCur = currency.Amount{}
		}
	}
	return groups, nil
}

// setAmbiguous leaves g unlettered, its generated entries left out: its
// lines could go with each of the book's open groups found, and the
// import does not guess which. The groups' entries are g's bookDocs, for
// its generated entries to name (from).
func (g *csvLetterGroup) setAmbiguous(a *app, b *ledger.Book, found []*bookOpenGroup) error {
	codes := make([]string, len(found))
	for i, bg := range found {
		codes[i] = bg.code
	}
	err := b.View(a.ctx, func(t *ledger.Tx) error {
		for _, bg := range found {
			for _, l := range bg.lines {
				if err := g.addBookDoc(t, l); err != nil {
					return err
				}
			}
		}
		return nil
	})
	g.off = fmt.Sprintf("%s: its lines could go with %d open groups of the book (%s): letter them with one by hand ('lettrage letter')",
		g, len(found), strings.Join(codes, ", "))
	return err
}

// split returns another group of groups with g's code and letter_date
// whose lines balance g's: the lines of one match a hand-edited file put
// on two partners or accounts; nil when there is none.
func (g *csvLetterGroup) split(groups []*csvLetterGroup, company currency.Currency) *csvLetterGroup {
	sum, _, err := g.sum(company)
	if err != nil {
		return nil
	}
	for _, o := range groups {
		if o == g || o.code != g.code || o.date != g.date {
			continue
		}
		if other, _, err := o.sum(company); err == nil {
			if total, err := sum.Add(other); err == nil && total.IsZero() {
				return o
			}
		}
	}
	return nil
}

// join is joinBook for one group.
func (g *csvLetterGroup) join(a *app, b *ledger.Book, rec *reconcile.Reconciler, groups []*csvLetterGroup, skipBad bool) error {
	mine := map[journal.LineRef]bool{}
	for _, l := range g.lines {
		mine[l.ref()] = true
	}
	var matched bool
	err := b.View(a.ctx, func(t *ledger.Tx) error {
		m, err := t.MatchByCode(g.account, g.partner, g.code)
		if errors.Is(err, ledger.ErrNotFound) || err == nil && !m.Live() {
			return nil
		} else if err != nil {
			return err
		}
		matched = true
		in := map[journal.LineRef]bool{}
		for _, l := range m.Lines {
			in[l] = true
		}
		for l := range mine {
			if !in[l] {
				g.off = fmt.Sprintf("%s: the book has a match of that code on other lines than the file's", g)
				return nil
			}
		}
		// The file imported again: its lines are lettered, and the
		// generated entries of the match, in the book, not posted twice.
		for _, l := range m.Lines {
			if mine[l] {
				continue
			}
			if err := g.addBookDoc(t, l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || matched {
		return err
	}
	kept, err := rec.KeptLines(a.ctx, g.account, g.partner, g.code)
	if err != nil {
		return err
	}
	kept = slices.DeleteFunc(kept, func(l journal.LineRef) bool { return mine[l] })
	if len(kept) == 0 {
		last := journal.Date{}
		for _, l := range g.all {
			if d := l.e.entry.Date; d.After(last) {
				last = d
			}
		}
		if last != g.date {
			return nil // the first part of the match: the code is kept on it
		}
		if o := g.split(groups, b.Currency()); o != nil {
			first, second := g, o
			if slices.Index(groups, o) < slices.Index(groups, g) {
				first, second = o, g
			}
			why := fmt.Sprintf("its lines balance with those of the same code on %s %s: the lines of a code are on one account and partner",
				second.account, second.partner)
			if skipBad {
				g.off, o.off = fmt.Sprintf("%s: %s", first, why), fmt.Sprintf("%s: %s", first, why)
				return nil
			}
			return fmt.Errorf("%w%s: %s", errLetterCode, strings.TrimPrefix(first.String(), "letter code"), why)
		}
		found, err := g.openGroupOf(a, b, rec, true)
		if err != nil {
			return err
		}
		switch {
		case len(found) > 1:
			return g.setAmbiguous(a, b, found)
		case len(found) == 0:
			return fmt.Errorf("%w%s: the file has the last lines of its match, lettered %s, and the book none of its earlier lines lettered under that code, nor one open group they settle: import the files of the earlier periods first, in date order (or leave the letter column of these lines empty)",
				errLetterCode, strings.TrimPrefix(g.String(), "letter code"), g.date)
		}
		// The earlier lines imported when the match was still open.
		kept = found[0].lines
	}
	return g.withBook(a, b, kept)
}

// addBookDoc adds the entry of line, of the book, to g.bookDocs.
func (g *csvLetterGroup) addBookDoc(t *ledger.Tx, line journal.LineRef) error {
	e, err := t.Entry(line.Entry)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(g.bookDocs, func(d *journal.Entry) bool { return d.ID == e.ID }) {
		g.bookDocs = append(g.bookDocs, &e)
	}
	if e.Type == journal.TypeMisc && e.Origin != journal.NoID && e.Document != journal.NoID && line.Index < len(e.Lines) &&
		e.Lines[line.Index].Account == csvDoubtfulAccount {
		// A debt moved to doubtful customers: what is received there
		// pays the invoice, whose cash-basis entries name it.
		return g.addBookDoc(t, journal.LineRef{Entry: e.Document})
	}
	return nil
}

// withBook sets kept, lines of the book, as the lines g is lettered with,
// and sets g off when its lines settle more than what remains of them.
func (g *csvLetterGroup) withBook(a *app, b *ledger.Book, kept []journal.LineRef) error {
	owed := currency.Zero(b.Currency())
	err := b.View(a.ctx, func(t *ledger.Tx) error {
		for _, ref := range kept {
			r, err := t.Residual(ref)
			if err != nil {
				return err
			}
			if owed, err = owed.Add(r.Balance); err != nil {
				return err
			}
			s := r.Balance.Sign()
			if s == 0 && r.AmountCurrency.IsSet() {
				s = r.AmountCurrency.Sign()
			}
			g.bookDebit, g.bookCredit = g.bookDebit || s > 0, g.bookCredit || s < 0
			if err := g.addBookDoc(t, ref); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	g.book = kept
	sum, _, err := g.sum(b.Currency())
	if err != nil {
		return err
	}
	left, err := owed.Add(sum)
	if err != nil {
		return err
	}
	if owed.Sign() != 0 && left.Sign() == -owed.Sign() {
		g.off = fmt.Sprintf("%s: its lines settle %s more than the %s its lines in the book leave open", g, currency.FrenchNumber(left.Abs()), currency.FrenchNumber(owed.Abs()))
	}
	return nil
}
