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
}

// csvLetterLine is line i of entry e.
type csvLetterLine struct {
	e *csvEntry
	i int
}

func (l csvLetterLine) line() *journal.Line { return &l.e.entry.Lines[l.i] }

func (l csvLetterLine) ref() journal.LineRef { return l.e.entry.LineRef(l.i) }

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
			if !ce.regenerated() {
				g.lines = append(g.lines, csvLetterLine{ce, i})
			}
		}
	}
	return groups
}

// check refuses a group the import cannot letter as the file says: an
// upper-case code (a full match) whose lines do not add up to zero, and
// a group without lines on both sides.
func (g *csvLetterGroup) check(company currency.Currency) error {
	debit, credit := false, false
	for _, l := range g.lines {
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
	sum, sumCur := currency.Zero(company), currency.Amount{}
	for _, l := range g.all {
		ln := l.line()
		var err error
		if ln.Balance.IsSet() {
			if sum, err = sum.Add(ln.Balance); err != nil {
				return err
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
				return err
			}
		}
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
	// off says why the import leaves the groups unlettered and imports
	// left as plain entries; "" while it letters them.
	off string
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
// lettering its lines again posts anew.
func (e *csvEntry) leftOut() bool {
	return e.regenerated() && e.cluster != nil && e.cluster.off == ""
}

// csvLettering is what an import letters: the groups of lines sharing a
// letter code, gathered in clusters, and where each generated entry of
// the file comes from.
type csvLettering struct {
	groups   []*csvLetterGroup
	clusters []*csvLetterCluster
	byLine   map[csvLetterLine]*csvLetterGroup
	byKey    map[string]*csvEntry // by the file's entry column (or ref)
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
	}
	for _, ce := range entries {
		if from := lt.from(ce); ce.regenerated() && len(from) > 0 {
			ce.cluster = from[0].cluster
			ce.cluster.left = append(ce.cluster.left, ce)
		}
	}
	return lt
}

// from is the groups whose lettering posts the generated entry ce: those
// of its own lettered lines (an exchange difference), or of the document
// its reference names (a cash-basis entry names its invoice).
func (lt *csvLettering) from(ce *csvEntry) []*csvLetterGroup {
	var from []*csvLetterGroup
	for i := range ce.entry.Lines {
		if g := lt.byLine[csvLetterLine{ce, i}]; g != nil && !slices.Contains(from, g) {
			from = append(from, g)
		}
	}
	if doc := lt.byKey[ce.entry.Ref]; doc != nil && doc != ce {
		for i := range doc.entry.Lines {
			if g := lt.byLine[csvLetterLine{doc, i}]; g != nil && !slices.Contains(from, g) {
				from = append(from, g)
			}
		}
	}
	return from
}

// csvPlan is the steps of one try of an import that letters.
type csvPlan struct {
	lt    *csvLettering
	steps []reconcile.PostLetterStep
	// groupOf is, for each step, the group it letters (nil for an
	// entry); slot, for each step, how many entries the steps before it
	// post.
	groupOf []*csvLetterGroup
	slot    []int
	// leftAt is, for each entry left out, its index in the file's entries
	// and its slot: how many entries the import posts before it.
	leftAt map[*csvEntry][2]int
}

// plan is the steps of an import that letters: the entries posted in the
// file's order and, where the file has an entry the lettering posts anew,
// the lettering of the groups it comes from, with the lines posted so
// far, so that the new entry takes its place among the others; then the
// lettering of every group in full. The groups of a cluster set off are
// not lettered and their generated entries are posted as written. A full
// match asks for the file's code, which the fresh book gives whatever the
// order the groups are lettered in; the lettering a generated entry of
// the file comes from dates the entries it posts no earlier than it.
func (lt *csvLettering) plan(entries []*csvEntry) *csvPlan {
	p := &csvPlan{lt: lt, leftAt: map[*csvEntry][2]int{}}
	posted := map[*csvEntry]bool{}
	lettered := map[*csvLetterGroup]int{} // how many of its lines the last step named
	letter := func(g *csvLetterGroup, notBefore journal.Date) {
		if g.cluster.off != "" {
			return
		}
		var refs []journal.LineRef
		debit, credit := false, false
		for _, l := range g.lines {
			if posted[l.e] {
				refs = append(refs, l.ref())
				s := lineSide(l.line())
				debit, credit = debit || s > 0, credit || s < 0
			}
		}
		if len(refs) == lettered[g] || !debit || !credit {
			return
		}
		lettered[g] = len(refs)
		step := reconcile.PostLetterStep{Letter: refs, NotBefore: notBefore}
		if g.code == strings.ToUpper(g.code) {
			step.Code = g.code // a full match keeps its code, whatever the order
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
		for _, g := range lt.from(ce) {
			// Dated no earlier than the file's entry: a lock may have moved
			// it past the payment's date in the book the file comes from.
			letter(g, ce.entry.Date)
		}
	}
	for _, g := range lt.groups {
		letter(g, journal.Date{})
	}
	return p
}

func (p *csvPlan) add(s reconcile.PostLetterStep, g *csvLetterGroup, slot int) {
	p.steps, p.groupOf, p.slot = append(p.steps, s), append(p.groupOf, g), append(p.slot, slot)
}

// csvUnlettered is a cluster of letter codes an import left unlettered,
// and why.
type csvUnlettered struct {
	Codes  []string `json:"codes"`
	Reason string   `json:"reason"`
}

func (u csvUnlettered) String() string {
	return u.Reason + ": left unlettered, its generated entries imported as they are"
}

// csvUnletteredError is returned by csvLettering.check, rolling the
// import back, when clusters it letters do not post the file's generated
// entries again: off says why, for each. The check sets nothing itself,
// as a transaction the store retries runs it again.
type csvUnletteredError struct {
	off map[*csvLetterCluster]string
}

func (e *csvUnletteredError) Error() string {
	return fmt.Sprintf("%s do not letter again as the file says", plural(len(e.off), "letter code cluster"))
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
	for i, step := range done.EntrySteps {
		c := p.groupOf[step].cluster
		got[c] = append(got[c], &done.Entries[i])
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
		if c.off != "" || stepped[c] > 0 && skipped[c] == stepped[c] {
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
	if len(off) > 0 {
		return &csvUnletteredError{off: off}
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
// the file's generated entries again (their generated entries are posted
// as written): it tries, rolls back, sets them off and tries again, at
// most once a cluster more. It returns what the last try did, and the
// group of each of its steps.
func (lt *csvLettering) post(a *app, b *ledger.Book, entries []*csvEntry) (reconcile.PostLetterResult, []*csvLetterGroup, error) {
	rec, err := a.reconciler(b, "import entries", "")
	if err != nil {
		return reconcile.PostLetterResult{}, nil, err
	}
	for try := 0; ; try++ {
		if try > len(lt.clusters) {
			panic("lettrage: an import set no cluster of letter codes off and tried again")
		}
		p := lt.plan(entries)
		groupOf := p.groupOf
		bar := a.newProgress(-1, fmt.Sprintf("posting %d entries and lettering %s", len(entries), plural(len(lt.groups), "code")))
		out, err := rec.PostAndLetter(a.ctx, reconcile.PostLetterRequest{Steps: p.steps, Check: p.check})
		bar.done()
		var ue *csvUnletteredError
		var se *reconcile.StepError
		switch {
		case errors.As(err, &ue):
			for c, why := range ue.off {
				c.off = why
			}
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
		reconcile.ErrOverAllocation, reconcile.ErrAmount, reconcile.ErrAccount, reconcile.ErrPartner, reconcile.ErrTolerance} {
		if errors.Is(err, refusal) {
			return true
		}
	}
	return false
}

// lettered counts the groups out lettered: those with a step not
// skipped.
func lettered(out *reconcile.PostLetterResult, groupOf []*csvLetterGroup) int {
	skipped := map[int]bool{}
	for _, i := range out.SkippedSteps {
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

// unlettered are the clusters left unlettered, in file order.
func (lt *csvLettering) unlettered() []csvUnlettered {
	var u []csvUnlettered
	for _, c := range lt.clusters {
		if c.off != "" {
			u = append(u, csvUnlettered{Codes: c.codes(), Reason: c.off})
		}
	}
	return u
}
