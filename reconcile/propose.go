package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Proposal is a lettering automatic lettering would make: the lines, the
// partials it would record, the rule that found it, how sure it is and
// why, in a sentence a person can check. The slices of the proposals of
// one call may share arrays, each capped at its own length: appending to
// one copies it, and writing an element changes no other proposal.
type Proposal struct {
	Account  string            // the account lettered
	Partner  string            // "" on an account lettered across partners
	Currency currency.Currency // the lines' own currency; amounts of the proposal are in it
	// Lines are the payments, then the documents, each side in the order
	// it is allocated. A combination net of credit notes lists them before
	// its payment: each is lettered with the documents it reduces first.
	Lines []journal.LineRef
	// Seen is each line's residual when the proposal was made: Apply
	// refuses the proposal (ErrStale) when one has moved since.
	Seen []ledger.Residual
	// Partials are the partials Apply would record, in order: the
	// early-payment discounts (Discount set), the pairings, then, with a
	// write-off, one partial per line left open with the write-off line.
	// Exchange-difference partials, which depend on the rates at Apply,
	// are not planned.
	Partials []PlannedPartial
	// WriteOff, when set, is the difference written off so that the
	// lines settle (positive, in Currency).
	WriteOff currency.Amount
	// Discount, when set, is the early-payment discount the invoices
	// offer and the payment takes (positive, in Currency; the sum of the
	// Discount partials, one an invoice): Apply posts each, as a
	// rectifying entry lettered with its invoice, before the payment is
	// lettered with what remains.
	Discount   currency.Amount
	Rule       Rule       // the rule that found it
	Confidence Confidence // how sure the rule is
	// Reason says why, in a sentence a person can check against the
	// documents.
	Reason string

	// entries are the entries of Lines as the proposer read them, set for
	// AutoLetter only: its apply hands them to its transaction instead of
	// decoding them again (posted entries never change), and reads there
	// what can change. Apply, given proposals by its caller, reads
	// everything from the book.
	entries []*journal.Entry
}

// PlannedPartial is a partial a proposal would record: the amount
// allocated between a debit and a credit line, in the proposal's currency.
// Applying it may add exchange-difference entries when the lines were
// booked at different rates.
type PlannedPartial struct {
	// Debit and Credit are the lines the partial would allocate between.
	// On a write-off partial the write-off line's side is the zero
	// LineRef: Apply posts that line.
	Debit, Credit journal.LineRef
	// Amount is the amount allocated, positive, in the proposal's currency.
	Amount currency.Amount
	// WriteOff marks the partial lettering a line left open with its
	// write-off line.
	WriteOff bool
	// Discount marks the partial lettering the invoice with its
	// early-payment discount line, which Apply posts (the zero LineRef
	// side), as WriteOff does its write-off line.
	Discount bool
}

// Unmatched is a payment (or any settling line) automatic lettering left
// open, and why.
type Unmatched struct {
	Account, Partner string          // the account and partner of the line; Partner is "" across partners
	Line             journal.LineRef // the settling line left open
	Number           string          // its entry's number
	Residual         currency.Amount // what is left of it, in its own currency
	Reason           string          // why no rule placed it, in a sentence: "ambiguous: …"
}

// Proposals is the outcome of Propose.
type Proposals struct {
	// Proposals are the letterings found, in a stable order: the same book
	// gives the same list.
	Proposals []Proposal
	// Unmatched are the settling lines (customer receipts, supplier
	// payments, credits that pay) no rule could place, with the reason.
	Unmatched []Unmatched
	// WorkLimitReached counts the scope's payments a combination search
	// stopped at Rules.WorkLimit for, before it found a combination (the
	// search for the payment, or for a document several payments could
	// pay together: each of them), once each however many searches
	// stopped. Each is named where it ends: in Unmatched, with the limit
	// as the reason, or, when a later rule letters it (within the
	// tolerance, oldest first), in that proposal's reason.
	WorkLimitReached int
}

// Propose computes the letterings the rules find in scope, writing
// nothing. Rules run in order — reference, exact amount, combination,
// oldest first (when turned on), tolerance — each on what the earlier
// left, per partner on receivable and payable accounts and across partners
// on the others; a line is in at most one proposal. A payment the exact
// amount rule finds ambiguous stays unproposed with that reason: only
// oldest first, a policy, may still allocate it, or the combination
// rule's zero-balance pass when the partner's few open items it is one of
// sum to zero (whatever pairs them, all settle). A payment whose texts
// name an invoice nothing is owed on any more — paid by other payments,
// or cancelled — and no open document stays unproposed as well, with
// that reason: it is a second payment or a mistake, not one for another
// document that happens to have its amount. The same book gives the
// same proposals in the same order: accounts in code order, partners in
// code order, then in the order the rules made them, each on what the
// earlier left — rule by rule as listed, each rule's passes in turn
// (reversals before references; a payment for several documents, then
// several payments for one document, then open items summing to zero),
// each pass taking its payments (or documents) in due order: due date,
// posting sequence, line.
//
// It returns ErrScope (for a partner the book does not know, wrapping
// ledger.ErrUnknownPartner), ErrRules, or the book's read errors.
func (r *Reconciler) Propose(ctx context.Context, scope Scope, rules Rules) (Proposals, error) {
	var out Proposals
	err := r.propose(ctx, scope, rules, cursor{}, 0, false, &out, nil)
	return out, err
}

// cursor is where a proposal walk resumes: the account by index in the
// scope's account list, and the last partner done on it.
type cursor struct {
	account int
	partner string
	started bool // partner is set (a partner "" was done)
	done    bool
}

// propose walks the scope from c, adding to out, until at least max
// proposals are made (0: no limit); it returns where it stopped in *next.
// keep makes each proposal carry the entries of its lines (see
// Proposal.entries).
func (r *Reconciler) propose(ctx context.Context, scope Scope, rules Rules, c cursor, max int, keep bool, out *Proposals, next *cursor) error {
	if err := scope.validate(); err != nil {
		return err
	}
	if err := rules.validate(&r.cfg); err != nil {
		return err
	}
	return r.book.View(ctx, func(t *ledger.Tx) error {
		accounts, err := scopeAccounts(t, &scope)
		if err != nil {
			return err
		}
		p := &proposer{r: r, scope: &scope, rules: &rules, company: r.book.Currency(), out: out, keep: keep}
		defer p.join()
		if max > 0 && out.Proposals == nil {
			// A chunk's worth of room, and a little for the partner that
			// takes it past max: a chunk regrown a dozen times allocated
			// twice its size.
			out.Proposals = make([]Proposal, 0, max+max/16)
		}
		if keep {
			booktx.KeepOpenEntries(t)
		}
		for ; c.account < len(accounts); c.account, c.partner, c.started = c.account+1, "", false {
			a := accounts[c.account]
			if err := ctx.Err(); err != nil {
				return err
			}
			stop, err := p.account(t, a, &c, max)
			if err != nil {
				return err
			}
			if stop {
				if next != nil {
					*next = c
				}
				return nil
			}
		}
		if next != nil {
			*next = cursor{account: len(accounts), done: true}
		}
		return nil
	})
}

// scopeAccounts returns the accounts of a scope in code order: those named,
// else every reconcilable account — only receivable and payable ones when
// the scope names partners.
func scopeAccounts(t *ledger.Tx, s *Scope) ([]ledger.Account, error) {
	// A partner code the book does not know is a typing error to report,
	// not a partner with nothing open.
	for _, p := range s.Partners {
		if _, err := t.Partner(p); err != nil {
			if errors.Is(err, ledger.ErrUnknownPartner) {
				return nil, fmt.Errorf("%w: %w", ErrScope, err)
			}
			return nil, err
		}
	}
	var out []ledger.Account
	if len(s.Accounts) > 0 {
		for _, code := range s.Accounts {
			a, err := t.Account(code)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", ErrScope, err)
			}
			if !a.Reconcilable {
				return nil, fmt.Errorf("%w: account %s is not reconcilable", ErrScope, code)
			}
			out = append(out, a)
		}
	} else {
		all, err := t.Accounts()
		if err != nil {
			return nil, err
		}
		for _, a := range all {
			if a.Reconcilable && (len(s.Partners) == 0 || a.Kind.NeedsPartner()) {
				out = append(out, a)
			}
		}
	}
	slices.SortFunc(out, func(a, b ledger.Account) int { return cmpString(a.Code, b.Code) })
	out = slices.CompactFunc(out, func(a, b ledger.Account) bool { return a.Code == b.Code })
	return out, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// proposer runs the rules over one group of open items at a time.
type proposer struct {
	r       *Reconciler
	scope   *Scope
	rules   *Rules
	company currency.Currency
	out     *Proposals
	keep    bool       // proposals carry their entries
	t       *ledger.Tx // the transaction the open items are read in
	// full are the blocks of proposals made before out.Proposals (see
	// add), made how many they hold.
	full [][]Proposal
	made int
	// journals are the book's journal codes (refKey): a payment's word
	// starting with one ("FAC202600001") names a document of that
	// journal as written, or nothing; never another journal's by its
	// digits.
	journals map[string]ledger.Journal
	// cands, payers and targets are the room of a group's candidates,
	// used again by the next group: nothing a group proposes or reports
	// points to a candidate (a proposal copies what it needs), and a
	// book is a group a partner: ten thousand and more.
	cands           []cand
	payers, targets []*cand
	// refs is the room the reference rule reads texts in (refScratch).
	refs refScratch
	// why is the room a reason is written in before it is made a string.
	why []byte
	// room is where proposals' slices are taken from (proposalRoom).
	room proposalRoom
	// exact is the exact-amount rule's room.
	exact exactRoom
}

// proposalBlock is how many proposals a block of the list holds once it
// is that long (see proposer.add).
const proposalBlock = 4096

// add appends pr to the proposals. A Proposal is some three hundred bytes:
// past a few hundred, append grows a list by a quarter at a time, so a
// whole book's 200 000 proposals were copied four times over, each copy a
// new block for the collector to scan (a third of a book-wide Propose's
// time). The list is kept in blocks instead, joined once at the end.
func (p *proposer) add(pr Proposal) {
	if ps := p.out.Proposals; len(ps) == cap(ps) && len(ps) >= proposalBlock {
		p.full = append(p.full, ps)
		p.made += len(ps)
		p.out.Proposals = make([]Proposal, 0, proposalBlock)
	}
	p.out.Proposals = append(p.out.Proposals, pr)
}

// proposed is how many proposals add has made.
func (p *proposer) proposed() int { return p.made + len(p.out.Proposals) }

// join makes the blocks of proposals one list again.
func (p *proposer) join() {
	if p.full == nil {
		return
	}
	all := make([]Proposal, 0, p.proposed())
	for _, b := range p.full {
		all = append(all, b...)
	}
	p.out.Proposals = append(all, p.out.Proposals...)
	p.full, p.made = nil, 0
}

// account proposes for one account from c, partner by partner on a
// partner account, all its items at once on another (where samePartner
// still keeps two partners' lines apart). It reports whether it stopped
// because max proposals were reached.
func (p *proposer) account(t *ledger.Tx, a ledger.Account, c *cursor, max int) (bool, error) {
	p.t = t
	if p.journals == nil && !p.rules.NoReferenceDigits {
		var err error
		if p.journals, err = journalCodes(t); err != nil {
			return false, err
		}
	}
	if !a.Kind.NeedsPartner() {
		if c.started {
			return false, nil
		}
		var all []ledger.OpenItem
		err := t.EachOpenGroup(a.Code, "", func(_ string, items []ledger.OpenItem) (bool, error) {
			all = append(all, items...)
			return true, nil
		})
		if err != nil {
			return false, err
		}
		p.group(a, "", all)
		c.started = true
		return max > 0 && p.proposed() >= max, nil
	}
	if len(p.scope.Partners) > 0 {
		partners := slices.Clone(p.scope.Partners)
		slices.Sort(partners)
		for _, partner := range slices.Compact(partners) {
			if c.started && partner <= c.partner {
				continue
			}
			items, err := t.OpenItems(a.Code, partner)
			if err != nil {
				return false, err
			}
			p.group(a, partner, items)
			c.partner, c.started = partner, true
			if max > 0 && p.proposed() >= max {
				return true, nil
			}
		}
		return false, nil
	}
	after := ""
	if c.started {
		after = c.partner
		if after == "" {
			after = "\x00" // the partner "" is done; partner codes are never empty
		}
	}
	stopped := false
	err := t.EachOpenGroup(a.Code, after, func(partner string, items []ledger.OpenItem) (bool, error) {
		p.group(a, partner, items)
		c.partner, c.started = partner, true
		if max > 0 && p.proposed() >= max {
			stopped = true
			return false, nil
		}
		return true, nil
	})
	return stopped, err
}

// cand is an open item as the rules see it: its residual in its own
// currency, as a count of minor units.
type cand struct {
	it    *ledger.OpenItem
	cur   currency.Currency
	amt   int64 // residual magnitude, minor units of cur
	debit bool
	due   journal.Date // due date, or the entry's date
	taken bool
	// held is an item of the scope the whole book's run letters with one
	// the scope leaves out (taken is set too): no rule takes it, and a
	// payment held is listed unmatched with why.
	held bool
	// away is an item the scope's dates or currency leave out: the rules
	// run over it as over the rest of the group, as in the whole book's
	// run, but a proposal holding it is not made (proposeWith).
	away bool
	// limited is a payer a combination search stopped at the work limit
	// for: counted once in WorkLimitReached, and said where it ends, in
	// Unmatched or in the reason of the proposal a later rule makes.
	limited bool
	// seen marks a namer a lettering of the reference rule took
	// (refScratch.seen).
	seen uint64
}

// candOf returns the candidate of an open item, in the scope's dates and
// currency or not (the caller tells), false when only dust is left of it
// (a company rest on a foreign line, which exchange lettering clears).
func (p *proposer) candOf(it *ledger.OpenItem) (cand, bool) {
	cur, res := it.Amount.Currency(), it.Residual.AmountCurrency
	if it.Amount.IsZero() && !it.Balance.IsZero() {
		cur, res = it.Balance.Currency(), it.Residual.Balance
	}
	if res.IsZero() {
		return cand{}, false
	}
	m, ok := res.Abs().MinorUnits()
	if !ok {
		return cand{}, false
	}
	due := it.DueDate
	if due.IsZero() {
		due = it.Date
	}
	debit := it.Balance.Sign() > 0 || it.Balance.IsZero() && it.Amount.Sign() > 0
	return cand{it: it, cur: cur, amt: m, debit: debit, due: due}, true
}

// candOrder is lettering's deterministic order: due date (or date),
// posting sequence, line.
func candOrder(a, b *cand) int {
	if c := a.due.Compare(b.due); c != 0 {
		return c
	}
	if a.it.Seq != b.it.Seq {
		if a.it.Seq < b.it.Seq {
			return -1
		}
		return 1
	}
	return a.it.Ref.Index - b.it.Ref.Index
}

// creditsSettle reports whether an account's credits are what pays its
// debits: customer receipts against invoices, bank lines against
// outstanding receipts. On payables, outstanding payments and supplier
// advances the debits pay.
func creditsSettle(k ledger.AccountKind) bool {
	switch k {
	case ledger.KindPayable, ledger.KindOutstandingPayments, ledger.KindSupplierAdvance:
		return false
	}
	return true
}

// groupRun is the state of the rules over one group of open items.
type groupRun struct {
	p       *proposer
	account ledger.Account
	partner string
	payers  []*cand // the settling side, in candOrder
	targets []*cand // the side settled, in candOrder
	// payersDebit is the settling side: debits on payables, credits on
	// receivables.
	payersDebit bool
	notes       map[*cand]string
	// ambiguous are the payers rule 2 found a tie for: the combination and
	// tolerance rules leave them alone.
	ambiguous map[*cand]bool
	// named are the lines of the documents a payment's text names when
	// rule 1 could not letter it with them (several named, or one in
	// another currency): the amount rules letter it with those or
	// nothing (mayLetter). Nil until the first.
	named map[*cand]map[*cand]bool
	// closed are the invoices nothing is owed on, by the keys that name
	// them (closedNamed). Nil until the first word asks.
	closed map[string]*closedDoc
	// held counts the items of the scope held (cand.held).
	held int
	// cancelled are the entries of an open entry and its open reversal
	// (markCancelled): they go together, and name nothing else.
	cancelled map[journal.ID]bool
	// oneLine caches, per invoice offering a discount, whether it may
	// take it (offerOpen). Nil until the first.
	oneLine map[journal.ID]bool
	// unsearched are the payments whose combination search at full
	// residuals the work limit stopped: whether a set of them exists is
	// unknown, and no discounted one is looked for. Nil until the first.
	unsearched map[*cand]bool
	// partlyOpen are the currencies of a proposal that leaves part of a
	// line open: what the group's free items sum to is not its balance.
	// Nil until the first.
	partlyOpen map[currency.Currency]bool
	// unsaid says why a credit note several payments name is left by
	// them, for the unmatched list: not a note (notes keep a line's own
	// words from being read), since a refund naming it still may. Nil
	// until the first.
	unsaid map[*cand]string
}

// group runs the rules over the open items of one partner (or one account
// lettered across partners).
func (p *proposer) group(a ledger.Account, partner string, items []ledger.OpenItem) {
	if a.Kind.NeedsPartner() && !p.scope.partner(partner) {
		return
	}
	settleWithCredits := creditsSettle(a.Kind)
	g := &groupRun{p: p, account: a, partner: partner, notes: map[*cand]string{}, ambiguous: map[*cand]bool{}, payersDebit: !settleWithCredits,
		payers: p.payers[:0], targets: p.targets[:0]}
	// The candidates live in p.cands, sized before the first is taken
	// the address of: it must not move while the group runs.
	if cap(p.cands) < len(items) {
		p.cands = make([]cand, 0, len(items))
	}
	p.cands = p.cands[:0]
	defer func() { p.payers, p.targets = g.payers, g.targets }()
	for i := range items {
		v, ok := p.candOf(&items[i])
		if !ok {
			continue
		}
		p.cands = append(p.cands, v)
		c := &p.cands[len(p.cands)-1]
		// An item the scope leaves out takes part in the rules all the
		// same: a narrower run letters nothing the whole book's would
		// not, and only what the whole book's run letters within it.
		c.away = !p.scope.keeps(c.it.Date, c.cur) || !a.Kind.NeedsPartner() && !p.scope.keepsLine(c.it.Partner)
		if c.debit == settleWithCredits {
			g.targets = append(g.targets, c)
		} else {
			g.payers = append(g.payers, c)
			if g.debtTransfer(c) {
				// No money came in: lettered with the invoice as a payment
				// it would make the VAT on receipts due.
				c.taken, c.held = true, true
				g.notes[c] = "a transfer of the customer's debt between receivable accounts (to doubtful customers, say), not a payment: letter it by hand with its invoice, or move the debt with 'doubtful'"
			}
		}
	}
	// Every lettering holds a payment, and only the scope's payments are
	// listed unmatched: a group with none in the scope has nothing to
	// show (a partner without a line in the month asked for).
	if !slices.ContainsFunc(g.payers, func(c *cand) bool { return !c.away }) {
		if len(g.payers) == 0 {
			// No payment at all: what a document's payments left of it
			// may still be written off (rule 5's remainder).
			g.remaindersWithinTolerance()
		}
		return
	}
	slices.SortFunc(g.payers, candOrder)
	slices.SortFunc(g.targets, candOrder)
	g.markCancelled(items)
	g.runRules()
	g.reportUnmatched()
}

// debtTransfer reports whether the settling line c is a transfer of what
// a customer owes from one receivable account to another (411000 to
// 416000, doubtful customers): a misc entry, not a reversal, all of whose
// lines are on receivable accounts with c's partner. Such an entry moves
// the debt and pays nothing, whether MoveToDoubtful generated it or it
// was posted or imported as written.
func (g *groupRun) debtTransfer(c *cand) bool {
	if c.it.Type != journal.TypeMisc || c.it.ReversalOf != journal.NoID || g.account.Kind != ledger.KindReceivable {
		return false
	}
	e := booktx.OpenEntry(c.it)
	if e == nil {
		var err error
		// A read error leaves the line to the rules; Apply, which reads
		// it again, reports the book's error.
		if e, err = booktx.Entry(g.p.t, c.it.Ref.Entry); err != nil {
			return false
		}
	}
	other := false
	for _, l := range e.Lines {
		if l.Partner != c.it.Partner {
			return false
		}
		a, err := g.p.t.Account(l.Account)
		if err != nil || a.Kind != ledger.KindReceivable {
			return false
		}
		other = other || l.Account != g.account.Code
	}
	return other
}

// markCancelled notes the entries of an open entry and its open
// reversal (cancelled): they are lettered only together (byReversal),
// and name nothing else; the reversal of one invoice lettered with
// another would show that one cancelled, the cancelled invoice take a
// receipt. items are the group's open items.
func (g *groupRun) markCancelled(items []ledger.OpenItem) {
	reversal := false
	for i := range items {
		reversal = reversal || items[i].ReversalOf != journal.NoID
	}
	if !reversal {
		return // no reversal open: the common case
	}
	hasOpen := map[journal.ID]bool{} // entries with an open line
	for i := range items {
		hasOpen[items[i].Ref.Entry] = true
	}
	for i := range items {
		if orig := items[i].ReversalOf; orig != journal.NoID && hasOpen[orig] {
			if g.cancelled == nil {
				g.cancelled = map[journal.ID]bool{}
			}
			g.cancelled[orig], g.cancelled[items[i].Ref.Entry] = true, true
		}
	}
}

// runRules runs the rules that are on, in order.
func (g *groupRun) runRules() {
	if len(g.payers) == 0 || len(g.targets) == 0 {
		return
	}
	r := g.p.rules
	// An entry and its reversal go together whatever rules are on: the
	// reversal names its entry for certain, and a cancelled invoice left
	// to the amount rules takes a receipt (the reversal another invoice).
	g.byReversal()
	if !r.NoReference {
		g.byReference()
	}
	if !r.NoExactAmount {
		g.byExactAmount()
		g.byDiscount()
	}
	if !r.NoCombination && r.combination() >= 2 {
		g.byCombination(g.payers, g.targets, false)
		g.byCombination(g.targets, g.payers, true)
		// Invoices paid early, each less its discount, once every payment
		// had its combination at full residuals.
		g.byDiscountedCombinations()
		g.byZeroBalance()
	}
	if r.OldestFirst {
		g.oldestFirst()
	}
	if !r.NoTolerance {
		g.withinTolerance()
	}
}

// reportUnmatched lists the payers no rule placed, with why.
func (g *groupRun) reportUnmatched() {
	a, partner, p := g.account, g.partner, g.p
	for _, c := range g.payers {
		if c.limited && !c.away {
			p.out.WorkLimitReached++
		}
		if c.taken && !c.held || c.away {
			continue
		}
		why := g.notes[c]
		if why == "" {
			why = g.unsaid[c]
		}
		switch {
		case why != "":
		case len(g.targets) == 0:
			why = "no open document to letter it with"
		case !slices.ContainsFunc(g.targets, func(t *cand) bool { return !t.away }):
			why = "no open document in the scope to letter it with"
		default:
			if why = g.heldOfAmount(c); why == "" {
				why = g.outsideWindow(c)
			}
			if why == "" {
				why = g.notFound()
			}
		}
		p.out.Unmatched = append(p.out.Unmatched, Unmatched{Account: a.Code, Partner: partner, Line: c.it.Ref,
			Number: c.it.Number, Residual: currency.FromMinor(c.cur, c.amt), Reason: why})
	}
}

// notFound says what the rules that ran looked for and did not find, for
// a payer nothing else explains: never that the book holds no document a
// rule switched off, or narrowed, would have found.
func (g *groupRun) notFound() string {
	r := g.p.rules
	var looked, off []string
	if r.NoReference {
		off = append(off, "reference")
	} else {
		looked = append(looked, "names it")
	}
	if r.NoExactAmount {
		off = append(off, "exact-amount")
	} else {
		looked = append(looked, "has its amount")
	}
	size := r.combination()
	combines := !r.NoCombination && size >= 2
	switch {
	case !combines:
		off = append(off, "combination")
	case size != CombinationDefault:
		looked = append(looked, fmt.Sprintf("sums to it (%d documents at most)", size))
	default:
		looked = append(looked, "sums to it")
	}
	var parts []string
	if len(looked) > 0 {
		s := "no document " + orList(looked)
		if !r.NoExactAmount || combines { // the amount rules look within the window
			s += fmt.Sprintf(" within %d days", r.window())
		}
		parts = append(parts, s)
	}
	if len(off) == 1 {
		parts = append(parts, "the "+off[0]+" rule is off")
	} else if len(off) > 1 {
		parts = append(parts, "the "+strings.Join(off[:len(off)-1], ", ")+" and "+off[len(off)-1]+" rules are off")
	}
	return strings.Join(parts, "; ")
}

// orList joins phrases as "a, b or c".
func orList(ps []string) string {
	if len(ps) == 1 {
		return ps[0]
	}
	return strings.Join(ps[:len(ps)-1], ", ") + " or " + ps[len(ps)-1]
}

// heldOfAmount says why a payer was not lettered with an item of its
// amount the scope held, "" when there is none: a reason claiming no
// document has its amount would be false.
func (g *groupRun) heldOfAmount(c *cand) string {
	if g.held == 0 {
		return "" // the common case: nothing held
	}
	for _, t := range g.targets {
		if t.held && t.cur == c.cur && t.amt == c.amt && samePartner(c, t) {
			return fmt.Sprintf("%s %s has its amount but is %s", typeWord(t.it.Type), t.it.Number, g.notes[t])
		}
	}
	return ""
}

// outsideWindow says why the open documents of a payer's exact amount
// were not proposed when they all lie outside the date window, "" when
// there are none: a reason claiming no document has its amount would be
// false. Only items the payer may face count (see samePartner).
func (g *groupRun) outsideWindow(c *cand) string {
	var far []*cand
	for _, t := range g.targets {
		// Another partner's item of that amount is no candidate at any
		// date: on an account lettered across partners it must not be
		// reported as lying outside the window.
		if !t.taken && t.cur == c.cur && t.amt == c.amt && samePartner(c, t) {
			if g.within(c, t) {
				return ""
			}
			far = append(far, t)
		}
	}
	amount, window := currency.FrenchMinor(c.cur, c.amt), g.p.rules.window()
	switch len(far) {
	case 0:
		return ""
	case 1:
		t := far[0]
		return fmt.Sprintf("the only open item of %s, %s %s, is dated %d days from it, outside the window of %d days",
			amount, typeWord(t.it.Type), t.it.Number, abs64(int64(c.it.Date.DaysSince(t.it.Date))), window)
	}
	return fmt.Sprintf("the %d open items of %s (%s) lie outside the window of %d days", len(far), amount, numbers(far), window)
}

// propose records a proposal of payers against targets, each side in
// the order given, and marks their lines taken. It records nothing, and
// notes why on the payers, when a partial would pair two partners (see
// samePartner): the rules that pick lines without asking within (the
// reference and oldest-first rules) are held to it here.
func (g *groupRun) propose(payers, targets []*cand, rule Rule, conf Confidence, reason string, writeOff bool) {
	g.proposeWith(payers, targets, rule, conf, reason, writeOff, nil)
}

// proposeWith is propose, with the early-payment discounts off the
// targets (minor units, one a target, 0 for none; nil for none at all)
// planned before the pairings.
func (g *groupRun) proposeWith(payers, targets []*cand, rule Rule, conf Confidence, reason string, writeOff bool, discounts []int64) {
	lines := append(append(make([]*cand, 0, len(payers)+len(targets)), payers...), targets...)
	cur := lines[0].cur
	if note := g.limitNote(payers); note != "" {
		reason += " (" + note + ")"
	}
	room := &g.p.room
	pr := Proposal{Account: g.account.Code, Partner: g.partner, Currency: cur, Rule: rule, Confidence: conf, Reason: reason,
		Lines: fromRoom(&room.lines, len(lines)), Seen: fromRoom(&room.seen, len(lines))}
	if g.p.keep {
		pr.entries = fromRoom(&room.entries, len(lines))
	}
	partials := room.planned[:0] // copied into the proposal's own at the end, once their number is known
	defer func() { room.planned = partials[:0] }()
	debits, credits := make([]*cand, 0, len(lines)), make([]*cand, 0, len(lines))
	for _, c := range lines {
		pr.Lines = append(pr.Lines, c.it.Ref)
		pr.Seen = append(pr.Seen, c.it.Residual)
		if g.p.keep {
			pr.entries = append(pr.entries, booktx.OpenEntry(c.it))
		}
		if c.debit {
			debits = append(debits, c)
		} else {
			credits = append(credits, c)
		}
	}
	// The pairing Reconcile makes with KeepOrder: each side in order, each
	// pair the smaller of the two residuals left.
	dl, cl := make([]int64, len(debits)), make([]int64, len(credits))
	for i, d := range debits {
		dl[i] = d.amt
	}
	for j, c := range credits {
		cl[j] = c.amt
	}
	var discounted int64
	for k, off := range discounts {
		if off <= 0 {
			continue
		}
		t := targets[k]
		pp := PlannedPartial{Amount: currency.FromMinor(cur, off), Discount: true}
		if t.debit {
			pp.Debit, dl[slices.Index(debits, t)] = t.it.Ref, t.amt-off
		} else {
			pp.Credit, cl[slices.Index(credits, t)] = t.it.Ref, t.amt-off
		}
		discounted += off
		partials = append(partials, pp)
	}
	if discounted > 0 {
		pr.Discount = currency.FromMinor(cur, discounted)
	}
	for i, j := 0, 0; i < len(debits) && j < len(credits); {
		if !samePartner(debits[i], credits[j]) {
			for _, c := range payers {
				g.note(c, fmt.Sprintf("the %s rule would letter partner %s's line with partner %s's", rule,
					debits[i].it.Partner, credits[j].it.Partner))
			}
			return
		}
		m := min(dl[i], cl[j])
		partials = append(partials, PlannedPartial{Debit: debits[i].it.Ref, Credit: credits[j].it.Ref,
			Amount: currency.FromMinor(cur, m)})
		dl[i] -= m
		cl[j] -= m
		if dl[i] == 0 {
			i++
		}
		if cl[j] == 0 {
			j++
		}
	}
	if writeOff {
		sum := func(cs []*cand) currency.Amount { // a remainder written off alone has no other side
			if len(cs) == 0 {
				return currency.Zero(cur)
			}
			return total(cs)
		}
		if diff := mustSub(sum(debits), sum(credits)); !diff.IsZero() {
			pr.WriteOff = diff.Abs()
			partials = append(partials, writeOffPartials(lines, debits, credits, dl, cl)...)
		}
	}
	if !pr.WriteOff.IsSet() && (slices.ContainsFunc(dl, func(n int64) bool { return n > 0 }) || slices.ContainsFunc(cl, func(n int64) bool { return n > 0 })) {
		// A line the lettering leaves part of: the group's open items in
		// cur no longer tell its balance (byZeroBalance).
		if g.partlyOpen == nil {
			g.partlyOpen = map[currency.Currency]bool{}
		}
		g.partlyOpen[cur] = true
	}
	if k := slices.IndexFunc(lines, func(c *cand) bool { return c.away }); k >= 0 {
		// The whole book's run letters these with an item the scope
		// leaves out: not here, and no other rule may take them.
		o := lines[k]
		for _, c := range lines {
			c.taken = true
			if !c.away {
				c.held = true
				g.held++
				g.notes[c] = fmt.Sprintf("lettered by the %s rule with %s %s, which the scope's %s leave out", rule,
					typeWord(o.it.Type), o.it.Number, g.p.scope.leftOut(o.it.Date, o.cur))
				if note := g.limitNote([]*cand{c}); note != "" {
					g.notes[c] += "; " + note
				}
			}
		}
		return
	}
	for _, c := range lines {
		c.taken = true
	}
	if len(partials) > 0 {
		pr.Partials = append(fromRoom(&room.partials, len(partials)), partials...)
	}
	g.p.add(pr)
}

// proposalRoom is where the proposer takes the slices of its proposals
// from: blocks of proposalRoomLen elements, each proposal's slice capped
// at its own length (an append to it moves it elsewhere), so that a
// book's hundreds of thousands of proposals are not four allocations
// each.
type proposalRoom struct {
	lines    []journal.LineRef
	seen     []ledger.Residual
	entries  []*journal.Entry
	partials []PlannedPartial
	// planned is where proposeWith plans a proposal's partials before
	// their number is known: used again by the next.
	planned []PlannedPartial
}

// proposalRoomLen is how many elements a block of proposalRoom holds.
const proposalRoomLen = 512

// fromRoom takes an empty slice of capacity n from the block *room, a new
// block when the block has less than n left.
func fromRoom[T any](room *[]T, n int) []T {
	if n > cap(*room)-len(*room) {
		*room = make([]T, 0, max(n, proposalRoomLen))
	}
	r := *room
	*room = r[:len(r)+n]
	return r[len(r) : len(r) : len(r)+n]
}

// limitNote says which of payers a combination search stopped at the
// work limit for, "" for none: each payment counted in WorkLimitReached
// is named where it ends.
func (g *groupRun) limitNote(payers []*cand) string {
	var limited []*cand
	for _, c := range payers {
		if c.limited {
			limited = append(limited, c)
		}
	}
	limit := g.p.rules.workLimit()
	switch len(limited) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("a combination search for %s stopped at the work limit of %d candidate sets", limited[0].it.Number, limit)
	}
	return fmt.Sprintf("combination searches for %d of its payments (%s) stopped at the work limit of %d candidate sets",
		len(limited), numbers(limited), limit)
}

// writeOffPartials are the partials the write-off records after the
// pairing: one per line left open (dl, cl: what is left of debits and
// credits), in the order of lines, with the write-off line Apply posts.
func writeOffPartials(lines, debits, credits []*cand, dl, cl []int64) []PlannedPartial {
	left := map[*cand]int64{}
	for i, d := range debits {
		left[d] = dl[i]
	}
	for j, c := range credits {
		left[c] = cl[j]
	}
	var out []PlannedPartial
	for _, c := range lines {
		if left[c] == 0 {
			continue
		}
		pp := PlannedPartial{Amount: currency.FromMinor(c.cur, left[c]), WriteOff: true}
		if c.debit {
			pp.Debit = c.it.Ref
		} else {
			pp.Credit = c.it.Ref
		}
		out = append(out, pp)
	}
	return out
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// note keeps why a payer was not lettered, the first reason given.
func (g *groupRun) note(c *cand, why string) {
	if g.notes[c] == "" {
		g.notes[c] = why
	}
}

// within reports whether two items may be lettered together by an amount
// rule: dated within the rules' window, and of one partner.
func (g *groupRun) within(a, b *cand) bool {
	d := a.it.Date.DaysSince(b.it.Date)
	return d <= g.p.rules.window() && -d <= g.p.rules.window() && samePartner(a, b)
}

// samePartner reports whether two items may face each other in a partial.
// On an account lettered across partners, lines that name partners (a
// customer advance on 419100, a payment on an outstanding account) are
// still matched per partner, as Odoo groups by partner on every
// reconcilable account; only a line without partner (a bank statement
// line clearing a cheque deposit) faces any partner's. On a receivable or
// payable account the group is one partner's, so this always holds.
func samePartner(a, b *cand) bool {
	return a.it.Partner == "" || b.it.Partner == "" || a.it.Partner == b.it.Partner
}

// open returns the candidates of cs not yet taken.
func open(cs []*cand) []*cand {
	out := make([]*cand, 0, len(cs))
	for _, c := range cs {
		if !c.taken {
			out = append(out, c)
		}
	}
	return out
}
