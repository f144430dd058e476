package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// matchOutput is a match (a fully lettered group) as printed.
type matchOutput struct {
	Code    string   `json:"code"`
	Account string   `json:"account"`
	Partner string   `json:"partner,omitempty"`
	Lines   []string `json:"lines"`
}

func matchOf(a *app, b *ledger.Book, m journal.Match) matchOutput {
	o := matchOutput{Code: m.Code, Account: m.Account, Partner: m.Partner}
	for _, r := range m.Lines {
		o.Lines = append(o.Lines, number(a, b, r))
	}
	return o
}

func printMatches(w io.Writer, ms []matchOutput) {
	for _, m := range ms {
		fmt.Fprintf(w, "Letter %s on %s %s: %s\n", m.Code, m.Account, m.Partner, strings.Join(m.Lines, " "))
	}
}

// stateOutput is a document's payment state as printed.
type stateOutput struct {
	Number  string `json:"number"`
	Partner string `json:"partner,omitempty"`
	// Type is the entry's type when it is no invoice, bill or credit
	// note ("payment", "misc"): a payment state means nothing for it, and
	// State is then how far its partner lines are lettered: unmatched,
	// partly_matched or matched; Residual is what is not lettered yet.
	Type     string `json:"type,omitempty"`
	State    string `json:"state"`
	Total    string `json:"total"`
	Residual string `json:"residual"`
	// Currency is the document's currency when it is not the company's:
	// Total and Residual are then in it, as the state is decided, and
	// CompanyTotal and CompanyResidual are the company currency's.
	Currency        string `json:"currency,omitempty"`
	CompanyTotal    string `json:"company_total,omitempty"`
	CompanyResidual string `json:"company_residual,omitempty"`
	// Code is the letter code of the document's match, or the lowercase
	// provisional code of its open group ("qbzf") with Provisional set:
	// a provisional code changes when the group's first partial is undone.
	Code        string `json:"code,omitempty"`
	Provisional bool   `json:"provisional,omitempty"`
	// setOff, for a payment, names what a document named on the
	// payment's own side is ("credit note"): set off, not paid.
	setOff string
	// kind, for a payment, names what the document is ("invoice",
	// "credit note"): what its summary says was paid.
	kind string
}

func stateOf(a *app, b *ledger.Book, rec *reconcile.Reconciler, e journal.Entry) (stateOutput, error) {
	return stateOfPartner(a, b, rec, e, "")
}

// stateOfPartner is stateOf read on partner's line of e (its first
// partner line for "").
func stateOfPartner(a *app, b *ledger.Book, rec *reconcile.Reconciler, e journal.Entry, partner string) (stateOutput, error) {
	s, err := rec.State(a.ctx, e.ID)
	if err != nil {
		return stateOutput{}, fmt.Errorf("%s: %w", e.Name(), err)
	}
	o := stateOutput{Number: e.Name(), State: s.State.String(), Total: amountText(s.Total), Residual: amountText(s.Residual)}
	if c := s.TotalCurrency.Currency(); s.TotalCurrency.IsSet() && c != b.Currency() {
		o.Currency, o.CompanyTotal, o.CompanyResidual = c.Code(), o.Total, o.Residual
		o.Total, o.Residual = amountText(s.TotalCurrency), amountText(s.ResidualCurrency)
	}
	if !e.IsDocument() {
		o.Type, o.State = e.Type.String(), letteringState(s)
	}
	for i, l := range e.Lines {
		if l.Partner == "" || partner != "" && l.Partner != partner {
			continue
		}
		o.Partner = l.Partner
		code, provisional, err := rec.Code(a.ctx, e.LineRef(i))
		if err != nil {
			return o, fmt.Errorf("%s: %w", e.Name(), err)
		}
		o.Code, o.Provisional = code, provisional
		break
	}
	return o, nil
}

// amount is one of the state's amounts as printed: French decimals, and
// the currency's code after a foreign document's.
func (s stateOutput) amount(text string) string {
	if s.Currency != "" {
		return currency.FrenchDecimal(text) + " " + s.Currency
	}
	return currency.FrenchDecimal(text)
}

// Lettering states of an entry that is no document (a payment): how far
// its partner lines are lettered, as Odoo says a payment is matched.
const (
	stateUnmatched     = "unmatched"      // nothing lettered
	statePartlyMatched = "partly_matched" // lettered in part
	stateMatched       = "matched"        // lettered in full
)

// letteringState is the lettering state of an entry that is no document,
// read on its figures in its own currency, as a document's state is.
func letteringState(s reconcile.DocumentState) string {
	total, residual := s.Total, s.Residual
	if s.TotalCurrency.IsSet() {
		total, residual = s.TotalCurrency, s.ResidualCurrency
	}
	switch {
	case residual.IsZero():
		return stateMatched
	case residual.Equal(total):
		return stateUnmatched
	}
	return statePartlyMatched
}

func printStates(w io.Writer, ss []stateOutput) {
	for _, s := range ss {
		if s.Type == "" {
			fmt.Fprintf(w, "%-16s %-8s %-10s total %12s  due %12s  %s\n", s.Number, s.Partner, s.State, s.amount(s.Total), s.amount(s.Residual), s.Code)
			continue
		}
		line := fmt.Sprintf("%-16s %-8s %-14s total %12s  unlettered %12s  %s", s.Number, s.Partner, s.State, s.amount(s.Total), s.amount(s.Residual), s.Code)
		fmt.Fprintf(w, "%s  (%s: not an invoice, bill or credit note)\n", strings.TrimRight(line, " "), strings.ReplaceAll(s.Type, "_", " "))
	}
}

// letterOutput is what letter and unletter did.
type letterOutput struct {
	Entries        []string      `json:"entries,omitempty"`
	Partials       int           `json:"partials"`
	Matches        []matchOutput `json:"matches,omitempty"`
	UndonePartials int           `json:"undone_partials,omitempty"`
	UndoneMatches  []string      `json:"undone_matches,omitempty"`
}

func resultOutput(a *app, b *ledger.Book, res reconcile.Result) letterOutput {
	o := letterOutput{Partials: len(res.Partials), UndonePartials: len(res.UndonePartial)}
	for _, e := range res.Entries {
		o.Entries = append(o.Entries, e.Name())
	}
	for _, m := range res.Matches {
		o.Matches = append(o.Matches, matchOf(a, b, m))
	}
	for _, m := range res.UndoneMatches {
		o.UndoneMatches = append(o.UndoneMatches, m.Code)
	}
	return o
}

func printLetter(w io.Writer, o letterOutput) {
	if o.Partials > 0 || o.UndonePartials == 0 {
		fmt.Fprintln(w, plural(o.Partials, "partial"))
	}
	printMatches(w, o.Matches)
	if o.UndonePartials > 0 {
		fmt.Fprintf(w, "%s undone", plural(o.UndonePartials, "partial"))
		if len(o.UndoneMatches) > 0 {
			fmt.Fprintf(w, ", letters %s removed", strings.Join(o.UndoneMatches, " "))
		}
		fmt.Fprintln(w)
	}
	if len(o.Entries) > 0 {
		fmt.Fprintf(w, "Entries posted: %s\n", strings.Join(o.Entries, " "))
	}
}

func cmdLetter(a *app, name string, args []string) error {
	l := leaf{name: name, args: "[NUMBER[:INDEX]...]", about: `Letters lines of one account together: lines named by their entry's
number and line index from 0 (VT/2026/00042:0; without an index, the
entry's line with a partner), or with --partner every open item of a
partner on --account.`}
	fs := a.flagSet(name)
	partner := fs.String("partner", "", "letter every open item of this `PARTNER`")
	account := fs.String("account", "411000", "the `ACCOUNT` of --partner's open items")
	writeOff := fs.Bool("write-off", false, "write off what remains, within --tolerance")
	var tolerance tolerancesFlag
	fs.Var(&tolerance, "tolerance", "the largest `AMOUNT` written off a match, in the company currency or followed by a currency's code (\"0.05 USD\"); repeatable, one per currency")
	opText := opFlag(fs)
	rest, err := a.parse(fs, l, args, 0, -1)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 0 && *partner == "":
		return usagef(name, "%s: name the lines to letter (VT/2026/00001 BQD/2026/00003), or --partner for a partner's open items", name)
	case len(rest) > 0 && *partner != "":
		return usagef(name, "%s: name lines, or --partner, not both", name)
	}
	op, err := operation(name, *opText)
	if err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, tolerance...)
		if err != nil {
			return err
		}
		req := reconcile.Request{Operation: op, WriteOff: *writeOff}
		var names []string
		if *partner != "" {
			items, err := b.OpenItems(a.ctx, *account, *partner)
			if err != nil {
				return err
			}
			for _, it := range items {
				req.Lines = append(req.Lines, it.Ref)
				names = append(names, fmt.Sprintf("%s:%d", it.Number, it.Ref.Index))
			}
			if len(req.Lines) == 0 {
				return fmt.Errorf("%s has no open item on %s", *partner, *account)
			}
		}
		for _, s := range rest {
			r, err := lineRef(a, b, s, "")
			if err != nil {
				return err
			}
			req.Lines = append(req.Lines, r)
			names = append(names, number(a, b, r))
		}
		res, err := rec.Reconcile(a.ctx, req)
		if err != nil {
			return fmt.Errorf("letter %s: %w", strings.Join(names, " "), err)
		}
		o := resultOutput(a, b, res)
		return a.emit(o, func(w io.Writer) error { printLetter(w, o); return nil })
	})
}

func cmdUnletter(a *app, name string, args []string) error {
	l := leaf{name: name, args: "[NUMBER[:INDEX]...]", about: `Undoes lettering: the whole group of each line named (VT/2026/00042:0;
without an index, the entry's line with a partner), or the match holding
--code on --account and --partner. The lines named are undone together:
when one cannot be, none is. Entries the lettering posted (exchange
differences, cash-basis VAT, write-offs) are reversed.`}
	fs := a.flagSet(name)
	code := fs.String("code", "", "the letter `CODE` to remove")
	account := fs.String("account", "411000", "the `ACCOUNT` of --code")
	partner := fs.String("partner", "", "the `PARTNER` of --code")
	opText := opFlag(fs)
	rest, err := a.parse(fs, l, args, 0, -1)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 0 && *code == "":
		return usagef(name, "%s: name the lettered lines (VT/2026/00001), or --code (with --partner on a customer's or supplier's account)", name)
	case len(rest) > 0 && *code != "":
		return usagef(name, "%s: name lines, or --code, not both", name)
	}
	op, err := operation(name, *opText)
	if err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		var all letterOutput
		add := func(res reconcile.Result) {
			o := resultOutput(a, b, res)
			all.Entries = append(all.Entries, o.Entries...)
			all.UndonePartials += o.UndonePartials
			all.UndoneMatches = append(all.UndoneMatches, o.UndoneMatches...)
		}
		if *code != "" {
			// Codes on a customers' or suppliers' account run per
			// partner: AAA is C01's and C02's alike.
			if acc, err := b.Account(a.ctx, *account); err == nil && acc.Kind.NeedsPartner() && *partner == "" {
				return usagef(name, "%s: letter codes on %s run per customer or supplier: give the --partner of %s", name, *account, *code)
			}
			res, err := rec.UnletterCode(a.ctx, op, *account, *partner, *code)
			if err != nil {
				return fmt.Errorf("unletter %s on %s %s: %w", *code, *account, *partner, err)
			}
			add(res)
		}
		if len(rest) == 0 {
			return a.emit(all, func(w io.Writer) error { printLetter(w, all); return nil })
		}
		// One operation for every line named: all their groups are undone,
		// or none (a wrong number, an open line, a reversal pair).
		var refs []journal.LineRef
		for _, s := range rest {
			r, err := lineRef(a, b, s, "")
			if err != nil {
				return err
			}
			if !slices.Contains(refs, r) { // VT/2026/00001 and VT/2026/00001:0 are one line
				refs = append(refs, r)
			}
		}
		res, err := rec.UnletterLines(a.ctx, op, refs)
		if err != nil {
			return fmt.Errorf("unletter: %w", err)
		}
		add(res)
		return a.emit(all, func(w io.Writer) error { printLetter(w, all); return nil })
	})
}

func cmdState(a *app, name string, args []string) error {
	l := leaf{name: name, args: "NUMBER...", about: `Prints the payment state of documents named by their numbers
(VT/2026/00042): not_paid, partial, in_payment, paid or reversed, their
total, what they still owe and their letter code: the match's (AAB), or,
while their group is open, a lowercase provisional one (qbzf).

An entry that is no invoice, bill or credit note (a payment, a misc
entry) has no payment state: it is said so, with how far its partner
lines are lettered (unmatched, partly_matched or matched) and what is
not lettered yet; --json gives its type.`}
	fs := a.flagSet(name)
	rest, err := a.parse(fs, l, args, 1, -1)
	if err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		var out []stateOutput
		for _, n := range rest {
			e, err := entryNamed(a, b, n)
			if err != nil {
				return err
			}
			s, err := stateOf(a, b, rec, e)
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		return a.emit(out, func(w io.Writer) error { printStates(w, out); return nil })
	})
}

// autoOutput is what auto did.
type autoOutput struct {
	Proposals      int              `json:"proposals"`
	Applied        int              `json:"applied"`
	ByRule         map[string]int   `json:"by_rule"`
	Lines          int              `json:"lines"`
	Partials       int              `json:"partials"`
	Matches        int              `json:"matches"`
	Entries        int              `json:"entries"`
	UnmatchedCount int              `json:"unmatched_count"`
	Unmatched      []unmatchedOut   `json:"unmatched,omitempty"`
	FailedCount    int              `json:"failed_count"`
	Failed         []map[string]any `json:"failed,omitempty"`
	// WorkLimitReached counts the payments a combination search stopped
	// at the work limit for: each says so in its reason.
	WorkLimitReached int `json:"work_limit_reached"`
	// DryRun says nothing was written: Lettered are the proposals.
	DryRun   bool          `json:"dry_run,omitempty"`
	Lettered []letteredOut `json:"lettered,omitempty"`
}

// letteredOut is one lettering auto made (or, --dry-run, would make).
type letteredOut struct {
	Account    string `json:"account"`
	Partner    string `json:"partner,omitempty"`
	Rule       string `json:"rule"`
	Confidence string `json:"confidence"`
	Lines      int    `json:"lines"`
	WriteOff   string `json:"write_off,omitempty"`
	Discount   string `json:"discount,omitempty"`
	Reason     string `json:"reason"`
}

func letteredOf(p reconcile.Proposal) letteredOut {
	o := letteredOut{Account: p.Account, Partner: p.Partner, Rule: p.Rule.String(), Confidence: p.Confidence.String(),
		Lines: len(p.Lines), Reason: p.Reason}
	if p.WriteOff.IsSet() {
		o.WriteOff = p.WriteOff.Plain()
	}
	if p.Discount.IsSet() {
		o.Discount = p.Discount.Plain()
	}
	return o
}

type unmatchedOut struct {
	Line     string `json:"line"`
	Partner  string `json:"partner,omitempty"`
	Residual string `json:"residual"`
	Reason   string `json:"reason"`
}

func cmdAuto(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Letters open items automatically: payments naming their invoice,
payments of an invoice's exact amount, of a combination of invoices, a
partner's few open items that sum to zero, and within --tolerance with a
write-off (of what a payment pays short, or of the cents its payments
left on a document; what it pays over stays as the customer's credit
unless --write-off-overpayment is given). A payment of an invoice less the early-payment discount it
offers, made by the discount's last day, takes the discount (posted as a
discount entry) unless --no-discount is given. A payment naming
"2026-00197" names VT/2026/00197, the one invoice with these digits,
unless --exact-references is given. --no-reference, --no-exact-amount,
--no-combination and --no-tolerance turn a rule off. The scope is --account and
--partner (repeatable; a partner alone is lettered on every receivable
and payable account), or --all for every reconcilable account; --from,
--to and --currency letter only what the whole book's run letters
within the dates and in that currency. Each lettering is listed with its reason (the first --list);
--dry-run lists the proposals and writes nothing.`}
	fs := a.flagSet(name)
	var accounts, partners listFlag
	fs.Var(&accounts, "account", "an `ACCOUNT` to letter (repeatable)")
	fs.Var(&partners, "partner", "a `PARTNER` to letter (repeatable)")
	all := fs.Bool("all", false, "letter every reconcilable account")
	from := fs.String("from", "", "only lines dated from `DATE`")
	to := fs.String("to", "", "only lines dated up to `DATE`")
	cur := fs.String("currency", "", "only lines in the currency `CODE`")
	var tolerance tolerancesFlag
	fs.Var(&tolerance, "tolerance", "the largest `AMOUNT` written off a match, in the company currency or followed by a currency's code (\"0.05 USD\"); repeatable, one per currency")
	oldest := fs.Bool("oldest-first", false, "let what remains of payments pay the oldest documents")
	overpay := fs.Bool("write-off-overpayment", false, "write off what a payment pays over its documents, within --tolerance")
	noDiscount := fs.Bool("no-discount", false, "take no early-payment discount an invoice offers")
	noReference := fs.Bool("no-reference", false, "turn off the reference rule (a payment naming its documents)")
	noExact := fs.Bool("no-exact-amount", false, "turn off the exact amount rule (one document of the payment's amount)")
	noCombination := fs.Bool("no-combination", false, "turn off the combination rule (several documents summing to the payment)")
	noTolerance := fs.Bool("no-tolerance", false, "turn off the tolerance rule: propose no write-off")
	exactRefs := fs.Bool("exact-references", false, "name a document only by its number or reference as written, not by its digits alone")
	unmatched := fs.Int("unmatched", 20, "how many unmatched lines to list")
	list := fs.Int("list", 20, "how many letterings to list with their reasons")
	dryRun := fs.Bool("dry-run", false, "propose only: list the letterings with their reasons, write nothing")
	size := fs.Int("combination-size", 0, fmt.Sprintf("the most documents one payment pays together, 1 to %d (default %d; 1 letters no combination)", reconcile.CombinationMax, reconcile.CombinationDefault))
	window := fs.Int("date-window", 0, fmt.Sprintf("how many `DAYS` apart a payment and a document may be for the amount rules (default %d)", reconcile.DateWindowDefault))
	workLimit := fs.Int("work-limit", 0, fmt.Sprintf("how many candidate sets the combination search explores per payment (default %d)", reconcile.WorkLimitDefault))
	opText := opFlag(fs)
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	scope := reconcile.Scope{Accounts: accounts, Partners: partners, All: *all}
	op, err := operation(name, *opText)
	if err != nil {
		return err
	}
	// A partner alone is lettered on every receivable and payable
	// account: the scope's own rule, not the chart's 411000 and 401000.
	if slices.Contains(accounts, "") || slices.Contains(partners, "") {
		return usagef(name, "--account and --partner: a code, not an empty text")
	}
	if len(accounts) == 0 && !*all && len(partners) == 0 {
		return usagef(name, "%s: name --account, --partner or --all", name)
	}
	if *cur != "" {
		if scope.Currency, err = currency.Lookup(strings.ToUpper(*cur)); err != nil {
			return usagef(name, "--currency: %v", err)
		}
	}
	if *from != "" {
		if scope.From, err = parseDate(*from); err != nil {
			return usagef(name, "--from: %v", err)
		}
	}
	if *to != "" {
		if scope.To, err = parseDate(*to); err != nil {
			return usagef(name, "--to: %v", err)
		}
	}
	if err := checkPeriod(name, scope.From, scope.To); err != nil {
		return err
	}
	if *list < 0 || *unmatched < 0 {
		return usagef(name, "--list and --unmatched: a count, 0 or more")
	}
	// 0 is each flag's "not given": given, it is refused like any other
	// count out of range, not taken for the default.
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if given["combination-size"] && (*size < 1 || *size > reconcile.CombinationMax) {
		return usagef(name, "--combination-size: 1 to %d documents", reconcile.CombinationMax)
	}
	if given["date-window"] && *window < 1 {
		return usagef(name, "--date-window: a number of days, 1 or more")
	}
	if given["work-limit"] && *workLimit < 1 {
		return usagef(name, "--work-limit: a count, 1 or more")
	}
	rules := reconcile.Rules{OldestFirst: *oldest, WriteOffOverpayment: *overpay, NoDiscount: *noDiscount, NoReferenceDigits: *exactRefs,
		NoReference: *noReference, NoExactAmount: *noExact, NoCombination: *noCombination, NoTolerance: *noTolerance,
		CombinationSize: *size, WorkLimit: *workLimit, DateWindow: *window}
	if *dryRun {
		return a.readBook(func(b *ledger.Book) error {
			rec, err := a.reconciler(b, name, tolerance...)
			if err != nil {
				return err
			}
			props, err := rec.Propose(a.ctx, scope, rules)
			if err != nil {
				return err
			}
			o := autoOutput{DryRun: true, Proposals: len(props.Proposals), ByRule: map[string]int{}, UnmatchedCount: len(props.Unmatched),
				WorkLimitReached: props.WorkLimitReached}
			for _, p := range props.Proposals {
				o.ByRule[p.Rule.String()]++
				o.Lines += len(p.Lines)
				if len(o.Lettered) < *list {
					o.Lettered = append(o.Lettered, letteredOf(p))
				}
			}
			return a.emitAuto(o, props.Unmatched, *unmatched)
		})
	}
	return a.withBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, tolerance...)
		if err != nil {
			return err
		}
		var lettered []letteredOut
		bar := a.newProgress(-1, "lettering")
		sum, err := rec.AutoLetter(a.ctx, reconcile.AutoRequest{Operation: op, Scope: scope, Rules: rules,
			Progress: func(s reconcile.AutoSummary) { bar.set(int64(s.Applied)) },
			Lettered: func(p reconcile.Proposal) {
				if len(lettered) < *list {
					lettered = append(lettered, letteredOf(p))
				}
			}})
		bar.done()
		if err != nil {
			return err
		}
		o := autoOutput{Proposals: sum.Proposals, Applied: sum.Applied, ByRule: map[string]int{}, Lines: sum.Lines,
			Partials: sum.Partials, Matches: sum.Matches, Entries: sum.Entries, UnmatchedCount: sum.UnmatchedCount, FailedCount: sum.FailedCount,
			WorkLimitReached: sum.WorkLimitReached, Lettered: lettered}
		for r, n := range sum.ByRule {
			o.ByRule[r.String()] = n
		}
		for _, f := range sum.Failed {
			o.Failed = append(o.Failed, map[string]any{"partner": f.Proposal.Partner, "rule": f.Proposal.Rule.String(), "error": f.Err})
		}
		return a.emitAuto(o, sum.Unmatched, *unmatched)
	})
}

// emitAuto prints what auto did (or, o.DryRun, would do), with the first
// unmatched of the lines left open.
func (a *app) emitAuto(o autoOutput, left []reconcile.Unmatched, unmatched int) error {
	for i, u := range left {
		if i == unmatched {
			break
		}
		o.Unmatched = append(o.Unmatched, unmatchedOut{Line: fmt.Sprintf("%s:%d", u.Number, u.Line.Index), Partner: u.Partner,
			Residual: amountText(u.Residual), Reason: u.Reason})
	}
	return a.emit(o, func(w io.Writer) error {
		if o.DryRun {
			fmt.Fprintf(w, "%s, nothing written: %s to letter\n", plural(o.Proposals, "proposal"), plural(o.Lines, "line"))
		} else {
			fmt.Fprintf(w, "%s, %d applied: %s lettered, %s, %s, %s posted\n",
				plural(o.Proposals, "proposal"), o.Applied, plural(o.Lines, "line"), plural(o.Partials, "partial"),
				plural(o.Matches, "match"), plural(o.Entries, "entry"))
		}
		rules := make([]string, 0, len(o.ByRule))
		for r := range o.ByRule {
			rules = append(rules, r)
		}
		sort.Strings(rules)
		for _, r := range rules {
			fmt.Fprintf(w, "  %-13s %d\n", r, o.ByRule[r])
		}
		if len(o.Lettered) > 0 {
			what := "lettered"
			if o.DryRun {
				what = "to letter"
			}
			if o.DryRun && len(o.Lettered) < o.Proposals || !o.DryRun && len(o.Lettered) < o.Applied {
				fmt.Fprintf(w, "%s, the first %d:\n", what, len(o.Lettered))
			} else {
				fmt.Fprintf(w, "%s:\n", what)
			}
			for _, l := range o.Lettered {
				fmt.Fprintf(w, "  %-8s %-13s %s\n", l.Partner, l.Rule, l.Reason)
			}
		}
		if o.UnmatchedCount == 1 {
			fmt.Fprint(w, "1 payment or credit no rule placed")
		} else {
			fmt.Fprintf(w, "%d payments or credits no rule placed", o.UnmatchedCount)
		}
		if len(o.Unmatched) > 0 {
			fmt.Fprintf(w, ", the first %d:", len(o.Unmatched))
		}
		fmt.Fprintln(w)
		for _, u := range o.Unmatched {
			fmt.Fprintf(w, "  %-20s %-8s %12s  %s\n", u.Line, u.Partner, currency.FrenchDecimal(u.Residual), u.Reason)
		}
		if o.FailedCount > 0 {
			fmt.Fprintf(w, "%s failed\n", plural(o.FailedCount, "proposal"))
		}
		if o.WorkLimitReached > 0 {
			fmt.Fprintf(w, "%s: the combination search stopped at the work limit (their reasons say so): raise --work-limit, or letter them by hand\n",
				plural(o.WorkLimitReached, "payment"))
		}
		return nil
	})
}
